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
  const window = options.window ?? 3;
  const minYears = options.minYears ?? 2;
  const method = options.method ?? "slope";
  if (!Number.isInteger(window) || window < 2) throw new RangeError(`improvement: window must be a whole number ≥ 2, not ${window}`);
  if (!Number.isInteger(minYears) || minYears < 2) throw new RangeError(`improvement: minYears must be a whole number ≥ 2, not ${minYears}`);
  if (minYears > window) throw new RangeError(`improvement: minYears (${minYears}) is larger than window (${window})`);
  if (method !== "slope" && method !== "change") throw new RangeError(`improvement: method must be "slope" or "change", not ${JSON.stringify(method)}`);
  const last = options.year ?? records.reduce((m, r) => Math.max(m, r.year), -Infinity);
  if (!Number.isFinite(last)) return { years: [], reason: "no years" };
  const first = last - window + 1;
  // The window's years with a result, in year order (records are usually in order already).
  const xs: number[] = [];
  const ys: number[] = [];
  const es: (number | undefined)[] = [];
  const given = options.standardErrors;
  for (const r of records) {
    if (r.year < first || r.year > last || r.attainment === undefined) continue;
    // Insertion in year order; records from panel are in order, so this is an append.
    let at = xs.length;
    xs.push(r.year);
    ys.push(r.attainment);
    es.push(given ? given.get(r.year) : r.se);
    while (at > 0 && (xs[at - 1] as number) > r.year) {
      xs[at] = xs[at - 1] as number;
      ys[at] = ys[at - 1] as number;
      es[at] = es[at - 1];
      at--;
      xs[at] = r.year;
      ys[at] = r.attainment;
      es[at] = given ? given.get(r.year) : r.se;
    }
  }
  const years = xs;
  const n = xs.length;
  if (n < minYears) {
    return { years, reason: `results for ${n} of the ${window} years ${first}–${last}; at least ${minYears} are needed` };
  }
  let haveSe = true;
  for (const e of es) if (e === undefined) haveSe = false;
  if (method === "change") {
    const span = (xs[n - 1] as number) - (xs[0] as number);
    const value = ((ys[n - 1] as number) - (ys[0] as number)) / span;
    const out: Improvement = { value, years };
    if (haveSe) out.standardError = Math.sqrt((es[0] as number) ** 2 + (es[n - 1] as number) ** 2) / span;
    return out;
  }
  let xBar = 0;
  for (const x of xs) xBar += x;
  xBar /= n;
  let sxx = 0;
  for (const x of xs) sxx += (x - xBar) ** 2;
  let value = 0;
  let variance = 0;
  for (let i = 0; i < n; i++) {
    const w = ((xs[i] as number) - xBar) / sxx;
    value += w * (ys[i] as number);
    if (haveSe) variance += w * w * (es[i] as number) ** 2;
  }
  const out: Improvement = { value, years };
  if (haveSe) out.standardError = Math.sqrt(variance);
  return out;
}
