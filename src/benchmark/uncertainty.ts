import type { SchoolYear } from "../schema.js";

/** The two-sided 95% point of the normal distribution. */
export const Z95 = 1.96;
/** The 95% point of χ² with 2 degrees of freedom. */
export const CHI2_2DF_95 = 5.991464547107979;

/**
 * The standard error of one year's attainment, or undefined when it cannot be known: `percentage` — a share of
 * pupils (binomial, p nudged to (np + ½)/(n + 1)); `score` — from the record's published interval, else pupilSd/√n.
 */
export function attainmentSE(r: SchoolYear, kind: "percentage" | "score", pupilSd: number): number | undefined {
  if (r.attainment === undefined) return undefined;
  const published = r.intervals?.attainment;
  if (kind === "score" && published) return (published.upper - published.lower) / (2 * Z95);
  const n = r.cohort;
  if (n === undefined || n <= 0) return undefined;
  if (kind === "score") return pupilSd / Math.sqrt(n);
  const p = ((n * Math.min(100, Math.max(0, r.attainment))) / 100 + 0.5) / (n + 1);
  return 100 * Math.sqrt((p * (1 - p)) / n);
}

/**
 * The standard errors of each member's difference from an average that (perhaps) includes it:
 * dᵢ = xᵢ − Σ wⱼxⱼ, so Var(dᵢ) = (1 − wᵢ)²vᵢ + Σⱼ≠ᵢ wⱼ²vⱼ (the schools' errors independent). The sum over the
 * others is the family's total less the member's own term, so a family of m costs O(m), not O(m²).
 * A member's is undefined when its own error is unknown or any other member in the average lacks one.
 */
export function differenceSEs(
  ses: readonly (number | undefined)[],
  weights: readonly number[],
): (number | undefined)[] {
  let total = 0;
  let missing = false;
  for (let j = 0; j < ses.length; j++) {
    const w = weights[j] as number;
    if (!w) continue;
    const s = ses[j];
    if (s === undefined) missing = true;
    else total += w * w * s * s;
  }
  const out: (number | undefined)[] = new Array(ses.length);
  for (let i = 0; i < ses.length; i++) {
    const s = ses[i];
    if (s === undefined || missing) {
      out[i] = undefined;
      continue;
    }
    const w = weights[i] as number;
    const others = w ? total - w * w * s * s : total;
    out[i] = Math.sqrt((1 - w) ** 2 * s * s + Math.max(0, others));
  }
  return out;
}
