import { FamiliesError } from "../errors.js";

// The WHATWG TextDecoder, which Node, Deno and browsers all have; declared here because the core is compiled without
// the DOM's or Node's types, so that it can use nothing else of theirs.
interface Decoder {
  decode(input?: Uint8Array): string;
}
declare const TextDecoder: new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }) => Decoder;

/** How a file's bytes were read. */
export type TextEncoding = "utf-8" | "windows-1252" | "utf-8 and windows-1252";

/** The result of {@link decodeBytes}. */
export interface DecodedText {
  text: string;
  /**
   * `utf-8` when the bytes are valid UTF-8; `windows-1252` when none of them is a UTF-8 sequence (GIAS downloads);
   * `utf-8 and windows-1252` when a file mixes the two (a UTF-8 file edited in an old spreadsheet): each valid UTF-8
   * sequence is read as UTF-8 and every other byte as Windows-1252, so "é" stays "é" whichever way it was written.
   */
  encoding: TextEncoding;
}

/** The length of the valid UTF-8 sequence starting at `i`, or 0 when the bytes there are not one. */
function sequenceAt(bytes: Uint8Array, i: number): number {
  const b = bytes[i] as number;
  const next = (k: number, lo = 0x80, hi = 0xbf): boolean => {
    const c = bytes[i + k];
    return c !== undefined && c >= lo && c <= hi;
  };
  if (b >= 0xc2 && b <= 0xdf) return next(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    const lo = b === 0xe0 ? 0xa0 : 0x80;
    const hi = b === 0xed ? 0x9f : 0xbf;
    return next(1, lo, hi) && next(2) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const lo = b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xf4 ? 0x8f : 0xbf;
    return next(1, lo, hi) && next(2) && next(3) ? 4 : 0;
  }
  return 0;
}

/** Whether the bytes look like UTF-16: a UTF-16 byte-order mark, or many NUL bytes among the first thousand. */
function looksUtf16(bytes: Uint8Array): boolean {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)))
    return true;
  const head = bytes.subarray(0, 1000);
  let nul = 0;
  for (const b of head) if (b === 0) nul++;
  return head.length >= 4 && nul > head.length / 4;
}

/**
 * Decodes a file's bytes for the reader: UTF-8 (with or without a byte-order mark) when they are valid UTF-8, else
 * Windows-1252 byte by byte where they are not (see {@link DecodedText.encoding}). Runs anywhere `TextDecoder` does.
 *
 * @param bytes - The file's bytes.
 * @param file - The file's name, for the message.
 * @returns `{ text, encoding }`.
 * @throws {FamiliesError} (code `encoding`) for a UTF-16 file, saying to save it as UTF-8.
 * @example
 * // 0xe9 alone is not UTF-8; in Windows-1252 it is "é".
 * decodeBytes(new Uint8Array([0x63, 0x61, 0x66, 0xe9])).text;
 * // => "café"
 */
export function decodeBytes(bytes: Uint8Array, file?: string): DecodedText {
  if (looksUtf16(bytes)) {
    throw new FamiliesError([
      {
        code: "encoding",
        ...(file === undefined ? {} : { file }),
        message:
          "this file is UTF-16 text (as Excel's 'Unicode text' saves it): save it as CSV UTF-8 (comma delimited), then read it again",
      },
    ]);
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes), encoding: "utf-8" };
  } catch {
    return mixedDecode(bytes);
  }
}

/**
 * Windows-1252's characters for the bytes 0x80–0x9F (0xA0–0xFF are Latin-1's, the same code points). Our own table,
 * since Node 20's TextDecoder (built without full ICU) reads these bytes as the invisible C1 controls U+0080–U+009F.
 * The five bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) keep their C1 code point, as the
 * WHATWG encoding standard says.
 */
const CP1252_80_9F = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/** One byte as Windows-1252 reads it. */
function cp1252Char(b: number): string {
  return String.fromCharCode(b >= 0x80 && b <= 0x9f ? (CP1252_80_9F[b - 0x80] as number) : b);
}

/** Valid UTF-8 sequences as UTF-8, every other byte as Windows-1252. */
function mixedDecode(bytes: Uint8Array): DecodedText {
  const utf8 = new TextDecoder("utf-8");
  const parts: string[] = [];
  let runStart = 0;
  let sawUtf8 = false;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    const n = sequenceAt(bytes, i);
    if (n > 0) {
      sawUtf8 = true;
      i += n;
      continue;
    }
    parts.push(utf8.decode(bytes.subarray(runStart, i)), cp1252Char(b));
    i++;
    runStart = i;
  }
  parts.push(utf8.decode(bytes.subarray(runStart)));
  return { text: parts.join(""), encoding: sawUtf8 ? "utf-8 and windows-1252" : "windows-1252" };
}
