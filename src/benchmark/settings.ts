import { ArgumentError } from "../errors.js";
import type { School } from "../panel/panel.js";
import type { SchoolYear } from "../schema.js";
import { improvementSettings } from "./improvement.js";
import { type PooledOutcome, type PoolSettings, pooledOutcome, poolSettings } from "./pooled.js";
import { type BenchmarkFamiliesOptions, TARGET_LIST, TARGETS } from "./types.js";
import { attainmentSE } from "./uncertainty.js";

/** The target a family's members are measured against unless told otherwise: its upper quartile. */
export const DEFAULT_TARGET = "upperQuartile";

/** Every option of {@link benchmarkFamilies} with its default filled in and checked. */
export interface BenchmarkSettings {
  year: number;
  previousYear: number;
  average: "mean" | "weighted";
  target: (typeof TARGETS)[number];
  smallCohort: number;
  excludeSmallCohorts: boolean;
  window: number;
  minYears: number;
  method: "slope" | "change";
  /** How a school's attainment varies by chance, as a function of one year's record. */
  errorOf: (school: School) => (r: SchoolYear) => number | undefined;
  /** Whether a school's attainment is a share of pupils (`percentage`) or an average score (`score`). */
  kindOf: (school: School) => "percentage" | "score";
  pupilSd: number;
  /** Which years a school's result is pooled over (see `outcomeYears`). */
  pool: PoolSettings;
  /** A school's result for a year, pooled when `pool` says so (remembered: each is asked for more than once). */
  outcomeOf: (school: School, year: number) => PooledOutcome | undefined;
}

/** The options with their defaults (the year: the latest in the data); a RangeError names the first bad one. */
export function benchmarkSettings(all: readonly School[], options: BenchmarkFamiliesOptions): BenchmarkSettings {
  const latest = all.reduce((m, s) => Math.max(m, s.years[s.years.length - 1]?.year ?? -Infinity), -Infinity);
  const year = options.year ?? latest;
  if (!Number.isFinite(year)) throw new ArgumentError("benchmarkFamilies", "there are no years in the data");
  if (options.year !== undefined && !all.some((s) => s.years.some((r) => r.year === year))) {
    const years = [...new Set(all.flatMap((s) => s.years.map((r) => r.year)))].sort((a, b) => a - b);
    throw new ArgumentError(
      "benchmarkFamilies",
      `no school has data for ${year}; the data has ${years.length === 1 ? `only ${years[0]}` : `the years ${years.join(", ")}`}`,
    );
  }
  const average = options.average ?? "mean";
  const target = options.target ?? DEFAULT_TARGET;
  const pupilSd = options.pupilSd ?? 15;
  if (average !== "mean" && average !== "weighted")
    throw new ArgumentError(
      "benchmarkFamilies",
      `average must be "mean" or "weighted", not ${JSON.stringify(average)}`,
    );
  if (!(TARGETS as readonly string[]).includes(target))
    throw new ArgumentError("benchmarkFamilies", `must be ${TARGET_LIST}, not ${JSON.stringify(target)}`, "target");
  if (!(pupilSd > 0)) throw new ArgumentError("benchmarkFamilies", `must be above 0, not ${pupilSd}`, "pupilSd");
  // One function per kind, shared by every school of that kind.
  const percentageSE = (r: SchoolYear) => attainmentSE(r, "percentage", pupilSd);
  const scoreSE = (r: SchoolYear) => attainmentSE(r, "score", pupilSd);
  const kind = options.attainmentKind ?? "auto";
  const kindOf = (school: School): "percentage" | "score" =>
    kind === "auto" ? (school.phase === "primary" ? "percentage" : "score") : kind;
  const errorOf = (school: School) => (kindOf(school) === "percentage" ? percentageSE : scoreSE);
  const smallCohort = options.smallCohort ?? 10;
  const pool = poolSettings(
    { poolBelow: smallCohort, ...(options.outcomeYears === undefined ? {} : { outcomeYears: options.outcomeYears }) },
    "benchmarkFamilies",
  );
  const memo = new WeakMap<School, Map<number, PooledOutcome | undefined>>();
  const outcomeOf = (school: School, y: number): PooledOutcome | undefined => {
    const years = memo.get(school) ?? new Map<number, PooledOutcome | undefined>();
    memo.set(school, years);
    if (!years.has(y)) years.set(y, pooledOutcome(school, y, pool));
    return years.get(y);
  };
  return {
    year,
    previousYear: options.previousYear ?? year - 1,
    average,
    target,
    smallCohort,
    excludeSmallCohorts: options.excludeSmallCohorts ?? false,
    ...improvementSettings(options, "benchmarkFamilies"),
    errorOf,
    kindOf,
    pupilSd,
    pool,
    outcomeOf,
  };
}
