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
 * decodeBytes(new Uint8Array([0x63, 0x61, 0x66, 0xe9])).text;
 * // => "café" (0xe9 is "é" in Windows-1252)
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

/** Valid UTF-8 sequences as UTF-8, every other byte as Windows-1252. */
function mixedDecode(bytes: Uint8Array): DecodedText {
  const utf8 = new TextDecoder("utf-8");
  const cp1252 = new TextDecoder("windows-1252");
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
    parts.push(utf8.decode(bytes.subarray(runStart, i)), cp1252.decode(bytes.subarray(i, i + 1)));
    i++;
    runStart = i;
  }
  parts.push(utf8.decode(bytes.subarray(runStart)));
  return { text: parts.join(""), encoding: sawUtf8 ? "utf-8 and windows-1252" : "windows-1252" };
}
