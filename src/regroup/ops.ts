// The changes a budgeted regrouping can make to kept families, each with its exact change in the sum of squared
// distances (SSE) and in the number of charged moves: a move of one school, a swap of two, and a chain (a school
// into a full family whose member moves on to a third). Sizes and the cross-border cap are checked here.

import { countOf, relabel, type Search, tagOf } from "../group/search.js";
import { dist2, joinCost, leaveGain } from "../internal/geometry.js";

/** One change: school i from its family a to b; for a swap, j from b to a; for a chain, j from b to c. */
export interface Op {
  kind: "move" | "swap" | "chain";
  i: number;
  a: number;
  b: number;
  j: number;
  c: number;
  /** How much the SSE falls. */
  gain: number;
  /** The change in charged moves: +1 for each school leaving its home family, −1 for each going back. */
  charge: number;
}

/** The search state, and each school's home family (−1 for a school whose moves are free: new, or forced out). */
export interface SearchWithHomes {
  s: Search;
  home: Int32Array;
}

/** 1 when school i in family f is away from its home family (a charged move), else 0. */
export function chargedMove(g: SearchWithHomes, i: number, f: number): number {
  const h = g.home[i] as number;
  return h >= 0 && f !== h ? 1 : 0;
}

const d2 = (s: Search, i: number, f: number): number => dist2(s.coords, i * s.d, s.centroids, f * s.d, s.d);
const between = (s: Search, i: number, j: number): number => dist2(s.coords, i * s.d, s.coords, j * s.d, s.d);
/** Whether a school of tag t may join family f (with `leaving` of the same tag leaving it at once). */
const fits = (s: Search, f: number, t: number, leaving = -2): boolean =>
  t < 0 || t === leaving || countOf(s, f, t) + 1 <= s.cap;

/**
 * The SSE's fall when school j replaces school i in family f (centroid at squared distances `di` and `dj` from them):
 * the member's sum of squares changes by dj − di and the centroid shifts by (x_j − x_i)/n, taking |x_i − x_j|²/n off.
 */
function replaceGain(s: Search, f: number, di: number, dj: number, dij: number): number {
  return di - dj + dij / (s.sizes[f] as number);
}

/** Receives one candidate op as plain numbers (no object made per candidate); see {@link Op}. */
export type Consider = (
  kind: Op["kind"],
  i: number,
  b: number,
  j: number,
  c: number,
  gain: number,
  charge: number,
) => void;

/**
 * Calls `consider` with every feasible move, swap and chain of school i (in family a) towards the families `to`.
 * Swaps are offered where a move alone cannot be made (a bound blocks it) or where the other school moves for free
 * or back home; elsewhere two moves do the same. Chains only into a full family.
 */
export function eachOp(g: SearchWithHomes, i: number, to: ArrayLike<number>, consider: Consider): void {
  const { s, home } = g;
  const a = s.labels[i] as number;
  const na = s.sizes[a] as number;
  const ti = tagOf(s, i);
  const da = d2(s, i, a);
  const leave = leaveGain(na, da);
  for (let x = 0; x < to.length; x++) {
    const b = to[x] as number;
    if (b === a) continue;
    const nb = s.sizes[b] as number;
    const db = d2(s, i, b);
    const chargeI = chargedMove(g, i, b) - chargedMove(g, i, a);
    const movable = na > s.min && nb < s.max && fits(s, b, ti);
    if (movable) consider("move", i, b, -1, -1, leave - joinCost(nb, db), chargeI);
    for (const j of s.members[b] as number[]) {
      const hj = home[j] as number;
      const tj = tagOf(s, j);
      if ((movable && hj >= 0 && hj !== a) || !fits(s, b, ti, tj)) continue;
      const dij = between(s, i, j);
      const intoB = replaceGain(s, b, d2(s, j, b), db, dij);
      if (fits(s, a, tj, ti))
        consider(
          "swap",
          i,
          b,
          j,
          a,
          replaceGain(s, a, da, d2(s, j, a), dij) + intoB,
          chargeI + chargedMove(g, j, a) - chargedMove(g, j, b),
        );
      if (nb < s.max || na <= s.min) continue;
      for (let y = 0; y < to.length; y++) {
        const c = to[y] as number;
        if (c === a || c === b || (s.sizes[c] as number) >= s.max || !fits(s, c, tj)) continue;
        const gain = leave + intoB - joinCost(s.sizes[c] as number, d2(s, j, c));
        consider("chain", i, b, j, c, gain, chargeI + chargedMove(g, j, c) - chargedMove(g, j, b));
      }
    }
  }
}

/** The op's gain in the current state, or NaN when it can no longer be made (a school moved, a bound is reached). */
export function gainNow(g: SearchWithHomes, op: Op): number {
  const { s } = g;
  const { i, a, b, j, c } = op;
  if (s.labels[i] !== a || (j >= 0 && s.labels[j] !== b)) return Number.NaN;
  const na = s.sizes[a] as number;
  const nb = s.sizes[b] as number;
  const ti = tagOf(s, i);
  const da = d2(s, i, a);
  const db = d2(s, i, b);
  if (op.kind === "move") {
    if (na <= s.min || nb >= s.max || !fits(s, b, ti)) return Number.NaN;
    return leaveGain(na, da) - joinCost(nb, db);
  }
  const tj = tagOf(s, j);
  const dij = between(s, i, j);
  if (!fits(s, b, ti, tj)) return Number.NaN;
  const intoB = replaceGain(s, b, d2(s, j, b), db, dij);
  if (op.kind === "swap") return fits(s, a, tj, ti) ? replaceGain(s, a, da, d2(s, j, a), dij) + intoB : Number.NaN;
  if (na <= s.min || (s.sizes[c] as number) >= s.max || !fits(s, c, tj)) return Number.NaN;
  return leaveGain(na, da) + intoB - joinCost(s.sizes[c] as number, d2(s, j, c));
}

/** Makes the op: relabels its schools, keeping centroids, sizes, members and cap counts in step. */
export function applyOp(g: SearchWithHomes, op: Op): void {
  relabel(g.s, op.i, op.a, op.b);
  if (op.j >= 0) relabel(g.s, op.j, op.b, op.c);
}
