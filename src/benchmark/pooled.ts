import { ArgumentError } from "../errors.js";
import { CompensatedSum } from "../internal/compensated.js";
import type { School } from "../panel/panel.js";
import type { SchoolYear } from "../schema.js";
import { Z95 } from "./uncertainty.js";

/** How a member's result was pooled, when it was (see `outcomeYears`). */
export interface PooledNote {
  /** The years whose pupils' results went into it, ascending. */
  years: number[];
  /** Years of the window with a record but no result or no cohort (missing or suppressed): skipped. */
  skipped: number[];
}

/**
 * Years pooled for a small school, as the EEF's Families of Schools database shows them: five-year averages for
 * primary schools and three-year averages for secondary schools (and any other phase), because one year of a
 * cohort of 12 says little.
 */
export const EEF_OUTCOME_YEARS: Readonly<Record<string, number>> = { primary: 5, secondary: 3 };

/** How many years a school's result is pooled over by default: {@link EEF_OUTCOME_YEARS} for its phase, else 3. */
export function eefYears(phase: string): number {
  return EEF_OUTCOME_YEARS[phase] ?? 3;
}

/** Options for {@link pooledOutcome}. */
export interface PooledOutcomeOptions {
  /**
   * Years pooled: a whole number N ≥ 1 pools every school over the last N years; `"auto"` (default) pools only a
   * school whose cohort in the year is smaller than `poolBelow`, over the EEF's years for its phase
   * ({@link EEF_OUTCOME_YEARS}: 5 primary, 3 secondary). 1 pools nothing.
   */
  outcomeYears?: number | "auto";
  /** With `"auto"`: a school is pooled when its cohort in the year is below this (or unknown). Default 10. */
  poolBelow?: number;
}

/** A school's result for one year, pooled over the years before it when asked. */
export interface PooledOutcome {
  /**
   * The record the benchmarks use for the year: the year's own when nothing was pooled; else a copy whose
   * attainment and sub-group results are pupil-weighted means over `years`, whose cohort (and disadvantaged and
   * other cohorts) are the pupils over those years, and whose published attainment interval is the pooled one.
   */
  record: SchoolYear;
  /** The years pooled, ascending (just the year itself when nothing was pooled). */
  years: number[];
  /** True when more than the year itself went into the result. */
  pooled: boolean;
  /** Years of the window with a record but no result (missing or suppressed) or no cohort to weight it: skipped. */
  skipped: number[];
}

/** The checked settings of {@link PooledOutcomeOptions}. */
export interface PoolSettings {
  outcomeYears: number | "auto";
  poolBelow: number;
}

/** {@link PooledOutcomeOptions} with defaults filled in; a RangeError names a bad one. */
export function poolSettings(options: PooledOutcomeOptions, caller = "pooledOutcome"): PoolSettings {
  const outcomeYears = options.outcomeYears ?? "auto";
  const poolBelow = options.poolBelow ?? 10;
  if (outcomeYears !== "auto" && !(Number.isInteger(outcomeYears) && outcomeYears >= 1))
    throw new ArgumentError(
      caller,
      `must be a whole number ≥ 1 or "auto", not ${String(outcomeYears)}`,
      "outcomeYears",
    );
  if (!(poolBelow >= 0)) throw new ArgumentError(caller, `must be 0 or more, not ${poolBelow}`, "poolBelow");
  return { outcomeYears, poolBelow };
}

/** The sub-groups whose own pupil counts weight them; every other sub-group is weighted by the whole cohort. */
const GROUP_COHORT: Readonly<Record<string, "disadvantagedCohort" | "otherCohort">> = {
  disadvantaged: "disadvantagedCohort",
  other: "otherCohort",
};

/** A pupil-weighted mean, added to year by year. */
class Pool {
  readonly sum = new CompensatedSum();
  readonly pupils = new CompensatedSum();
  /** Σ n²·SE², for the pooled standard error of published limits. */
  varSum = 0;
  years = 0;
  add(value: number, n: number): void {
    this.sum.add(value * n);
    this.pupils.add(n);
    this.years++;
  }
  get mean(): number {
    return this.sum.value / this.pupils.value;
  }
}

/**
 * A school's result for `year`, pooled over the last years when asked: attainment and each sub-group as the
 * pupil-weighted mean over the years with a result (attainment weighted by the cohort, the disadvantaged and other
 * pupils' results by their own counts, other sub-groups by the cohort). Years with no result (missing or
 * suppressed) or no cohort are skipped and listed. Improvement is not pooled: it stays the slope over its window.
 * O(years).
 *
 * @param school - One school from `panel`. Not mutated.
 * @param year - The year whose result is wanted.
 * @param options - See {@link PooledOutcomeOptions}.
 * @returns A {@link PooledOutcome}, or undefined when the school has no record for the year.
 * @example
 * const years = [
 *   { urn: "1", phase: "primary", year: 2018, cohort: 10, attainment: 50 },
 *   { urn: "1", phase: "primary", year: 2019, cohort: 5, attainment: 80 },
 * ];
 * // Pupil-weighted: (10 × 50 + 5 × 80) / 15.
 * pooledOutcome({ urn: "1", urns: ["1"], phase: "primary", years }, 2019, { outcomeYears: 2 })?.record.attainment;
 * // => 60
 */
export function pooledOutcome(
  school: School,
  year: number,
  options: PooledOutcomeOptions | PoolSettings = {},
): PooledOutcome | undefined {
  const { outcomeYears, poolBelow } = poolSettings(options);
  const own = school.years.find((r) => r.year === year);
  if (own === undefined) return undefined;
  const n =
    outcomeYears === "auto"
      ? own.cohort !== undefined && own.cohort >= poolBelow
        ? 1
        : eefYears(school.phase)
      : outcomeYears;
  if (n <= 1) return { record: own, years: [year], pooled: false, skipped: [] };
  return poolYears(
    school.years.filter((r) => r.year > year - n && r.year <= year),
    own,
  );
}

/** The pooled record of the records of a window (ascending), ending with `own`. */
function poolYears(window: readonly SchoolYear[], own: SchoolYear): PooledOutcome {
  const attainment = new Pool();
  const groups = new Map<string, Pool>();
  const years: number[] = [];
  const skipped: number[] = [];
  let published = true;
  for (const r of window) {
    const n = r.cohort;
    if (r.attainment === undefined || n === undefined || !(n > 0)) {
      skipped.push(r.year);
      continue;
    }
    years.push(r.year);
    attainment.add(r.attainment, n);
    const limits = r.intervals?.attainment;
    if (limits === undefined) published = false;
    else attainment.varSum += n * n * ((limits.upper - limits.lower) / (2 * Z95)) ** 2;
    for (const [name, value] of Object.entries(r.subgroups ?? {})) {
      const key = GROUP_COHORT[name];
      const w = key === undefined ? n : r[key];
      if (w === undefined || !(w > 0)) continue;
      const pool = groups.get(name) ?? new Pool();
      groups.set(name, pool);
      pool.add(value, w);
    }
  }
  if (years.length <= 1) return { record: own, years: [own.year], pooled: false, skipped };
  const { intervals: ownIntervals, subgroups: _s, ...rest } = own;
  const record: SchoolYear = { ...rest, attainment: attainment.mean, cohort: Math.round(attainment.pupils.value) };
  const subgroups: Record<string, number> = {};
  for (const [name, pool] of [...groups].sort((a, b) => (a[0] < b[0] ? -1 : 1))) subgroups[name] = pool.mean;
  if (Object.keys(subgroups).length > 0) record.subgroups = subgroups;
  for (const [name, key] of Object.entries(GROUP_COHORT)) {
    const pool = groups.get(name);
    if (pool) record[key] = Math.round(pool.pupils.value);
    else delete record[key];
  }
  // Published limits of the pooled mean: SE = √(Σ n²·SE²) / Σ n, when every year pooled had them.
  const { attainment: _a, ...otherIntervals } = ownIntervals ?? {};
  const intervals: NonNullable<SchoolYear["intervals"]> = { ...otherIntervals };
  if (published) {
    const se = Math.sqrt(attainment.varSum) / attainment.pupils.value;
    intervals.attainment = { lower: attainment.mean - Z95 * se, upper: attainment.mean + Z95 * se };
  }
  if (Object.keys(intervals).length > 0) record.intervals = intervals;
  return { record, years, pooled: true, skipped };
}
