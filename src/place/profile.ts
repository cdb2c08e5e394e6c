// A place's shared profile: its schools' context and outcomes, weighted by pupils, with the uncertainty small
// numbers bring; and the places elsewhere most like it, to learn from.
import { ArgumentError } from "../errors.js";
import { buildKdTree, kNearest } from "../internal/kdtree.js";
import type { School } from "../panel/panel.js";
import type { SchoolYear } from "../schema.js";
import type { NeighbourhoodCluster } from "./clusters.js";

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
  schools: number;
  pupils: number;
}

/** A place's profile (see {@link clusterProfile}). */
export interface PlaceProfile {
  id: string;
  schools: number;
  pupils: number;
  /** Local authorities of its schools, most schools first. */
  las: string[];
  measures: Partial<Record<ProfileMeasure, ProfileValue>>;
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
 * schools (over the effective number of schools, (Σw)²/Σw²), and how many schools and pupils it rests on. O(members).
 */
export function clusterProfile(
  cluster: Pick<NeighbourhoodCluster, "id" | "members">,
  schools: readonly School[] | ReadonlyMap<string, School>,
): PlaceProfile {
  const byUrn = schools instanceof Map ? schools : new Map((schools as readonly School[]).map((s) => [s.urn, s]));
  const members = cluster.members.flatMap((u) => (byUrn.has(u) ? [byUrn.get(u) as School] : []));
  const laCount = new Map<string, number>();
  for (const s of members) if (s.la !== undefined) laCount.set(s.la, (laCount.get(s.la) ?? 0) + 1);
  const measures: Partial<Record<ProfileMeasure, ProfileValue>> = {};
  for (const m of PROFILE_MEASURES) {
    let w = 0;
    let wx = 0;
    let w2 = 0;
    const rows: { v: number; w: number }[] = [];
    for (const s of members) {
      const v = measureOf(s, m);
      if (!v) continue;
      const weight = weightOf(s);
      rows.push({ v: v.value, w: weight });
      w += weight;
      wx += weight * v.value;
      w2 += weight * weight;
    }
    if (rows.length === 0) continue;
    const mean = wx / w;
    const nEff = (w * w) / w2;
    const variance = rows.length > 1 ? rows.reduce((t, r) => t + r.w * (r.v - mean) ** 2, 0) / w : undefined;
    measures[m] = {
      mean,
      ...(variance === undefined ? {} : { se: Math.sqrt(variance / Math.max(1, nEff - 1)) }),
      schools: rows.length,
      pupils: w,
    };
  }
  return {
    id: cluster.id,
    schools: members.length,
    pupils: members.reduce((t, s) => t + weightOf(s), 0),
    las: [...laCount].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([la]) => la),
    measures,
  };
}

/** Options for {@link similarPlaces}. */
export interface SimilarPlacesOptions {
  /** How many similar places each place gets. Default 5. */
  k?: number;
  /** The measures to compare on. Default disadvantage, EAL and SEN (context, not outcomes). */
  measures?: readonly ProfileMeasure[];
  /** Only places whose main local authority differs ("elsewhere"). Default `true`. */
  elsewhere?: boolean;
}

/** A place's most similar places. */
export interface SimilarPlaces {
  id: string;
  similar: { id: string; distance: number }[];
}

/**
 * Each place's most similar places on its profile: the measures z-scored across the places, Euclidean distance,
 * the k nearest (by default only places whose main local authority is another). Places missing a measure are
 * compared on the others (their z-score taken as 0). A k-d tree over the places: O(p log p).
 */
export function similarPlaces(profiles: readonly PlaceProfile[], options: SimilarPlacesOptions = {}): SimilarPlaces[] {
  const k = options.k ?? 5;
  if (!(Number.isInteger(k) && k >= 1))
    throw new ArgumentError("similarPlaces", `must be a whole number ≥ 1, not ${k}`, "k");
  const measures = options.measures ?? ["disadvantage", "eal", "sen"];
  const d = measures.length;
  const coords = new Float64Array(profiles.length * d);
  for (const [j, m] of measures.entries()) {
    const values = profiles.flatMap((p) => (p.measures[m] === undefined ? [] : [(p.measures[m] as ProfileValue).mean]));
    const mean = values.reduce((t, v) => t + v, 0) / Math.max(1, values.length);
    const sd = Math.sqrt(values.reduce((t, v) => t + (v - mean) ** 2, 0) / Math.max(1, values.length - 1)) || 1;
    for (const [i, p] of profiles.entries())
      coords[i * d + j] = p.measures[m] === undefined ? 0 : ((p.measures[m] as ProfileValue).mean - mean) / sd;
  }
  const tree = buildKdTree(coords, d);
  const elsewhere = options.elsewhere ?? true;
  return profiles.map((p, i) => {
    // Enough candidates that k remain after dropping the same authority's places.
    let want = Math.min(profiles.length - 1, k * 4);
    for (;;) {
      const idx = new Int32Array(Math.max(1, want));
      const dist = new Float64Array(Math.max(1, want));
      const found = kNearest(tree, coords, i * d, want, idx, dist, i);
      const similar: { id: string; distance: number }[] = [];
      for (let r = 0; r < found && similar.length < k; r++) {
        const q = profiles[idx[r] as number] as PlaceProfile;
        if (elsewhere && q.las[0] !== undefined && q.las[0] === p.las[0]) continue;
        similar.push({ id: q.id, distance: Math.sqrt(dist[r] as number) });
      }
      if (similar.length >= k || want >= profiles.length - 1) return { id: p.id, similar };
      want = Math.min(profiles.length - 1, want * 2);
    }
  });
}
