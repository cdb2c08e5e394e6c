import { type Problem, type ProblemCode, withHint } from "../errors.js";
import { shownValue } from "../fields.js";
import { duplicateMessage, type SchoolYear } from "../schema.js";

/** A problem's value: the raw text, at most 1,000 characters. */
const cutValue = (raw: string): string => (raw.length > 1000 ? `${raw.slice(0, 1000)}…` : raw);

import { type CsvRange, cellOf } from "../text/csv.js";
import type { Preset, RowSelection } from "./presets.js";
import { isBlank, put, type Slot } from "./slots.js";
import { fastNumber, fastNumberAt, readCell } from "./values.js";

/** A row that was read but not accepted, with every reason. */
export interface RejectedRow {
  file?: string;
  line: number;
  urn?: string;
  /** The row's raw cells by header. */
  values: Record<string, string>;
  problems: Problem[];
}

/** A row that is not a school record (a total row, an independent school, a blank row), and why. */
export interface SkippedRow {
  file?: string;
  line: number;
  urn?: string;
  name?: string;
  reason: string;
}

/** One file's row loop: what it reads from, and everything it has found so far. */
export interface RowState {
  readonly text: string;
  readonly header: readonly string[];
  /** Where each column's value goes, in a record's canonical key order. */
  readonly slots: readonly Slot[];
  readonly at: { file?: string };
  readonly preset: Preset | undefined;
  readonly selection: RowSelection;
  /** The index of a header (cached), for the preset's row filter. */
  readonly indexOf: (header: string) => number;
  readonly urnIndex: number;
  readonly nameIndex: number;
  readonly urnHeader: string;
  readonly yearHeader: string;
  readonly phaseHeader: string;
  /** Phases by URN for rows without one, and the phase after them (none: a blank is a problem). */
  readonly phases: { byUrn: ReadonlyMap<string, string>; fallback: string | undefined } | undefined;
  readonly records: SchoolYear[];
  readonly lines: number[];
  readonly rejected: RejectedRow[];
  readonly skipped: SkippedRow[];
  readonly rowProblems: Problem[];
  /** Blank or suppressed cells, per slot. */
  readonly missingCounts: number[];
  /** How often each suppression code was met (empty cells apart, in `blanks`). */
  readonly codeCounts: Map<string, number>;
  /** Empty cells met. */
  blanks: number;
  /** URN → [year, line, year, line, …]: no joined key string to build and hash for every row. */
  readonly firstLine: Map<string, number[]>;
  rows: number;
  /** Rows shorter than the header, read with blank trailing cells (DfE presets only). */
  padded: number;
  /** The most rejected rows kept per problem code. */
  readonly keep: number;
  /** Every problem, counted by code. */
  readonly problemCounts: Map<ProblemCode, number>;
  rejectedCount: number;
  /** The text has a NUL character somewhere (looked for once per file). */
  readonly hasNul: boolean;
}

/** Reads one data row into the state: a record, a rejected row or a skipped row. */
export function readRow(state: RowState, row: CsvRange): void {
  state.rows++;
  const { text, at } = state;
  const line = row.line;
  const count = row.count;
  const urnText = state.urnIndex >= 0 && state.urnIndex < count ? cellOf(text, row, state.urnIndex).trim() : undefined;
  if (isBlank(text, row)) {
    state.skipped.push({ ...at, line, reason: "blank row (every cell empty)" });
    return;
  }
  if (state.preset && skipByPreset(state, row, line, urnText)) return;
  const problems: Problem[] = [];
  // The DfE's own files end some rows (independent and special schools) one cell short:
  // for the presets a short row is read with blank trailing cells, and counted.
  if (state.preset && count < state.header.length) state.padded++;
  else if (count !== state.header.length) {
    problems.push({
      code: "column-count",
      ...at,
      line,
      message: `this row has ${count} values but the header has ${state.header.length} columns: check for a missing or extra comma, or an unquoted comma inside a value`,
    });
    reject(state, row, line, urnText, problems);
    return;
  }
  if (state.hasNul) nulCells(state, row, line, problems);
  const record = readCells(state, row, line, problems);
  checkRecord(state, record, line, problems);
  if (problems.length === 0) checkDuplicate(state, record, line, problems);
  if (problems.length > 0) {
    reject(state, row, line, urnText, problems);
    return;
  }
  state.records.push(record as SchoolYear);
  state.lines.push(line);
}

/** Whether the preset says the row is not a school to read (listing it in `skipped` if so). */
function skipByPreset(state: RowState, row: CsvRange, line: number, urnText: string | undefined): boolean {
  const { text, preset } = state;
  const count = row.count;
  const reason = preset?.skipReason((h) => {
    const i = state.indexOf(h);
    return i < 0 || i >= count ? undefined : cellOf(text, row, i);
  }, state.selection);
  if (reason === undefined) return false;
  const nameText = state.nameIndex >= 0 && state.nameIndex < count ? cellOf(text, row, state.nameIndex).trim() : "";
  state.skipped.push({
    ...state.at,
    line,
    ...(urnText ? { urn: urnText } : {}),
    ...(nameText ? { name: nameText } : {}),
    reason,
  });
  return true;
}

/** A problem for each cell holding a NUL character: no school data has one, so the file is damaged or not text. */
function nulCells(state: RowState, row: CsvRange, line: number, problems: Problem[]): void {
  for (let k = 0; k < row.count; k++) {
    const cell = cellOf(state.text, row, k);
    if (!cell.includes("\u0000")) continue;
    problems.push({
      code: "invalid-value",
      ...state.at,
      line,
      column: state.header[k] ?? `column ${k + 1}`,
      value: cutValue(cell),
      message: `'${shownValue(cell)}' holds a NUL character: the file may be damaged, or not a text file`,
    });
  }
}

/** Every cell of a row read by its slot's rule into a new record; problems for cells that break their rule. */
function readCells(state: RowState, row: CsvRange, line: number, problems: Problem[]): Record<string, unknown> {
  const { text, slots, at } = state;
  const count = row.count;
  const record: Record<string, unknown> = {};
  for (let k = 0; k < slots.length; k++) {
    const slot = slots[k] as Slot;
    const c = slot.column;
    if (c.index < 0) {
      put(record, slot, slot.fallback as string | number);
      continue;
    }
    const ci = c.index;
    // The cell as text only when it is needed: a code to look up, a text field, or anything not a plain number.
    let raw = c.none !== undefined ? cellOf(text, row, ci) : undefined;
    if (raw !== undefined && (c.none as readonly string[]).includes(raw.trim())) continue;
    // An empty cell (the commonest after a plain number: other phases' subjects, suppressed groups) is missing:
    // counted, with nothing to cut out of the text or read.
    if (
      raw === undefined &&
      ci < count &&
      row.start[ci] === row.end[ci] &&
      !(row.quoted && row.unquoted[ci] !== undefined)
    ) {
      state.blanks++;
      missing(state, record, slot, k);
      continue;
    }
    let value: string | number | undefined;
    if (c.rule.type !== "text") {
      // Fast path for the usual plain number, read straight from the text; everything else gets the full reading and its message.
      const n =
        ci >= count
          ? Number.NaN
          : raw !== undefined || (row.quoted && row.unquoted[ci] !== undefined)
            ? fastNumber(raw ?? cellOf(text, row, ci))
            : fastNumberAt(text, row.start[ci] as number, row.end[ci] as number);
      if (n >= slot.min && n <= slot.max && (!slot.integer || Number.isSafeInteger(n))) value = n;
    }
    if (value === undefined) {
      raw ??= cellOf(text, row, ci);
      const read = readCell(raw, c.rule);
      if (!read.ok) {
        // The value kept is cut, so a 20 MB cell is not held (and printed) again for its problem.
        problems.push({ code: read.code, ...at, line, column: c.header, value: cutValue(raw), message: read.message });
        continue;
      }
      if (read.value === undefined) {
        state.codeCounts.set(read.code, (state.codeCounts.get(read.code) ?? 0) + 1);
        missing(state, record, slot, k);
        continue;
      }
      value = read.value;
    }
    if (c.derive !== undefined && typeof value === "number") value = c.derive(value);
    else if (slot.lowerCase === true && typeof value === "string") value = value.toLowerCase();
    put(record, slot, value);
  }
  return record;
}

/** A missing value in slot k: counted for the report, and the slot's fallback (phase, year) put in its place. */
function missing(state: RowState, record: Record<string, unknown>, slot: Slot, k: number): void {
  state.missingCounts[k] = (state.missingCounts[k] ?? 0) + 1;
  if (slot.fallback !== undefined) put(record, slot, slot.fallback);
}

/** The checks on a whole record: a URN and a year, a successor other than itself, complete and ordered intervals. */
function checkRecord(state: RowState, record: Record<string, unknown>, line: number, problems: Problem[]): void {
  const at = state.at;
  if (record.urn === undefined) {
    problems.push({
      code: "missing-urn",
      ...at,
      line,
      column: state.urnHeader,
      value: "",
      message: "no URN: every row needs a school id",
    });
  }
  if (record.year === undefined && !problems.some((p) => p.column === state.yearHeader)) {
    problems.push({
      code: "missing-year",
      ...at,
      line,
      column: state.yearHeader,
      value: "",
      message: "no year: every row needs the academic year's end (2018/19 is 2019)",
    });
  }
  if (record.phase === undefined && state.phases !== undefined && typeof record.urn === "string") {
    const phase = state.phases.byUrn.get(record.urn) ?? state.phases.fallback;
    if (phase !== undefined) record.phase = phase;
  }
  if (record.phase === undefined && !problems.some((p) => p.column === state.phaseHeader)) {
    problems.push({
      code: "missing-phase",
      ...at,
      line,
      column: state.phaseHeader,
      value: "",
      ...withHint("no phase: this row's phase is blank; fill it in (primary, secondary, …)", ", or ", {
        option: "phase",
        value: "primary",
      }),
    });
  }
  if (record.successor === record.urn) delete record.successor;
  const intervals = record.intervals as Record<string, { lower?: number; upper?: number }> | undefined;
  if (!intervals) return;
  let kept = 0;
  for (const name of Object.keys(intervals)) {
    const iv = intervals[name] as { lower?: number; upper?: number };
    // Half an interval says nothing: keep only complete ones.
    if (iv.lower === undefined || iv.upper === undefined) delete intervals[name];
    else {
      kept++;
      if (iv.lower > iv.upper) {
        problems.push({
          code: "bad-interval",
          ...at,
          line,
          column: name,
          value: `${iv.lower}..${iv.upper}`,
          message: `the lower limit for ${name} (${iv.lower}) is above the upper limit (${iv.upper})`,
        });
      }
    }
  }
  if (kept === 0) delete record.intervals;
}

/** A problem when the same school already has a record for the same year in this file. */
function checkDuplicate(state: RowState, record: Record<string, unknown>, line: number, problems: Problem[]): void {
  const urn = record.urn as string;
  const year = record.year as number;
  const seen = state.firstLine.get(urn);
  let first: number | undefined;
  if (seen === undefined) state.firstLine.set(urn, [year, line]);
  else {
    for (let s = 0; s < seen.length; s += 2) if (seen[s] === year) first = seen[s + 1];
    if (first === undefined) seen.push(year, line);
  }
  if (first === undefined) return;
  problems.push({
    code: "duplicate",
    ...state.at,
    line,
    column: state.urnHeader,
    value: urn,
    message: duplicateMessage(urn, year, `line ${first}`),
  });
}

/** Counts a rejected row's problems, and keeps the row while any of its kinds of problem has room under `keep`. */
function reject(state: RowState, row: CsvRange, line: number, urn: string | undefined, problems: Problem[]): void {
  state.rejectedCount++;
  let room = false;
  for (const p of problems) {
    const n = (state.problemCounts.get(p.code) ?? 0) + 1;
    state.problemCounts.set(p.code, n);
    if (n <= state.keep) room = true;
  }
  if (!room) return;
  for (const p of problems) state.rowProblems.push(p);
  state.rejected.push({
    ...state.at,
    line,
    ...(urn ? { urn } : {}),
    values: Object.fromEntries(state.header.map((h, i) => [h, cellOf(state.text, row, i)])),
    problems,
  });
}
