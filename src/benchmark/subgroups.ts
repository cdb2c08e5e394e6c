import type { School } from "../panel/panel.js";
import { valueAt } from "./points.js";
import { type Summary, summarise } from "./summary.js";
import type { SchoolTable } from "./table.js";
import type { FamilyBenchmark } from "./types.js";

/** The within-school gaps: name, the group ahead when positive, the other. */
export const GAP_PAIRS: readonly [string, string, string][] = [
  ["girls−boys", "girls", "boys"],
  ["other−disadvantaged", "other", "disadvantaged"],
];

/** Each member's value of each column (by name) that any member has. */
type Columns = [string, (number | undefined)[]][];

/** A family's sub-groups, subjects and within-school gaps: each member's values, the family's summaries, the leaders. */
export interface FamilyDetails {
  subjectValues: Columns;
  /** Each gap's value for each member. */
  gapValues: Record<string, (number | undefined)[]>;
  subjects: Record<string, Summary>;
  gaps: Record<string, Summary>;
  leaders: FamilyBenchmark["leaders"];
}

/** Each member's value in one column of the table. */
export function columnOf(table: SchoolTable, rows: readonly number[], c: number): (number | undefined)[] {
  return rows.map((row) => valueAt(table.values, row + c));
}

/** The members' values of each named column (sub-groups or subjects) that any member has, by name in order. */
function named(table: SchoolTable, rows: readonly number[], names: readonly string[], from: number): Columns {
  const out: Columns = [];
  for (const [k, name] of names.entries()) {
    // Most names belong to other phases' records: look before building the column.
    if (rows.some((row) => !Number.isNaN(table.values[row + from + k] as number)))
      out.push([name, columnOf(table, rows, from + k)]);
  }
  return out;
}

/** The sub-groups, subjects and gaps of a family's members (rows of the table), from the benchmarked year. */
export function familyDetails(table: SchoolTable, rows: readonly number[], members: readonly School[]): FamilyDetails {
  const groupValues = named(table, rows, table.groups, table.groupsAt);
  const subjectValues = named(table, rows, table.subjects, table.subjectsAt);
  const groupColumn = (name: string) => groupValues.find(([n]) => n === name)?.[1];
  const gapValues: Record<string, (number | undefined)[]> = {};
  for (const [name, a, b] of GAP_PAIRS) {
    const va = groupColumn(a);
    const vb = groupColumn(b);
    gapValues[name] = rows.map((_, j) => {
      const ga = va?.[j];
      const gb = vb?.[j];
      return ga !== undefined && gb !== undefined ? ga - gb : undefined;
    });
  }
  const subjects: Record<string, Summary> = {};
  for (const [name, v] of subjectValues) {
    const s = summarise(v);
    if (s) subjects[name] = s;
  }
  const gaps: Record<string, Summary> = {};
  for (const [name] of GAP_PAIRS) {
    const s = summarise(gapValues[name] ?? []);
    if (s) gaps[name] = s;
  }
  const leaders: FamilyBenchmark["leaders"] = { subgroups: {}, subjects: {} };
  for (const [name, v] of groupValues) {
    const l = leaderOf(members, v);
    if (l) leaders.subgroups[name] = l;
  }
  for (const [name, v] of subjectValues) {
    const l = leaderOf(members, v);
    if (l) leaders.subjects[name] = l;
  }
  return { subjectValues, gapValues, subjects, gaps, leaders };
}

/** The member with the highest value (ties to the lower URN), or undefined when none has one. */
function leaderOf(
  members: readonly School[],
  v: readonly (number | undefined)[],
): { urn: string; value: number } | undefined {
  let best: School | undefined;
  let value = 0;
  for (const [j, m] of members.entries()) {
    const x = v[j];
    if (x === undefined) continue;
    if (!best || x > value || (x === value && m.urn < best.urn)) {
      best = m;
      value = x;
    }
  }
  return best && { urn: best.urn, value };
}

/** Member `i`'s gaps and subject results against the family's average for each. */
export function memberDetails(
  details: FamilyDetails,
  i: number,
): { gaps: Record<string, number>; subjects: Record<string, number> } {
  const gaps: Record<string, number> = {};
  for (const [name] of GAP_PAIRS) {
    const v = details.gapValues[name]?.[i];
    if (v !== undefined) gaps[name] = v;
  }
  const subjects: Record<string, number> = {};
  for (const [name, v] of details.subjectValues) {
    const value = v[i];
    const s = details.subjects[name];
    if (value !== undefined && s) subjects[name] = value - s.mean;
  }
  return { gaps, subjects };
}
