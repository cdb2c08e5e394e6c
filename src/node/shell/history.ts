/// <reference types="node" />
// What following successor links (a links file, or a successor column such as URN_AC) did to the records: records
// left out of a joined history, and links that form a cycle. fos validate fails on them; other commands note them.

import type { Problem } from "../../errors.js";
import type { Panel } from "../../panel/panel.js";
import type { ReadResult } from "../../read/read.js";
import type { SchoolYear } from "../../schema.js";

/** What a row publishes: a result or its intake. A dropped row with none of them loses nothing. */
const MEASURES = [
  "attainment",
  "progress",
  "priorAttainment",
  "disadvantage",
  "eal",
  "sen",
  "overallAbsence",
  "persistentAbsence",
] as const satisfies readonly (keyof SchoolYear)[];

/**
 * A problem for each record `panel` left out of a joined history (named with its file and line) and one for each cycle
 * of links, so that no record leaves the data without a word; a note (not a problem) for a left-out row that
 * publishes nothing (a converter's empty row beside the old URN's with the results).
 */
export function historyProblems(
  result: Pick<Panel, "ignored" | "overlapping">,
  reads: readonly ReadResult[],
): { problems: Problem[]; notes: string[] } {
  const problems: Problem[] = [];
  const notes: string[] = [];
  const key = (urn: string, year: number) => `${urn}\u0000${year}`;
  const wanted = new Set(result.overlapping.map((o) => key(o.urn, o.year)));
  const at = new Map<string, { file?: string; line: number; empty: boolean }>();
  if (wanted.size > 0)
    for (const read of reads)
      read.records.forEach((r, i) => {
        const k = key(r.urn, r.year);
        if (wanted.has(k) && !at.has(k))
          at.set(k, {
            ...(read.report.file === undefined ? {} : { file: read.report.file }),
            line: read.lines[i] ?? 0,
            empty: MEASURES.every((m) => r[m] === undefined),
          });
      });
  for (const o of result.overlapping) {
    const found = at.get(key(o.urn, o.year));
    const where =
      found === undefined ? {} : { ...(found.file === undefined ? {} : { file: found.file }), line: found.line };
    // A row with no result and no context (a school converting during the year, whose new URN's row is empty) loses
    // nothing: said, not a problem.
    if (found?.empty) {
      notes.push(
        `note: ${found.file ?? "the data"}, line ${found.line}: school ${o.urn}'s ${o.year} row is empty and left out; its history continues with ${o.keptUrn}'s ${o.year} record, which has the results`,
      );
      continue;
    }
    problems.push({
      code: "dropped-record",
      ...where,
      message: `school ${o.urn}'s ${o.year} record is left out: the successor links join ${o.urn}'s history with ${o.keptUrn}'s, whose ${o.year} record is kept; if ${o.urn} is a school in its own right, check the links`,
    });
  }
  const cycles = new Set<string>();
  for (const l of result.ignored) if (l.kind === "cycle") cycles.add(l.reason);
  for (const reason of cycles)
    problems.push({
      code: "link-cycle",
      message: `${reason}: a school cannot succeed itself; check the links (the --links file, or a successor column such as URN_AC)`,
    });
  return { problems, notes };
}
