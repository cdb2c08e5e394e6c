import { centroidsOf } from "../internal/geometry.js";
import { buildKdTree, kNearest } from "../internal/kdtree.js";

/** Points (flat, d dimensions) to split into k clusters of min–max, optionally at most `maxPerTag` of a tag each. */
export interface SearchProblem {
  coords: Float64Array;
  d: number;
  k: number;
  min: number;
  max: number;
  /** Optional tag per point (e.g. local authority, -1 for none) with at most `maxPerTag` of a tag per cluster. */
  tags?: Int32Array;
  maxPerTag?: number;
}

/**
 * The state of the size-bounded local search over a labelling: centroids, sizes and members of each cluster, the
 * per-tag counts the cross-border cap needs, each cluster's nearest clusters, and which clusters changed lately.
 * Mutated in place by the search; built once per start.
 */
export interface Search {
  coords: Float64Array;
  d: number;
  k: number;
  min: number;
  max: number;
  labels: Int32Array;
  centroids: Float64Array;
  sizes: Int32Array;
  sse: number;
  members: number[][];
  /** Tag per point, or undefined; at most `cap` of a tag per cluster. */
  tags: Int32Array | undefined;
  cap: number;
  tagKinds: number;
  /** key: cluster · tagKinds + tag. */
  tagCount: Map<number, number>;
  /** Neighbours per cluster, and each cluster's F nearest clusters (−1 where fewer). */
  F: number;
  neighbours: Int32Array;
  nIdx: Int32Array;
  nDist: Float64Array;
  /**
   * Clusters whose membership changed in this pass and in the last: a point is worth looking at again only when its
   * own cluster or one of its neighbours changed (late passes then touch a small part of the data).
   */
  changedNow: Uint8Array;
  changedBefore: Uint8Array;
}

/** The search state for a feasible labelling of `n` points. */
export function searchOf(problem: SearchProblem, labels: Int32Array, n: number): Search {
  const { coords, d, k, min, max } = problem;
  const { centroids, sizes, sse } = centroidsOf(coords, d, labels, k);
  const members: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < n; i++) (members[labels[i] as number] as number[]).push(i);
  const tags = problem.tags;
  const tagCount = new Map<number, number>();
  let tagKinds = 0;
  if (tags) {
    for (let i = 0; i < n; i++) tagKinds = Math.max(tagKinds, (tags[i] as number) + 1);
    for (let i = 0; i < n; i++) {
      const t = tags[i] as number;
      if (t < 0) continue;
      const key = (labels[i] as number) * tagKinds + t;
      tagCount.set(key, (tagCount.get(key) ?? 0) + 1);
    }
  }
  const F = Math.min(k - 1, 8 + 2 * d);
  return {
    coords,
    d,
    k,
    min,
    max,
    labels,
    centroids,
    sizes,
    sse,
    members,
    tags,
    cap: problem.maxPerTag ?? Number.POSITIVE_INFINITY,
    tagKinds,
    tagCount,
    F,
    neighbours: new Int32Array(k * F),
    nIdx: new Int32Array(F + 1),
    nDist: new Float64Array(F + 1),
    changedNow: new Uint8Array(k),
    changedBefore: new Uint8Array(k).fill(1),
  };
}

/** A point's tag, −1 for none. */
export function tagOf(s: Search, i: number): number {
  return s.tags ? (s.tags[i] as number) : -1;
}

/** How many points of tag t cluster c holds (0 for no tag). */
export function countOf(s: Search, c: number, t: number): number {
  return t < 0 ? 0 : (s.tagCount.get(c * s.tagKinds + t) ?? 0);
}

function bump(s: Search, c: number, t: number, by: number): void {
  if (t < 0 || !s.tags) return;
  const key = c * s.tagKinds + t;
  s.tagCount.set(key, (s.tagCount.get(key) ?? 0) + by);
}

/** Finds each cluster's F nearest clusters again (a k-d tree over the centroids). */
export function refreshNeighbours(s: Search): void {
  const { centroids, d, k, F, neighbours, nIdx, nDist } = s;
  const tree = buildKdTree(centroids, d);
  for (let c = 0; c < k; c++) {
    const found = kNearest(tree, centroids, c * d, F, nIdx, nDist, c);
    for (let f = 0; f < F; f++) neighbours[c * F + f] = f < found ? (nIdx[f] as number) : -1;
  }
}

function moveCentroid(s: Search, c: number, i: number, sign: 1 | -1): void {
  const { centroids, coords, d, sizes } = s;
  const size = sizes[c] as number;
  const next = size + sign;
  for (let j = 0; j < d; j++) {
    const cur = centroids[c * d + j] as number;
    centroids[c * d + j] = next === 0 ? 0 : (cur * size + sign * (coords[i * d + j] as number)) / next;
  }
  sizes[c] = next;
}

function removeMember(s: Search, c: number, i: number): void {
  const list = s.members[c] as number[];
  const at = list.indexOf(i);
  list[at] = list[list.length - 1] as number;
  list.pop();
}

/** Moves point i from cluster `from` to `to`, keeping centroids, sizes, members and tag counts in step. */
export function relabel(s: Search, i: number, from: number, to: number): void {
  s.changedNow[from] = 1;
  s.changedNow[to] = 1;
  moveCentroid(s, from, i, -1);
  moveCentroid(s, to, i, 1);
  removeMember(s, from, i);
  (s.members[to] as number[]).push(i);
  s.labels[i] = to;
  bump(s, from, tagOf(s, i), -1);
  bump(s, to, tagOf(s, i), 1);
}

/** Recomputes centroids, sizes and SSE exactly, so that rounding in the incremental updates never accumulates. */
export function recompute(s: Search): void {
  const exact = centroidsOf(s.coords, s.d, s.labels, s.k);
  s.centroids = exact.centroids;
  s.sizes = exact.sizes;
  s.sse = exact.sse;
}

/** Points over the per-tag cap, summed over clusters. */
export function countViolations(s: Search): number {
  let over = 0;
  for (const v of s.tagCount.values()) if (v > s.cap) over += v - s.cap;
  return over;
}
