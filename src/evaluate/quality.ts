import { mean, standardDeviation } from "simple-statistics";
import { ArgumentError } from "../errors.js";
import type { ContextField } from "../features/features.js";
import type { GroupedSchool, Grouping } from "../group/families.js";
import { kMeans } from "../group/kmeans.js";
import { centroidsOf } from "../internal/geometry.js";
import { byUrn } from "../internal/order.js";
import { needSigns, sortAndChop } from "./baselines.js";

/** Options for {@link groupingQuality}. */
export interface GroupingQualityOptions {
  /** Also group the same schools by the two baselines, for comparison. Default `true`. */
  baselines?: boolean;
  /** Seed for the k-means baseline's k-means++ start. Default 1. */
  seed?: number;
}

/** A baseline's result on the same schools with the same number of families. */
export interface BaselineQuality {
  sse: number;
  /** This grouping's SSE divided by the baseline's: below 1 means tighter than the baseline. */
  ratio: number;
  smallest: number;
  largest: number;
}

/** The result of {@link groupingQuality}. */
export interface GroupingQuality {
  /** Total squared distance of schools to their family centroid, in the standardised weighted space. */
  sse: number;
  meanDistance: number;
  sizes: { smallest: number; largest: number; mean: number; counts: Record<string, number> };
  families: { id: string; size: number; sse: number; meanDistance: number; maxDistance: number }[];
  /** Schools far from their family's centroid: more than the mean plus two standard deviations of all schools' distances. */
  outliers: { urn: string; family: string; distance: number }[];
  outlierThreshold: number;
  baselines?: { sortAndChop: BaselineQuality; kMeans: BaselineQuality };
}

/** The distance beyond which a school counts as an outlier: the mean plus two standard deviations of all distances. */
function outlierThreshold(distances: readonly number[]): number {
  return distances.length > 1 ? mean(distances as number[]) + 2 * standardDeviation(distances as number[]) : Infinity;
}

/** Each family's centroid in the standardised space, in one pass. */
function centres(grouping: Grouping): Map<string, number[]> {
  const d = grouping.features.length;
  const sums = new Map<string, { sum: number[]; n: number }>();
  for (const s of grouping.schools) {
    let acc = sums.get(s.family);
    if (!acc) {
      acc = { sum: new Array<number>(d).fill(0), n: 0 };
      sums.set(s.family, acc);
    }
    for (let j = 0; j < d; j++) acc.sum[j] = (acc.sum[j] as number) + (s.coordinates[j] as number);
    acc.n++;
  }
  return new Map([...sums].map(([id, { sum, n }]) => [id, sum.map((v) => v / n)]));
}

function byKey(schools: readonly GroupedSchool[], grouping: Grouping): Map<string, GroupedSchool[]> {
  const keyOf = new Map(grouping.families.map((f) => [f.id, f.partition]));
  const out = new Map<string, GroupedSchool[]>();
  for (const s of schools) {
    const key = keyOf.get(s.family) ?? "";
    const list = out.get(key);
    if (list) list.push(s);
    else out.set(key, [s]);
  }
  return out;
}

/**
 * How tight a grouping is: SSE, distances, sizes, per-family spread and outliers (schools far from their
 * family's centre, as Birmingham's booklets listed them), and the same figures for two baselines on the same
 * schools with the same number of families per phase: sort-and-chop on the weighted composite signed by need
 * (prior attainment minus disadvantage, EAL, SEN, mobility and absence: the London-style ranking) and unconstrained k-means (Lloyd, k-means++ start). O(n log n) plus the baselines' cost
 * (k-means: O(n·k) to seed, O(n log k) an iteration).
 *
 * @param grouping - From {@link groupFamilies} (not mutated).
 * @param options - See {@link GroupingQualityOptions}.
 * @returns A {@link GroupingQuality}.
 * @example
 * // Below 1: tighter than sort-and-chop into as many families.
 * groupingQuality(grouping).baselines?.sortAndChop.ratio;
 * // => ~0.16
 */
export function groupingQuality(grouping: Grouping, options: GroupingQualityOptions = {}): GroupingQuality {
  const distances = grouping.schools.map((s) => s.distance);
  const perFamily = new Map<string, number[]>();
  for (const s of grouping.schools) {
    const list = perFamily.get(s.family);
    if (list) list.push(s.distance);
    else perFamily.set(s.family, [s.distance]);
  }
  const families = grouping.families.map((f) => {
    const ds = perFamily.get(f.id) ?? [];
    return {
      id: f.id,
      size: f.size,
      sse: ds.reduce((s, x) => s + x * x, 0),
      meanDistance: ds.length ? mean(ds) : 0,
      maxDistance: ds.length ? Math.max(...ds) : 0,
    };
  });
  const sse = families.reduce((s, f) => s + f.sse, 0);
  const threshold = outlierThreshold(distances);
  const outliers = grouping.schools
    .filter((s) => s.distance > threshold)
    .map((s) => ({ urn: s.urn, family: s.family, distance: s.distance }))
    .sort((a, b) => b.distance - a.distance || byUrn(a, b));
  const sizes = grouping.families.map((f) => f.size);
  const counts: Record<string, number> = {};
  for (const s of [...sizes].sort((a, b) => a - b)) counts[String(s)] = (counts[String(s)] ?? 0) + 1;
  const result: GroupingQuality = {
    sse,
    meanDistance: distances.length ? mean(distances) : 0,
    sizes: {
      smallest: sizes.length ? Math.min(...sizes) : 0,
      largest: sizes.length ? Math.max(...sizes) : 0,
      mean: sizes.length ? mean(sizes) : 0,
      counts,
    },
    families,
    outliers,
    outlierThreshold: threshold,
  };
  if (options.baselines ?? true) result.baselines = baselines(grouping, sse, options.seed ?? 1);
  return result;
}

function baselines(
  grouping: Grouping,
  sse: number,
  seed: number,
): { sortAndChop: BaselineQuality; kMeans: BaselineQuality } {
  const d = grouping.features.length;
  const signs = needSigns(grouping.features.map((f) => f.name));
  let chopSse = 0;
  let kmSse = 0;
  const chopSizes: number[] = [];
  const kmSizes: number[] = [];
  for (const [key, schools] of byKey(grouping.schools, grouping)) {
    const k = grouping.families.filter((f) => f.partition === key).length;
    const sorted = [...schools].sort(byUrn);
    const coords = new Float64Array(sorted.length * d);
    for (const [i, s] of sorted.entries()) coords.set(s.coordinates, i * d);
    const chop = centroidsOf(coords, d, sortAndChop(coords, d, k, signs), k);
    chopSse += chop.sse;
    chopSizes.push(...chop.sizes);
    const km = kMeans(coords, d, k, seed);
    const kmc = centroidsOf(coords, d, km.labels, k);
    kmSse += kmc.sse;
    kmSizes.push(...kmc.sizes);
  }
  const summary = (base: number, s: number[]): BaselineQuality => ({
    sse: base,
    ratio: base > 0 ? sse / base : sse === 0 ? 1 : Infinity,
    smallest: s.length ? Math.min(...s) : 0,
    largest: s.length ? Math.max(...s) : 0,
  });
  return { sortAndChop: summary(chopSse, chopSizes), kMeans: summary(kmSse, kmSizes) };
}

/** The result of {@link explainFamily}. */
export interface FamilyExplanation {
  urn: string;
  family: string;
  /** Each feature: the school's value and its family's mean (data units), and both standardised (weighted) coordinates. */
  features: { name: ContextField; value: number; familyMean: number; coordinate: number; familyCoordinate: number }[];
  /** Distance to the family centroid, and where that stands among the members (1 = nearest the centre). */
  distance: number;
  rank: number;
  outlier: boolean;
  /** The members nearest this school, nearest first. */
  nearestMembers: { urn: string; distance: number }[];
  /** The nearest other family in the same phase, and how far its centroid is. */
  nextFamily?: { id: string; distance: number };
}

/**
 * Why a school is in its family: its features against the family's, its nearest fellow members, how it ranks
 * by distance from the centre, and how far the next family is. O(n) over the grouping.
 *
 * @param grouping - From {@link groupFamilies}.
 * @param urn - The school.
 * @returns A {@link FamilyExplanation}.
 * @throws {RangeError} when the school is not in the grouping (the message says if it is unassigned, and why).
 * @example
 * explainFamily(grouping, grouping.schools[0].urn).family === grouping.schools[0].family;
 * // => true
 */
export function explainFamily(grouping: Grouping, urn: string): FamilyExplanation {
  const school = grouping.schools.find((s) => s.urn === urn);
  if (!school) {
    const un = grouping.unassigned.find((u) => u.urn === urn);
    throw new ArgumentError(
      "explainFamily",
      un ? `school ${urn} is not in a family: ${un.reason}` : `no school ${urn} in this grouping`,
    );
  }
  const family = grouping.families.find((f) => f.id === school.family);
  const members = grouping.schools.filter((s) => s.family === school.family);
  const centroids = centres(grouping);
  const own = centroids.get(school.family) ?? school.coordinates;
  const dist = (a: readonly number[], b: readonly number[]): number =>
    Math.sqrt(a.reduce((s, v, j) => s + (v - (b[j] as number)) ** 2, 0));
  const nearestMembers = members
    .filter((s) => s.urn !== urn)
    .map((s) => ({ urn: s.urn, distance: dist(s.coordinates, school.coordinates) }))
    .sort((a, b) => a.distance - b.distance || byUrn(a, b))
    .slice(0, 5);
  const byDistance = [...members].sort((a, b) => a.distance - b.distance || byUrn(a, b));
  let nextFamily: { id: string; distance: number } | undefined;
  for (const f of grouping.families) {
    if (f.id === school.family || f.partition !== family?.partition) continue;
    const dd = dist(centroids.get(f.id) ?? [], school.coordinates);
    if (!nextFamily || dd < nextFamily.distance) nextFamily = { id: f.id, distance: dd };
  }
  const threshold = outlierThreshold(grouping.schools.map((s) => s.distance));
  return {
    urn,
    family: school.family,
    features: grouping.features.map((f, j) => ({
      name: f.name,
      value: school.values[f.name] as number,
      familyMean: family?.centroid[f.name] as number,
      coordinate: school.coordinates[j] as number,
      familyCoordinate: own[j] as number,
    })),
    distance: school.distance,
    rank: byDistance.findIndex((s) => s.urn === urn) + 1,
    outlier: school.distance > threshold,
    nearestMembers,
    ...(nextFamily ? { nextFamily } : {}),
  };
}
