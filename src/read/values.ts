import { allows, outOfRangeMessage, shownValue, type ValueRule } from "../fields.js";

/**
 * Codes the DfE (and most statistical publishers) write where a value is suppressed or missing.
 * Compared case-insensitively after trimming; a blank cell is missing too.
 */
export const MISSING_CODES: readonly string[] = [
  "NP", // not published
  "NE", // no entries
  "SUPP", // suppressed (small numbers)
  "LOWCOV", // low coverage
  "NA", // not applicable
  "N/A",
  "NEW", // new school, no results yet
  "X",
  "C",
  "Z",
];

const missingCodes = new Set(MISSING_CODES);

/** The outcome of reading one cell. */
export type CellValue =
  | { ok: true; value: string | number; code?: undefined }
  | { ok: true; value: undefined; code: string }
  | { ok: false; code: "invalid-value" | "out-of-range"; message: string };

/** The rule of any value written with a `%`. */
const PERCENTAGE: ValueRule = { type: "percentage" };

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Reads one cell by its field's rule. Blank cells and suppression codes become `undefined` with the code kept for
 * the read report; anything else that is not a valid value is a problem with a plain message.
 * Numbers may carry a trailing `%` (the DfE writes `22%` and `17.60%`).
 */
export function readCell(raw: string, rule: ValueRule): CellValue {
  const text = raw.trim();
  if (text === "") return { ok: true, value: undefined, code: "blank" };
  if (rule.type === "text") return { ok: true, value: text };
  const upper = text.toUpperCase();
  if (missingCodes.has(upper)) return { ok: true, value: undefined, code: upper };
  const numeric = text.endsWith("%") ? text.slice(0, -1).trimEnd() : text;
  if (!NUMBER.test(numeric)) {
    const hint = /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(numeric) ? " (write numbers without thousands separators)" : "";
    return { ok: false, code: "invalid-value", message: `'${shownValue(raw)}' is not a number${hint}` };
  }
  const value = Number(numeric);
  if (!Number.isFinite(value))
    return { ok: false, code: "invalid-value", message: `'${shownValue(raw)}' is not a finite number` };
  if (rule.type === "integer" && !Number.isInteger(value)) {
    return { ok: false, code: "invalid-value", message: `'${shownValue(raw)}' is not a whole number` };
  }
  // A value written as a percentage is one, whatever the column: 0–100.
  if (numeric !== text && !allows(PERCENTAGE, value))
    return { ok: false, code: "out-of-range", message: outOfRangeMessage(raw, PERCENTAGE) };
  if (!allows(rule, value)) return { ok: false, code: "out-of-range", message: outOfRangeMessage(raw, rule) };
  return { ok: true, value };
}

const POWERS_OF_TEN = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * The common case of {@link readCell} without allocation: a plain decimal number, or NaN when the text
 * needs the full reading (blanks, codes, `%`, hexadecimal-looking text, errors).
 */
export function fastNumber(raw: string): number {
  return fastNumberAt(raw, 0, raw.length);
}

/** {@link fastNumber} on `text.slice(from, to)`, without making that string when the number is a plain decimal. */
export function fastNumberAt(text: string, from: number, to: number): number {
  // Plain decimals of up to 15 digits ("-12.5", "61") are built from their digits: an integer below 2^53 divided
  // by an exact power of ten is rounded once, correctly, so it is the same number `+raw` gives (Clinger 1990).
  const len = to - from;
  if (len > 0 && len <= 17) {
    let i = from;
    let negative = false;
    let c = text.charCodeAt(i);
    if (c === 45) {
      negative = true;
      i++;
    }
    let mantissa = 0;
    let digits = 0;
    let decimals = -1;
    for (; i < to; i++) {
      c = text.charCodeAt(i);
      if (c >= 48 && c <= 57) {
        mantissa = mantissa * 10 + (c - 48);
        digits++;
        if (decimals >= 0) decimals++;
      } else if (c === 46 && decimals < 0) decimals = 0;
      else break;
    }
    if (i === to && digits > 0 && digits <= 15 && decimals !== 0) {
      const value = decimals > 0 ? mantissa / (POWERS_OF_TEN[decimals] as number) : mantissa;
      return negative ? -value : value;
    }
  }
  const first = text.charCodeAt(from);
  // Digits, '-', '+' or '.': anything else (including "" and " ") takes the slow path.
  if (len <= 0 || !((first >= 48 && first <= 57) || first === 45 || first === 43 || first === 46)) return Number.NaN;
  const second = len > 1 ? text.charCodeAt(from + 1) | 0x20 : 0;
  if (second === 0x78 || second === 0x62 || second === 0x6f) return Number.NaN; // 0x…, 0b…, 0o…
  const value = +text.slice(from, to);
  return Number.isFinite(value) ? value : Number.NaN;
}

/**
 * The academic year's end taken from a file name such as `2018-2019_850_ks2final.csv`
 * (or `2018-19`). The two years must be consecutive.
 *
 * @param fileName - A file name or path.
 * @returns The later year (2019 for `2018-2019`), or `undefined` when the name has no such pattern.
 * @example
 * yearFromFileName("data/2018-2019_850_ks2final.csv");
 * // => 2019
 */
export function yearFromFileName(fileName: string): number | undefined {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  for (const match of base.matchAll(/(?<!\d)((?:19|20)\d\d)[-_]((?:19|20)?\d\d)(?!\d)/g)) {
    const start = Number(match[1]);
    const endText = match[2] ?? "";
    let end = endText.length === 2 ? Math.floor(start / 100) * 100 + Number(endText) : Number(endText);
    if (endText.length === 2 && end < start) end += 100; // 1999-00

    if (end === start + 1) return end;
  }
  return undefined;
}
