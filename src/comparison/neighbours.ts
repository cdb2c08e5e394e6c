import { ArgumentError, checkOptions } from "../errors.js";
import { type ContextField, describeColumns, type FeatureOptions } from "../features/features.js";
import { dist2 } from "../internal/geometry.js";
import { buildKdTree, grow, type KdTree, type NearList, nearestHolding } from "../internal/kdtree.js";
import { byUrn } from "../internal/order.js";
import { nearestHoldingInPlane, type PlaneGrid, planeGrid } from "../internal/plane.js";
import type { School } from "../panel/panel.js";
import { mutualFrom, symmetrise } from "./reciprocity.js";
import type { ComparisonGroup, Locations, NearestLists } from "./types.js";

/** How many similar schools comparisonGroups gives each school unless told otherwise: the EEF's 50. */
export const NEIGHBOURS_K = 50;

/**
 * Schools at exactly the same point (common: the DfE publishes disadvantage in whole percentages and prior
 * attainment to one decimal) collapsed into one location each, so the search runs once per location: each location's
 * coordinates (its first school's), and school i's location `locOf[i]`, locations numbered in order of their first
 * school (see {@link locationsIn} for the order they are searched in). A hash of the coordinates' bits finds each
 * school's location in O(n), where sorting them took O(n log n) comparisons (0.7 s of 13 s at 1,000,000 schools).
 */
function collapse(coords: Float64Array, d: number, n: number): Collapsed {
  // Each step a function of its own that ends with its loop (see extendBox in internal/kdtree.ts).
  const { locOf, firstSchool, u } = locate(coords, d, n);
  const unique = new Float64Array(u * d);
  for (let l = 0; l < u; l++)
    for (let j = 0; j < d; j++) unique[l * d + j] = coords[(firstSchool[l] as number) * d + j] as number;
  return { coords: unique, locOf };
}

/** A partition's distinct points: each location's coordinates, flat, and each school's location. */
interface Collapsed {
  coords: Float64Array;
  locOf: Int32Array;
}

/** Each school's location (a hash of its coordinates' bits), each location's first school, and how many there are. */
function locate(coords: Float64Array, d: number, n: number): { locOf: Int32Array; firstSchool: Int32Array; u: number } {
  const bits = new Int32Array(2);
  const bitsOf = new Float64Array(bits.buffer);
  const slots = 2 ** Math.ceil(Math.log2(2 * n + 2));
  const table = new Int32Array(slots).fill(-1);
  const locOf = new Int32Array(n);
  // The first school of each location, whose coordinates stand for it.
  const firstSchool = new Int32Array(n);
  const out = { locOf, firstSchool, u: 0 };
  for (let i = 0; i < n; i++) {
    let h = 0x811c9dc5;
    for (let j = 0; j < d; j++) {
      // +0 for −0: the same point, as === says.
      bitsOf[0] = (coords[i * d + j] as number) + 0;
      h = Math.imul(h ^ (bits[0] as number), 0x01000193);
      h = Math.imul(h ^ (bits[1] as number), 0x01000193);
    }
    let slot = (h ^ (h >>> 15)) & (slots - 1);
    for (;;) {
      const l = table[slot] as number;
      if (l < 0) {
        table[slot] = out.u;
        firstSchool[out.u] = i;
        locOf[i] = out.u++;
        break;
      }
      const f = firstSchool[l] as number;
      let same = true;
      for (let j = 0; j < d && same; j++) same = coords[i * d + j] === coords[f * d + j];
      if (same) {
        locOf[i] = l;
        break;
      }
      slot = (slot + 1) & (slots - 1);
    }
  }
  return out;
}

/** Each location's schools together, in index order (a counting sort). */
function schoolsAt(locOf: Int32Array, u: number): { first: Int32Array; count: Int32Array; members: Int32Array } {
  const n = locOf.length;
  const count = new Int32Array(u);
  for (let i = 0; i < n; i++) count[locOf[i] as number] = (count[locOf[i] as number] as number) + 1;
  const first = new Int32Array(u);
  for (let l = 1; l < u; l++) first[l] = (first[l - 1] as number) + (count[l - 1] as number);
  const next = first.slice();
  const members = new Int32Array(n);
  const out = { first, count, members };
  for (let i = 0; i < n; i++) {
    const l = locOf[i] as number;
    members[next[l] as number] = i;
    next[l] = (next[l] as number) + 1;
  }
  return out;
}

/** A school alone in its partition: nothing to compare it with, so listed with the reason, not given an empty group. */
function aloneIn(
  part: { key: string; schools: readonly { urn: string }[] },
  by: ComparisonGroupsOptions["by"],
): { urn: string; reason: string } {
  const within = (by ?? "phase") === "phase" ? `of its phase (${part.key})` : `in its group (${part.key})`;
  return { urn: (part.schools[0] as { urn: string }).urn, reason: `no other school ${within} to compare it with` };
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
 * school alone in its phase has no group and is listed in `unassigned` with the reason. Each group is plain data;
 * schools at the same point share their (read-only) `distances` and, when equal, `mutual` arrays: 0.5 to 1.4 KB a
 * school at k = 50, the neighbours' URNs taking 0.45 KB (0.67 GB for 1,000,000 synthetic schools at 63,000
 * points, measured after a full collection).
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
  const { features, standardise, partitions, unassigned } = describeColumns("comparisonGroups", schools, options);
  const d = features.length;
  const alone = partitions.filter((p) => p.schools.length === 1).map((p) => aloneIn(p, options.by));
  // Only the URNs and coordinates are needed: the described columns are let go before the groups are made.
  const work = partitions
    .filter((p) => p.schools.length > 1)
    .map((p) => ({ key: p.key, urns: p.schools.map((x) => x.urn), coords: p.coords }));
  partitions.length = 0;
  const byPartition: ComparisonGroup[][] = [];
  for (const { key, urns, coords } of work) {
    const n = urns.length;
    const want = Math.min(k, n - 1);
    const { at, search } = inSearchOrder(collapse(coords, d, n), d);
    const lists = nearestLists(at, d, want, search);
    const mutual = mutualFrom(lists, at, want);
    const groups = groupsOf(at, lists, mutual, want, urns, key);
    if (options.symmetric === true) symmetrise(groups, at, lists, mutual, want);
    byPartition.push(groups);
  }
  return {
    kind: "neighbours",
    features,
    standardise,
    k,
    groups: mergeByUrn(byPartition),
    unassigned: alone.length === 0 ? unassigned : [...unassigned, ...alone].sort(byUrn),
  };
}

/**
 * The nearest locations to location `loc` that hold `need` schools between them, into `out`, with every location as
 * near as the last; returns the cut-off's squared distance (see {@link nearestHolding}). `bound`, when given, must be
 * at least the answer.
 */
type NearestSearch = (loc: number, need: number, out: NearList, bound: number) => number;

/**
 * The locations numbered in the order they are searched in, and the search: a plane grid's cells for two features
 * (the default: 5% quicker in a fresh process at 20,000 schools than the k-d tree), a k-d tree's leaves otherwise.
 * Searching in that order, neighbouring queries read the same cells or nodes, and each list is written after the one
 * before it, where in the collapse's order (by first school) they were scattered over megabytes (together 13%
 * quicker in a fresh process). The lists are the same whatever the order or the search: which locations a search
 * keeps depends only on distances, and their schools are put in order of distance and index.
 */
function inSearchOrder(points: Collapsed, d: number): { at: Locations; search: NearestSearch } {
  if (d === 2) {
    const grid = planeGrid(points.coords);
    const ordered = locationsIn(grid.order, points, d);
    // Renumbered cell by cell, the locations are the grid's own points in its order.
    const inOrder: PlaneGrid = { ...grid, order: identity(ordered.count.length) };
    const { coords, count } = ordered;
    return {
      at: ordered,
      search: (loc, need, out, bound) =>
        nearestHoldingInPlane(
          inOrder,
          coords[2 * loc] as number,
          coords[2 * loc + 1] as number,
          count,
          need,
          out,
          bound,
        ),
    };
  }
  const tree = buildKdTree(points.coords, d);
  const ordered = locationsIn(tree.order, points, d);
  // The same tree over the renumbered locations: its nodes hold the same positions, now the locations' own numbers.
  const inOrder: KdTree = { ...tree, coords: ordered.coords, order: identity(ordered.count.length) };
  const { coords, count } = ordered;
  return {
    at: ordered,
    search: (loc, need, out, bound) => nearestHolding(inOrder, coords, loc * d, count, need, out, bound),
  };
}

/** 0, 1, …, n − 1. */
function identity(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/**
 * The locations numbered in the order given (location `order[t]` of the collapse becomes t), each with its schools,
 * in index order, at `members[first[t] … first[t] + count[t]]`.
 */
function locationsIn(order: Int32Array, points: Collapsed, d: number): Locations {
  const u = order.length;
  const renamed = new Int32Array(u);
  const coords = new Float64Array(u * d);
  for (let t = 0; t < u; t++) {
    const l = order[t] as number;
    renamed[l] = t;
    for (let j = 0; j < d; j++) coords[t * d + j] = points.coords[l * d + j] as number;
  }
  const locOf = new Int32Array(points.locOf.length);
  for (let i = 0; i < locOf.length; i++) locOf[i] = renamed[points.locOf[i] as number] as number;
  return { coords, ...schoolsAt(locOf, u), locOf };
}

/**
 * The nearest lists of every location, searched in their own order (see {@link inSearchOrder}), each search bounded
 * by the one before's: if p's nearest `width` schools lie within r, the next location q's lie within r + |pq| (the
 * same schools do), so nothing farther need be looked at.
 */
function nearestLists(at: Locations, d: number, want: number, search: NearestSearch): NearestLists {
  const { coords: unique, first, count, members } = at;
  const u = count.length;
  const width = want + 1;
  const len = new Int32Array(u);
  const outIdx = new Int32Array(u * width);
  const outD2 = new Float64Array(u * width);
  const near: NearList = { idx: new Int32Array(width + 16), d2: new Float64Array(width + 16), len: 0, total: 0 };
  // One query's schools, nearest first, reused from query to query.
  const cand: NearList = { idx: new Int32Array(2 * width), d2: new Float64Array(2 * width), len: 0, total: 0 };
  let reach = Infinity;
  for (let loc = 0; loc < u; loc++) {
    let bound = Infinity;
    if (loc > 0 && reach !== Infinity) {
      // A hair of slack for rounding: a bound may be loose, never tight.
      bound = (reach + Math.sqrt(dist2(unique, loc * d, unique, (loc - 1) * d, d))) ** 2 * (1 + 1e-9);
    }
    // The nearest locations holding `width` schools (the location's own and `want` others for each of them), and
    // every location as near as the last: one there may hold a school with a smaller index.
    let cutoff = search(loc, width, near, bound);
    if (cutoff === Infinity && bound !== Infinity) cutoff = search(loc, width, near, Infinity);
    reach = Math.sqrt(cutoff);
    // Expand the locations (nearest first) into schools; within a run of equal distance, order by index.
    let nc = 0;
    for (let r = 0; r < near.len; r++) {
      const dl = near.d2[r] as number;
      const l = near.idx[r] as number;
      const c = count[l] as number;
      if (nc + c > cand.idx.length) {
        cand.len = nc;
        grow(cand, nc + c);
      }
      const { idx, d2 } = cand;
      for (let m = first[l] as number, e = m + c; m < e; m++) {
        const v = members[m] as number;
        let p = nc++;
        d2[p] = dl;
        while (p > 0 && d2[p - 1] === dl && (idx[p - 1] as number) > v) {
          idx[p] = idx[p - 1] as number;
          p--;
        }
        idx[p] = v;
      }
    }
    const m = Math.min(nc, width);
    len[loc] = m;
    const { idx, d2 } = cand;
    for (let c = 0, o = loc * width; c < m; c++, o++) {
      outIdx[o] = idx[c] as number;
      outD2[o] = d2[c] as number;
    }
  }
  return { width, len, idx: outIdx, d2: outD2 };
}

/** Every school's group, in index (URN) order: its location's list without itself, up to `want` schools. */
function groupsOf(
  at: Locations,
  lists: NearestLists,
  mutual: Int32Array,
  want: number,
  urns: readonly string[],
  partition: string,
): ComparisonGroup[] {
  const { first, count, members } = at;
  const { width, len, idx, d2 } = lists;
  const groups = new Array<ComparisonGroup>(members.length);
  const roots = new Float64Array(width);
  const ds = new Float64Array(width);
  const fs = new Uint8Array(width);
  for (let l = 0; l < count.length; l++) {
    const base = l * width;
    const size = Math.min(want, (len[l] as number) - 1);
    // Square roots once a location, not once a school there.
    for (let c = 0; c <= size; c++) roots[c] = Math.sqrt(d2[base + c] as number);
    let distances: readonly number[] | undefined;
    let flags: readonly boolean[] | undefined;
    for (let m = first[l] as number, e = m + (count[l] as number); m < e; m++) {
      const self = members[m] as number;
      const neighbours = new Array<string>(size);
      for (let c = 0, w = 0; w < size; c++) {
        const other = idx[base + c] as number;
        if (other === self) continue;
        neighbours[w] = urns[other] as string;
        ds[w] = roots[c] as number;
        fs[w] = self <= (mutual[base + c] as number) ? 1 : 0;
        w++;
      }
      // Schools at one point share their distances and usually their flags: one array each, not one a school.
      distances = sameDistances(distances, ds, size);
      flags = sameFlags(flags, fs, size);
      groups[self] = {
        urn: urns[self] as string,
        partition,
        neighbours,
        distances,
        mutual: flags,
      };
    }
  }
  return groups;
}

/** `previous` when it holds the first `size` of `values`, else a new array of them. */
function sameDistances(previous: readonly number[] | undefined, values: Float64Array, size: number): readonly number[] {
  if (previous !== undefined) {
    let w = 0;
    while (w < size && previous[w] === values[w]) w++;
    if (w === size) return previous;
  }
  // An array of its own type: one allocation site for doubles, another for flags, so neither is boxed.
  const out = new Array<number>(size);
  for (let w = 0; w < size; w++) out[w] = values[w] as number;
  return out;
}

/** `previous` when it holds the first `size` of `values` (1 for true), else a new array of them. */
function sameFlags(previous: readonly boolean[] | undefined, values: Uint8Array, size: number): readonly boolean[] {
  if (previous !== undefined) {
    let w = 0;
    while (w < size && previous[w] === (values[w] === 1)) w++;
    if (w === size) return previous;
  }
  const out = new Array<boolean>(size);
  for (let w = 0; w < size; w++) out[w] = values[w] === 1;
  return out;
}

/** One list of groups in URN order from several, each in URN order (the partitions'): merged pairwise, O(n log p). */
function mergeByUrn(lists: ComparisonGroup[][]): ComparisonGroup[] {
  if (lists.length === 0) return [];
  let round = lists;
  while (round.length > 1) {
    const next: ComparisonGroup[][] = [];
    for (let p = 0; p < round.length; p += 2) {
      const a = round[p] as ComparisonGroup[];
      const b = round[p + 1];
      if (b === undefined) {
        next.push(a);
        continue;
      }
      const out = new Array<ComparisonGroup>(a.length + b.length);
      let i = 0;
      let j = 0;
      let w = 0;
      while (i < a.length && j < b.length)
        out[w++] =
          byUrn(a[i] as ComparisonGroup, b[j] as ComparisonGroup) <= 0
            ? (a[i++] as ComparisonGroup)
            : (b[j++] as ComparisonGroup);
      while (i < a.length) out[w++] = a[i++] as ComparisonGroup;
      while (j < b.length) out[w++] = b[j++] as ComparisonGroup;
      next.push(out);
    }
    round = next;
  }
  return round[0] as ComparisonGroup[];
}
