// The beta-binomial predictive interval for the share of a cohort that meets a standard: skewed where the share is
// near 0% or 100%, as a share of a small cohort must be, where a normal interval clipped to 0–100 is not.

/**
 * The probabilities of 0…n successes in n trials whose chance of success is itself Beta(a, b): the beta-binomial
 * distribution. Built from P(k + 1)/P(k) = (n − k)/(k + 1) · (a + k)/(b + n − k − 1) in logs, so a large a + b (a
 * plain binomial in the limit) neither overflows nor loses precision. O(n).
 */
function betaBinomialPmf(n: number, a: number, b: number): number[] {
  const logs: number[] = [0];
  for (let k = 0; k < n; k++)
    logs.push((logs[k] as number) + Math.log(((n - k) * (a + k)) / ((k + 1) * (b + n - k - 1))));
  const top = Math.max(...logs);
  const p = logs.map((l) => Math.exp(l - top));
  const total = p.reduce((s, x) => s + x, 0);
  return p.map((x) => x / total);
}

/**
 * A 95% predictive interval for next year's percentage of a cohort of `n` pupils, given its expected value `mean`
 * (0–100) and its variance (%², everything the projection is unsure of: the school's level, its family's, and the
 * next cohort's chance variation beyond the binomial's). The number meeting the standard is taken as beta-binomial
 * with that mean and variance: Var(X/n) = p(1 − p)/n · (1 + (n − 1)ρ), so the variance fixes ρ, the correlation
 * between pupils (0, a plain binomial, when the variance is no more than the binomial's; the whole 0–100 when it is
 * p(1 − p) or more). The interval runs from the 2.5% to the 97.5% point of that distribution (equal tails, each
 * holding at most 2.5%), as whole percentages rounded outwards, as the DfE publishes them. `mean` is kept half a
 * pupil off 0 and 100 (within ½/(n + 1) … (n + ½)/(n + 1)), as the standard errors are. O(n).
 *
 * @param mean - The expected percentage, 0–100.
 * @param variance - The variance of the percentage (%²).
 * @param n - The cohort's size (≥ 1; rounded to a whole number).
 * @returns `{ low, high }`, whole percentages within 0–100.
 * @example
 * // 3 or fewer of the 10 pupils has a chance of 2.4%, within the lower 2.5%: the interval starts at 4 (40%).
 * betaBinomialInterval(75, 315, 10);
 * // => { low: 40, high: 100 }
 */
export function betaBinomialInterval(mean: number, variance: number, n: number): { low: number; high: number } {
  const size = Math.round(n);
  if (!(size >= 1)) throw new RangeError(`betaBinomialInterval: n must be at least 1, not ${n}`);
  const edge = 0.5 / (size + 1);
  const p = Math.min(1 - edge, Math.max(edge, mean / 100));
  const binomial = (p * (1 - p)) / size;
  const v = variance / 10_000;
  if (v >= p * (1 - p)) return { low: 0, high: 100 };
  const rho = size > 1 ? Math.max(0, (v / binomial - 1) / (size - 1)) : 0;
  // a + b = 1/ρ − 1; ρ = 0 is the binomial, reached through a large a + b.
  const s = rho > 1e-12 ? 1 / rho - 1 : 1e12;
  const pmf = betaBinomialPmf(size, p * s, (1 - p) * s);
  let low = 0;
  for (let k = 0, below = 0; k <= size; k++) {
    below += pmf[k] as number;
    if (below > 0.025) {
      low = k;
      break;
    }
  }
  let high = size;
  for (let k = size, above = 0; k >= 0; k--) {
    above += pmf[k] as number;
    if (above > 0.025) {
      high = k;
      break;
    }
  }
  // (100k)/n is exact when it is a whole number, so floor and ceil need no tolerance.
  return { low: Math.floor((100 * low) / size), high: Math.ceil((100 * high) / size) };
}
