import { buildKdTree, kNearest } from "../internal/kdtree.js";
import type { School } from "../panel/panel.js";
import type { SchoolYear } from "../schema.js";
import { describeSchools, type ContextField, type FeatureOptions } from "./features.js";

/** Options for {@link comparisonGroups}. */
export interface ComparisonGroupsOptions extends FeatureOptions {
  /** How many similar schools each school gets. Default 50 (Ofsted and the DfE's 2026 model; the EEF's database also used 50). */
  k?: number;
}

/** One school's own comparison group. */
export interface ComparisonGroup {
  urn: string;
  /** The partition (phase) searched. */
  key: string;
  /** The most similar schools, nearest first (ties by URN). */
  neighbours: string[];
  /** Their distances, in the standardised weighted feature space, parallel to `neighbours`. */
  distances: number[];
}

/** The result of {@link comparisonGroups}. */
export interface ComparisonGroups {
  kind: "neighbours";
  features: { name: ContextField; weight: number }[];
  standardise: "z" | "rank";
  k: number;
  /** Ascending by URN. */
  groups: ComparisonGroup[];
  unassigned: { urn: string; reason: string }[];
}

/**
 * Gives each school its own group of the `k` most similar schools (default 50) in the same phase, on the same
 * features, weights and standardisation as {@link groupFamilies}: the EEF's and Ofsted's "similar schools"
 * model, where every school is the centre of its own group. Uses a k-d tree: O(n log n) to build and about
 * O(log n + k) a school to search, not O(n²). A phase with k or fewer other schools gives each school all of them.
 *
 * @param schools - Schools from {@link panel}, or school-year records. Not mutated.
 * @param options - See {@link ComparisonGroupsOptions}.
 * @returns A {@link ComparisonGroups}.
 * @throws {RangeError} for a `k` that is not a whole number ≥ 1.
 * @example
 * comparisonGroups(records, { k: 5 }).groups[0].neighbours.length;
 * // => 5
 */
export function comparisonGroups(schools: readonly School[] | readonly SchoolYear[], options: ComparisonGroupsOptions = {}): ComparisonGroups {
  const k = options.k ?? 50;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`comparisonGroups: k must be a whole number ≥ 1, not ${k}`);
  const set = describeSchools("comparisonGroups", schools, options);
  const d = set.features.length;
  const groups: ComparisonGroup[] = [];
  for (const part of set.partitions) {
    const n = part.points.length;
    const tree = buildKdTree(part.coords, d);
    const want = Math.min(k, n - 1);
    const idx = new Int32Array(Math.max(want, 1));
    const dist = new Float64Array(Math.max(want, 1));
    for (let i = 0; i < n; i++) {
      const found = want > 0 ? kNearest(tree, part.coords, i * d, want, idx, dist, i) : 0;
      const neighbours = new Array<string>(found);
      const distances = new Array<number>(found);
      for (let r = 0; r < found; r++) {
        neighbours[r] = part.points[idx[r] as number]?.urn as string;
        distances[r] = Math.sqrt(dist[r] as number);
      }
      groups.push({ urn: part.points[i]?.urn as string, key: part.key, neighbours, distances });
    }
  }
  groups.sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
  return { kind: "neighbours", features: set.features, standardise: set.standardise, k, groups, unassigned: set.unassigned };
}
