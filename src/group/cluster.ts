import { centroidsOf } from "../internal/geometry.js";
import { bisect, bisectByShares } from "./bisect.js";
import { familyShares } from "./density.js";
import { kMeansPlusPlus } from "./kmeans.js";
import { movePass } from "./moves.js";
import { constrainedLloyd, polishInBlocks, reseedInBlocks } from "./polish.js";
import { countViolations, recompute, refreshNeighbours, type SearchProblem, searchOf } from "./search.js";
import { repairTags } from "./tags.js";

/**
 * The numeric core of {@link groupFamilies}: a partition of n points (flat, d dimensions, already
 * standardised and weighted) into k clusters whose sizes lie in [min, max], as tight as possible
 * (least total squared distance to the cluster centroids, the SSE).
 *
 * The method, and why:
 * 1. **Balanced k-d bisection** gives a feasible start at once: split the points on the dimension of
 *    largest variance into two parts whose sizes are in proportion to the clusters each side will hold,
 *    recursively, so every leaf holds ⌊n/k⌋ or ⌈n/k⌉ points. O(n log n log k). Or **by density**
 *    (`byDensity`): each part gets clusters in proportion to what its points' neighbourhoods want, dense ones
 *    fewer and larger, sparse ones more and smaller, as the size-constrained optimum has them (src/group/bisect.ts).
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
export interface ClusterProblem extends SearchProblem {
  /** Default 60. */
  maxPasses?: number;
  /** Re-cluster the bisection's regions of this many clusters by size-constrained k-means before the search (0: no). */
  reseedBlock?: number;
  /**
   * Bisect by density ({@link bisectByShares}): dense regions get fewer, larger clusters and sparse ones more,
   * smaller ones, as the size-constrained optimum has them. Default false: clusters of equal size.
   */
  byDensity?: boolean;
  /** Each point's share of a cluster for `byDensity`, when the caller has them (default: found from the points). */
  shares?: Float64Array | undefined;
}

/** Clusters per region or block in the start and the polish: small enough to be fast, large enough to matter. */
export const BLOCK = 32;

/**
 * How much block polish {@link refine} does: rounds (each followed by the local search again, while they gain), and
 * Lloyd steps per round. `standard` keeps 20,000 schools to about a second (bench/RESULTS.md); `thorough` polishes
 * each of its starts further.
 */
export const POLISH = { standard: { rounds: 2, steps: 2 }, thorough: { rounds: 8, steps: 4 } } as const;

export interface ClusterResult {
  labels: Int32Array;
  centroids: Float64Array;
  sizes: Int32Array;
  sse: number;
  passes: number;
  /** Points still breaking the per-tag cap (0 unless the cap could not be met). */
  tagViolations: number;
}

/** Solves a {@link ClusterProblem}; the caller has checked that k·min ≤ n ≤ k·max. */
export function sizeConstrainedClusters(problem: ClusterProblem): ClusterResult {
  const { coords, d, k } = problem;
  const n = Math.floor(coords.length / d);
  const labels = new Int32Array(n);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  if (problem.byDensity && k > 1) {
    const shares = problem.shares ?? familyShares(coords, d, k, problem.min, problem.max);
    bisectByShares({ coords, d, order, labels, shares, min: problem.min, max: problem.max }, 0, n, k, 0);
  } else bisect(coords, d, order, 0, n, k, 0, labels);
  if ((problem.reseedBlock ?? 0) > 0 && k > 1) reseedInBlocks(problem, labels, problem.reseedBlock as number, 1);
  if (k <= 1) {
    const { centroids, sizes, sse } = centroidsOf(coords, d, labels, Math.max(k, 1));
    return { labels, centroids, sizes, sse, passes: 0, tagViolations: 0 };
  }
  return localSearch(problem, labels, n);
}

/**
 * A start from k-means++ seeds (`seed`): size-constrained k-means with exact assignment steps — the reference's own
 * method, step for step — then the local search.
 */
export function constrainedKMeansStart(problem: ClusterProblem, seed: number): ClusterResult {
  const { coords, d, k, min, max } = problem;
  // The reference's own stopping rule too (labels settled), so that its run and this start are the same steps.
  const seeds = kMeansPlusPlus(coords, d, k, seed);
  const { labels } = constrainedLloyd(coords, d, k, min, max, seeds, 100, Number.NEGATIVE_INFINITY);
  return localSearch(problem, labels, labels.length);
}

/**
 * Size-constrained k-means over the whole partition from a result's centroids (exact assignment steps until a step
 * gains less than a billionth), then the local search and the thorough polish. Unlike the block polish, a family can
 * move anywhere: it finds what the blocks, each keeping its number of families, cannot. The result's labels are not
 * changed. Not with a tag cap: the result is returned as it is.
 */
export function exactLloyd(problem: ClusterProblem, result: ClusterResult): ClusterResult {
  const { coords, d, k, min, max } = problem;
  if (problem.tags !== undefined && Number.isFinite(problem.maxPerTag ?? Number.POSITIVE_INFINITY)) return result;
  const { labels } = constrainedLloyd(coords, d, k, min, max, centroidsOf(coords, d, result.labels, k).centroids);
  return refine(problem, localSearch(problem, labels, labels.length), POLISH.thorough);
}

/**
 * Rounds of exact block polish ({@link polishInBlocks}: size-constrained Lloyd steps region by region, the borders
 * moving each round), each followed by the local search again, while they gain. Not with a tag cap (the exact
 * assignment does not know it). The result's labels change in place.
 */
export function refine(
  problem: ClusterProblem,
  result: ClusterResult,
  effort: { rounds: number; steps: number },
): ClusterResult {
  if (problem.tags !== undefined && Number.isFinite(problem.maxPerTag ?? Number.POSITIVE_INFINITY)) return result;
  let best = result;
  for (let r = 0; r < effort.rounds; r++) {
    polishInBlocks(problem, best.labels, BLOCK, effort.steps, effort.steps * r);
    const next = localSearch(problem, best.labels, best.labels.length);
    const gained = best.sse - next.sse;
    best = { ...next, passes: best.passes + next.passes };
    if (gained <= 1e-6 * best.sse) break;
  }
  return best;
}

/** The local search (moves and swaps) from a feasible labelling, after repairing the tag cap if there is one. */
function localSearch(problem: ClusterProblem, labels: Int32Array, n: number): ClusterResult {
  const s = searchOf(problem, labels, n);
  const capped = s.tags !== undefined && Number.isFinite(s.cap);
  if (capped) repairTags(s);
  const maxPasses = problem.maxPasses ?? 60;
  let passes = 0;
  for (; passes < maxPasses; passes++) {
    // Centroids settle after the first passes, so their neighbours need finding again only now and then.
    if (passes < 3 || passes % 4 === 0) refreshNeighbours(s);
    const gained = movePass(s);
    recompute(s);
    s.changedBefore = s.changedNow;
    s.changedNow = new Uint8Array(s.k);
    if (gained <= 1e-6 * s.sse) {
      passes++;
      break;
    }
  }
  const { centroids, sizes, sse } = s;
  return { labels, centroids, sizes, sse, passes, tagViolations: capped ? countViolations(s) : 0 };
}
