// How good is a grouping? How well a school's comparison group predicts its own outcome, leave-one-out: each
// school's measure against the mean of the other members of its family (or of its neighbours). An objective
// measure of similarity, on the user's own data.
import { improvement } from "../benchmark/improvement.js";
import type { ComparisonGroups } from "../comparison/neighbours.js";
import { ArgumentError, checkOptions } from "../errors.js";
import { schoolsFor } from "../features/features.js";
import type { Grouping } from "../group/families.js";
import type { School } from "../panel/panel.js";
import { crowdNote, emptyNote, sizesOf } from "./accuracy-notes.js";

/** The outcome a comparison group should predict: attainment in a year, or improvement over the three years to it. */
export type AccuracyMeasure = "attainment" | "improvement";

/** Options for {@link groupingAccuracy}. */
export interface GroupingAccuracyOptions {
  /** Default `attainment`. */
  measure?: AccuracyMeasure;
  /** The year of the outcome. Default: the latest year in which any school has the measure. */
  year?: number;
}

/** How well a grouping predicts the measure, over the `n` schools that have it and a group member that has it too. */
export interface Accuracy {
  /** Root mean squared error of the predictions, in the measure's units. */
  rmse: number;
  /** Mean absolute error, in the measure's units. */
  mae: number;
  /** 1 − (squared prediction error ÷ squared spread around the mean of the same schools): 1 is perfect, 0 no better than one average for all. */
  r2: number;
  n: number;
  /**
   * Why there is no result (`n` 0), or why it means less than it seems (the 50 nearest of a phase of 54 schools are
   * nearly everyone). Absent when there is nothing to say.
   */
  note?: string;
}

/** The result of {@link groupingAccuracy}. */
export interface GroupingAccuracy extends Accuracy {
  measure: AccuracyMeasure;
  year: number;
  /** `families` (each school against the rest of its family) or `neighbours` (against its comparison group). */
  kind: "families" | "neighbours";
}

/** Each school's value of the measure in `year` (absent when it has none). */
/** Refuses schools that are not a non-empty array: with none, there is no year and nothing to predict. */
export function checkSchools(fn: string, schools: readonly School[]): void {
  schoolsFor(fn, schools);
  if (schools.length === 0) throw new ArgumentError(fn, "is empty: give the schools (from panel) to score", "schools");
}

export function measureValues(
  schools: readonly School[],
  measure: AccuracyMeasure,
  year: number | undefined,
): { values: Map<string, number>; year: number } {
  // A loop, not Math.max(...years): a spread of more than about 130,000 values overflows the call stack.
  let latest = Number.NEGATIVE_INFINITY;
  for (const s of schools) for (const r of s.years) if (r.attainment !== undefined && r.year > latest) latest = r.year;
  const at = year ?? latest;
  const values = new Map<string, number>();
  for (const s of schools) {
    if (measure === "attainment") {
      const v = s.years.find((r) => r.year === at)?.attainment;
      if (v !== undefined) values.set(s.urn, v);
    } else {
      const v = improvement(s, { year: at }).value;
      if (v !== undefined) values.set(s.urn, v);
    }
  }
  return { values, year: at };
}

/** RMSE, MAE and R² of predictions against the values they predict. */
export function accuracyOf(actual: readonly number[], predicted: readonly number[]): Accuracy {
  const n = actual.length;
  if (n === 0) return { rmse: Number.NaN, mae: Number.NaN, r2: Number.NaN, n: 0 };
  let mean = 0;
  for (const y of actual) mean += y / n;
  let se = 0;
  let ae = 0;
  let spread = 0;
  for (let i = 0; i < n; i++) {
    const e = (actual[i] as number) - (predicted[i] as number);
    se += e * e;
    ae += Math.abs(e);
    spread += ((actual[i] as number) - mean) ** 2;
  }
  return { rmse: Math.sqrt(se / n), mae: ae / n, r2: spread > 0 ? 1 - se / spread : Number.NaN, n };
}

/**
 * What a random group would do for the same schools: the root of the mean, over `members`, of the expected squared
 * error of predicting each member's value by the mean of `k` schools drawn at random (without replacement) from the
 * rest of `population` (which holds the members too). For a member with value y, the other N − 1 schools have mean μ
 * and variance σ² (divided by N − 1), and the mean of k of them has expectation μ and variance σ²/k · (N − 1 − k)/(N − 2):
 * the expected squared error is (y − μ)² + that variance. So it is like with like beside a group's own leave-one-out
 * error on its members (k = members − 1): a family far from the average is compared with what a random group would
 * miss *its* schools by, not the typical school. O(N + members). Undefined when the population has fewer than k + 1
 * schools or k < 1.
 *
 * @example
 * // Population 0, 10, 20, 30; members 0 and 10, each predicted by 1 random other school:
 * // √(((0 − 20)² + 66.7 + (10 − 16.7)² + 155.6) / 2).
 * randomGroupError([0, 10], [0, 10, 20, 30], 1);
 * // => ~18.26
 */
export function randomGroupError(
  members: readonly number[],
  population: readonly number[],
  k: number,
): number | undefined {
  const n = population.length;
  if (k < 1 || n < k + 1 || members.length === 0) return undefined;
  let s1 = 0;
  let s2 = 0;
  for (const v of population) {
    s1 += v;
    s2 += v * v;
  }
  let total = 0;
  for (const y of members) {
    const mu = (s1 - y) / (n - 1);
    // The others' variance about their own mean, guarded against rounding below 0.
    const variance = Math.max(0, (s2 - y * y) / (n - 1) - mu * mu);
    const ofMean = n - 1 > 1 ? ((variance / k) * (n - 1 - k)) / (n - 2) : 0;
    total += (y - mu) ** 2 + ofMean;
  }
  return Math.sqrt(total / members.length);
}

/**
 * Leave-one-out predictions from groups given as lists of members: each member with a value (of `only`, if given)
 * against the mean of the other members with one. O(total members).
 */
export function familyPredictions(
  groups: Iterable<readonly string[]>,
  values: ReadonlyMap<string, number>,
  only?: ReadonlySet<string>,
): { actual: number[]; predicted: number[] } {
  const actual: number[] = [];
  const predicted: number[] = [];
  for (const members of groups) {
    let sum = 0;
    let count = 0;
    for (const u of members) {
      const v = values.get(u);
      if (v !== undefined) {
        sum += v;
        count++;
      }
    }
    if (count < 2) continue;
    for (const u of members) {
      const v = values.get(u);
      if (v === undefined || (only !== undefined && !only.has(u))) continue;
      actual.push(v);
      predicted.push((sum - v) / (count - 1));
    }
  }
  return { actual, predicted };
}

/** Predictions from each school's own neighbours: the mean of those with a value. O(total neighbours). */
export function neighbourPredictions(
  groups: Iterable<{ urn: string; neighbours: readonly string[] }>,
  values: ReadonlyMap<string, number>,
): { actual: number[]; predicted: number[] } {
  const actual: number[] = [];
  const predicted: number[] = [];
  for (const g of groups) {
    const v = values.get(g.urn);
    if (v === undefined) continue;
    let sum = 0;
    let count = 0;
    for (const u of g.neighbours) {
      const w = values.get(u);
      if (w !== undefined) {
        sum += w;
        count++;
      }
    }
    if (count === 0) continue;
    actual.push(v);
    predicted.push(sum / count);
  }
  return { actual, predicted };
}

/**
 * How well a grouping predicts each school's outcome, leave-one-out: a school's attainment (or improvement) against
 * the mean of the other members of its family — or, for `comparisonGroups`, of its neighbours — that have one.
 * Reports RMSE and MAE in the measure's units, R² (1 − prediction error ÷ the spread of the same schools around their
 * mean: 0 is no better than one average for everyone, 1 is perfect) and how many schools were scored. The same
 * figures for other ways of grouping the same schools are in {@link accuracyBaselines}. O(n) (improvement: O(n·years)).
 *
 * @param grouping - From `groupFamilies`, `regroupFamilies`, `readFamilies` (families), or `comparisonGroups`.
 * @param schools - The schools with their outcomes (from `panel`).
 * @param options - See {@link GroupingAccuracyOptions}.
 * @example
 * // The family average explains 62% of the spread in attainment.
 * groupingAccuracy(grouping, schools).r2;
 * // => ~0.62
 */
export function groupingAccuracy(
  grouping: Pick<Grouping, "kind" | "families"> | Pick<ComparisonGroups, "kind" | "groups">,
  schools: readonly School[],
  options: GroupingAccuracyOptions = {},
): GroupingAccuracy {
  checkOptions("groupingAccuracy", options);
  const measure = options.measure ?? "attainment";
  if (measure !== "attainment" && measure !== "improvement")
    throw new ArgumentError(
      "groupingAccuracy",
      `must be "attainment" or "improvement", not ${JSON.stringify(measure)}`,
      "measure",
    );
  checkSchools("groupingAccuracy", schools);
  const { values, year } = measureValues(schools, measure, options.year);
  const { actual, predicted } =
    grouping.kind === "families"
      ? familyPredictions(
          (grouping as Pick<Grouping, "families">).families.map((f) => f.members),
          values,
        )
      : neighbourPredictions((grouping as Pick<ComparisonGroups, "groups">).groups, values);
  const accuracy = accuracyOf(actual, predicted);
  const crowd =
    grouping.kind === "neighbours"
      ? crowdNote(
          sizesOf((grouping as Pick<ComparisonGroups, "groups">).groups.map((g) => g.partition)),
          "k" in grouping && typeof grouping.k === "number"
            ? grouping.k
            : (grouping as Pick<ComparisonGroups, "groups">).groups.reduce(
                (m, g) => Math.max(m, g.neighbours.length),
                0,
              ),
        )
      : undefined;
  const note = accuracy.n === 0 ? emptyNote(values, measure, year, grouping.kind) : crowd;
  return { measure, year, kind: grouping.kind, ...accuracy, ...(note === undefined ? {} : { note }) };
}
