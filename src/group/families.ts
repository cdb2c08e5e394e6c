import { FamiliesError, type Problem, withHint } from "../errors.js";
import { type ContextField, describeSchools, type FeatureOptions, type FeaturePoint } from "../features/features.js";
import { centroidOf, squaredDistance } from "../internal/geometry.js";
import { byUrn } from "../internal/order.js";
import { finiteMean } from "../internal/stats.js";
import type { School } from "../panel/panel.js";
import { checkGroupOptions } from "./settings.js";
import { bestOfStarts } from "./starts.js";
import {
  apartReason,
  placeWithoutResult,
  resultsIn,
  splitByResult,
  type WithoutResult,
  withoutResultNote,
} from "./with-result.js";

/** Options for {@link groupFamilies}. */
export interface GroupFamiliesOptions extends FeatureOptions {
  /** Smallest family. Default 12. */
  min?: number;
  /** Largest family. Default 20. */
  max?: number;
  /** The family size aimed at, which sets the number of families (n / size, rounded, within the bounds). Default (min + max) / 2. */
  size?: number;
  /**
   * Cross-border rule: at most this many schools from one local authority in a family — a count (≥ 1), or a
   * share of each family's own size (between 0 and 1, e.g. 0.25). A share is applied as one count for every family,
   * that share of the smallest family allowed (`min`), rounded down and at least 1: with 12–20 and 0.25, at most 3
   * from one authority in any family (a 20-school family too, though 5 would be its own quarter). Schools without
   * `la` are not counted. Default: no limit.
   */
  maxPerLa?: number;
  /**
   * When a partition's size cannot be split within [min, max] (21 schools with 12–20, say): `error` (default)
   * throws a {@link FamiliesError} naming the counts and the nearest feasible bounds; `fallback` makes families
   * of sizes as even as possible, as near the bounds as they can be, and says so in `notes`.
   */
  onInfeasible?: "error" | "fallback";
  /** The most local-search passes per partition. Default 60; at most 10,000 (more is refused: hours of work). */
  maxPasses?: number;
  /**
   * How many starts to try per partition, keeping the tightest: each start bisects the schools along axes turned
   * by a different angle, and the local search then finds a different local optimum. Default 32 for a partition of
   * up to 2,000 schools (a few milliseconds each; on real national data 32 starts gave families 2–4% tighter than
   * 8), 1 above that. With one start (and no `maxPerLa`), the start is a bisection by density (dense regions get
   * fewer, larger families, as the tightest families have them) whose regions are re-clustered by size-constrained
   * k-means instead (see `effort`); with several, that one is tried as well, and the same with families of equal
   * size. At most 1,000 (more is refused: beyond a few dozen starts families hardly tighten, and 10⁹ would run for
   * days).
   */
  starts?: number;
  /**
   * How hard to look for tight families. `standard` (default): the starts above, the regions of 32 families of a
   * bisection by density re-clustered by size-constrained k-means, then rounds of exact polish (size-constrained
   * Lloyd steps with an exact min-cost-flow assignment, region by region; not above 250,000 schools in a partition)
   * and the local search again — 20,000 schools in about a second (bench/RESULTS.md). `thorough`: also seven more
   * density starts (the bisection's axes turned), each of them and the standard result moved as a whole by
   * size-constrained k-means over the partition, then the local search and more polish; and, in partitions of up to
   * 5,000 schools, five starts of the exact reference's own method (k-means++ seeds, size-constrained k-means, step
   * for step), so there never looser than the reference's best of five; keeping the tightest. On real primaries 3–4%
   * tighter than the reference, in seconds at a few thousand schools and about half a minute at 16,768. With
   * `maxPerLa`, whose cap the exact assignment does not know, neither adds anything: the starts and the local search
   * alone.
   */
  effort?: "standard" | "thorough";
  /**
   * Families count schools with a result: every family has `min`–`max` schools with a published result (attainment)
   * in the grouping's year (`year`, by default the latest year of the data), the year it is benchmarked on. A school
   * in that year's data without one (suppressed for a small cohort, or not published) is, with `extra` (default),
   * placed beyond that count in its nearest family (within `maxPerLa` where it can be), and with `apart` left out of
   * the families and listed in `unassigned` with the reason. `notes` says which, per partition. A partition in which
   * no school has a result (a census-only file, say) is grouped on every school, as before.
   */
  withoutResult?: WithoutResult;
}

/** A Family of Schools. */
export interface Family {
  /** A stable label: a prefix for the partition (`P` primary, `S` secondary, `F` otherwise) and a number by ascending centroid (first feature, then the next…). */
  id: string;
  /**
   * The partition it was grouped within: its phase by default (`by: "phase"`), `all` with `by: "none"`, or your own
   * key when `by` is a function.
   */
  partition: string;
  size: number;
  /** Member URNs, ascending. */
  members: string[];
  /** The members' mean of each feature, in the data's own units. */
  centroid: Partial<Record<ContextField, number>>;
}

/** One grouped school: where it sits. */
export interface GroupedSchool {
  urn: string;
  family: string;
  la?: string;
  name?: string;
  /** The year its context came from. */
  year: number;
  /** Its features, in the data's units. */
  values: Partial<Record<ContextField, number>>;
  /** Weighted standardised coordinates, in the order of `features` (the space the grouping was made in). */
  coordinates: number[];
  /** Distance to its family's centroid in that space. */
  distance: number;
}

/** The result of {@link groupFamilies}. */
export interface Grouping {
  kind: "families";
  features: { name: ContextField; weight: number }[];
  standardise: "z" | "rank";
  min: number;
  max: number;
  families: Family[];
  /** Every grouped school, ascending by URN. */
  schools: GroupedSchool[];
  /** Schools that could not be grouped, with the reason. */
  unassigned: { urn: string; reason: string }[];
  /** What the grouping had to do that a reader should know (fallbacks). */
  notes: string[];
  /** Local-search passes per partition, for the curious. */
  passes: Record<string, number>;
}

const PREFIX: Record<string, string> = { primary: "P", secondary: "S", all: "F" };

function prefixes(keys: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const key of keys) {
    let p =
      PREFIX[key.toLowerCase()] ??
      (key
        .replace(/[^A-Za-z0-9]/g, "")
        .slice(0, 3)
        .toUpperCase() ||
        "F");
    while (used.has(p)) p = `${p}${out.size}`;
    used.add(p);
    out.set(key, p);
  }
  return out;
}

/** How many families a partition of n gets, or why it cannot. */
export function familyCount(
  n: number,
  min: number,
  max: number,
  size: number,
): { k: number } | { infeasible: string; nearest: string } {
  const lo = Math.ceil(n / max);
  const hi = Math.floor(n / min);
  if (lo <= hi) return { k: Math.min(hi, Math.max(lo, Math.round(n / size))) };
  const options: string[] = [];
  if (lo >= 1) options.push(`${Math.floor(n / lo)}–${max} (${lo} famil${lo === 1 ? "y" : "ies"})`);
  if (hi >= 1) options.push(`${min}–${Math.ceil(n / hi)} (${hi} famil${hi === 1 ? "y" : "ies"})`);
  const why =
    hi === 0
      ? `${n} is fewer than the smallest family (${min})`
      : `${lo} families would need at least ${lo * min}, and ${hi} famil${hi === 1 ? "y" : "ies"} could hold at most ${hi * max}`;
  return { infeasible: why, nearest: options.join(" or ") };
}

/**
 * Groups schools into Families of Schools: a partition (per phase, by default) into families of `min`–`max`
 * schools (default 12–20) that are as tight as possible on the chosen context features — the least total
 * squared distance of members to their family's centroid (SSE) in the standardised, weighted feature space.
 * See `src/group/cluster.ts` for the method (balanced k-d bisection, then size-bounded Hartigan moves and
 * swaps); it runs in about O(n log n + passes · n · F) for F ≈ 12 neighbouring families.
 *
 * Deterministic: the same schools in any order give the same families (points are taken in URN order and
 * every tie goes to the lower URN). Schools missing a feature are returned in `unassigned`, never dropped.
 *
 * @param schools - Schools from {@link panel} (records are refused: call `panel` first). Not mutated.
 * @param options - See {@link GroupFamiliesOptions}.
 * @returns A {@link Grouping}.
 * @throws {RangeError} for bad options (`groupFamilies: min (12) is larger than max (10)`).
 * @throws {FamiliesError} when a partition cannot be split within the bounds (code `infeasible-bounds`) or the
 *   `maxPerLa` rule cannot be met (code `max-per-la`), naming the counts and what would work; and (code
 *   `invalid-record`) for a feature value that is NaN or ±Infinity.
 * @example
 * const { families } = groupFamilies(panel(records).schools, { min: 12, max: 20 });
 * families[0].id;
 * // => "P01"
 */
export function groupFamilies(schools: readonly School[], options: GroupFamiliesOptions = {}): Grouping {
  return groupFamiliesFor("groupFamilies", schools, options);
}

/**
 * {@link groupFamilies} on behalf of a public function (`caller`), whose name its argument errors then carry; with
 * `countResults` false, every school counts towards the sizes (`withoutResult` unused).
 */
export function groupFamiliesFor(
  caller: string,
  schools: readonly School[],
  options: GroupFamiliesOptions,
  countResults = true,
): Grouping {
  const { min, max } = checkGroupOptions(caller, options);
  const size = options.size ?? (min + max) / 2;
  const onInfeasible = options.onInfeasible ?? "error";
  const set = describeSchools(caller, schools, options);
  const results = resultsIn(caller, schools, options.year, options.withoutResult);
  const rule = options.withoutResult ?? "extra";
  const d = set.features.length;
  const problems: Problem[] = [];
  const notes: string[] = [];
  const families: Family[] = [];
  const grouped: GroupedSchool[] = [];
  const passes: Record<string, number> = {};
  const prefix = prefixes(set.partitions.map((p) => p.key));

  const unassigned = [...set.unassigned];
  for (const whole of set.partitions) {
    const split = countResults
      ? splitByResult(whole, results, d)
      : { grouped: whole, withIndex: whole.points.map((_, i) => i), without: [] };
    const part = split.grouped;
    const n = part.points.length;
    let k: number;
    let lo = min;
    let hi = max;
    const count = familyCount(n, min, max, size);
    if ("k" in count) k = count.k;
    else if (onInfeasible === "error") {
      problems.push({
        code: "infeasible-bounds",
        ...withHint(
          `the ${n} ${part.key} school${n === 1 ? "" : "s"}${split.without.length > 0 ? ` with a published result in ${results.year}` : ""} cannot be split into families of ${min}–${max}: ${count.infeasible}. Nearest bounds that work: ${count.nearest}`,
          "; or ",
          { option: "onInfeasible", value: "fallback" },
        ),
      });
      continue;
    } else {
      k = Math.max(1, Math.round(n / size));
      lo = Math.floor(n / k);
      hi = Math.ceil(n / k);
      notes.push(
        `${part.key}: ${n} school${n === 1 ? "" : "s"} cannot be split into families of ${min}–${max} (${count.infeasible}); made ${k} famil${k === 1 ? "y" : "ies"} of ${lo === hi ? lo : `${lo}–${hi}`}`,
      );
    }
    const { tags, laNames } = laTags(part.points);
    const cap = laCap(options.maxPerLa, lo);
    if (cap !== undefined) {
      const over = overCap(tags, laNames, cap, k, n, part.key);
      if (over.length > 0) {
        problems.push(...over);
        continue;
      }
    }
    const result = bestOfStarts(part.coords, d, k, lo, hi, options, n, cap === undefined ? undefined : { tags, cap });
    if (result.tagViolations > 0) {
      problems.push({
        code: "max-per-la",
        ...withHint(
          `could not place the ${part.key} schools with at most ${cap} from one local authority per family (${result.tagViolations} over the limit after repair): widen min–max`,
          ", or ",
          { option: "maxPerLa", raise: true },
        ),
      });
      continue;
    }
    passes[part.key] = result.passes;
    let labelled: { points: FeaturePoint[]; coords: Float64Array; labels: Int32Array } = {
      points: part.points,
      coords: part.coords,
      labels: result.labels,
    };
    if (countResults && results.anyInData && !whole.points.some((p) => results.has.has(p.urn)))
      notes.push(`${part.key}: no school has a published result in ${results.year}, so families count every school`);
    if (split.without.length > 0) {
      notes.push(withoutResultNote(part.key, split.without.length, results.year as number, rule, lo, hi));
      if (rule === "extra") labelled = { ...whole, labels: placeWithoutResult(whole, split, result.labels, k, d, cap) };
      else
        for (const i of split.without)
          unassigned.push({ urn: (whole.points[i] as FeaturePoint).urn, reason: apartReason(results.year as number) });
    }
    const { points, coords, labels } = labelled;
    const id = prefix.get(part.key) ?? "F";
    families.push(...labelFamilies(part.key, id, points, coords, d, k, labels, set.features, grouped));
  }
  if (problems.length > 0) throw new FamiliesError(problems);
  grouped.sort(byUrn);
  return {
    kind: "families",
    features: set.features,
    standardise: set.standardise,
    min,
    max,
    families,
    schools: grouped,
    unassigned: unassigned.sort(byUrn),
    notes,
    passes,
  };
}

/**
 * The cross-border cap as a count: `maxPerLa` itself (≥ 1), or that share of the smallest family the partition may
 * have (`smallest`, rounded down, at least 1). One count for every family, so that the share holds for each family's
 * own size: a family of `smallest` or more holds at most floor(share × smallest) ≤ share × its size from one
 * authority. (A share of the mean size let a 12-school family hold 11 of 12 at 0.7 when families averaged 16.) The
 * price: a larger family is held to the smallest's count, stricter than its own share.
 */
export function laCap(maxPerLa: number | undefined, smallest: number): number | undefined {
  if (maxPerLa === undefined) return undefined;
  return maxPerLa >= 1 ? maxPerLa : Math.max(1, Math.floor(maxPerLa * smallest));
}

/** A problem for each local authority with more schools than k families can hold at `cap` each. */
function overCap(
  tags: Int32Array,
  laNames: readonly string[],
  cap: number,
  k: number,
  n: number,
  key: string,
): Problem[] {
  const counts = new Map<number, number>();
  for (const t of tags) if (t >= 0) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts]
    .filter(([, c]) => c > k * cap)
    .sort((a, b) => b[1] - a[1])
    .map(([t, c]) => ({
      code: "max-per-la",
      ...withHint(
        `${laNames[t]} has ${c} of the ${n} ${key} schools; ${k} families with at most ${cap} each from one authority can hold only ${k * cap}`,
        ": ",
        { option: "maxPerLa", value: Math.ceil(c / k), raise: true },
      ),
    }));
}

/** Each point's local authority as a small number (−1 for none), and the authorities' codes by number. */
export function laTags(points: readonly { la?: string | undefined }[]): { tags: Int32Array; laNames: string[] } {
  const ids = new Map<string, number>();
  const laNames: string[] = [];
  const tags = new Int32Array(points.length);
  points.forEach((p, i) => {
    if (p.la === undefined || p.la === "") {
      tags[i] = -1;
      return;
    }
    let id = ids.get(p.la);
    if (id === undefined) {
      id = laNames.length;
      ids.set(p.la, id);
      laNames.push(p.la);
    }
    tags[i] = id;
  });
  return { tags, laNames };
}

/** Names the clusters by ascending centroid and builds the families and per-school rows. */
function labelFamilies(
  key: string,
  prefix: string,
  points: readonly FeaturePoint[],
  coords: Float64Array,
  d: number,
  k: number,
  labels: Int32Array,
  features: readonly { name: ContextField }[],
  out: GroupedSchool[],
): Family[] {
  const members: number[][] = Array.from({ length: k }, () => []);
  for (const [i, c] of labels.entries()) (members[c] as number[]).push(i);
  const raw = members.map((m) =>
    features.map((_, j) => finiteMean(m.map((i) => (points[i] as FeaturePoint).values[j] as number))),
  );
  const order = members
    .map((m, c) => ({ c, m }))
    .filter((x) => x.m.length > 0)
    .sort((a, b) => {
      const ra = raw[a.c] as number[];
      const rb = raw[b.c] as number[];
      for (let j = 0; j < ra.length; j++) if (ra[j] !== rb[j]) return (ra[j] as number) - (rb[j] as number);
      return (a.m[0] as number) - (b.m[0] as number); // points are in URN order
    });
  const width = Math.max(2, String(order.length).length);
  const named = (values: ArrayLike<number>): Partial<Record<ContextField, number>> => {
    const out: Partial<Record<ContextField, number>> = {};
    for (let j = 0; j < features.length; j++) out[(features[j] as { name: ContextField }).name] = values[j] as number;
    return out;
  };
  return order.map(({ c, m }, rank) => {
    const id = `${prefix}${String(rank + 1).padStart(width, "0")}`;
    const all = m.map((i) => {
      const row = new Array<number>(d);
      for (let j = 0; j < d; j++) row[j] = coords[i * d + j] as number;
      return row;
    });
    const centre = centroidOf(all, d);
    for (let r = 0; r < m.length; r++) {
      const p = points[m[r] as number] as FeaturePoint;
      const coordinates = all[r] as number[];
      // Built key by key, in the order every row has: with spreads and Object.fromEntries, naming the families took
      // 105 of a fresh call's 1,259 ms at 20,000 schools; this way about 50.
      const row = { urn: p.urn, family: id } as GroupedSchool;
      if (p.la !== undefined) row.la = p.la;
      if (p.name !== undefined) row.name = p.name;
      row.year = p.year;
      row.values = named(p.values);
      row.coordinates = coordinates;
      row.distance = Math.sqrt(squaredDistance(coordinates, centre));
      out.push(row);
    }
    return {
      id,
      partition: key,
      size: m.length,
      members: m.map((i) => (points[i] as FeaturePoint).urn),
      centroid: named(raw[c] as number[]),
    };
  });
}
