// The centres each point is offered in the exact assignment: its nearest, and those that need it to be filled.
import { dist2, rowsOf } from "../internal/geometry.js";
import { buildKdTree, kNearest } from "../internal/kdtree.js";

/** What the candidates are found from: the assignment problem's points, centres and upper size bound. */
export interface CandidateProblem {
  coords: Float64Array;
  d: number;
  points: Int32Array;
  centres: Float64Array;
  hi: number;
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
 * Each point's candidate centres: its L nearest, and every centre that has it among its `hi` nearest points (so that
 * each centre can be filled), nearest first, with their squared distances.
 */
export function candidatesOf(
  problem: CandidateProblem,
  m: number,
  L: number,
): { start: Int32Array; cand: Int32Array; candCost: Float64Array } {
  const { coords, d, points, centres, hi } = problem;
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
  const nearestCentres = nearestFinder(centres, d);
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
    const sum = dist2(coords, (points[i] as number) * d, centres, c * d, d);
    // Insert in order of cost (then centre), keeping the list sorted.
    let j = at + (fill[i] as number);
    while (j > at && ((candCost[j - 1] as number) > sum || (candCost[j - 1] === sum && (cand[j - 1] as number) > c))) {
      cand[j] = cand[j - 1] as number;
      candCost[j] = candCost[j - 1] as number;
      j--;
    }
    cand[j] = c;
    candCost[j] = sum;
    fill[i] = (fill[i] as number) + 1;
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
  return { start: compact, cand: cand.subarray(0, w), candCost: candCost.subarray(0, w) };
}
