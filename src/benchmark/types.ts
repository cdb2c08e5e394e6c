import type { AreaFamily, AreaResult } from "./areas.js";
import type { DisadvantagedPupils, FamilyDisadvantaged } from "./disadvantaged.js";
import type { ImprovementOptions } from "./improvement.js";
import type { PooledNote } from "./pooled.js";
import type { Projection, ProjectionFit } from "./projection.js";
import type { Summary } from "./summary.js";

/** The targets a school can be set against its family. */
export const TARGETS = ["upperQuartile", "median", "mean", "best"] as const;
/** {@link TARGETS} as a phrase for messages: "upperQuartile, median, mean or best". */
export const TARGET_LIST = `${TARGETS.slice(0, -1).join(", ")} or ${TARGETS[TARGETS.length - 1]}`;

/** Options for {@link benchmarkFamilies}. */
export interface BenchmarkFamiliesOptions extends Pick<ImprovementOptions, "window" | "method" | "minYears"> {
  /**
   * What is benchmarked: `attainment` (default), or `absence` — overall absence, where lower is better. With
   * `absence`, `attainment` and `improvement` hold attendance (100 − overall absence, % of sessions attended) and its
   * change a year, so that higher is better everywhere and the favourable quarter stays north-east; the chart labels
   * its axes in absence (lower to the right, falling to the top). Its chance variation is binomial over the school's
   * pupils on roll (`pupils`, else `cohort`). With `disadvantaged`, `attainment` is the disadvantaged pupils'
   * result (the `disadvantaged` sub-group) and the cohort their number (`disadvantagedCohort`, else cohort ×
   * disadvantage / 100): the family chart for disadvantaged pupils.
   */
  measure?: "attainment" | "absence" | "disadvantaged";
  /** The year benchmarked. Default: the latest year in the data. */
  year?: number;
  /** The year movement is measured from. Default `year − 1`. */
  previousYear?: number;
  /** The family average positions are measured from: `mean` (default; each school counts once, as the Families' charts did) or `weighted` (by cohort). */
  average?: "mean" | "weighted";
  /** Each school's target: the family's `upperQuartile` (default, against settling for the average), `median`, `mean` or `best`. */
  target?: (typeof TARGETS)[number];
  /** Cohorts smaller than this are flagged as small. Default 10. */
  smallCohort?: number;
  /** Leave small cohorts out of family averages (they still get positions). Default `false`. */
  excludeSmallCohorts?: boolean;
  /**
   * How a school's attainment varies by chance: `percentage` — a share of pupils (binomial: SE = 100·√(p(1−p)/n),
   * with p nudged to (np + ½)/(n + 1) so 0% and 100% are not certain); `score` — an average of pupils' scores
   * (SE = (upper − lower)/(2 × 1.96) from the data's own `intervals.attainment`, else `pupilSd`/√n).
   * Default `auto`: `percentage` for primary schools (KS2's headline is a percentage), `score` otherwise.
   */
  attainmentKind?: "auto" | "percentage" | "score";
  /** The spread of pupils' scores, for `score` attainment without published limits. Default 15 (about that of pupils' Attainment 8 in England). */
  pupilSd?: number;
  /**
   * Years each school's attainment and sub-group results are pooled over (pupil-weighted means; improvement stays
   * the slope over `window`): a whole number N pools every school over the last N years; `"auto"` (default) pools
   * only schools whose cohort in the year is below `smallCohort`, over the EEF's years for the phase (5 primary,
   * 3 secondary). 1 pools nothing. Members that were pooled say so in `outcome` and in their notes.
   */
  outcomeYears?: number | "auto";
  /**
   * The national result of pupils who are not disadvantaged in the benchmarked year, for the DfE's gap measure
   * (e.g. the `PTRWM_EXP_NotFSM6CLA1A` of the DfE file's state-funded national row). Default: the pupil-weighted
   * mean of the `other` results of every school given, said in `Benchmarks.disadvantaged.nationalSource`.
   */
  nationalOther?: number;
  /**
   * Project each member's result for the year after (`projection`; see `projectFamilies`). Default `true`. The
   * projections' variances are fitted over every school benchmarked in a partition, so a family's projections
   * depend on the other families given with it (as an empirical-Bayes fit must).
   */
  projections?: boolean;
}

/** One of the chart's four quarters around the family average: north is faster improvement, east is higher attainment. */
export type Quadrant = "NE" | "NW" | "SE" | "SW";

/** Where a school stands against its family's average, with how sure we can be. */
export interface Position {
  /** Attainment minus the family average (east is positive). */
  dx: number;
  /** Improvement minus the family average (north is positive). */
  dy: number;
  /** The same in the family's standard deviations, when the family varies. */
  zx?: number;
  zy?: number;
  /** Degrees clockwise from north (0 = N, 90 = E), and the length of (dx, dy). */
  bearing: number;
  distance: number;
  /** NE, NW, SE or SW; a difference of exactly 0 counts as north or east. */
  quadrant: Quadrant;
  /** Standard errors of dx and dy (the school's own sampling error and the average's), when known. */
  seX?: number;
  seY?: number;
  /** Whether dx, dy are within 1.96 standard errors of 0 (not distinguishable from noise at 95%). */
  xWithinNoise?: boolean;
  yWithinNoise?: boolean;
  /** True when neither difference can be told from noise: the school may well be at the family average. */
  withinNoise?: boolean;
}

/** A school's benchmark within its family. */
export interface MemberBenchmark {
  urn: string;
  name?: string;
  la?: string;
  /** The local authority's name, when the data has it (e.g. joined from GIAS). */
  laName?: string;
  /** The school's phase (`primary`, `secondary`, …). */
  phase: string;
  /** Where the school is, from the benchmarked year's record (else its latest): British National Grid metres, or degrees. */
  easting?: number;
  northing?: number;
  lat?: number;
  lon?: number;
  cohort?: number;
  disadvantage?: number;
  priorAttainment?: number;
  attainment?: number;
  attainmentSE?: number;
  improvement?: number;
  improvementSE?: number;
  /** Fewer pupils than `smallCohort`: one year's result says little. */
  smallCohort: boolean;
  position?: Position;
  target?: { attainment: number; improvement?: number; attainmentGap: number; improvementGap?: number };
  movement?: Movement;
  /** Within-school gaps: `girls−boys`, `other−disadvantaged` (positive: the first group is ahead). */
  gaps: Record<string, number>;
  /** Each subject's result minus the family's average for it. */
  subjects: Record<string, number>;
  /** Its disadvantaged pupils against its family's and the nation's other pupils (absent when they have no result). */
  disadvantaged?: DisadvantagedPupils;
  /** Present when the school's results were pooled over years (small cohort, or `outcomeYears`): which years. */
  outcome?: PooledNote;
  /** Where its result is heading next year: a projection, not a target. */
  projection?: Projection;
  /**
   * Each pupil group's (`subgroups`: boys, girls, disadvantaged, other, eal, low, middle, high prior attainment) and
   * subject's result this year, its change a year and its place in the family, where the school has them; the
   * family's averages are in {@link FamilyBenchmark.areas}. Absent in benchmarks saved before it existed.
   */
  areas?: { subgroups: Record<string, AreaResult>; subjects: Record<string, AreaResult> };
  /** Why something above is missing. */
  notes: string[];
}

/** How a school moved on the chart between two years. */
export interface Movement {
  from: { year: number; attainment: number; improvement: number; quadrant?: Quadrant };
  dx: number;
  dy: number;
  bearing: number;
  /** Both attainment and improvement rose. */
  northEast: boolean;
  /** The movement is larger than chance at 95% (χ² with 2 degrees of freedom on the two standardised changes). */
  beyondNoise?: boolean;
}

/** A family's benchmarks. */
export interface FamilyBenchmark {
  id: string;
  /**
   * What was benchmarked: absent for attainment; `absence` when attainment holds attendance (100 − absence);
   * `disadvantaged` when it holds the disadvantaged pupils' result.
   */
  measure?: "absence" | "disadvantaged";
  /** The partition the family was grouped within: its phase by default (see `Family.partition`). */
  partition: string;
  size: number;
  year: number;
  /** The years improvement is measured over, ending with `year` (the `window` option; 3 unless told otherwise). */
  window: number;
  /**
   * The point every member's position is measured from: the family's mean (or cohort-weighted mean, per `average`)
   * attainment and improvement. Absent when either cannot be worked out.
   */
  centre?: { attainment: number; improvement: number };
  averages: {
    attainment?: Summary;
    improvement?: Summary;
    /** Attainment each year, for the members of the family now. */
    byYear: Record<string, Summary>;
  };
  members: MemberBenchmark[];
  movement: {
    previousYear: number;
    /** Members with both years' positions. */
    compared: number;
    /** Moved north-east beyond noise. */
    movedNorthEast: number;
    share?: number;
    /** The family average's own move (attainment, improvement). */
    centroid?: { dx: number; dy: number };
    /** Members that were in the SW quarter before and are not now. */
    leftSouthWest: number;
  };
  /** The family's average within-school gaps and subject results. */
  gaps: Record<string, Summary>;
  subjects: Record<string, Summary>;
  /**
   * The family's mean and upper quartile of each pupil group's and subject's result and change a year (see
   * {@link MemberBenchmark.areas}). Absent in benchmarks saved before it existed.
   */
  areas?: { subgroups: Record<string, AreaFamily>; subjects: Record<string, AreaFamily> };
  /** Where it is working well: the member with the highest result for each sub-group and subject. */
  leaders: {
    subgroups: Record<string, { urn: string; value: number }>;
    subjects: Record<string, { urn: string; value: number }>;
  };
  /** The family's disadvantaged and other pupils, pupil-weighted, and the members whose disadvantaged pupils do best. */
  disadvantaged?: FamilyDisadvantaged;
}

/** A school that was given but is in no family, and why. */
export interface UnplacedSchool {
  urn: string;
  name?: string;
  la?: string;
  /** The local authority's name, when the data has it (e.g. joined from GIAS). */
  laName?: string;
  phase: string;
  reason: string;
}

/** The result of {@link benchmarkFamilies}. */
export interface Benchmarks {
  /** What was benchmarked (see {@link BenchmarkFamiliesOptions.measure}). */
  measure?: "attainment" | "absence" | "disadvantaged";
  year: number;
  previousYear: number;
  average: "mean" | "weighted";
  target: (typeof TARGETS)[number];
  families: FamilyBenchmark[];
  /**
   * Every school given that is in no family, with the reason (the grouping's, e.g. a missing feature; else "in no
   * family of the grouping"), ordered by URN: nothing is dropped silently.
   */
  unplaced: UnplacedSchool[];
  /** Years results were pooled over (see {@link BenchmarkFamiliesOptions.outcomeYears}). */
  outcomeYears?: number | "auto";
  /**
   * The national result of other (not disadvantaged) pupils that each member's `disadvantaged.gap` is measured
   * from, and where it came from: `given` (the `nationalOther` option, e.g. the DfE file's national row) or
   * `schools in the data` (their pupil-weighted mean, when none was given: not the nation unless the data is).
   */
  disadvantaged?: { nationalOther?: number; nationalSource: "given" | "schools in the data" };
  /** The year projected and how each partition's projections were fitted. */
  projections?: { year: number; fits: ProjectionFit[] };
}
