// Each member's result for each pupil group and subject, its change a year, and the family's average and upper
// quartile of both: what a school's own section of the report (and `fos benchmark`) shows.
import type { School } from "../panel/panel.js";
import type { SchoolYear } from "../schema.js";
import { trend } from "./improvement.js";
import { summarise } from "./summary.js";

/** One school's result in one pupil group or subject (see {@link FamilyBenchmark.areas}). */
export interface AreaResult {
  /** The school's result in the benchmarked year, in the data's units (KS2 groups: % meeting the standard). */
  value?: number;
  /** Its change a year over the improvement window (as the headline's), when `value` is known and enough years have a result. */
  improvement?: number;
  /** Its place in the family by `value`: 1 is the highest; ties share the better place. */
  rank?: number;
}

/** A family's average and upper quartile of its members' values (those that have one). */
export interface AreaSummary {
  count: number;
  mean: number;
  upperQuartile: number;
}

/** The family's summaries of one pupil group or subject: results and their change a year. */
export interface AreaFamily {
  value?: AreaSummary;
  improvement?: AreaSummary;
}

/** The areas of one family: its summaries by name, and each member's results (parallel to the members). */
export interface FamilyAreas {
  family: { subgroups: Record<string, AreaFamily>; subjects: Record<string, AreaFamily> };
  members: { subgroups: Record<string, AreaResult>; subjects: Record<string, AreaResult> }[];
}

/** How a change a year is worked out, as for the headline. */
export interface AreaSettings {
  year: number;
  window: number;
  method: "slope" | "change";
  minYears: number;
}

type Bag = "subgroups" | "subjects";

/** One member's value and change a year of the area `name` of `bag`, from its records. */
function resultOf(school: School, bag: Bag, name: string, s: AreaSettings): AreaResult {
  const years: { year: number; attainment?: number }[] = [];
  let value: number | undefined;
  for (const r of school.years as readonly SchoolYear[]) {
    const v = r[bag]?.[name];
    if (v === undefined) continue;
    years.push({ year: r.year, attainment: v });
    if (r.year === s.year) value = v;
  }
  // A change a year only beside this year's result: a group suppressed this year has no result to improve on.
  if (value === undefined) return {};
  const t = trend(years, s.year, s.window, s.method);
  return t.n >= s.minYears ? { value, improvement: t.value } : { value };
}

function summaryOf(values: readonly (number | undefined)[]): AreaSummary | undefined {
  const s = summarise(values);
  return s && { count: s.count, mean: s.mean, upperQuartile: s.upperQuartile };
}

/** The places (1 = highest) of the values; ties share the better place; missing values have none. */
function ranks(values: readonly (number | undefined)[]): (number | undefined)[] {
  return values.map((v) => (v === undefined ? undefined : 1 + values.filter((w) => w !== undefined && w > v).length));
}

/**
 * The pupil groups and subjects of a family's members: for each name any member has in the benchmarked year, each
 * member's result and change a year, its place in the family, and the family's mean and upper quartile of both.
 * Missing results are left out (a member without one has no entry for that name). O(members² + members · years)
 * for each name.
 *
 * @param members - The family's schools, in the family's order.
 * @param names - The sub-group and subject names the benchmarked year has (e.g. from the school table).
 * @param s - The year and the improvement window.
 */
export function familyAreas(
  members: readonly School[],
  names: { subgroups: readonly string[]; subjects: readonly string[] },
  s: AreaSettings,
): FamilyAreas {
  const out: FamilyAreas = {
    family: { subgroups: {}, subjects: {} },
    members: members.map(() => ({ subgroups: {}, subjects: {} })),
  };
  for (const bag of ["subgroups", "subjects"] as const) {
    for (const name of names[bag]) {
      const results = members.map((m) => resultOf(m, bag, name, s));
      const values = results.map((r) => r.value);
      if (values.every((v) => v === undefined)) continue;
      const value = summaryOf(values);
      const improvement = summaryOf(results.map((r) => r.improvement));
      out.family[bag][name] = { ...(value ? { value } : {}), ...(improvement ? { improvement } : {}) };
      const places = ranks(values);
      for (const [j, r] of results.entries()) {
        const rank = places[j];
        if (rank !== undefined) r.rank = rank;
        if (r.value !== undefined || r.improvement !== undefined)
          (out.members[j] as FamilyAreas["members"][0])[bag][name] = r;
      }
    }
  }
  return out;
}
