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

/** One year's headline result: all {@link improvement} needs of a record. */
export interface YearResult {
  year: number;
  attainment?: number | undefined;
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
  const points: { x: number; y: number }[] = [];
  let sorted = true;
  for (const r of records) {
    if (r.year < first || r.year > last || r.attainment === undefined) continue;
    if (points.length > 0 && (points[points.length - 1] as { x: number }).x > r.year) sorted = false;
    points.push({ x: r.year, y: r.attainment });
  }
  if (!sorted) points.sort((a, b) => a.x - b.x);
  const years = points.map((p) => p.x);
  if (points.length < minYears) {
    return { years, reason: `results for ${points.length} of the ${window} years ${first}–${last}; at least ${minYears} are needed` };
  }
  const ses = options.standardErrors;
  const haveSe = ses !== undefined && years.every((y) => ses.get(y) !== undefined);
  if (method === "change") {
    const a = points[0] as { x: number; y: number };
    const b = points[points.length - 1] as { x: number; y: number };
    const span = b.x - a.x;
    const value = (b.y - a.y) / span;
    const se = haveSe ? Math.sqrt((ses.get(a.x) as number) ** 2 + (ses.get(b.x) as number) ** 2) / span : undefined;
    return { value, ...(se === undefined ? {} : { standardError: se }), years };
  }
  const n = points.length;
  const xBar = points.reduce((s, p) => s + p.x, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - xBar) ** 2, 0);
  let value = 0;
  let variance = 0;
  for (const p of points) {
    const w = (p.x - xBar) / sxx;
    value += w * p.y;
    if (haveSe) variance += w * w * (ses.get(p.x) as number) ** 2;
  }
  return { value, ...(haveSe ? { standardError: Math.sqrt(variance) } : {}), years };
}
