// A place's shared profile: its schools' context and outcomes, weighted by pupils, with the uncertainty small
// numbers bring; and the places elsewhere most like it, to learn from.

import { ArgumentError } from "../errors.js";
import { buildKdTree, type KdTree, kNearest } from "../internal/kdtree.js";
import { sampleScale } from "../internal/stats.js";
import { margin95 } from "../internal/student-t.js";
import type { School } from "../panel/panel.js";
import type { SchoolMeasures } from "../read/place-lists.js";
import type { SchoolYear } from "../schema.js";
import type { NeighbourhoodCluster } from "./clusters.js";

/** How many similar places similarPlaces gives each place unless told otherwise. */
export const SIMILAR_PLACES_K = 5;

/** The measures of a place's profile. Absence is lower-is-better; the rest are described, not ranked. */
export const PROFILE_MEASURES = [
  "disadvantage",
  "eal",
  "sen",
  "ks2Attainment",
  "ks4Attainment",
  "overallAbsence",
  "persistentAbsence",
] as const;
export type ProfileMeasure = (typeof PROFILE_MEASURES)[number];

/** One measure of a place: its pupil-weighted mean, the standard error of that mean, and what it rests on. */
export interface ProfileValue {
  mean: number;
  /** Standard error: the spread between the place's schools over √(effective number of schools); with one school, none. */
  se?: number;
  /**
   * The 95% margin (half-width of the confidence interval): Student's t for `schools` − 1 degrees of freedom times
   * `se` — 12.7 standard errors for two schools, 2.57 for six, nearing the normal's 1.96 for many; with one, none.
   */
  margin?: number;
  schools: number;
  pupils: number;
}

/** Below this many schools, a profile value's text says what it rests on ("n = 2"). */
export const SMALL_N = 5;

/**
 * A profile value as text: its mean to one decimal, its 95% margin, and, when it rests on fewer than
 * {@link SMALL_N} schools, how many ("43.6 ± 4.0 (n = 2)"); "—" when the place has no value.
 *
 * @example
 * profileValueText({ mean: 43.62, se: 0.31, margin: 3.94, schools: 2, pupils: 2100 }); // => "43.6 ± 3.9 (n = 2)"
 * profileValueText({ mean: 29.9, schools: 1, pupils: 900 }); // => "29.9 (n = 1)"
 */
export function profileValueText(v: ProfileValue | undefined): string {
  if (v === undefined) return "—";
  const margin = v.margin === undefined ? "" : ` ± ${v.margin.toFixed(1)}`;
  return `${v.mean.toFixed(1)}${margin}${v.schools < SMALL_N ? ` (n = ${v.schools})` : ""}`;
}

/** A place's profile (see {@link clusterProfile}). */
export interface PlaceProfile {
  id: string;
  schools: number;
  pupils: number;
  /** Local authorities of its schools, most schools first. */
  las: string[];
  measures: Partial<Record<ProfileMeasure, ProfileValue>>;
  /** Measures of one's own (`clusterProfile`'s `measures` option), by their column's name, pupil-weighted the same way. */
  extra?: Record<string, ProfileValue>;
}

/** Options for {@link clusterProfile}. */
export interface ClusterProfileOptions {
  /**
   * School-level measures of one's own (`readSchoolMeasures`): each column becomes a measure of the profile's `extra`,
   * its mean weighted by pupils like the others. Default: none.
   */
  measures?: SchoolMeasures;
}

/** A school's value of a measure in its latest year that has it (attainment by phase: KS2 for primary, KS4 for secondary). */
function measureOf(s: School, m: ProfileMeasure): { value: number; year: SchoolYear } | undefined {
  for (let i = s.years.length - 1; i >= 0; i--) {
    const r = s.years[i] as SchoolYear;
    const v =
      m === "ks2Attainment"
        ? s.phase === "primary"
          ? r.attainment
          : undefined
        : m === "ks4Attainment"
          ? s.phase === "secondary" || s.phase === "all-through"
            ? r.attainment
            : undefined
          : r[m];
    if (v !== undefined) return { value: v, year: r };
  }
  return undefined;
}

/** The pupils a school weighs with: its latest `pupils`, else its cohort, else 1. */
function weightOf(s: School): number {
  for (let i = s.years.length - 1; i >= 0; i--) {
    const r = s.years[i] as SchoolYear;
    if (r.pupils !== undefined) return Math.max(1, r.pupils);
  }
  return Math.max(1, s.years.at(-1)?.cohort ?? 1);
}

/**
 * A cluster's profile: for each measure (disadvantage, EAL, SEN, KS2 and KS4 attainment, overall and persistent
 * absence) the mean over its schools that have it, weighted by pupils on roll (GIAS `NumberOfPupils` or the
 * census's NOR; a school without is weighed by its cohort), with a standard error from the spread between its
 * schools (over the effective number of schools, (Σw)²/Σw²), a 95% margin from Student's t for the number of
 * schools less one (not the normal's 1.96, which would understate a mean of two schools' six-fold), and how many
 * schools and pupils it rests on. A school without a measure is left out of that measure's mean. Measures of one's
 * own (`options.measures`, e.g. an LSOA's income deprivation joined to each school) are averaged the same way into
 * `extra`. O(members × measures).
 *
 * @example
 * const { schools } = panel([
 *   { urn: "1", phase: "secondary", year: 2019, pupils: 1200, attainment: 48 },
 *   { urn: "2", phase: "secondary", year: 2019, pupils: 900, attainment: 40 },
 * ]);
 * // Two schools: the margin is Student's t for 1 degree of freedom (12.706) × se.
 * clusterProfile({ id: "P1", members: ["1", "2"] }, schools).measures.ks4Attainment;
 * // => { mean: ~44.57, se: ~3.96, margin: ~50.30, schools: 2, pupils: 2100 }
 */
export function clusterProfile(
  cluster: Pick<NeighbourhoodCluster, "id" | "members">,
  schools: readonly School[] | ReadonlyMap<string, School>,
  options: ClusterProfileOptions = {},
): PlaceProfile {
  const byUrn = schools instanceof Map ? schools : new Map((schools as readonly School[]).map((s) => [s.urn, s]));
  const members = cluster.members.flatMap((u) => (byUrn.has(u) ? [byUrn.get(u) as School] : []));
  const laCount = new Map<string, number>();
  for (const s of members) if (s.la !== undefined) laCount.set(s.la, (laCount.get(s.la) ?? 0) + 1);
  const measures: Partial<Record<ProfileMeasure, ProfileValue>> = {};
  for (const m of PROFILE_MEASURES) {
    const v = weightedValue(members.map((s) => ({ v: measureOf(s, m)?.value, w: weightOf(s) })));
    if (v) measures[m] = v;
  }
  const extra: Record<string, ProfileValue> = {};
  const own = options.measures;
  for (const column of own?.columns ?? []) {
    const ownValue = (urn: string) => (own && Object.hasOwn(own.schools, urn) ? own.schools[urn]?.[column] : undefined);
    const v = weightedValue(members.map((s) => ({ v: ownValue(s.urn), w: weightOf(s) })));
    if (v) extra[column] = v;
  }
  return {
    id: cluster.id,
    schools: members.length,
    pupils: members.reduce((t, s) => t + weightOf(s), 0),
    las: [...laCount].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([la]) => la),
    measures,
    ...(own === undefined ? {} : { extra }),
  };
}

/** The pupil-weighted mean of the values given (undefined ones skipped), with its standard error and 95% margin. */
function weightedValue(values: readonly { v: number | undefined; w: number }[]): ProfileValue | undefined {
  const rows = values.filter((r): r is { v: number; w: number } => r.v !== undefined);
  if (rows.length === 0) return undefined;
  let w = 0;
  let wx = 0;
  let w2 = 0;
  for (const r of rows) {
    w += r.w;
    wx += r.w * r.v;
    w2 += r.w * r.w;
  }
  const mean = wx / w;
  const nEff = (w * w) / w2;
  const variance = rows.length > 1 ? rows.reduce((t, r) => t + r.w * (r.v - mean) ** 2, 0) / w : undefined;
  const se = variance === undefined ? undefined : Math.sqrt(variance / Math.max(1, nEff - 1));
  const margin = se === undefined ? undefined : margin95(se, rows.length);
  return {
    mean,
    ...(se === undefined ? {} : { se }),
    ...(margin === undefined ? {} : { margin }),
    schools: rows.length,
    pupils: w,
  };
}

/** The measures places are compared on by default: their pupils (context), not their outcomes. */
export const CONTEXT_MEASURES: readonly ProfileMeasure[] = ["disadvantage", "eal", "sen"];

/** Options for {@link similarPlaces}. */
export interface SimilarPlacesOptions {
  /** How many similar places each place gets. Default 5. */
  k?: number;
  /**
   * The measures to compare on: the profile's (`PROFILE_MEASURES`) or measures of one's own (a name in a profile's
   * `extra`). Default: disadvantage, EAL and SEN (context, not outcomes), those of them any place has, and every
   * measure of one's own; when no place has any of these (e.g. a GIAS file and an absence file alone), every measure
   * the places have.
   */
  measures?: readonly string[];
  /** Only places whose main local authority differs ("elsewhere"). Default `true`. */
  elsewhere?: boolean;
}

/** One place like another, how far apart their profiles are, and on which measures. */
export interface SimilarPlace {
  id: string;
  /** The root mean square of the two places' z-score differences over `measures` (0: the same profile). */
  distance: number;
  /** The measures the distance is measured on: those compared on that both places have. */
  measures: string[];
}

/** A place's most similar places. */
export interface SimilarPlaces {
  id: string;
  /** The measures this place is compared on: those asked for (or the default) that its profile has. */
  measures: string[];
  similar: SimilarPlace[];
  /** Why the list is empty: no measure to compare on, or no other place that shares one. */
  note?: string;
}

/** A place's value of a measure: the profile's own, else one of its measures of one's own. */
export function placeValue(p: PlaceProfile, m: string): ProfileValue | undefined {
  if ((PROFILE_MEASURES as readonly string[]).includes(m)) return p.measures[m as ProfileMeasure];
  return p.extra && Object.hasOwn(p.extra, m) ? p.extra[m] : undefined;
}

/** Every measure of one's own any place has, in the order the places first name them. */
const extraNames = (profiles: readonly PlaceProfile[]): string[] => [
  ...new Set(profiles.flatMap((p) => Object.keys(p.extra ?? {}))),
];

/**
 * The measures to compare on: those asked for, else the context any place has with the measures of one's own, else
 * every measure any place has.
 */
function measuresToCompare(profiles: readonly PlaceProfile[], asked: readonly string[] | undefined): string[] {
  if (asked !== undefined) return [...asked];
  const had = (m: ProfileMeasure) => profiles.some((p) => p.measures[m] !== undefined);
  const chosen = [...CONTEXT_MEASURES.filter(had), ...extraNames(profiles)];
  return chosen.length > 0 ? chosen : PROFILE_MEASURES.filter(had);
}

/** Each place's z-score on each measure (NaN where it has none): the mean and SD over the places that have it. */
function zScores(profiles: readonly PlaceProfile[], measures: readonly string[]): Float64Array {
  const d = measures.length;
  const z = new Float64Array(profiles.length * d).fill(Number.NaN);
  for (const [j, m] of measures.entries()) {
    const values = profiles.flatMap((p) => {
      const v = placeValue(p, m);
      return v === undefined ? [] : [v.mean];
    });
    const { mean, sd } = sampleScale(values);
    for (const [i, p] of profiles.entries()) {
      const v = placeValue(p, m);
      if (v !== undefined) z[i * d + j] = (v.mean - mean) / sd;
    }
  }
  return z;
}

/** Each measure in a few words, for notes ("compared on disadvantage, EAL, SEN"). */
export const PROFILE_MEASURE_WORDS: Readonly<Record<ProfileMeasure, string>> = {
  disadvantage: "disadvantage",
  eal: "EAL",
  sen: "SEN",
  ks2Attainment: "KS2 attainment",
  ks4Attainment: "KS4 attainment",
  overallAbsence: "overall absence",
  persistentAbsence: "persistent absence",
};

/**
 * Measures in words, joined as a sentence would join them.
 *
 * @example
 * measureWords(["disadvantage", "eal", "sen"], "or"); // => "disadvantage, EAL or SEN"
 */
export function measureWords(measures: readonly string[], last = "and"): string {
  const w = measures.map((m) => (PROFILE_MEASURE_WORDS as Readonly<Record<string, string>>)[m] ?? m);
  return w.length < 2 ? (w[0] ?? "") : `${w.slice(0, -1).join(", ")} ${last} ${w.at(-1)}`;
}

/**
 * Each place's most similar places on its profile: each measure z-scored across the places that have it, and the
 * distance between two places the root mean square of their z-score differences over the measures both have
 * (said in each result's `measures`); the k nearest, by default only places whose main local authority is another,
 * ties to the earlier place. A place with none of the measures, or that shares none with any other place, gets no list
 * and a `note` saying why. When every place has every measure, a k-d tree finds the nearest (O(p log p)); otherwise
 * every pair is compared (O(p² × measures)).
 *
 * @example
 * const { clusters } = neighbourhoodClusters(schools);
 * const [first] = similarPlaces(clusters.map((c) => clusterProfile(c, schools)), { k: 2 });
 * first.similar.map((p) => [p.id, p.distance]);
 * // => [["Stockport-06", ~0.11], ["Trafford-06", ~0.18]]
 */
export function similarPlaces(profiles: readonly PlaceProfile[], options: SimilarPlacesOptions = {}): SimilarPlaces[] {
  const k = options.k ?? SIMILAR_PLACES_K;
  if (!(Number.isInteger(k) && k >= 1))
    throw new ArgumentError("similarPlaces", `must be a whole number ≥ 1, not ${k}`, "k");
  const known = [...PROFILE_MEASURES, ...extraNames(profiles)];
  for (const m of options.measures ?? [])
    if (!known.includes(m))
      throw new ArgumentError("similarPlaces", `must be among ${known.join(", ")}, not '${m}'`, "measures");
  const measures = measuresToCompare(profiles, options.measures);
  const d = measures.length;
  const z = zScores(profiles, measures);
  const elsewhere = options.elsewhere ?? true;
  // When every place has every measure (the usual case), a k-d tree finds the nearest; else every pair is compared.
  const tree = d > 0 && !z.some(Number.isNaN) ? buildKdTree(z, d) : undefined;
  // Each place's main authority as a number (−1 for none), so the loop over pairs compares numbers.
  const laIds = new Map<string, number>();
  const laOf = Int32Array.from(profiles, (p) => {
    const la = p.las[0];
    if (la === undefined) return -1;
    if (!laIds.has(la)) laIds.set(la, laIds.size);
    return laIds.get(la) as number;
  });
  return profiles.map((p, i) => {
    const own = measures.filter((_, j) => !Number.isNaN(z[i * d + j] as number));
    if (own.length === 0)
      return {
        id: p.id,
        measures: own,
        similar: [],
        note: `no ${d === 0 ? "measure" : measureWords(measures, "or")} in its profile: nothing to compare it on`,
      };
    const allowed = (q: number) => q !== i && (!elsewhere || (laOf[q] as number) < 0 || laOf[q] !== laOf[i]);
    const best = tree ? nearestInTree(tree, z, d, i, k, allowed) : nearest(z, d, i, k, allowed, profiles.length);
    const similar = best.map(({ at, distance }) => {
      const q = profiles[at] as PlaceProfile;
      return { id: q.id, distance, measures: own.filter((m) => placeValue(q, m) !== undefined) };
    });
    return similar.length > 0
      ? { id: p.id, measures: own, similar }
      : {
          id: p.id,
          measures: own,
          similar,
          note: `no place${elsewhere ? " in another local authority" : ""} has ${measureWords(own, "or")} to compare it with`,
        };
  });
}

/** As {@link nearest}, when every place has every measure: the k-d tree's nearest, asking for more until k are allowed. */
function nearestInTree(
  tree: KdTree,
  z: Float64Array,
  d: number,
  i: number,
  k: number,
  allowed: (q: number) => boolean,
): { at: number; distance: number }[] {
  const n = z.length / d;
  let want = Math.min(n - 1, k * 4);
  for (;;) {
    const idx = new Int32Array(Math.max(1, want));
    const dist = new Float64Array(Math.max(1, want));
    const found = kNearest(tree, z, i * d, want, idx, dist, i);
    const out: { at: number; distance: number }[] = [];
    for (let r = 0; r < found && out.length < k; r++)
      if (allowed(idx[r] as number)) out.push({ at: idx[r] as number, distance: Math.sqrt((dist[r] as number) / d) });
    if (out.length >= k || want >= n - 1) return out;
    want = Math.min(n - 1, want * 2);
  }
}

/**
 * The k places nearest place i that `allowed` lets in (ascending distance, ties to the earlier place): the distance the
 * root mean square of z differences over the measures both have (NaN marks a missing one); none shared, no distance.
 */
function nearest(
  z: Float64Array,
  d: number,
  i: number,
  k: number,
  allowed: (q: number) => boolean,
  n: number,
): { at: number; distance: number }[] {
  const at = new Int32Array(k);
  const dist = new Float64Array(k);
  let got = 0;
  const before = (q: number, dq: number, r: number) =>
    dq < (dist[r] as number) || (dq === dist[r] && q < (at[r] as number));
  for (let q = 0; q < n; q++) {
    let sum = 0;
    let shared = 0;
    for (let j = 0; j < d; j++) {
      const diff = (z[i * d + j] as number) - (z[q * d + j] as number);
      if (!Number.isNaN(diff)) {
        sum += diff * diff;
        shared++;
      }
    }
    if (shared === 0) continue;
    const dq = Math.sqrt(sum / shared);
    if (got === k && !before(q, dq, k - 1)) continue;
    if (!allowed(q)) continue;
    let pos = got < k ? got++ : k - 1;
    while (pos > 0 && before(q, dq, pos - 1)) {
      at[pos] = at[pos - 1] as number;
      dist[pos] = dist[pos - 1] as number;
      pos--;
    }
    at[pos] = q;
    dist[pos] = dq;
  }
  return Array.from({ length: got }, (_, r) => ({ at: at[r] as number, distance: dist[r] as number }));
}
