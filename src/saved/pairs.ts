import { FamiliesError, type Problem } from "../errors.js";
import type { PairRef } from "../partner/types.js";
import { readNamedColumns } from "../text/table.js";

/** Options for {@link readPairs}. */
export interface ReadPairsOptions {
  /** The file's name, for messages. Default: none. */
  file?: string;
}

/**
 * Reads a list of pairs — existing partnerships to pin, or pairs to forbid — from CSV with the columns
 * `supporter` and `supported` (in any order, any case, other columns ignored), through the same CSV reader as
 * school data: quoted cells, any line ending, a byte-order mark. O(n).
 *
 * @param text - The CSV text.
 * @param options - See {@link ReadPairsOptions}.
 * @returns The pairs, in the file's order, each with the line it is on (and the file, when named).
 * @throws {FamiliesError} with every problem: a missing column, a line without both URNs, a school paired with
 *   itself; or the CSV cannot be read.
 * @example
 * readPairs("supporter,supported\n100002,100001\n");
 * // => [{ supporter: "100002", supported: "100001", line: 2 }]
 */
export function readPairs(text: string, options: ReadPairsOptions = {}): PairRef[] {
  const { at, rows } = readNamedColumns(
    text,
    ["supporter", "supported"],
    "a list of pairs needs the columns supporter and supported, e.g. 'supporter,supported'",
    options.file,
  );
  const problems: Problem[] = [];
  const pairs: PairRef[] = [];
  for (const { line, cells } of rows) {
    const [supporter = "", supported = ""] = cells;
    if (supporter === "" && supported === "") continue;
    if (supporter === "" || supported === "") {
      problems.push({
        code: "missing-value",
        ...at,
        line,
        column: supporter === "" ? "supporter" : "supported",
        value: "",
        message: "every line needs two URNs, the supporter's and the supported school's",
      });
    } else if (supporter === supported) {
      problems.push({
        code: "invalid-value",
        ...at,
        line,
        column: "supporter",
        value: supporter,
        message: `school ${supporter} is paired with itself: a partner is another school`,
      });
    } else pairs.push({ supporter, supported, ...(at.file === undefined ? {} : { file: at.file }), line });
  }
  if (problems.length > 0) throw new FamiliesError(problems);
  return pairs;
}
