import { FamiliesError, type Problem } from "../errors.js";
import { readNamedColumns } from "../read/table.js";
import type { PairRef } from "./types.js";

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

/** Where a pair came from, for messages: `pins.csv:4`, or its place in the list (`pins[3]`). */
function placeOf(p: PairRef, list: string, index: number): string {
  return p.line === undefined ? `${list}[${index}]` : `${p.file ?? list}:${p.line}`;
}

/**
 * The pairs that cannot all hold, as problems naming both places: a pair pinned and forbidden, and two schools
 * pinned to support each other (a school that gives support does not need it). O(pins + forbidden pairs).
 */
export function pairConflicts(pins: readonly PairRef[], forbid: readonly PairRef[]): Problem[] {
  const key = (a: string, b: string) => `${a}\u0000${b}`;
  const forbidden = new Map(forbid.map((p, i) => [key(p.supporter, p.supported), placeOf(p, "forbid", i)] as const));
  const pinned = new Map<string, string>();
  const problems: Problem[] = [];
  for (const [i, p] of pins.entries()) {
    const here = placeOf(p, "pins", i);
    const at = { ...(p.file === undefined ? {} : { file: p.file }), ...(p.line === undefined ? {} : { line: p.line }) };
    const value = `${p.supporter},${p.supported}`;
    const banned = forbidden.get(key(p.supporter, p.supported));
    if (banned !== undefined)
      problems.push({
        code: "pair-conflict",
        ...at,
        value,
        message: `${p.supporter} supporting ${p.supported} is pinned (${here}) and forbidden (${banned}); remove one of the two lines`,
      });
    const mutual = pinned.get(key(p.supported, p.supporter));
    if (mutual !== undefined)
      problems.push({
        code: "pair-conflict",
        ...at,
        value,
        message: `${p.supporter} and ${p.supported} are pinned to support each other (${mutual} and ${here}); a school that gives support does not need it, so remove one of the two lines`,
      });
    if (!pinned.has(key(p.supporter, p.supported))) pinned.set(key(p.supporter, p.supported), here);
  }
  return problems;
}
