// The centres each point is offered in the exact assignment: its nearest, and those that need it to be filled.
import { dist2, rowsOf } from "../internal/geometry.js";
import { buildKdTree, kNearest } from "../internal/kdtree.js";

/** What the candidates are found from: the assignment problem's points, centres, upper size bound and prices. */
export interface CandidateProblem {
  coords: Float64Array;
  d: number;
  points: Int32Array;
  centres: Float64Array;
  hi: number;
  /** Each centre's price: a point's candidates are the centres where its squared distance less the price is least. */
  prices?: Float64Array | undefined;
}

/** The `count` nearest of `m` rows of `rows` to the query (brute force; small m), into idx/dist in order. */
function nearestByScan(
  rows: Float64Array,
  m: number,
  d: number,
  query: Float64Array,
  qOff: number,
  count: number,
  idx: Int32Array,
  dist: Float64Array,
): number {
  let found = 0;
  for (let c = 0; c < m; c++) {
    const sum = dist2(query, qOff, rows, c * d, d);
    if (found === count && sum >= (dist[count - 1] as number)) continue;
    let at = found < count ? found++ : count - 1;
    while (at > 0 && (dist[at - 1] as number) > sum) {
      dist[at] = dist[at - 1] as number;
      idx[at] = idx[at - 1] as number;
      at--;
    }
    dist[at] = sum;
    idx[at] = c;
  }
  return found;
}

/** The nearest rows to a query: a k-d tree over many rows, a plain scan over few. */
function nearestFinder(
  rows: Float64Array,
  d: number,
): (query: Float64Array, qOff: number, count: number, idx: Int32Array, dist: Float64Array) => number {
  const m = rows.length / d;
  if (m <= 64) return (query, qOff, count, idx, dist) => nearestByScan(rows, m, d, query, qOff, count, idx, dist);
  const tree = buildKdTree(rows, d);
  return (query, qOff, count, idx, dist) => kNearest(tree, query, qOff, count, idx, dist);
}

/**
 * The centres cheapest to a query after their prices (squared distance less price), with their squared distances
 * (not less the price). A centre's price is a distance: lifted into one more dimension at √(top − price), every centre
 * is farther by top − price, so the plain nearest in that space are the cheapest.
 */
export function cheapestFinder(
  centres: Float64Array,
  d: number,
  prices: Float64Array | undefined,
): (query: Float64Array, qOff: number, count: number, idx: Int32Array, dist: Float64Array) => number {
  if (prices === undefined) return nearestFinder(centres, d);
  const m = centres.length / d;
  let top = Number.NEGATIVE_INFINITY;
  for (const price of prices) top = Math.max(top, price);
  const lifted = new Float64Array(m * (d + 1));
  for (let c = 0; c < m; c++) {
    lifted.set(centres.subarray(c * d, c * d + d), c * (d + 1));
    lifted[c * (d + 1) + d] = Math.sqrt(top - (prices[c] as number));
  }
  const find = nearestFinder(lifted, d + 1);
  const at = new Float64Array(d + 1);
  return (query, qOff, count, idx, dist) => {
    at.set(query.subarray(qOff, qOff + d));
    const found = find(at, 0, count, idx, dist);
    for (let j = 0; j < found; j++) dist[j] = dist2(query, qOff, centres, (idx[j] as number) * d, d);
    return found;
  };
}

/** Each point's candidate centres: `cand[start[i] .. start[i+1])`, their squared distances, and the cheapest's slot. */
export interface Candidates {
  start: Int32Array;
  cand: Int32Array;
  candCost: Float64Array;
  /** Each point's cheapest candidate after the prices, as an index into cand: where the search starts it. */
  first: Int32Array;
  /**
   * Every centre is every point's candidate, in the order of the centres: centre c is at `start[i] + c`, and `cand`
   * is left empty.
   */
  dense: boolean;
}

/** Every centre a candidate of every point, in the order of the centres; `first` the cheapest after the prices. O(p·m). */
function everyCentre(problem: CandidateProblem, m: number): Candidates {
  const { coords, d, points, centres, prices } = problem;
  const p = points.length;
  const start = new Int32Array(p + 1);
  for (let i = 0; i <= p; i++) start[i] = i * m;
  const candCost = new Float64Array(p * m);
  const first = new Int32Array(p);
  const price = prices ?? new Float64Array(m);
  // Made before the loop, so that nothing new follows it (see extendBox in internal/kdtree.ts).
  const out: Candidates = { start, cand: new Int32Array(0), candCost, first, dense: true };
  for (let i = 0; i < p; i++) {
    const at = i * m;
    const x = (points[i] as number) * d;
    let best = 0;
    let bestKey = Number.POSITIVE_INFINITY;
    for (let c = 0; c < m; c++) {
      const cost = dist2(coords, x, centres, c * d, d);
      candCost[at + c] = cost;
      const v = cost - (price[c] as number);
      if (v < bestKey) {
        bestKey = v;
        best = c;
      }
    }
    first[i] = at + best;
  }
  return out;
}

/**
 * Each point's candidate centres: its L cheapest (nearest, less the prices), and every centre that has it among its `hi` nearest points (so that
 * each centre can be filled), nearest first, with their squared distances.
 */
export function candidatesOf(problem: CandidateProblem, m: number, L: number): Candidates {
  if (L >= m) return everyCentre(problem, m);
  const { coords, d, points, centres, hi, prices } = problem;
  const key = (j: number): number =>
    (candCost[j] as number) - (prices === undefined ? 0 : (prices[cand[j] as number] as number));
  const p = points.length;
  const idx = new Int32Array(Math.max(L, hi, 1));
  const dist = new Float64Array(idx.length);
  // The extra centres each point is offered: pairs (point, centre), then counted per point.
  const extraPoint: number[] = [];
  const extraCentre: number[] = [];
  if (L < m && hi > 0) {
    const nearestPoints = nearestFinder(rowsOf(coords, d, points), d);
    for (let c = 0; c < m; c++) {
      const found = nearestPoints(centres, c * d, Math.min(hi, p), idx, dist);
      for (let j = 0; j < found; j++) {
        extraPoint.push(idx[j] as number);
        extraCentre.push(c);
      }
    }
  }
  const count = new Int32Array(p + 1);
  for (const i of extraPoint) count[i] = (count[i] as number) + 1;
  const start = new Int32Array(p + 1);
  for (let i = 0; i < p; i++) start[i + 1] = (start[i] as number) + L + (count[i] as number);
  const cand = new Int32Array(start[p] as number);
  const candCost = new Float64Array(cand.length);
  const fill = new Int32Array(p);
  const nearestCentres = cheapestFinder(centres, d, prices);
  for (let i = 0; i < p; i++) {
    const found = nearestCentres(coords, (points[i] as number) * d, L, idx, dist);
    const at = start[i] as number;
    for (let j = 0; j < found; j++) {
      cand[at + j] = idx[j] as number;
      candCost[at + j] = dist[j] as number;
    }
    fill[i] = found;
  }
  for (let e = 0; e < extraPoint.length; e++) {
    const i = extraPoint[e] as number;
    const c = extraCentre[e] as number;
    const at = start[i] as number;
    let known = false;
    for (let j = at; j < at + (fill[i] as number) && !known; j++) known = cand[j] === c;
    if (known) continue;
    const j = at + (fill[i] as number);
    cand[j] = c;
    candCost[j] = dist2(coords, (points[i] as number) * d, centres, c * d, d);
    fill[i] = (fill[i] as number) + 1;
  }
  // Each list in order of cost less price, then centre (the lifted search's rounding aside, only the extras move).
  for (let i = 0; i < p; i++) {
    const at = start[i] as number;
    for (let j = at + 1; j < at + (fill[i] as number); j++) {
      const c = cand[j] as number;
      const cost = candCost[j] as number;
      const v = key(j);
      let t = j;
      while (t > at && (key(t - 1) > v || (key(t - 1) === v && (cand[t - 1] as number) > c))) {
        cand[t] = cand[t - 1] as number;
        candCost[t] = candCost[t - 1] as number;
        t--;
      }
      cand[t] = c;
      candCost[t] = cost;
    }
  }
  // Compact: drop the slots a point's extras did not need (centres it had already).
  let w = 0;
  const compact = new Int32Array(p + 1);
  for (let i = 0; i < p; i++) {
    compact[i] = w;
    for (let j = start[i] as number; j < (start[i] as number) + (fill[i] as number); j++) {
      cand[w] = cand[j] as number;
      candCost[w] = candCost[j] as number;
      w++;
    }
  }
  compact[p] = w;
  return {
    start: compact,
    cand: cand.subarray(0, w),
    candCost: candCost.subarray(0, w),
    first: compact.subarray(0, p),
    dense: false,
  };
}
