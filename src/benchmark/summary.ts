import { max, mean, median, min, quantileSorted, sum } from "simple-statistics";

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
 * // => { count: 3, mean: 53.333…, weightedMean: 61, median: 50, lowerQuartile: 45, upperQuartile: 60, min: 40, max: 70 }
 */
export function summarise(values: readonly (number | undefined)[], cohorts?: readonly (number | undefined)[]): Summary | undefined {
  const present: number[] = [];
  const weights: number[] = [];
  let allWeighted = cohorts !== undefined;
  values.forEach((v, i) => {
    if (v === undefined || Number.isNaN(v)) return;
    present.push(v);
    const w = cohorts?.[i];
    if (w === undefined || !(w > 0)) allWeighted = false;
    else weights.push(w);
  });
  if (present.length === 0) return undefined;
  const sorted = [...present].sort((a, b) => a - b);
  const weightedMean = allWeighted ? sum(present.map((v, i) => v * (weights[i] as number))) / sum(weights) : undefined;
  return {
    count: present.length,
    mean: mean(present),
    ...(weightedMean === undefined ? {} : { weightedMean }),
    median: median(sorted),
    lowerQuartile: quantileSorted(sorted, 0.25),
    upperQuartile: quantileSorted(sorted, 0.75),
    min: min(sorted),
    max: max(sorted),
  };
}
