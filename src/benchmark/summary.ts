import { quantileSorted } from "simple-statistics";
import { CompensatedSum } from "../internal/compensated.js";

/** A distribution summarised: what a family's average and spread are, in the measure's units. */
export interface Summary {
  count: number;
  mean: number;
  /** The cohort-weighted mean (pupils count, not schools), when every value has a cohort. */
  weightedMean?: number;
  median: number;
  /** Quartiles by linear interpolation (R's type 7, Excel's QUARTILE.INC). */
  lowerQuartile: number;
  upperQuartile: number;
  min: number;
  max: number;
}

/**
 * Summarises values (missing ones skipped): count, mean (compensated summation), cohort-weighted mean,
 * median, quartiles, minimum and maximum. O(n log n).
 *
 * @param values - Numbers, `undefined` for missing.
 * @param cohorts - Optional weights parallel to `values` (pupils); the weighted mean needs one for every value used.
 * @returns A {@link Summary}, or `undefined` when no value is present.
 * @example
 * summarise([40, 50, undefined, 70], [10, 30, 5, 60]);
 * // => { count: 3, mean: ~53.333, weightedMean: 61, median: 50,
 * //      lowerQuartile: 45, upperQuartile: 60, min: 40, max: 70 }
 */
export function summarise(
  values: readonly (number | undefined)[],
  cohorts?: readonly (number | undefined)[],
): Summary | undefined {
  // Sums as the values come (compensated), so the only array built is the one that is sorted.
  const present: number[] = [];
  const total = new CompensatedSum();
  const weighted = new CompensatedSum();
  const weights = new CompensatedSum();
  let allWeighted = cohorts !== undefined;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === undefined || Number.isNaN(v)) continue;
    present.push(v);
    total.add(v);
    const w = cohorts?.[i];
    if (w === undefined || !(w > 0)) allWeighted = false;
    else if (allWeighted) {
      weighted.add(v * w);
      weights.add(w);
    }
  }
  const n = present.length;
  if (n === 0) return undefined;
  // One sort serves the median, the quartiles and the extremes (all type 7 on the sorted values).
  // A family's values are few: insertion sort beats the general sort (and its comparator calls) there.
  // `present` is ours alone, so it is sorted in place.
  const sorted = present;
  if (n <= 64) {
    for (let i = 1; i < n; i++) {
      const v = sorted[i] as number;
      let j = i - 1;
      while (j >= 0 && (sorted[j] as number) > v) {
        sorted[j + 1] = sorted[j] as number;
        j--;
      }
      sorted[j + 1] = v;
    }
  } else sorted.sort((x, y) => x - y);
  const out: Summary = {
    count: n,
    mean: total.value / n,
    median: quantileSorted(sorted, 0.5),
    lowerQuartile: quantileSorted(sorted, 0.25),
    upperQuartile: quantileSorted(sorted, 0.75),
    min: sorted[0] as number,
    max: sorted[n - 1] as number,
  };
  if (allWeighted) out.weightedMean = weighted.value / weights.value;
  return out;
}
