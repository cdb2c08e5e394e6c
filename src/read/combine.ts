import { FamiliesError, type Problem } from "../errors.js";
import { duplicateProblems, type SchoolYear } from "../schema.js";
import type { ReadReport, ReadResult } from "./read.js";
import type { RejectedRow } from "./rows.js";

/**
 * Joins the reads of several files (e.g. one per year) into one, checking that no school appears twice
 * for the same year across them.
 *
 * @param reads - Results of {@link readSchools}, in any order.
 * @param mode - `strict` (default) throws on a duplicate; `lenient` moves the later row to `rejected`.
 * @returns The records of all files in the order given, every rejected row, and the reports one per file.
 * @throws {FamiliesError} in strict mode, naming both places of each duplicate.
 */
export function combineReads(
  reads: readonly ReadResult[],
  mode: "strict" | "lenient" = "strict",
): { records: SchoolYear[]; rejected: RejectedRow[]; reports: ReadReport[] } {
  // One read has been checked for duplicates already: its records are the result.
  if (reads.length === 1) {
    const only = reads[0] as ReadResult;
    return { records: [...only.records], rejected: [...only.rejected], reports: [only.report] };
  }
  const records: SchoolYear[] = [];
  // Where record i came from, worked out only for the few that need a message.
  const starts: number[] = [];
  for (const read of reads) {
    starts.push(records.length);
    for (const r of read.records) records.push(r);
  }
  const where = (i: number): { file?: string; line?: number } => {
    let f = starts.length - 1;
    while (f > 0 && (starts[f] as number) > i) f--;
    const read = reads[f] as ReadResult;
    return {
      ...(read.report.file === undefined ? {} : { file: read.report.file }),
      line: read.lines[i - (starts[f] as number)] ?? 0,
    };
  };
  const dupes = duplicateProblems(records, where);
  if (dupes.length > 0 && mode === "strict") throw new FamiliesError(dupes);
  const rejected = reads.flatMap((r) => r.rejected);
  if (dupes.length === 0) return { records, rejected, reports: reads.map((r) => r.report) };
  // Each duplicate's problem, by where it is: one lookup per rejected row, not a search of every problem.
  const byPlace = new Map<string, Problem[]>();
  for (const d of dupes) {
    const key = `${d.file ?? ""}\u0000${d.line ?? 0}`;
    const list = byPlace.get(key);
    if (list) list.push(d);
    else byPlace.set(key, [d]);
  }
  const seen = new Set<string>();
  const kept: SchoolYear[] = [];
  records.forEach((r, i) => {
    const key = `${r.urn}\u0000${r.year}`;
    if (!seen.has(key)) {
      seen.add(key);
      kept.push(r);
      return;
    }
    const w = where(i);
    rejected.push({
      ...(w.file === undefined ? {} : { file: w.file }),
      line: w.line ?? 0,
      urn: r.urn,
      values: {},
      problems: byPlace.get(`${w.file ?? ""}\u0000${w.line ?? 0}`) ?? [],
    });
  });
  return { records: kept, rejected, reports: reads.map((r) => r.report) };
}
