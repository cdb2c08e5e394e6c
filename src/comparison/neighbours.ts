import { ArgumentError, checkOptions } from "../errors.js";
import { type ContextField, describeSchools, type FeatureOptions } from "../group/features.js";
import { dist2 } from "../internal/geometry.js";
import { buildKdTree, kNearest } from "../internal/kdtree.js";
import { byUrn } from "../internal/order.js";
import type { School } from "../panel/panel.js";
import { reciprocate } from "./reciprocity.js";

/** How many similar schools comparisonGroups gives each school unless told otherwise: the EEF's 50. */
export const NEIGHBOURS_K = 50;

/**
 * Schools at exactly the same point (common: the DfE publishes disadvantage in whole percentages and prior
 * attainment to one decimal) collapsed into one location each, so the search runs once per location.
 * Members of a location are in ascending index (URN) order.
 */
function collapse(
  coords: Float64Array,
  d: number,
  n: number,
): { coords: Float64Array; first: Int32Array; count: Int32Array; members: Int32Array } {
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    for (let j = 0; j < d; j++) {
      const diff = (coords[a * d + j] as number) - (coords[b * d + j] as number);
      if (diff !== 0) return diff;
    }
    return a - b;
  });
  const members = Int32Array.from(order);
  const firsts: number[] = [];
  for (let r = 0; r < n; r++) {
    const i = order[r] as number;
    const prev = r > 0 ? (order[r - 1] as number) : -1;
    let same = prev >= 0;
    for (let j = 0; j < d && same; j++) same = coords[i * d + j] === coords[prev * d + j];
    if (!same) firsts.push(r);
  }
  const u = firsts.length;
  const first = Int32Array.from(firsts);
  const count = new Int32Array(u);
  const unique = new Float64Array(u * d);
  for (let l = 0; l < u; l++) {
    count[l] = (l + 1 < u ? (first[l + 1] as number) : n) - (first[l] as number);
    const i = members[first[l] as number] as number;
    for (let j = 0; j < d; j++) unique[l * d + j] = coords[i * d + j] as number;
  }
  return { coords: unique, first, count, members };
}

/** A school alone in its partition: nothing to compare it with, so listed with the reason, not given an empty group. */
function aloneIn(
  part: { key: string; points: readonly { urn: string }[] },
  by: ComparisonGroupsOptions["by"],
): { urn: string; reason: string } {
  const within = (by ?? "phase") === "phase" ? `of its phase (${part.key})` : `in its group (${part.key})`;
  return { urn: (part.points[0] as { urn: string }).urn, reason: `no other school ${within} to compare it with` };
}

/** Options for {@link comparisonGroups}. */
export interface ComparisonGroupsOptions extends FeatureOptions {
  /** How many similar schools each school gets. Default 50 (Ofsted and the DfE's 2026 model; the EEF's database also used 50). */
  k?: number;
  /**
   * Make every link mutual: a school is added to the group of each school in its own group that lacks it (so a
   * group may hold more than k, nearest first). Default `false`: each school's own k nearest, with `mutual` saying
   * which of them have it in theirs.
   */
  symmetric?: boolean;
}

/** One school's own comparison group. */
export interface ComparisonGroup {
  urn: string;
  /** The partition searched: the phase by default (see {@link Family.partition}). */
  partition: string;
  /** The most similar schools, nearest first (ties by URN). */
  neighbours: string[];
  /** Their distances, in the standardised weighted feature space, parallel to `neighbours`. */
  distances: number[];
  /** Whether each neighbour has this school in its own group too, parallel to `neighbours`. */
  mutual: boolean[];
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
 * model, where every school is the centre of its own group. Schools at exactly the same point are collapsed
 * first, then a k-d tree over the distinct points is searched once per point: O(n log n) to build and about
 * O(log n + k log k) a search, not O(n²). A phase with k or fewer other schools gives each school all of them; a
 * school alone in its phase has no group and is listed in `unassigned` with the reason.
 *
 * @param schools - Schools from {@link panel} (records are refused). Not mutated.
 * @param options - See {@link ComparisonGroupsOptions}.
 * @returns A {@link ComparisonGroups}.
 * @throws {RangeError} for a `k` that is not a whole number ≥ 1.
 * @throws {FamiliesError} (code `invalid-record`) for a feature value that is NaN or ±Infinity.
 * @example
 * comparisonGroups(panel(records).schools, { k: 5 }).groups[0].neighbours.length;
 * // => 5
 */
export function comparisonGroups(schools: readonly School[], options: ComparisonGroupsOptions = {}): ComparisonGroups {
  checkOptions("comparisonGroups", options);
  const k = options.k ?? NEIGHBOURS_K;
  if (!Number.isInteger(k) || k < 1)
    throw new ArgumentError("comparisonGroups", `must be a whole number ≥ 1, not ${k}`, "k");
  const set = describeSchools("comparisonGroups", schools, options);
  const d = set.features.length;
  const groups: ComparisonGroup[] = [];
  const alone = set.partitions.filter((p) => p.points.length === 1).map((p) => aloneIn(p, options.by));
  for (const part of set.partitions.filter((p) => p.points.length > 1)) {
    const n = part.points.length;
    const want = Math.min(k, n - 1);
    const urns = part.points.map((p) => p.urn);
    const { coords: unique, first, count, members } = collapse(part.coords, d, n);
    const u = count.length;
    const tree = buildKdTree(unique, d);
    // Each school's group as indices, for reciprocity: its neighbours, and its last one with its squared distance.
    const bySchool = new Array<ComparisonGroup>(n);
    const links = new Int32Array(n * want);
    const sizes = new Int32Array(n);
    const lastD2 = new Float64Array(n);
    const lastIdx = new Int32Array(n);
    const locOf = new Int32Array(n);
    // The first search takes one location more than `want` others need (itself, `want` others, one spare): when
    // the spare lies farther than the last school needed, nothing can tie with it and no second search is needed.
    const opening = Math.min(u, want + 2);
    let cap = opening;
    let idx = new Int32Array(Math.max(cap, 1));
    let dist = new Float64Array(Math.max(cap, 1));
    // Candidate schools of one query (at most every school of the phase), reused from query to query.
    const candDist = new Float64Array(n);
    const candIdx = new Int32Array(n);
    const roots = new Float64Array(n);
    let nc = 0;
    // Queries in the tree's own order: neighbouring queries walk the same nodes, which stay in the cache, and
    // each query's first search is bounded by the one before's: if p's nearest `want + 2` lie within r, the
    // next location q's lie within r + |pq| (the same points do), so nothing farther need be looked at.
    let previous = -1;
    let reach = Infinity;
    for (let t = 0; t < u; t++) {
      const loc = tree.order[t] as number;
      let bound = Infinity;
      if (previous >= 0 && reach !== Infinity) {
        // A hair of slack for rounding: a bound may be loose, never tight.
        bound = (reach + Math.sqrt(dist2(unique, loc * d, unique, previous * d, d))) ** 2 * (1 + 1e-9);
      }
      // The nearest locations until they hold `want` other schools and every school as far as the last one
      // needed is in: a location exactly as far as the cut-off may hold a school with a smaller URN.
      let fetch = opening;
      let found = 0;
      for (;;) {
        if (fetch > cap) {
          cap = fetch;
          idx = new Int32Array(cap);
          dist = new Float64Array(cap);
        }
        const firstSearch = fetch === opening;
        found = want > 0 ? kNearest(tree, unique, loc * d, fetch, idx, dist, -1, firstSearch ? bound : Infinity) : 0;
        if (firstSearch) {
          previous = loc;
          reach = found === fetch && found > 0 ? Math.sqrt(dist[found - 1] as number) : Infinity;
        }
        // Expand the locations (nearest first) into schools; within a run of equal distance, order by index.
        nc = 0;
        for (let r = 0; r < found; r++) {
          const l = idx[r] as number;
          const dl = dist[r] as number;
          for (let m = first[l] as number, e = m + (count[l] as number); m < e; m++) {
            const v = members[m] as number;
            let at = nc++;
            candDist[at] = dl;
            while (at > 0 && candDist[at - 1] === dl && (candIdx[at - 1] as number) > v) {
              candIdx[at] = candIdx[at - 1] as number;
              at--;
            }
            candIdx[at] = v;
          }
        }
        // The cut-off: the distance of the last school a member of this location needs (one of the candidates is itself).
        const cutoff = nc > want ? (candDist[want] as number) : Infinity;
        if (found < fetch || found === u || (dist[found - 1] as number) > cutoff) break;
        fetch = Math.min(u, fetch * 2);
      }
      // Square roots once per location, not once per school there.
      for (let c = 0; c < nc; c++) roots[c] = Math.sqrt(candDist[c] as number);
      for (let m = first[loc] as number, e = m + (count[loc] as number); m < e; m++) {
        const self = members[m] as number;
        const size = Math.max(0, Math.min(want, nc - 1));
        const neighbours = new Array<string>(size);
        const distances = new Array<number>(size);
        for (let c = 0, w = 0; w < size && c < nc; c++) {
          const other = candIdx[c] as number;
          if (other === self) continue;
          neighbours[w] = urns[other] as string;
          distances[w] = roots[c] as number;
          links[self * want + w] = other;
          lastD2[self] = candDist[c] as number;
          lastIdx[self] = other;
          w++;
        }
        sizes[self] = size;
        locOf[self] = loc;
        const group = { urn: urns[self] as string, partition: part.key, neighbours, distances, mutual: [] };
        bySchool[self] = group;
        groups.push(group);
      }
    }
    const d2 = (i: number, j: number) => dist2(unique, (locOf[i] as number) * d, unique, (locOf[j] as number) * d, d);
    reciprocate({ groups: bySchool, links, want, sizes, lastD2, lastIdx, d2 }, options.symmetric === true);
  }
  groups.sort(byUrn);
  return {
    kind: "neighbours",
    features: set.features,
    standardise: set.standardise,
    k,
    groups,
    unassigned: alone.length === 0 ? set.unassigned : [...set.unassigned, ...alone].sort(byUrn),
  };
}
