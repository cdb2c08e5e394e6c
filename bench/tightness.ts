// How tight a grouping's families are against unconstrained k-means and the exact size-constrained k-means
// reference, phase by phase: shared by bench/group.bench.ts (synthetic data) and bench/national.bench.ts (real).

import type { describeSchools } from "../src/features/features.js";
import { familyCount } from "../src/group/families.js";
import { kMeans } from "../src/group/kmeans.js";
import type { SchoolYear } from "../src/index.js";
import { seededRandom } from "../src/internal/random.js";
import { constrainedKMeans } from "./reference/constrained-kmeans.js";

/** A seeded sample of n records (Fisher–Yates on a copy): the samples of bench/national.bench.ts and issue 28's. */
export function sampleOf(from: readonly SchoolYear[], n: number, seed: number): SchoolYear[] {
  const random = seededRandom(seed);
  const copy = [...from];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [copy[i], copy[j]] = [copy[j] as SchoolYear, copy[i] as SchoolYear];
  }
  return copy.slice(0, n);
}

/** Best of `seeds` runs of a clustering, summed over the phases, at the number of families groupFamilies uses. */
export function bestOver(
  seeds: number,
  set: ReturnType<typeof describeSchools>,
  run: (coords: Float64Array, d: number, k: number, seed: number) => number,
): number {
  let total = 0;
  for (const part of set.partitions) {
    const count = familyCount(part.points.length, 12, 20, 16);
    if (!("k" in count)) continue;
    let best = Infinity;
    for (let s = 1; s <= seeds; s++) best = Math.min(best, run(part.coords, set.features.length, count.k, s));
    total += best;
  }
  return total;
}

/** The best of 5 k-means runs' SSE. */
export const bestKMeans = (set: ReturnType<typeof describeSchools>): number =>
  bestOver(5, set, (c, d, k, s) => kMeans(c, d, k, s).sse);

/** The best of 5 exact size-constrained k-means runs' SSE (a second at n = 1,000, 13 s at 4,000, ten minutes at 16,768). */
export const bestReference = (set: ReturnType<typeof describeSchools>): number =>
  bestOver(5, set, (c, d, k, s) => constrainedKMeans(c, d, k, 12, 20, s).sse);
