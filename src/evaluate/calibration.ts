import { trend } from "../benchmark/improvement.js";
import { type ProjectionFit, projectFamilies } from "../benchmark/projection.js";
import { benchmarkSettings } from "../benchmark/settings.js";
import { recordFor } from "../benchmark/table.js";
import type { BenchmarkFamiliesOptions } from "../benchmark/types.js";
import type { Grouping } from "../group/families.js";
import type { School } from "../panel/panel.js";

/** Options for {@link calibrateProjections}. */
export interface CalibrateProjectionsOptions
  extends Pick<BenchmarkFamiliesOptions, "window" | "attainmentKind" | "pupilSd"> {
  /** The year projected and compared with what happened. Default: the latest year in the data. */
  year?: number;
  /** Cohorts (in the year projected) below this are also counted apart. Default 20. */
  smallBelow?: number;
}

/** How the projections did for a set of schools. */
export interface CalibrationRow {
  schools: number;
  /** Share of schools whose result fell inside their 95% prediction interval. */
  coverage: number;
  /** Root-mean-square and mean absolute error of the projection, of "same as last year", and of the school's own line. */
  rmse: { projection: number; lastYear: number; ownTrend: number };
  mae: { projection: number; lastYear: number; ownTrend: number };
}

/** The result of {@link calibrateProjections}. */
export interface Calibration {
  year: number;
  /** The years the projections were made from. */
  from: number[];
  all: CalibrationRow;
  /** Schools whose cohort in the year projected was below `smallBelow`. */
  small: CalibrationRow & { below: number };
  fits: ProjectionFit[];
}

/**
 * Checks the projections against what happened: projects `year` from the years before it alone (the year's
 * results are hidden, and the variances fitted without them), then compares with the results of `year`: how often
 * the 95% interval held the result, overall and for small cohorts, and how far off the projection was beside two
 * plain guesses — "same as last year" and the school's own straight line over the window. Counted: schools with a
 * projection, a result in `year` and both guesses. O(schools × window).
 *
 * @param grouping - Families of the schools (e.g. `groupFamilies` on the years before `year`).
 * @param schools - The schools (from `panel`), with `year`'s results. Not mutated.
 * @param options - See {@link CalibrateProjectionsOptions}.
 * @returns A {@link Calibration}.
 * @example
 * const c = calibrateProjections(grouping, schools, { year: 2019 });
 * // About 0.95 when the intervals are honest.
 * c.all.coverage;
 * // => ~0.97
 */
export function calibrateProjections(
  grouping: Pick<Grouping, "families">,
  schools: readonly School[],
  options: CalibrateProjectionsOptions = {},
): Calibration {
  const latest = schools.reduce((m, s) => Math.max(m, s.years[s.years.length - 1]?.year ?? -Infinity), -Infinity);
  const year = options.year ?? latest;
  const before = schools.map((s) => ({ ...s, years: s.years.filter((r) => r.year < year) }));
  const settings = benchmarkSettings(before, { ...options, year: year - 1 });
  const byUrn = new Map(before.map((s) => [s.urn, s]));
  const { projections, fits } = projectFamilies(grouping.families, byUrn, settings);
  const below = options.smallBelow ?? 20;
  const all: Outcome[] = [];
  for (const s of schools) {
    const p = projections.get(s.urn);
    const actual = recordFor(s, year);
    const last = recordFor(s, year - 1)?.attainment;
    const own = straightLine(s, year - 1, settings.window);
    if (p === undefined || actual?.attainment === undefined || last === undefined || own === undefined) continue;
    all.push({
      actual: actual.attainment,
      projection: p.attainment,
      inside: actual.attainment >= p.low && actual.attainment <= p.high,
      lastYear: last,
      ownTrend: own,
      small: actual.cohort !== undefined && actual.cohort < below,
    });
  }
  const from = Array.from({ length: settings.window }, (_, k) => year - settings.window + k);
  return { year, from, all: rowOf(all), small: { ...rowOf(all.filter((o) => o.small)), below }, fits };
}

/** One school's projection, guesses and result. */
interface Outcome {
  actual: number;
  projection: number;
  inside: boolean;
  lastYear: number;
  ownTrend: number;
  small: boolean;
}

/** The school's own least-squares line over the window ending `last`, carried to the year after; undefined below 2 years. */
function straightLine(s: School, last: number, window: number): number | undefined {
  const line = trend(s.years, last, window, "slope");
  if (line.n < 2) return undefined;
  let mx = 0;
  let my = 0;
  for (const r of s.years)
    if (r.year > last - window && r.year <= last && r.attainment !== undefined) {
      mx += r.year;
      my += r.attainment;
    }
  return my / line.n + line.value * (last + 1 - mx / line.n);
}

/** Coverage and errors of a set of outcomes. */
function rowOf(xs: readonly Outcome[]): CalibrationRow {
  const n = xs.length;
  const rms = (f: (o: Outcome) => number) => Math.sqrt(xs.reduce((a, o) => a + (f(o) - o.actual) ** 2, 0) / n);
  const ma = (f: (o: Outcome) => number) => xs.reduce((a, o) => a + Math.abs(f(o) - o.actual), 0) / n;
  return {
    schools: n,
    coverage: xs.filter((o) => o.inside).length / n,
    rmse: { projection: rms((o) => o.projection), lastYear: rms((o) => o.lastYear), ownTrend: rms((o) => o.ownTrend) },
    mae: { projection: ma((o) => o.projection), lastYear: ma((o) => o.lastYear), ownTrend: ma((o) => o.ownTrend) },
  };
}
