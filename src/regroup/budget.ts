// The budgeted regrouping: from the kept families, one sequence of changes, each the best there is by its exact
// gain. Free changes first (a new or forced school placing itself better, a moved school moving on or back home),
// then the change that buys most per charged move; again until nothing gains. Every budget's result is the last
// state of that one sequence within the budget, so a larger budget can never give looser families.

import { type Search, type SearchProblem, searchOf } from "../group/search.js";
import { Heap } from "../internal/heap.js";
import { buildKdTree, kNearest } from "../internal/kdtree.js";
import { applyOp, eachOp, gainNow, type Op, type SearchWithHomes } from "./ops.js";

/** How many nearest families (by the kept families' centres) each school's changes look at, besides its own. */
const NEAR = 8;

/** One step of the sequence: the schools it moved (school, family, …), and the charged moves and SSE after it. */
export interface Step {
  moves: number[];
  charged: number;
  sse: number;
}

/** The sequence of changes from the kept families, and their SSE. */
export interface Trajectory {
  keepSse: number;
  steps: Step[];
}

/**
 * The whole sequence of best changes from the kept labels (`keep`), with no budget: each step is a free change
 * (one that charges no more moves) if any gains, else the change with the largest gain per charged move.
 *
 * Cost: O(n·L·m·d) to start (L nearest families of m members each), then per step the same for the schools whose
 * families, or nearest families, changed — about 2·m·L schools.
 *
 * @param home - Each school's home family (last year's), or −1 when its moves are free.
 */
export function budgetTrajectory(problem: SearchProblem, keep: Int32Array, home: Int32Array): Trajectory {
  const n = keep.length;
  const s = searchOf(problem, Int32Array.from(keep), n);
  const g: SearchWithHomes = { s, home };
  const keepSse = s.sse;
  const near = nearestFamilies(s, keep, Math.min(problem.k - 1, NEAR));
  const watchers = watchersOf(near, problem.k);
  const eps = 1e-9 * (s.sse / Math.max(1, n)) + 1e-300;
  const free = new Heap();
  const paid = new Heap();
  const bestFree: (Op | undefined)[] = new Array(n);
  const bestPaid: (Op | undefined)[] = new Array(n);
  /**
   * Finds school i's best free and best paid op among its nearest families, or (`towards`) only among those
   * families, keeping its earlier bests where the new ones are not better.
   */
  const evaluate = (i: number, towards?: ArrayLike<number>): void => {
    let f = towards ? bestFree[i] : undefined;
    let p = towards ? bestPaid[i] : undefined;
    const [f0, p0] = [f, p];
    const a = s.labels[i] as number;
    eachOp(g, i, towards ?? (near[i] as Int32Array), (kind, i, b, j, c, gain, charge) => {
      if (!(gain > eps)) return;
      if (charge <= 0) {
        if (!f || gain > f.gain) f = { kind, i, a, b, j, c, gain, charge };
      } else if (!p || gain / charge > p.gain / p.charge) p = { kind, i, a, b, j, c, gain, charge };
    });
    bestFree[i] = f;
    bestPaid[i] = p;
    if (f && f !== f0) free.push(-f.gain, i);
    if (p && p !== p0) paid.push(-p.gain / p.charge, i);
  };
  /** The best current op from a heap: skips stale entries, and re-evaluates a school whose op no longer holds. */
  const take = (heap: Heap, best: (Op | undefined)[], key: (op: Op) => number): Op | undefined => {
    while (heap.size > 0) {
      const i = heap.pop();
      const op = best[i];
      if (!op || heap.lastKey !== -key(op)) continue;
      const now = gainNow(g, op);
      if (Math.abs(now - op.gain) <= eps) return op;
      evaluate(i);
    }
    return undefined;
  };
  for (let i = 0; i < n; i++) evaluate(i);
  const steps: Step[] = [];
  let charged = 0;
  let sse = s.sse;
  const seen = new Int32Array(n).fill(-1);
  for (let t = 0; t < 50 * n; t++) {
    const op = take(free, bestFree, (o) => o.gain) ?? take(paid, bestPaid, (o) => o.gain / o.charge);
    if (!op) break;
    applyOp(g, op);
    charged += op.charge;
    sse -= op.gain;
    steps.push({ moves: op.j >= 0 ? [op.i, op.b, op.j, op.c] : [op.i, op.b], charged, sse });
    const changed = op.j >= 0 && op.c !== op.a ? [op.a, op.b, op.c] : [op.a, op.b];
    for (const f of changed)
      for (const x of s.members[f] as number[]) {
        seen[x] = t;
        evaluate(x);
      }
    // Schools that look at a changed family: again in full if their best op used it, else only towards it.
    const uses = (o: Op | undefined) => o !== undefined && (changed.includes(o.b) || changed.includes(o.c));
    for (const f of changed)
      for (const x of watchers[f] as number[]) {
        if (seen[x] === t) continue;
        seen[x] = t;
        evaluate(x, uses(bestFree[x]) || uses(bestPaid[x]) ? undefined : changed);
      }
  }
  return { keepSse, steps };
}

/** The last step whose charged moves are within `budget` (−1: the kept families themselves). */
export function lastWithin(t: Trajectory, budget: number): number {
  for (let i = t.steps.length - 1; i >= 0; i--) if ((t.steps[i] as Step).charged <= budget) return i;
  return -1;
}

/** The labels after the steps up to and including `step`. */
export function labelsAt(keep: Int32Array, t: Trajectory, step: number): Int32Array {
  const labels = Int32Array.from(keep);
  for (let x = 0; x <= step; x++) {
    const m = (t.steps[x] as Step).moves;
    for (let y = 0; y < m.length; y += 2) labels[m[y] as number] = m[y + 1] as number;
  }
  return labels;
}

/** Each school's nearest `count` families by the kept centres, and its kept family. */
function nearestFamilies(s: Search, keep: Int32Array, count: number): Int32Array[] {
  const tree = buildKdTree(s.centroids, s.d);
  const idx = new Int32Array(count);
  const dist = new Float64Array(count);
  const out: Int32Array[] = [];
  for (let i = 0; i < keep.length; i++) {
    const found = kNearest(tree, s.coords, i * s.d, count, idx, dist);
    const list = Array.from(idx.subarray(0, found));
    if (!list.includes(keep[i] as number)) list.push(keep[i] as number);
    out.push(Int32Array.from(list));
  }
  return out;
}

/** For each family, the schools that look at it. */
function watchersOf(near: readonly Int32Array[], k: number): number[][] {
  const out: number[][] = Array.from({ length: k }, () => []);
  for (const [i, list] of near.entries()) for (const f of list) (out[f] as number[]).push(i);
  return out;
}
