import { ArgumentError } from "../errors.js";
import type { School } from "../panel/panel.js";
import type { SchoolYear } from "../schema.js";

/** Options for {@link improvement}. */
export interface ImprovementOptions {
  /** The last year of the window. Default: the school's latest year. */
  year?: number;
  /** Years in the window, ending with `year`. Default 3 (Greater Manchester's "previous three years"). */
  window?: number;
  /**
   * `slope` (default): the least-squares change per year over the window's years with a result;
   * `change`: the latest result minus the earliest in the window, divided by the years between them (also per year).
   */
  method?: "slope" | "change";
  /** The fewest years with a result for a value. Default 2. */
  minYears?: number;
  /** Each year's standard error of attainment, if known, to give the improvement a standard error. */
  standardErrors?: ReadonlyMap<number, number>;
}

/** A school's improvement: a change in headline attainment per year, or the reason there is none. */
export interface Improvement {
  /** Change per year, in attainment's units (percentage points, or points). Absent when there are too few years. */
  value?: number;
  /** Its standard error, when every year used has one. */
  standardError?: number;
  /** The years used, ascending. */
  years: number[];
  /** Why there is no value. */
  reason?: string;
}

/**
 * A school's improvement over a window of years (default the last 3): by default the least-squares slope of
 * headline attainment per year, or (`method: "change"`) the latest minus the earliest result per year between
 * them. Years without a result are skipped (and so are suppressed values); with fewer than `minYears` (default 2)
 * there is no value, and `reason` says why. O(years).
 *
 * The standard error, when each year's is given: the slope is Σ wᵢ·yᵢ with wᵢ = (xᵢ − x̄) / Σ(x − x̄)², so its
 * variance is Σ wᵢ²·SEᵢ² (years' sampling errors taken as independent); a change's is (SE₁² + SE₂²) / span².
 *
 * @param school - A {@link School} (from `panel`) or a school's records. Not mutated.
 * @param options - See {@link ImprovementOptions}.
 * @returns An {@link Improvement}.
 * @example
 * improvement({ urn: "1", urns: ["1"], phase: "primary", years: [
 *   { urn: "1", phase: "primary", year: 2017, attainment: 50 },
 *   { urn: "1", phase: "primary", year: 2018, attainment: 56 },
 *   { urn: "1", phase: "primary", year: 2019, attainment: 58 },
 * ] });
 * // => { value: 4, years: [2017, 2018, 2019] }
 */
export function improvement(school: School | readonly SchoolYear[], options: ImprovementOptions = {}): Improvement {
  const records = Array.isArray(school) ? (school as readonly SchoolYear[]) : (school as School).years;
  return improvementOf(records, options);
}

/** One year's headline result: all {@link improvement} needs of a record (and its standard error, when known). */
export interface YearResult {
  year: number;
  attainment?: number | undefined;
  /** Used when `options.standardErrors` is not given. */
  se?: number | undefined;
}

/** {@link improvement} on plain year results (callers that have normalised their records use this directly). */
export function improvementOf(records: readonly YearResult[], options: ImprovementOptions = {}): Improvement {
  const settings = improvementSettings(options);
  const last = options.year ?? records.reduce((m, r) => Math.max(m, r.year), -Infinity);
  if (!Number.isFinite(last)) return { years: [], reason: "no years" };
  const t = trend(records, last, settings.window, settings.method, options.standardErrors);
  const first = last - settings.window + 1;
  const years: number[] = [];
  for (const r of records) if (r.year >= first && r.year <= last && r.attainment !== undefined) years.push(r.year);
  years.sort((a, b) => a - b);
  if (t.n < settings.minYears) return { years, reason: tooFewYears(t.n, last, settings) };
  const out: Improvement = { value: t.value, years };
  if (t.standardError !== undefined) out.standardError = t.standardError;
  return out;
}

/** The window, least years and method of {@link ImprovementOptions}, defaults filled in and checked. */
export function improvementSettings(
  options: Pick<ImprovementOptions, "window" | "minYears" | "method">,
  caller = "improvement",
): {
  window: number;
  minYears: number;
  method: "slope" | "change";
} {
  const window = options.window ?? 3;
  const minYears = options.minYears ?? 2;
  const method = options.method ?? "slope";
  if (!Number.isInteger(window) || window < 2)
    throw new ArgumentError(caller, `must be a whole number ≥ 2, not ${window}`, "window");
  if (!Number.isInteger(minYears) || minYears < 2)
    throw new ArgumentError(caller, `must be a whole number ≥ 2, not ${minYears}`, "minYears");
  if (minYears > window) throw new ArgumentError(caller, `(${minYears}) is larger than window (${window})`, "minYears");
  if (method !== "slope" && method !== "change")
    throw new ArgumentError(caller, `must be "slope" or "change", not ${JSON.stringify(method)}`, "method");
  return { window, minYears, method };
}

/** Why there is no improvement when only `n` years of the window ending `last` have a result. */
export function tooFewYears(n: number, last: number, settings: { window: number; minYears: number }): string {
  return `results for ${n} of the ${settings.window} years ${last - settings.window + 1}–${last}; at least ${settings.minYears} are needed`;
}

/**
 * The arithmetic of {@link improvementOf} in one pass and one small object, for callers that run it for every
 * school (`benchmarkFamilies`). Years are measured from `last` (0, −1, −2, …), so the sums stay small and exact.
 * `value` is meaningful when `n` ≥ 2.
 */
export function trend<R extends YearResult>(
  records: readonly R[],
  last: number,
  window: number,
  method: "slope" | "change",
  given?: ReadonlyMap<number, number>,
  seOf?: (r: R) => number | undefined,
): { n: number; value: number; standardError: number | undefined } {
  const first = last - window + 1;
  let n = 0;
  let sx = 0;
  let sxx = 0;
  let sy = 0;
  let sxy = 0;
  // Σe², Σx·e², Σx²·e² for the error; and the first and last years' values for `change`.
  let e0 = 0;
  let e1 = 0;
  let e2 = 0;
  let haveSe = true;
  let lo = Infinity;
  let hi = -Infinity;
  let yLo = 0;
  let yHi = 0;
  let eLo = 0;
  let eHi = 0;
  for (const r of records) {
    const y = r.attainment;
    if (r.year < first || r.year > last || y === undefined) continue;
    const x = r.year - last;
    const e = given ? given.get(r.year) : seOf ? seOf(r) : r.se;
    n++;
    sx += x;
    sxx += x * x;
    sy += y;
    sxy += x * y;
    if (e === undefined) haveSe = false;
    else {
      const v = e * e;
      e0 += v;
      e1 += x * v;
      e2 += x * x * v;
    }
    if (x < lo) {
      lo = x;
      yLo = y;
      eLo = e ?? 0;
    }
    if (x > hi) {
      hi = x;
      yHi = y;
      eHi = e ?? 0;
    }
  }
  if (n < 2) return { n, value: Number.NaN, standardError: undefined };
  if (method === "change") {
    const span = hi - lo;
    return {
      n,
      value: (yHi - yLo) / span,
      standardError: haveSe ? Math.sqrt(eLo * eLo + eHi * eHi) / span : undefined,
    };
  }
  // Least squares: slope = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)², and Var = Σ(x − x̄)²·e² / (Σ(x − x̄)²)².
  const xBar = sx / n;
  const centred = sxx - sx * xBar;
  const value = (sxy - xBar * sy) / centred;
  const standardError = haveSe ? Math.sqrt(Math.max(0, e2 - 2 * xBar * e1 + xBar * xBar * e0)) / centred : undefined;
  return { n, value, standardError };
}
