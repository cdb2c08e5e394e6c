import { dist2, joinCost, leaveGain } from "../internal/geometry.js";
import { countOf, relabel, type Search, tagOf } from "./search.js";

/**
 * One pass of size-bounded Hartigan moves over every point whose cluster (or a neighbour of it) changed lately: a
 * point moves to the neighbouring cluster that lowers the SSE most, if both sizes and the tag cap allow; when the
 * best move is blocked by a bound, it swaps with the member of the wished-for cluster that lowers the SSE most.
 *
 * @returns How much the pass lowered the SSE.
 */
export function movePass(s: Search): number {
  const { labels, F, neighbours, changedBefore } = s;
  const n = labels.length;
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
    gained += moveOrSwap(s, i, a);
  }
  return gained;
}

/** The best move for point i (in cluster a), or else the best swap towards the cluster it wished for; the gain. */
function moveOrSwap(s: Search, i: number, a: number): number {
  const { coords, centroids, sizes, d, F, neighbours, min, max, cap } = s;
  const na = sizes[a] as number;
  const ti = tagOf(s, i);
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
    const fits = na - 1 >= min && nb + 1 <= max && (ti < 0 || countOf(s, b, ti) + 1 <= cap);
    if (fits && delta < bestMove) {
      bestMove = delta;
      moveTo = b;
    } else if (!fits && delta < bestWish) {
      bestWish = delta;
      wishTo = b;
    }
  }
  if (moveTo >= 0) {
    relabel(s, i, a, moveTo);
    return -bestMove;
  }
  return wishTo < 0 ? 0 : swapTowards(s, i, a, wishTo);
}

/**
 * Swaps point i (in a) with the member y of b that lowers the SSE most, if any: the exact change is
 * (|y−c_A|² − |x−c_A|² − |x−y|²/n_A) + (|x−c_B|² − |y−c_B|² − |x−y|²/n_B). Ties go to the lower index.
 */
function swapTowards(s: Search, i: number, a: number, b: number): number {
  const { coords, centroids, sizes, d, members, cap } = s;
  const ti = tagOf(s, i);
  const na = sizes[a] as number;
  const nb = sizes[b] as number;
  const xa = dist2(coords, i * d, centroids, a * d, d);
  const xb = dist2(coords, i * d, centroids, b * d, d);
  let bestSwap = -1e-12 * (1 + xa);
  let partner = -1;
  for (const y of members[b] as number[]) {
    const ty = tagOf(s, y);
    if (ti !== ty && ((ty >= 0 && countOf(s, a, ty) + 1 > cap) || (ti >= 0 && countOf(s, b, ti) + 1 > cap))) continue;
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
  if (partner < 0) return 0;
  relabel(s, i, a, b);
  relabel(s, partner, b, a);
  return -bestSwap;
}
