// Families count schools with a result: a family's averages rest on the members that have a published result in
// the year it is benchmarked on, so `min` counts those. Schools present in that year's data but without a result
// (suppressed for a small cohort, not published) are either placed beyond that count, in their nearest family, or
// listed apart with the reason.
import { ArgumentError } from "../errors.js";
import type { FeaturePoint } from "../features/features.js";
import { centroidsOf, dist2 } from "../internal/geometry.js";
import type { School } from "../panel/panel.js";

/**
 * What to do with a school that has no published result (attainment) in the year: `extra` places it, beyond the
 * `min`–`max` schools with a result, in its nearest family; `apart` leaves it out of the families, listed in
 * `unassigned` with the reason.
 */
export const WITHOUT_RESULT_RULES = ["extra", "apart"] as const;
/** One of {@link WITHOUT_RESULT_RULES}. */
export type WithoutResult = (typeof WITHOUT_RESULT_RULES)[number];

/** The schools with a result in the result year, and whether the data has any result at all (in any year). */
export interface Results {
  year: number | undefined;
  has: Set<string>;
  anyInData: boolean;
}

/** Which schools have attainment in `year` (default: the latest year of the data), checked option included. */
export function resultsIn(
  caller: string,
  schools: readonly School[],
  year: number | "latest" | undefined,
  rule: unknown,
): Results {
  if (rule !== undefined && !(WITHOUT_RESULT_RULES as readonly unknown[]).includes(rule))
    throw new ArgumentError(caller, `must be "extra" or "apart", not ${JSON.stringify(rule)}`, "withoutResult");
  let latest: number | undefined;
  let anyInData = false;
  for (const s of schools)
    for (const r of s.years) {
      if (latest === undefined || r.year > latest) latest = r.year;
      if (r.attainment !== undefined) anyInData = true;
    }
  const at = typeof year === "number" ? year : latest;
  const has = new Set<string>();
  for (const s of schools) if (s.years.some((r) => r.year === at && r.attainment !== undefined)) has.add(s.urn);
  return { year: at, has, anyInData };
}

/** A partition's points and their coordinates (flat, `d` a point). */
export interface PartitionPoints {
  key: string;
  points: FeaturePoint[];
  coords: Float64Array;
}

/** A partition split by result: the points to group, and those without a result (indices into the whole). */
export interface ResultSplit {
  grouped: PartitionPoints;
  /** Indices (into the whole partition) of the grouped points, and of those without a result. */
  withIndex: number[];
  without: number[];
}

/**
 * Splits a partition into the points with a result in the year and those without. When no point of the partition has
 * a result (the data has none for this phase or year), every point is grouped and the split is empty. O(n·d).
 */
export function splitByResult(whole: PartitionPoints, results: Results, d: number): ResultSplit {
  const withIndex: number[] = [];
  const without: number[] = [];
  for (const [i, p] of whole.points.entries()) (results.has.has(p.urn) ? withIndex : without).push(i);
  if (withIndex.length === 0 || without.length === 0)
    return { grouped: whole, withIndex: whole.points.map((_, i) => i), without: [] };
  const coords = new Float64Array(withIndex.length * d);
  for (const [r, i] of withIndex.entries()) coords.set(whole.coords.subarray(i * d, i * d + d), r * d);
  return {
    grouped: { key: whole.key, points: withIndex.map((i) => whole.points[i] as FeaturePoint), coords },
    withIndex,
    without,
  };
}

/**
 * Every point of the whole partition labelled: the grouped points as grouped, and each point without a result in the
 * nearest family's centre (of the grouped members) where its local authority is under `cap`, else the nearest.
 * Nearest first by distance, ties by index. O(extras · k · d).
 */
export function placeWithoutResult(
  whole: PartitionPoints,
  split: ResultSplit,
  labels: Int32Array,
  k: number,
  d: number,
  cap: number | undefined,
): Int32Array {
  const full = new Int32Array(whole.points.length).fill(-1);
  for (const [r, i] of split.withIndex.entries()) full[i] = labels[r] as number;
  const { centroids } = centroidsOf(split.grouped.coords, d, labels, k);
  const counts = new Map<string, number>();
  const countKey = (c: number, la: string) => `${c}\u0000${la}`;
  for (const [i, p] of whole.points.entries())
    if (full[i] !== -1 && p.la !== undefined)
      counts.set(countKey(full[i] as number, p.la), (counts.get(countKey(full[i] as number, p.la)) ?? 0) + 1);
  for (const i of split.without) {
    const la = (whole.points[i] as FeaturePoint).la;
    const order = Array.from({ length: k }, (_, c) => ({
      c,
      dd: dist2(whole.coords, i * d, centroids, c * d, d),
    })).sort((a, b) => a.dd - b.dd || a.c - b.c);
    const room = order.find(
      ({ c }) => cap === undefined || la === undefined || (counts.get(countKey(c, la)) ?? 0) + 1 <= cap,
    );
    const c = (room ?? order[0])?.c ?? 0;
    full[i] = c;
    if (la !== undefined) counts.set(countKey(c, la), (counts.get(countKey(c, la)) ?? 0) + 1);
  }
  return full;
}

/** The note that says what was done with a partition's schools without a result (`lo`–`hi`: its family sizes). */
export function withoutResultNote(
  key: string,
  count: number,
  year: number,
  rule: WithoutResult,
  lo: number,
  hi: number,
): string {
  const schools = `${count} ${key} school${count === 1 ? "" : "s"} without one (suppressed or not published)`;
  const verb = count === 1 ? "is" : "are";
  return rule === "extra"
    ? `${key}: every family has ${lo === hi ? lo : `${lo}–${hi}`} schools with a published result in ${year}; ${schools} ${verb} placed beyond that count, each in its nearest family (to list them as not placed instead: withoutResult "apart", --without-result apart)`
    : `${key}: every family has ${lo === hi ? lo : `${lo}–${hi}`} schools with a published result in ${year}; ${schools} ${verb} not placed (withoutResult "apart")`;
}

/** Why a school without a result is not in a family (withoutResult "apart"). */
export function apartReason(year: number): string {
  return `no published result in ${year} (suppressed or not published): not placed, so that every family's count is of schools with one (withoutResult "apart"; "extra" places it beyond that count)`;
}
