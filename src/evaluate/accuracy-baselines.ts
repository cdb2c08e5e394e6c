// Other ways of grouping the same schools, scored by the same leave-one-out accuracy: what a grouping is worth
// against unconstrained k-means, the London-style ranking, the 50 nearest (EEF, DfE/Ofsted), the DfE's
// financial-benchmarking comparators, and random families of the same sizes (the floor).
import { max, min } from "simple-statistics";
import type { GroupedSchool, Grouping } from "../group/families.js";
import { kMeans } from "../group/kmeans.js";
import { buildKdTree, kNearest } from "../internal/kdtree.js";
import { shuffledCopy } from "../internal/random.js";
import type { School } from "../panel/panel.js";
import {
  type Accuracy,
  type AccuracyMeasure,
  accuracyOf,
  familyPredictions,
  measureValues,
  neighbourPredictions,
} from "./accuracy.js";
import { crowdNote, emptyNote, financialNote, sizesOf } from "./accuracy-notes.js";
import { outcomeSigns, sortAndChop } from "./baselines.js";

/** Options for {@link accuracyBaselines}. */
export interface AccuracyBaselinesOptions {
  measure?: AccuracyMeasure;
  year?: number;
  /** Seed for k-means++ and the random families. Default 1. */
  seed?: number;
}

/** The accuracy of each baseline on the same schools (see {@link accuracyBaselines}). */
export interface AccuracyBaselines {
  /** Unconstrained k-means (k-means++ seeds), the same number of families per partition: sizes free. */
  kMeans: Accuracy;
  /**
   * Sort on the weighted composite and chop into families of even size (the London-style ranking), each feature
   * signed by its correlation with the measure within the partition (`outcomeSigns`): ranked on need.
   */
  sortAndChop: Accuracy;
  /** Each school's 50 nearest in the same space (the EEF's and the DfE/Ofsted model). */
  nearest50: Accuracy;
  /**
   * The DfE's financial-benchmarking comparators: each school's 30 nearest by a range-scaled weighted distance on
   * pupils (the record's `cohort`, the only size the results files give) 0.5, disadvantage 0.4 and SEN 0.1.
   * Schools without all three are left out of it.
   */
  financial: Accuracy;
  /** Random families of the grouping's own sizes, per partition (the floor). */
  random: Accuracy;
}

/** Groups from labels: each label's list of URNs. */
function groupsOf(points: readonly GroupedSchool[], labels: Int32Array): string[][] {
  const out = new Map<number, string[]>();
  for (const [i, p] of points.entries()) {
    const list = out.get(labels[i] as number);
    if (list) list.push(p.urn);
    else out.set(labels[i] as number, [p.urn]);
  }
  return [...out.values()];
}

/** Each point's `k` nearest others in a flat array of coordinates, as comparison groups. */
function nearest(coords: Float64Array, d: number, urns: readonly string[], k: number) {
  const tree = buildKdTree(coords, d);
  const want = Math.min(k, urns.length - 1);
  const idx = new Int32Array(Math.max(1, want));
  const dist = new Float64Array(Math.max(1, want));
  return urns.map((urn, i) => {
    const found = kNearest(tree, coords, i * d, want, idx, dist, i);
    return { urn, neighbours: Array.from(idx.subarray(0, found), (j) => urns[j] as string) };
  });
}

/** The financial-benchmarking space: pupils, disadvantage and SEN, range-scaled, weighted 0.5, 0.4 and 0.1. */
function financialSpace(
  points: readonly GroupedSchool[],
  records: ReadonlyMap<string, School>,
): { coords: Float64Array; urns: string[] } {
  const rows: { urn: string; v: number[] }[] = [];
  for (const p of points) {
    const r = records.get(p.urn)?.years.find((y) => y.year === p.year);
    const v = [r?.cohort, r?.disadvantage, r?.sen];
    if (v.every((x) => x !== undefined)) rows.push({ urn: p.urn, v: v as number[] });
  }
  const weights = [0.5, 0.4, 0.1];
  const coords = new Float64Array(rows.length * 3);
  for (let j = 0; j < 3; j++) {
    const col = rows.map((r) => r.v[j] as number);
    // simple-statistics' min and max loop (a spread of a partition's values could overflow the call stack).
    const lo = col.length > 0 ? min(col) : 0;
    const range = (col.length > 0 ? max(col) : 0) - lo || 1;
    for (const [i, r] of rows.entries())
      coords[i * 3 + j] = (((r.v[j] as number) - lo) / range) * Math.sqrt(weights[j] as number);
  }
  return { coords, urns: rows.map((r) => r.urn) };
}

/** Random families of the given sizes from the points (a seeded shuffle, chopped). */
function randomFamilies(points: readonly GroupedSchool[], sizes: readonly number[], seed: number): string[][] {
  const urns = shuffledCopy(
    points.map((p) => p.urn),
    seed,
  );
  const out: string[][] = [];
  let at = 0;
  for (const size of sizes) {
    out.push(urns.slice(at, at + size));
    at += size;
  }
  return out;
}

/**
 * The leave-one-out accuracy (as {@link groupingAccuracy}) of five other ways of grouping the grouping's own schools,
 * partition by partition, in its own feature space: unconstrained k-means and sort-and-chop with the same number of
 * families (sort-and-chop on a composite signed by each feature's correlation with the measure), the 50 nearest, the
 * financial-benchmarking comparators (30 nearest on pupils, disadvantage and SEN) and random families of the same
 * sizes. O(n log n) for the neighbours, plus k-means.
 */
export function accuracyBaselines(
  grouping: Grouping,
  schools: readonly School[],
  options: AccuracyBaselinesOptions = {},
): AccuracyBaselines {
  const measured = measureValues(schools, options.measure ?? "attainment", options.year);
  const { values } = measured;
  const seed = options.seed ?? 1;
  const records = new Map(schools.map((s) => [s.urn, s]));
  const d = grouping.features.length;
  const partitionOf = new Map(grouping.families.map((f) => [f.id, f.partition]));
  const parts = new Map<string, GroupedSchool[]>();
  for (const s of grouping.schools) {
    const key = partitionOf.get(s.family) as string;
    const list = parts.get(key);
    if (list) list.push(s);
    else parts.set(key, [s]);
  }
  const collect = {
    kMeans: [] as string[][],
    sortAndChop: [] as string[][],
    random: [] as string[][],
    nearest50: [] as { urn: string; neighbours: string[] }[],
    financial: [] as { urn: string; neighbours: string[] }[],
  };
  for (const [key, points] of parts) {
    const sizes = grouping.families.filter((f) => f.partition === key).map((f) => f.size);
    const coords = Float64Array.from(points.flatMap((p) => p.coordinates));
    collect.kMeans.push(...groupsOf(points, kMeans(coords, d, sizes.length, seed).labels));
    const signs = outcomeSigns(
      coords,
      grouping.features.map((f) => f.name),
      points.map((p) => values.get(p.urn)),
    );
    collect.sortAndChop.push(...groupsOf(points, sortAndChop(coords, d, sizes.length, signs)));
    collect.random.push(...randomFamilies(points, sizes, seed));
    collect.nearest50.push(
      ...nearest(
        coords,
        d,
        points.map((p) => p.urn),
        50,
      ),
    );
    const fin = financialSpace(points, records);
    collect.financial.push(...nearest(fin.coords, 3, fin.urns, 30));
  }
  const year = options.year ?? measured.year;
  const measure = options.measure ?? "attainment";
  /** The accuracy, with the reason where no school was scored (or `why`, where given). */
  const score = (p: { actual: number[]; predicted: number[] }, kind: "families" | "neighbours", why?: string) => {
    const a = accuracyOf(p.actual, p.predicted);
    const note = a.n === 0 ? (why ?? emptyNote(values, measure, year, kind)) : why;
    return note === undefined ? a : { ...a, note };
  };
  const crowd = crowdNote(sizesOf(grouping.schools.map((s) => partitionOf.get(s.family) as string)), 50);
  const financial = neighbourPredictions(collect.financial, values);
  const noFinancial =
    financial.actual.length === 0 && values.size > 0 ? financialNote(grouping.schools, records) : undefined;
  return {
    kMeans: score(familyPredictions(collect.kMeans, values), "families"),
    sortAndChop: score(familyPredictions(collect.sortAndChop, values), "families"),
    nearest50: score(neighbourPredictions(collect.nearest50, values), "neighbours", crowd),
    financial: score(financial, "neighbours", noFinancial),
    random: score(familyPredictions(collect.random, values), "families"),
  };
}
