// The search for the tightest families of one partition: starts, the exact polish, and the thorough effort's starts.

import { rotate } from "../internal/geometry.js";
import {
  BLOCK,
  type ClusterProblem,
  type ClusterResult,
  constrainedKMeansStart,
  exactLloyd,
  POLISH,
  refine,
  sizeConstrainedClusters,
} from "./cluster.js";
import { familyShares } from "./density.js";

/** The options of groupFamilies that the starts read. */
export interface StartOptions {
  starts?: number;
  maxPasses?: number;
  effort?: "standard" | "thorough";
}

/** The largest partition the standard effort polishes. */
const POLISH_LIMIT = 250_000;

/**
 * The largest partition whose re-clustered start bisects by density. Measured tighter than the equal-sized start on
 * 15 of 17 partitions of 1,000 to 34,000 schools, real and synthetic (0.9% and 0.3% looser on the others), but 1%
 * and 3.5% looser on 166,000 and 170,000 synthetic schools: there a family is so small against the whole that the density
 * read from 16 neighbours varies more from school to school than from one family's place to the next.
 */
const DENSITY_LIMIT = 50_000;

/** Starts of size-constrained k-means from k-means++ seeds with `effort: "thorough"` (the reference's own). */
const THOROUGH_STARTS = 5;

/**
 * Above this many schools in a partition, the thorough effort leaves the reference's starts out: a few seconds each
 * at 4,000 schools, one or two minutes at 16,768, where its density starts are 2% tighter than their best anyway.
 */
const REFERENCE_LIMIT = 5000;

/** Density starts the thorough effort tries, each with the bisection's axes turned by another angle. */
const THOROUGH_TURNS = 8;

/** The tightest of several starts (fewest points over the cap first), each from the space turned by another angle. */
export function bestOfStarts(
  coords: Float64Array,
  d: number,
  k: number,
  min: number,
  max: number,
  options: StartOptions,
  n: number,
  capped: { tags: Int32Array; cap: number } | undefined,
): ClusterResult {
  const starts = options.starts ?? (n <= 2000 ? 32 : 1);
  const problem: ClusterProblem = {
    coords,
    d,
    k,
    min,
    max,
    ...(capped === undefined ? {} : { tags: capped.tags, maxPerTag: capped.cap }),
    ...(options.maxPasses === undefined ? {} : { maxPasses: options.maxPasses }),
  };
  let result: ClusterResult | undefined;
  const consider = (tried: ClusterResult): void => {
    if (
      !result ||
      tried.tagViolations < result.tagViolations ||
      (tried.tagViolations === result.tagViolations && tried.sse < result.sse - 1e-12)
    )
      result = tried;
  };
  // With one start and no cap, the start is the bisection's regions re-clustered (on 200,000 synthetic schools,
  // 36% tighter than the bisection alone); with several, the bisection's axes turned by another angle each time,
  // and the re-clustered one besides. (Turning the space changes where the bisection cuts, not any distance.)
  const reseeded = capped === undefined;
  if (!(reseeded && starts === 1))
    for (let s = 0; s < starts; s++)
      consider(
        sizeConstrainedClusters({
          ...problem,
          coords: s === 0 ? coords : rotate(coords, d, (s * Math.PI) / (2 * starts)),
        }),
      );
  if (!reseeded) return result as ClusterResult;
  // The re-clustered start bisects by density (dense regions get fewer, larger families, as the size-constrained
  // optimum has them). With several starts, the equal-sized one is tried as well, and the best of the others is
  // polished beside the density start: which polishes tighter is not always which searched tighter (855 synthetic
  // primaries: the density start 17.97 after the search and 17.84 polished, the best other 17.76 polished).
  // Above DENSITY_LIMIT schools the start is of equal sizes, as before. Above a quarter of a million schools in one
  // partition, the polish would take the standard effort past its time budget (a minute for a million schools): the
  // re-clustered start gives most of its gain there.
  const polishing = n <= POLISH_LIMIT;
  const byDensity = n <= DENSITY_LIMIT;
  const dense = sizeConstrainedClusters({ ...problem, reseedBlock: BLOCK, byDensity });
  if (starts > 1 && byDensity) consider(sizeConstrainedClusters({ ...problem, reseedBlock: BLOCK }));
  const polish = (tried: ClusterResult): ClusterResult => (polishing ? refine(problem, tried, POLISH.standard) : tried);
  const others = result === undefined ? undefined : polish(result);
  const first = polish(dense);
  const polished = others !== undefined && others.sse < first.sse - 1e-12 ? others : first;
  if (options.effort !== "thorough") return polished;
  result = polished;
  // The standard result and more density starts, each turned (which moves where the bisection cuts), polished and
  // then moved as a whole by size-constrained k-means (exactLloyd); and, where they take seconds, the reference's own
  // starts, so that the families are never looser than its best of five there.
  consider(exactLloyd(problem, polished));
  // Turning changes no distance, so every turn has the same shares.
  const shares = byDensity ? familyShares(coords, d, k, min, max) : undefined;
  for (let t = 1; t < THOROUGH_TURNS; t++) {
    const turned = rotate(coords, d, (t * Math.PI) / (2 * THOROUGH_TURNS));
    const start = sizeConstrainedClusters({ ...problem, coords: turned, reseedBlock: BLOCK, byDensity, shares });
    consider(exactLloyd(problem, refine(problem, start, POLISH.standard)));
  }
  if (n <= REFERENCE_LIMIT)
    for (let seed = 1; seed <= THOROUGH_STARTS; seed++)
      consider(refine(problem, constrainedKMeansStart(problem, seed), POLISH.thorough));
  return result as ClusterResult;
}
