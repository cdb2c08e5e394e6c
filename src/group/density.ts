// How large a family each point's neighbourhood wants: the size-constrained optimum gives dense regions large families
// and sparse ones small families, and a start that knows this need not move families across the space later.
import { dist2 } from "../internal/geometry.js";
import { buildKdTree, kNearest } from "../internal/kdtree.js";

/**
 * Each point's share of a family, 1 / the family size its neighbourhood wants, the shares summing to about k. A family
 * of s points where the density is ρ (in d dimensions) has an SSE of about s·(s/ρ)^(2/d); with the families shared out
 * among regions so that the total is least, the size grows as ρ^(2/(d+2)), held within [min, max]. The density is read
 * from the squared distance r2 to each point's r-th nearest neighbour (r the mean family size), ρ ∝ r2^(−d/2), which
 * is noisy: the exponent is halved, so that sizes follow the density more gently (on 16 partitions, real and
 * synthetic, the full exponent gave families looser than equal sizes in 4, the half in 2, by at most 0.9%; see
 * bench/RESULTS.md, issue 28). O(n·r·log n).
 */
export function familyShares(coords: Float64Array, d: number, k: number, min: number, max: number): Float64Array {
  const n = Math.floor(coords.length / d);
  const shares = new Float64Array(n).fill(k / Math.max(n, 1));
  const r = Math.min(n - 1, Math.max(1, Math.round(n / k)));
  if (n < 2 || min >= max) return shares;
  const tree = buildKdTree(coords, d);
  const idx = new Int32Array(r);
  const dist = new Float64Array(r);
  // The wanted size up to a common factor: ρ^(1/(d+2)) = r2^(−d/(2(d+2))), the exponent halved.
  const want = new Float64Array(n);
  // In the tree's order, each query is near the one before, whose reach bounds its own: (reach + step)², with a
  // hair of slack for rounding (a bound may be loose, never tight).
  let previous = -1;
  let reach = 0;
  for (const i of tree.order) {
    const bound =
      previous < 0
        ? Number.POSITIVE_INFINITY
        : (reach + Math.sqrt(dist2(coords, i * d, coords, previous * d, d))) ** 2 * (1 + 1e-9);
    let found = kNearest(tree, coords, i * d, r, idx, dist, i, bound);
    if (found < r) found = kNearest(tree, coords, i * d, r, idx, dist, i);
    const r2 = found > 0 ? (dist[found - 1] as number) : 0;
    want[i] = r2 > 0 ? r2 ** (-d / (2 * (d + 2))) : Number.POSITIVE_INFINITY;
    previous = i;
    reach = Math.sqrt(r2);
  }
  const total = (scale: number): number => {
    let s = 0;
    for (const w of want) s += 1 / Math.min(max, Math.max(min, scale * w));
    return s;
  };
  // The common factor by bisection on its logarithm: the shares fall as it grows, from n/min to n/max.
  let lo = -60;
  let hi = 60;
  for (let step = 0; step < 64; step++) {
    const mid = (lo + hi) / 2;
    if (total(Math.exp(mid)) > k) lo = mid;
    else hi = mid;
  }
  const scale = Math.exp(hi);
  for (let i = 0; i < n; i++) shares[i] = 1 / Math.min(max, Math.max(min, scale * (want[i] as number)));
  return shares;
}
