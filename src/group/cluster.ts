import { centroidsOf, dist2, joinCost, leaveGain } from "../internal/geometry.js";
import { buildKdTree, kNearest, select } from "../internal/kdtree.js";

/**
 * The numeric core of {@link groupFamilies}: a partition of n points (flat, d dimensions, already
 * standardised and weighted) into k clusters whose sizes lie in [min, max], as tight as possible
 * (least total squared distance to the cluster centroids, the SSE).
 *
 * The method, and why:
 * 1. **Balanced k-d bisection** gives a feasible start at once: split the points on the dimension of
 *    largest variance into two parts whose sizes are in proportion to the clusters each side will hold,
 *    recursively, so every leaf holds ⌊n/k⌋ or ⌈n/k⌉ points. O(n log n log k).
 * 2. **Size-bounded Hartigan moves**: a point moves to another cluster when that lowers the SSE exactly
 *    (Δ = n_B/(n_B+1)·|x−c_B|² − n_A/(n_A−1)·|x−c_A|²) and both sizes stay within bounds. Hartigan's rule
 *    improves on any Lloyd (k-means) fixed point, and with sizes free between the bounds it is not tied to
 *    the rigid slots a min-cost-flow assignment has.
 * 3. **Swaps** when a wanted move is blocked by a bound: x ∈ A and y ∈ B change places when the exact
 *    change (|y−c_A|² − |x−c_A|² − |x−y|²/n_A) + (|x−c_B|² − |y−c_B|² − |x−y|²/n_B) is negative.
 * Candidates for a point are the clusters whose centroids are nearest its own cluster's centroid (a k-d tree
 * over centroids, rebuilt each pass), so a pass costs O(n·F) for F neighbours, not O(n·k).
 * Passes repeat until none improves the SSE by more than a millionth, or `maxPasses`.
 *
 * Points are taken in index order and ties go to the lower index, so the caller sorts points by URN to make
 * the result independent of input order.
 */
export interface ClusterProblem {
  coords: Float64Array;
  d: number;
  k: number;
  min: number;
  max: number;
  /** Optional tag per point (e.g. local authority, -1 for none) with at most `maxPerTag` of a tag per cluster. */
  tags?: Int32Array;
  maxPerTag?: number;
  /** Default 60. */
  maxPasses?: number;
}

export interface ClusterResult {
  labels: Int32Array;
  centroids: Float64Array;
  sizes: Int32Array;
  sse: number;
  passes: number;
  /** Points still breaking the per-tag cap (0 unless the cap could not be met). */
  tagViolations: number;
}

/**
 * Recursive bisection into `parts` clusters of ⌊n/k⌋ or ⌈n/k⌉ points: split at the dimension of largest
 * variance, the left part taking as many points as the clusters it will hold. (A variant that gave dense
 * regions more clusters, as k-means would, did worse after the local search on 20,000 schools: 2.32 against
 * 2.04 times unconstrained k-means' SSE.)
 */
function bisect(
  coords: Float64Array,
  d: number,
  order: Int32Array,
  start: number,
  end: number,
  parts: number,
  firstLabel: number,
  labels: Int32Array,
): void {
  if (parts === 1) {
    for (let i = start; i < end; i++) labels[order[i] as number] = firstLabel;
    return;
  }
  const count = end - start;
  const kLeft = parts >> 1;
  const q = Math.floor(count / parts);
  const nLeft = kLeft * q + Math.min(count - q * parts, kLeft);
  let best = 0;
  let bestVar = -1;
  for (let j = 0; j < d; j++) {
    let s = 0;
    let s2 = 0;
    for (let i = start; i < end; i++) {
      const v = coords[(order[i] as number) * d + j] as number;
      s += v;
      s2 += v * v;
    }
    const variance = s2 / count - (s / count) ** 2;
    if (variance > bestVar) {
      bestVar = variance;
      best = j;
    }
  }
  select(order, coords, d, best, start, end - 1, start + nLeft);
  bisect(coords, d, order, start, start + nLeft, kLeft, firstLabel, labels);
  bisect(coords, d, order, start + nLeft, end, parts - kLeft, firstLabel + kLeft, labels);
}

/** Solves a {@link ClusterProblem}; the caller has checked that k·min ≤ n ≤ k·max. */
export function sizeConstrainedClusters(problem: ClusterProblem): ClusterResult {
  const { coords, d, k } = problem;
  const n = Math.floor(coords.length / d);
  const labels = new Int32Array(n);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  bisect(coords, d, order, 0, n, k, 0, labels);
  if (k <= 1) {
    const { centroids, sizes, sse } = centroidsOf(coords, d, labels, Math.max(k, 1));
    return { labels, centroids, sizes, sse, passes: 0, tagViolations: 0 };
  }
  return improve(problem, labels, n);
}

/** The local search (moves and swaps) from a feasible labelling. */
function improve(problem: ClusterProblem, labels: Int32Array, n: number): ClusterResult {
  const { coords, d, k, min, max } = problem;
  const tags = problem.tags;
  const cap = problem.maxPerTag ?? Infinity;
  const maxPasses = problem.maxPasses ?? 60;
  let { centroids, sizes, sse } = centroidsOf(coords, d, labels, k);
  const members: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < n; i++) (members[labels[i] as number] as number[]).push(i);
  const tagCount = new Map<number, number>(); // key: cluster * T + tag
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
  const countOf = (c: number, t: number): number => (t < 0 ? 0 : (tagCount.get(c * tagKinds + t) ?? 0));
  const bump = (c: number, t: number, by: number): void => {
    if (t < 0 || !tags) return;
    const key = c * tagKinds + t;
    tagCount.set(key, (tagCount.get(key) ?? 0) + by);
  };
  const tagOf = (i: number): number => (tags ? (tags[i] as number) : -1);

  const F = Math.min(k - 1, 8 + 2 * d);
  const neighbours = new Int32Array(k * F);
  const nIdx = new Int32Array(F + 1);
  const nDist = new Float64Array(F + 1);
  const refreshNeighbours = (): void => {
    const tree = buildKdTree(centroids, d);
    for (let c = 0; c < k; c++) {
      const found = kNearest(tree, centroids, c * d, F, nIdx, nDist, c);
      for (let f = 0; f < F; f++) neighbours[c * F + f] = f < found ? (nIdx[f] as number) : -1;
    }
  };

  const moveCentroid = (c: number, i: number, sign: 1 | -1): void => {
    const s = sizes[c] as number;
    const ns = s + sign;
    for (let j = 0; j < d; j++) {
      const cur = centroids[c * d + j] as number;
      centroids[c * d + j] = ns === 0 ? 0 : (cur * s + sign * (coords[i * d + j] as number)) / ns;
    }
    sizes[c] = ns;
  };
  const removeMember = (c: number, i: number): void => {
    const list = members[c] as number[];
    const at = list.indexOf(i);
    list[at] = list[list.length - 1] as number;
    list.pop();
  };
  // Families whose membership changed in this pass and in the last: a point is worth looking at again only
  // when its own family or one of its neighbours changed (late passes then touch a small part of the data).
  let changedNow = new Uint8Array(k);
  let changedBefore = new Uint8Array(k).fill(1);
  const relabel = (i: number, from: number, to: number): void => {
    changedNow[from] = 1;
    changedNow[to] = 1;
    moveCentroid(from, i, -1);
    moveCentroid(to, i, 1);
    removeMember(from, i);
    (members[to] as number[]).push(i);
    labels[i] = to;
    bump(from, tagOf(i), -1);
    bump(to, tagOf(i), 1);
  };

  let tagViolations = 0;
  if (tags && Number.isFinite(cap)) tagViolations = repairTags();

  let passes = 0;
  for (; passes < maxPasses; passes++) {
    // Centroids settle after the first passes, so their neighbours need finding again only now and then.
    if (passes < 3 || passes % 4 === 0) refreshNeighbours();
    let gained = 0;
    for (let i = 0; i < n; i++) {
      const a = labels[i] as number;
      if (changedBefore[a] === 0) {
        let near = false;
        for (let f = 0; f < F && !near; f++) {
          const b = neighbours[a * F + f] as number;
          if (b >= 0 && changedBefore[b] === 1) near = true;
        }
        if (!near) continue;
      }
      const na = sizes[a] as number;
      const ti = tagOf(i);
      const away = leaveGain(na, dist2(coords, i * d, centroids, a * d, d));
      let bestMove = -1e-12 * (1 + away);
      let moveTo = -1;
      let bestWish = 0;
      let wishTo = -1;
      for (let f = 0; f < F; f++) {
        const b = neighbours[a * F + f] as number;
        if (b < 0) break;
        const nb = sizes[b] as number;
        const delta = joinCost(nb, dist2(coords, i * d, centroids, b * d, d)) - away;
        if (delta >= 0) continue;
        const fits = na - 1 >= min && nb + 1 <= max && (ti < 0 || countOf(b, ti) + 1 <= cap);
        if (fits && delta < bestMove) {
          bestMove = delta;
          moveTo = b;
        } else if (!fits && delta < bestWish) {
          bestWish = delta;
          wishTo = b;
        }
      }
      if (moveTo >= 0) {
        relabel(i, a, moveTo);
        gained -= bestMove;
        continue;
      }
      if (wishTo < 0) continue;
      // The move is blocked by a bound: look for a partner in the wished-for cluster to swap with.
      const b = wishTo;
      const nb = sizes[b] as number;
      const xa = dist2(coords, i * d, centroids, a * d, d);
      const xb = dist2(coords, i * d, centroids, b * d, d);
      let bestSwap = -1e-12 * (1 + xa);
      let partner = -1;
      for (const y of members[b] as number[]) {
        const ty = tagOf(y);
        if (ti !== ty && ((ty >= 0 && countOf(a, ty) + 1 > cap) || (ti >= 0 && countOf(b, ti) + 1 > cap))) continue;
        const xy = dist2(coords, i * d, coords, y * d, d);
        const delta =
          dist2(coords, y * d, centroids, a * d, d) -
          xa -
          xy / na +
          (xb - dist2(coords, y * d, centroids, b * d, d) - xy / nb);
        if (delta < bestSwap || (delta === bestSwap && partner >= 0 && y < partner)) {
          bestSwap = delta;
          partner = y;
        }
      }
      if (partner >= 0) {
        relabel(i, a, b);
        relabel(partner, b, a);
        gained -= bestSwap;
      }
    }
    // Recompute exactly, so that rounding in the incremental updates never accumulates.
    ({ centroids, sizes, sse } = centroidsOf(coords, d, labels, k));
    changedBefore = changedNow;
    changedNow = new Uint8Array(k);
    if (gained <= 1e-6 * sse) {
      passes++;
      break;
    }
  }
  if (tags && Number.isFinite(cap)) tagViolations = countViolations();
  return { labels, centroids, sizes, sse, passes, tagViolations };

  function countViolations(): number {
    let over = 0;
    for (const v of tagCount.values()) if (v > cap) over += v - cap;
    return over;
  }

  /** Swaps points out of clusters with too many of one tag, choosing the swaps that cost least SSE. */
  function repairTags(): number {
    for (let round = 0; round < 4 && countViolations() > 0; round++) {
      refreshNeighbours();
      for (let a = 0; a < k; a++) {
        for (;;) {
          // A point of a tag over the cap in a.
          const over = (members[a] as number[]).filter((i) => tagOf(i) >= 0 && countOf(a, tagOf(i)) > cap);
          if (over.length === 0) break;
          let best = Infinity;
          let pick: [number, number, number] | undefined;
          const candidates =
            round < 2
              ? Array.from(neighbours.subarray(a * F, a * F + F)).filter((b) => b >= 0)
              : Array.from({ length: k }, (_, b) => b).filter((b) => b !== a);
          for (const x of over) {
            const tx = tagOf(x);
            for (const b of candidates) {
              if (countOf(b, tx) + 1 > cap) continue;
              for (const y of members[b] as number[]) {
                const ty = tagOf(y);
                if (ty === tx || (ty >= 0 && countOf(a, ty) + 1 > cap)) continue;
                const cost = dist2(coords, x * d, centroids, b * d, d) + dist2(coords, y * d, centroids, a * d, d);
                if (cost < best) {
                  best = cost;
                  pick = [x, b, y];
                }
              }
            }
          }
          if (!pick) break;
          const [x, b, y] = pick;
          relabel(x, a, b);
          relabel(y, b, a);
        }
      }
      ({ centroids, sizes, sse } = centroidsOf(coords, d, labels, k));
    }
    return countViolations();
  }
}
