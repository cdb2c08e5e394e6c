import type { ContextField } from "../features/features.js";

/**
 * The London-style ranking: order the schools on one weighted composite score and chop the list into k consecutive
 * families of even size. The composite is Σ sign·weight·z, each feature signed by its direction of need (see
 * {@link needSigns} and {@link outcomeSigns}): a plain sum would let prior attainment (high = advantaged) and
 * disadvantage (high = disadvantaged) cancel, and rank a school of high prior attainment and high disadvantage
 * beside one low on both. O(n log n).
 *
 * @param coords - The schools' weighted standardised coordinates, flat, `d` a school.
 * @param d - Features a school.
 * @param k - Families to chop into.
 * @param signs - +1 or −1 for each feature (default +1 for every feature).
 * @returns Each school's family, 0…k−1 in the order of the composite.
 */
export function sortAndChop(coords: Float64Array, d: number, k: number, signs?: readonly number[]): Int32Array {
  const n = Math.floor(coords.length / d);
  const score = new Float64Array(n);
  // coords are already scaled by √weight, so multiplying by √weight again gives Σ sign·weight·z.
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += (coords[i * d + j] as number) * (signs?.[j] ?? 1);
    score[i] = s;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (score[a] as number) - (score[b] as number) || a - b,
  );
  const labels = new Int32Array(n);
  const q = Math.floor(n / k);
  const r = n - q * k;
  let at = 0;
  for (let c = 0; c < k; c++) {
    const size = q + (c < r ? 1 : 0);
    for (let s = 0; s < size; s++) labels[order[at++] as number] = c;
  }
  return labels;
}

/**
 * Each feature's direction of need when no outcome is given: prior attainment counts as advantage (+1); disadvantage,
 * EAL, SEN, mobility and absence as need (−1). So the composite of the default features is prior attainment minus
 * disadvantage, as London ranked its schools.
 *
 * @example
 * needSigns(["priorAttainment", "disadvantage"]);
 * // => [1, -1]
 */
export function needSigns(features: readonly ContextField[]): number[] {
  return features.map((f) => (f === "priorAttainment" ? 1 : -1));
}

/**
 * Each feature's direction of need from an outcome: the sign of its correlation with the outcome over the schools
 * that have one (`outcome[i]` undefined: left out). Where a feature is uncorrelated with the outcome, or fewer than
 * two schools have one, its sign is {@link needSigns}'. O(n·d).
 *
 * @param coords - Flat coordinates, `d` a school (any scale: only the signs of the covariances are used).
 * @param outcome - Each school's outcome, or undefined.
 * @example
 * // Two schools: the second has more prior attainment, more EAL and a better outcome.
 * outcomeSigns(Float64Array.from([0, 0, 1, 1]), ["priorAttainment", "eal"], [10, 20]);
 * // => [1, 1]
 */
export function outcomeSigns(
  coords: Float64Array,
  features: readonly ContextField[],
  outcome: readonly (number | undefined)[],
): number[] {
  const d = features.length;
  const signs = needSigns(features);
  let n = 0;
  let my = 0;
  const mx = new Float64Array(d);
  for (const [i, y] of outcome.entries()) {
    if (y === undefined) continue;
    n++;
    my += y;
    for (let j = 0; j < d; j++) mx[j] = (mx[j] as number) + (coords[i * d + j] as number);
  }
  if (n < 2) return signs;
  my /= n;
  for (let j = 0; j < d; j++) {
    const m = (mx[j] as number) / n;
    let cov = 0;
    for (const [i, y] of outcome.entries()) if (y !== undefined) cov += ((coords[i * d + j] as number) - m) * (y - my);
    if (cov !== 0) signs[j] = cov > 0 ? 1 : -1;
  }
  return signs;
}
