/** Mean and population standard deviation of the present values (Welford's update), or undefined when none is. */
export function meanAndSd(values: Iterable<number | undefined>): { mean: number; sd: number } | undefined {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (const v of values) {
    if (v === undefined) continue;
    n++;
    const d = v - mean;
    mean += d / n;
    m2 += d * (v - mean);
  }
  return n > 0 ? { mean, sd: Math.sqrt(m2 / n) } : undefined;
}

/** A z-score; 0 when the values do not vary (every value is at the mean); undefined when either is missing. */
export function zScore(v: number | undefined, scale: { mean: number; sd: number } | undefined): number | undefined {
  if (v === undefined || scale === undefined) return undefined;
  return scale.sd > 0 ? (v - scale.mean) / scale.sd : 0;
}
