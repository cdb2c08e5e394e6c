import { CompensatedSum } from "./compensated.js";

/**
 * The population standard deviation of the present values about a given mean: √(Σ(v − mean)² / n), two passes
 * so no cancellation. When the squares would overflow (values near 1e155 and beyond) the deviations are scaled by
 * the largest first, so the result is still right (1e200 and −1e200 give 1e200) instead of Infinity.
 */
export function populationSd(values: Iterable<number | undefined>, mean: number, n: number): number {
  let ss = 0;
  for (const v of values) if (v !== undefined) ss += (v - mean) ** 2;
  if (Number.isFinite(ss)) return Math.sqrt(ss / n);
  let largest = 0;
  for (const v of values) if (v !== undefined) largest = Math.max(largest, Math.abs(v - mean));
  if (!Number.isFinite(largest)) return Number.POSITIVE_INFINITY;
  let scaled = 0;
  for (const v of values) if (v !== undefined) scaled += ((v - mean) / largest) ** 2;
  return largest * Math.sqrt(scaled / n);
}

/** The mean (compensated sum) and population standard deviation of the present values; undefined when none is. */
export function meanAndSd(values: readonly (number | undefined)[]): { mean: number; sd: number } | undefined {
  const sum = new CompensatedSum();
  let n = 0;
  for (const v of values) {
    if (v === undefined) continue;
    sum.add(v);
    n++;
  }
  if (n === 0) return undefined;
  const mean = sum.value / n;
  return { mean, sd: populationSd(values, mean, n) };
}

/** A z-score; 0 when the values do not vary (every value is at the mean); undefined when either is missing. */
export function zScore(v: number | undefined, scale: { mean: number; sd: number } | undefined): number | undefined {
  if (v === undefined || scale === undefined) return undefined;
  return scale.sd > 0 ? (v - scale.mean) / scale.sd : 0;
}

/**
 * The mean of finite values that may be too large to add up (two of 9e307 overflow a double): the compensated mean
 * when the sum is finite, else the mean of the values each divided by their count first.
 */
export function finiteMean(values: readonly number[]): number {
  const sum = new CompensatedSum();
  for (const v of values) sum.add(v);
  if (Number.isFinite(sum.value)) return sum.value / values.length;
  let scaled = 0;
  for (const v of values) scaled += v / values.length;
  return scaled;
}

/**
 * The mean and sample standard deviation (divided by n − 1) of values, for putting measures on one scale; the SD is 1
 * when the values do not vary or there are fewer than two, so that dividing by it changes nothing.
 */
export function sampleScale(values: readonly number[]): { mean: number; sd: number } {
  const mean = values.reduce((t, v) => t + v, 0) / Math.max(1, values.length);
  const sd = Math.sqrt(values.reduce((t, v) => t + (v - mean) ** 2, 0) / Math.max(1, values.length - 1)) || 1;
  return { mean, sd };
}
