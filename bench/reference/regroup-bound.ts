// References for the churn budget (bench/regroup.bench.ts): how much of the tightness lost by keeping last year's
// families any selection of moves within a budget could recover at best.
//
// 1. `trimBound`, on the whole data: a lower bound on the SSE of any regrouping that moves at most B continuing
//    schools. Each kept family a keeps its home members H_a less the ones it loses (S_a); adding schools to a set
//    never lowers its SSE, so SSE ≥ Σ_a SSE(H_a \ S_a), whatever the moved schools cost where they land. Per family,
//    the least SSE after removing s members is found exactly (every subset, in Gray-code order, O(2^m·d) for m ≤ 20
//    members); the budget is shared between families exactly by dynamic programming. It ignores what moved schools
//    cost in their new families, so it is optimistic: the true best lies between ours and it.
// 2. `exactSmall`, on a small region (three neighbouring families, up to 59 schools): the exact best regrouping
//    within the budget, by trying every set of at most B schools and every family for each, sizes held.
import { centroidsOf } from "../../src/internal/geometry.js";

/** The least SSE of the points after removing s of them, for s = 0..m (exact: every subset). */
export function trimmed(points: readonly number[][], d: number): number[] {
  const m = points.length;
  if (m > 24) throw new Error(`trimmed: ${m} points is too many to try every subset`);
  const best = new Array<number>(m + 1).fill(Number.POSITIVE_INFINITY);
  best[m] = 0;
  const sum = new Float64Array(d);
  const inSet = new Uint8Array(m);
  let squares = 0;
  let count = 0;
  for (let code = 1; code < 2 ** m; code++) {
    const bit = 31 - Math.clz32(code & -code);
    const p = points[bit] as number[];
    const sign = inSet[bit] ? -1 : 1;
    inSet[bit] = inSet[bit] ? 0 : 1;
    count += sign;
    for (let j = 0; j < d; j++) {
      sum[j] = (sum[j] as number) + sign * (p[j] as number);
      squares += sign * (p[j] as number) ** 2;
    }
    let s2 = 0;
    for (let j = 0; j < d; j++) s2 += (sum[j] as number) ** 2;
    const sse = Math.max(0, squares - s2 / count);
    if (sse < (best[m - count] as number)) best[m - count] = sse;
  }
  return best;
}

/**
 * A lower bound on the SSE of any regrouping that moves at most `budget` of the schools with a home family:
 * min over Σ s_a ≤ budget of Σ_a trimmed(H_a)[s_a].
 *
 * @param homes - Each family's home members' coordinates.
 */
export function trimBound(homes: readonly number[][][], d: number, budget: number): number {
  let cost = new Array<number>(budget + 1).fill(Number.POSITIVE_INFINITY);
  cost[0] = 0;
  for (const h of homes) {
    const f = trimmed(h, d);
    const next = new Array<number>(budget + 1).fill(Number.POSITIVE_INFINITY);
    for (let b = 0; b <= budget; b++) {
      if (!Number.isFinite(cost[b] as number)) continue;
      for (let s = 0; s < f.length && b + s <= budget; s++)
        next[b + s] = Math.min(next[b + s] as number, (cost[b] as number) + (f[s] as number));
    }
    cost = next;
  }
  return Math.min(...cost);
}

/**
 * The exact least SSE of a small region's k families when at most `budget` schools leave their family (`labels`),
 * sizes within min–max: every set of up to `budget` schools, every other family for each. Incremental sums make each
 * try O(budget·d).
 */
export function exactSmall(
  coords: Float64Array,
  d: number,
  labels: Int32Array,
  k: number,
  min: number,
  max: number,
  budget: number,
): number {
  const n = labels.length;
  const { centroids, sizes } = centroidsOf(coords, d, labels, k);
  const sum = new Float64Array(k * d);
  const squares = new Float64Array(k);
  for (let f = 0; f < k; f++)
    for (let j = 0; j < d; j++) sum[f * d + j] = (centroids[f * d + j] as number) * (sizes[f] as number);
  for (let i = 0; i < n; i++) {
    const f = labels[i] as number;
    for (let j = 0; j < d; j++) squares[f] = (squares[f] as number) + (coords[i * d + j] as number) ** 2;
  }
  const size = Int32Array.from(sizes);
  const sseNow = (): number => {
    let t = 0;
    for (let f = 0; f < k; f++) {
      let s2 = 0;
      for (let j = 0; j < d; j++) s2 += (sum[f * d + j] as number) ** 2;
      t += (squares[f] as number) - s2 / (size[f] as number);
    }
    return t;
  };
  const move = (i: number, from: number, to: number): void => {
    let q = 0;
    for (let j = 0; j < d; j++) {
      const x = coords[i * d + j] as number;
      sum[from * d + j] = (sum[from * d + j] as number) - x;
      sum[to * d + j] = (sum[to * d + j] as number) + x;
      q += x * x;
    }
    squares[from] = (squares[from] as number) - q;
    squares[to] = (squares[to] as number) + q;
    size[from] = (size[from] as number) - 1;
    size[to] = (size[to] as number) + 1;
  };
  let best = sseNow();
  const within = (): boolean => {
    for (let f = 0; f < k; f++) if ((size[f] as number) < min || (size[f] as number) > max) return false;
    return true;
  };
  const pick = (from: number, left: number): void => {
    for (let i = from; i < n; i++) {
      const home = labels[i] as number;
      for (let to = 0; to < k; to++) {
        if (to === home) continue;
        move(i, home, to);
        if (within()) best = Math.min(best, sseNow());
        if (left > 1) pick(i + 1, left - 1);
        move(i, to, home);
      }
    }
  };
  if (budget > 0) pick(0, budget);
  return best;
}
