import { exactAssignment, pricedAssignment } from "../assign/assign.js";
import { centroidsOf, rotate, rowsOf } from "../internal/geometry.js";
import { select } from "../internal/kdtree.js";
import { kMeansPlusPlus } from "./kmeans.js";

/** Points (flat, d dimensions) with a feasible labelling into k clusters of min–max. */
export interface PolishProblem {
  coords: Float64Array;
  d: number;
  k: number;
  min: number;
  max: number;
}

/**
 * Splits the clusters into blocks of about `size` neighbouring clusters: balanced bisection of their centres on the
 * dimension of largest spread, the centres first turned by `angle` in the plane of the first two dimensions so that
 * each round draws the borders elsewhere. Returns each cluster's block.
 */
export function blocksOf(centres: Float64Array, d: number, k: number, size: number, angle: number): Int32Array {
  const turned = rotate(centres, d, angle);
  const block = new Int32Array(k);
  const order = Int32Array.from({ length: k }, (_, c) => c);
  const split = (start: number, end: number, parts: number, first: number): void => {
    if (parts <= 1) {
      for (let i = start; i < end; i++) block[order[i] as number] = first;
      return;
    }
    const left = parts >> 1;
    const cut = start + Math.round(((end - start) * left) / parts);
    let best = 0;
    let spread = -1;
    for (let j = 0; j < d; j++) {
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (let i = start; i < end; i++) {
        const v = turned[(order[i] as number) * d + j] as number;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      if (hi - lo > spread) {
        spread = hi - lo;
        best = j;
      }
    }
    select(order, turned, d, best, start, end - 1, cut);
    split(start, cut, left, first);
    split(cut, end, parts - left, first + left);
  };
  split(0, k, Math.max(1, Math.round(k / size)), 0);
  return block;
}

/**
 * Size-constrained Lloyd steps in blocks (Bradley, Bennett and Demiriz's k-means with its exact assignment, done
 * region by region): each block's points are assigned exactly to the block's centres within the size bounds, then
 * the centres move to their members' mean. Neither step can raise the SSE. The blocks change from round to round
 * (turned borders), so a point can cross any border; rounds stop when one gains less than a millionth of the SSE, or
 * after `rounds`. Labels change in place. O(rounds · n · b) for blocks of b clusters.
 *
 * @returns The SSE after the last round.
 */
export function polishInBlocks(
  problem: PolishProblem,
  labels: Int32Array,
  blockSize: number,
  rounds: number,
  firstRound = 0,
): number {
  const { coords, d, k, min, max } = problem;
  let { centroids, sse } = centroidsOf(coords, d, labels, k);
  for (let round = firstRound; round < firstRound + rounds; round++) {
    const block = blocksOf(centroids, d, k, blockSize, round * 2.399963);
    const blocks = Math.max(...block) + 1;
    const clustersOf: number[][] = Array.from({ length: blocks }, () => []);
    for (let c = 0; c < k; c++) (clustersOf[block[c] as number] as number[]).push(c);
    const pointsOf: number[][] = Array.from({ length: blocks }, () => []);
    for (let i = 0; i < labels.length; i++) (pointsOf[block[labels[i] as number] as number] as number[]).push(i);
    for (let b = 0; b < blocks; b++) {
      const clusters = clustersOf[b] as number[];
      if (clusters.length < 2) continue;
      const centres = rowsOf(centroids, d, clusters);
      const points = Int32Array.from(pointsOf[b] as number[]);
      const assigned = exactAssignment({ coords, d, points, centres, lo: min, hi: max });
      for (let i = 0; i < points.length; i++) labels[points[i] as number] = clusters[assigned[i] as number] as number;
    }
    const next = centroidsOf(coords, d, labels, k);
    const gained = sse - next.sse;
    centroids = next.centroids;
    sse = next.sse;
    if (gained <= 1e-6 * sse) break;
  }
  return sse;
}

/**
 * A better start, region by region: the clusters of a balanced bisection (`labels`, whose consecutive labels are
 * neighbours) are taken `blockSize` at a time, and each such region's points are clustered again by size-constrained
 * k-means (k-means++ seeds, exact assignment; the best of `starts`). Labels change in place. O(n · blockSize) a start.
 */
export function reseedInBlocks(problem: PolishProblem, labels: Int32Array, blockSize: number, starts: number): void {
  const { coords, d, k, min, max } = problem;
  const n = labels.length;
  const regions = Math.max(1, Math.round(k / blockSize));
  const regionOf = (c: number): number => Math.min(regions - 1, Math.floor((c * regions) / k));
  const pointsOf: number[][] = Array.from({ length: regions }, () => []);
  for (let i = 0; i < n; i++) (pointsOf[regionOf(labels[i] as number)] as number[]).push(i);
  let first = 0;
  for (let r = 0; r < regions; r++) {
    let kr = 0;
    while (first + kr < k && regionOf(first + kr) === r) kr++;
    const pts = pointsOf[r] as number[];
    const local = rowsOf(coords, d, pts);
    let best: { labels: Int32Array; sse: number } | undefined;
    for (let s = 1; s <= starts && kr > 1; s++) {
      const run = constrainedLloyd(local, d, kr, min, max, kMeansPlusPlus(local, d, kr, s));
      if (!best || run.sse < best.sse) best = run;
    }
    if (best) for (const [i, p] of pts.entries()) labels[p] = first + (best.labels[i] as number);
    first += kr;
  }
}

/**
 * Runs of points at the same place: indices ordered by their coordinates (then index), and where each run of two or
 * more begins and ends ([start, end) pairs). O(n log n).
 */
function samePlaces(coords: Float64Array, d: number, n: number): { order: Int32Array; runs: number[] } {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const compare = (a: number, b: number): number => {
    for (let j = 0; j < d; j++) {
      const diff = (coords[a * d + j] as number) - (coords[b * d + j] as number);
      if (diff !== 0) return diff;
    }
    return 0;
  };
  order.sort((a, b) => compare(a, b) || a - b);
  const runs: number[] = [];
  for (let i = 0; i < n; ) {
    let e = i + 1;
    while (e < n && compare(order[i] as number, order[e] as number) === 0) e++;
    if (e - i > 1) runs.push(i, e);
    i = e;
  }
  return { order, runs };
}

/**
 * Points at the same place are interchangeable: their labels are handed out again in index order, smallest first, so
 * that a step's labels do not depend on which of them the flow happened to move.
 */
function handOut(same: { order: Int32Array; runs: number[] }, labels: Int32Array): void {
  const { order, runs } = same;
  // The labels a run holds, sorted in place: by insertion when the run is short (most are two or three points at
  // one place), else by a sort (a file whose schools all share one context has a run of thousands).
  for (let r = 0; r < runs.length; r += 2) {
    const start = runs[r] as number;
    const end = runs[r + 1] as number;
    if (end - start > 16) {
      const held = Array.from(order.subarray(start, end), (i) => labels[i] as number).sort((a, b) => a - b);
      for (let t = start; t < end; t++) labels[order[t] as number] = held[t - start] as number;
      continue;
    }
    for (let t = start + 1; t < end; t++) {
      const v = labels[order[t] as number] as number;
      let u = t;
      while (u > start && (labels[order[u - 1] as number] as number) > v) {
        labels[order[u] as number] = labels[order[u - 1] as number] as number;
        u--;
      }
      labels[order[u] as number] = v;
    }
  }
}

/** The mean squared distance the centres moved. */
function meanShift(before: Float64Array, after: Float64Array): number {
  let s = 0;
  for (let j = 0; j < before.length; j++) s += ((before[j] as number) - (after[j] as number)) ** 2;
  return s / Math.max(1, before.length);
}

/**
 * Size-constrained k-means from the given centres: exact assignment and centroid steps until the labels settle or a
 * step gains no more than `minGain` times the SSE (default a billionth: where schools tie, as many can, labels may
 * change for ever without gain; `-Infinity` stops only when they settle), or `maxIterations`.
 *
 * A step's assignment starts from the last one's prices when the centres moved less than a point's mean squared
 * distance to its centre (then its balance still holds, and on 16,768 schools a step routes in about half the time);
 * not after a long move, as from k-means++ seeds, whose prices would send points astray.
 */
export function constrainedLloyd(
  coords: Float64Array,
  d: number,
  k: number,
  min: number,
  max: number,
  start: Float64Array,
  maxIterations = 100,
  minGain = 1e-9,
): { labels: Int32Array; sse: number; iterations: number } {
  const n = coords.length / d;
  const points = Int32Array.from({ length: n }, (_, i) => i);
  const same = samePlaces(coords, d, n);
  let centres: Float64Array = start;
  let labels: Int32Array = new Int32Array(n).fill(-1);
  let iterations = 0;
  let sse = Number.POSITIVE_INFINITY;
  let prices: Float64Array | undefined;
  for (; iterations < maxIterations; iterations++) {
    const step = pricedAssignment({ coords, d, points, centres, lo: min, hi: max, ...(prices ? { prices } : {}) });
    handOut(same, step.labels);
    const settled = step.labels.every((v, i) => v === labels[i]);
    labels = step.labels;
    const moved = centroidsOf(coords, d, labels, k);
    prices = meanShift(centres, moved.centroids) * d < moved.sse / n ? step.prices : undefined;
    centres = moved.centroids;
    const gained = sse - moved.sse;
    sse = moved.sse;
    if (settled || gained <= minGain * sse) break;
  }
  return { labels, sse, iterations };
}
