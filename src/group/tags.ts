import { dist2 } from "../internal/geometry.js";
import { countOf, countViolations, recompute, refreshNeighbours, relabel, type Search, tagOf } from "./search.js";

/**
 * Repairs the cross-border cap: swaps points out of clusters with too many of one tag, choosing each time the swap
 * that costs least SSE; first among neighbouring clusters, then among all. At most four rounds.
 *
 * @returns The points still over the cap (0 when repaired).
 */
export function repairTags(s: Search): number {
  for (let round = 0; round < 4 && countViolations(s) > 0; round++) {
    refreshNeighbours(s);
    for (let a = 0; a < s.k; a++) {
      for (;;) {
        const pick = cheapestRepair(s, a, round < 2);
        if (!pick) break;
        const [x, b, y] = pick;
        relabel(s, x, a, b);
        relabel(s, y, b, a);
      }
    }
    recompute(s);
  }
  return countViolations(s);
}

/** The cheapest swap [x in a, b, y in b] that takes a point of an over-cap tag out of a, or undefined. */
function cheapestRepair(s: Search, a: number, nearOnly: boolean): [number, number, number] | undefined {
  const { coords, centroids, d, F, neighbours, members, k, cap } = s;
  const over = (members[a] as number[]).filter((i) => tagOf(s, i) >= 0 && countOf(s, a, tagOf(s, i)) > cap);
  if (over.length === 0) return undefined;
  let best = Number.POSITIVE_INFINITY;
  let pick: [number, number, number] | undefined;
  const candidates = nearOnly
    ? Array.from(neighbours.subarray(a * F, a * F + F)).filter((b) => b >= 0)
    : Array.from({ length: k }, (_, b) => b).filter((b) => b !== a);
  for (const x of over) {
    const tx = tagOf(s, x);
    for (const b of candidates) {
      if (countOf(s, b, tx) + 1 > cap) continue;
      for (const y of members[b] as number[]) {
        const ty = tagOf(s, y);
        if (ty === tx || (ty >= 0 && countOf(s, a, ty) + 1 > cap)) continue;
        const cost = dist2(coords, x * d, centroids, b * d, d) + dist2(coords, y * d, centroids, a * d, d);
        if (cost < best) {
          best = cost;
          pick = [x, b, y];
        }
      }
    }
  }
  return pick;
}
