// Feature weights learned from outcomes, as London weighted its Families by each factor's effect on results and NFER
// chose its statistical neighbours' weights to make benchmarks most accurate: a standardised regression as the
// start, refined to make the families' own leave-one-out predictions most accurate, and judged on folds the fit
// did not see.

import { ArgumentError, checkOptions } from "../errors.js";
import { CONTEXT_FIELDS, type ContextField, describeSchools } from "../features/features.js";
import { type GroupFamiliesOptions, groupFamilies } from "../group/families.js";
import { shuffledCopy } from "../internal/random.js";
import { sampleScale } from "../internal/stats.js";
import type { School } from "../panel/panel.js";
import {
  type Accuracy,
  type AccuracyMeasure,
  accuracyOf,
  checkSchools,
  familyPredictions,
  measureValues,
} from "./accuracy.js";

/** Options for {@link fitWeights}: the grouping's own (sizes, by, year, contextYears, standardise), and the fit's. */
export interface FitWeightsOptions extends Omit<GroupFamiliesOptions, "weights" | "onInfeasible"> {
  /** The features to weigh. Default: every context feature that at least half the schools have. */
  features?: readonly ContextField[];
  /** The outcome the families should predict. Default `attainment`. */
  measure?: AccuracyMeasure;
  /** Folds for judging the fit on schools it did not see. Default 5. */
  folds?: number;
  /** Seed for the folds and the sample. Default 1. */
  seed?: number;
  /**
   * Refine the weights by the families' own accuracy (default `true`); `false` keeps the standardised regression's
   * weights (London's method), or equal weights where those predict better on the sample.
   */
  refine?: boolean;
  /** The most schools the search groups at once (a seeded sample of the training schools). Default 1,200. */
  sample?: number;
}

/** The result of {@link fitWeights}. */
export interface FittedWeights {
  measure: AccuracyMeasure;
  year: number;
  /** The fitted weights (summing to 1), from all the schools: use them as `groupFamilies`' `weights`. */
  weights: Partial<Record<ContextField, number>>;
  /** The standardised regression coefficients of the measure on the features (the start; signed). */
  regression: Partial<Record<ContextField, number>>;
  /** Each feature's share of the regression's explained effect: |coefficient| ÷ the sum of them. */
  shares: Partial<Record<ContextField, number>>;
  /** Families' leave-one-out accuracy on held-out folds (each fold grouped alone) with equal and with fitted weights. */
  equal: Accuracy;
  fitted: Accuracy;
  /** R² of each held-out fold, with equal and with fitted weights. */
  folds: { equal: number; fitted: number }[];
}

type Weights = Partial<Record<ContextField, number>>;

/** The most schools a held-out fold is grouped among. */
const EVALUATE = 6000;

const normalise = (w: Weights): Weights => {
  const total = Object.values(w).reduce((t, v) => t + (v ?? 0), 0);
  return Object.fromEntries(Object.entries(w).map(([k, v]) => [k, total > 0 ? (v ?? 0) / total : 0]));
};

/** The standardised coefficients of the measure on the features (both z-scored within each partition), by least squares. */
function regression(
  schools: readonly School[],
  features: readonly ContextField[],
  values: ReadonlyMap<string, number>,
  options: FitWeightsOptions,
): number[] {
  const d = features.length;
  const equal = Object.fromEntries(features.map((f) => [f, 1])) as Weights;
  const set = describeSchools("fitWeights", schools, { ...options, weights: equal });
  const xtx = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  const xty = new Array<number>(d).fill(0);
  for (const part of set.partitions) {
    const rows = part.points.map((p, i) => ({ i, y: values.get(p.urn) })).filter((r) => r.y !== undefined) as {
      i: number;
      y: number;
    }[];
    if (rows.length < 2) continue;
    const { mean, sd } = sampleScale(rows.map((r) => r.y));
    for (const { i, y } of rows) {
      // coords are z·√(1/d) with equal weights: back to z.
      const z = Array.from({ length: d }, (_, j) => (part.coords[i * d + j] as number) * Math.sqrt(d));
      const zy = (y - mean) / sd;
      for (let a = 0; a < d; a++) {
        xty[a] = (xty[a] as number) + (z[a] as number) * zy;
        for (let b = 0; b < d; b++)
          (xtx[a] as number[])[b] = ((xtx[a] as number[])[b] as number) + (z[a] as number) * (z[b] as number);
      }
    }
  }
  return solve(xtx, xty);
}

/** Solves A·x = b by Gaussian elimination with partial pivoting (a tiny ridge keeps it defined). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row.map((v, j) => v + (i === j ? 1e-9 : 0)), b[i] as number]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++)
      if (Math.abs((m[r] as number[])[c] as number) > Math.abs((m[p] as number[])[c] as number)) p = r;
    [m[c], m[p]] = [m[p] as number[], m[c] as number[]];
    const pivot = (m[c] as number[])[c] as number;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = ((m[r] as number[])[c] as number) / pivot;
      for (let k = c; k <= n; k++)
        (m[r] as number[])[k] = ((m[r] as number[])[k] as number) - f * ((m[c] as number[])[k] as number);
    }
  }
  return m.map((row, i) => (row[n] as number) / (row[i] as number));
}

/** The families' leave-one-out predictions with these weights (for the schools of `only`, if given), and their R². */
function familiesScore(
  schools: readonly School[],
  weights: Weights,
  values: ReadonlyMap<string, number>,
  options: FitWeightsOptions,
  extra: { starts?: number; only?: ReadonlySet<string> } = {},
) {
  const g = groupFamilies(schools, {
    ...options,
    weights,
    onInfeasible: "fallback",
    ...(extra.starts === undefined ? {} : { starts: extra.starts }),
  });
  const p = familyPredictions(
    g.families.map((f) => f.members),
    values,
    extra.only,
  );
  return { ...p, r2: accuracyOf(p.actual, p.predicted).r2 };
}

/** A seeded sample of at most `size` schools (all of them when there are fewer). */
function sampleOf(schools: readonly School[], size: number, seed: number): School[] {
  return schools.length <= size ? [...schools] : shuffledCopy(schools, seed).slice(0, size);
}

/** The regression's start, then each weight doubled and halved in turn while that makes the families more accurate. */
function search(
  schools: readonly School[],
  features: readonly ContextField[],
  values: ReadonlyMap<string, number>,
  options: FitWeightsOptions,
  seed: number,
) {
  const beta = regression(schools, features, values, options);
  const sample = sampleOf(schools, options.sample ?? 1200, seed);
  const equal = normalise(Object.fromEntries(features.map((f) => [f, 1])));
  const start = beta.some((b) => Math.abs(b) > 0)
    ? normalise(Object.fromEntries(features.map((f, j) => [f, Math.abs(beta[j] as number)])))
    : equal;
  const score = (w: Weights) => familiesScore(sample, w, values, options, { starts: 1 }).r2;
  let best = start;
  let bestScore = score(start);
  const equalScore = score(equal);
  if (equalScore > bestScore) [best, bestScore] = [equal, equalScore];
  // One pass over the features: a second cost about 4 s more on 20,000 schools (15.2 s against 11.0 s, measured).
  if (options.refine !== false)
    for (const f of features)
      for (const factor of [2, 0.5]) {
        const w = normalise({ ...best, [f]: (best[f] ?? 0) * factor });
        const s = score(w);
        if (s > bestScore + 1e-3) [best, bestScore] = [w, s];
      }
  return { weights: best, beta };
}

/**
 * Weights for the grouping's features chosen from the data: the standardised regression of the measure on the
 * features (London's method) as a start, then each weight doubled or halved while that makes the families' own
 * leave-one-out predictions more accurate (on a seeded sample of at most `sample` schools, one start each). The fit
 * is judged on folds it did not see: for each of `folds` folds, weights fitted on the other schools, then the
 * held-out schools grouped alone with equal and with fitted weights, their predictions pooled. O(folds · grouping
 * evaluations · grouping cost); about 1 + 4·d groupings a fit.
 *
 * @example
 * const { schools } = panel(syntheticRegion({ primaries: 150, secondaries: 0, years: 1 }));
 * fitWeights(schools, { features: ["priorAttainment", "disadvantage"] }).weights;
 * // => { priorAttainment: ~0.39, disadvantage: ~0.61 }
 */
export function fitWeights(schools: readonly School[], options: FitWeightsOptions = {}): FittedWeights {
  checkOptions("fitWeights", options);
  checkSchools("fitWeights", schools);
  const folds = options.folds ?? 5;
  if (!(Number.isInteger(folds) && folds >= 2))
    throw new ArgumentError("fitWeights", `must be a whole number ≥ 2, not ${folds}`, "folds");
  const measure = options.measure ?? "attainment";
  if (measure !== "attainment" && measure !== "improvement")
    throw new ArgumentError(
      "fitWeights",
      `must be "attainment" or "improvement", not ${JSON.stringify(measure)}`,
      "measure",
    );
  const { values, year } = measureValues(schools, measure, typeof options.year === "number" ? options.year : undefined);
  const features =
    options.features ??
    CONTEXT_FIELDS.filter((f) => schools.filter((s) => s.years.at(-1)?.[f] !== undefined).length * 2 >= schools.length);
  if (features.length === 0)
    throw new ArgumentError("fitWeights", "has no feature that half the schools have: name them", "features");
  const seed = options.seed ?? 1;
  const order = shuffledCopy(schools, seed);
  const equal = normalise(Object.fromEntries(features.map((f) => [f, 1])));
  const pooled = {
    equal: { actual: [] as number[], predicted: [] as number[] },
    fitted: { actual: [] as number[], predicted: [] as number[] },
  };
  const perFold: { equal: number; fitted: number }[] = [];
  // Each fold's weights are fitted on the other folds' outcomes. The fold's schools are then grouped with the others
  // (context is not what is predicted; with more than 6,000 schools, with as many of them as make 6,000) by equal
  // and by fitted weights, and scored: their outcomes were not seen by the fit.
  for (let k = 0; k < folds; k++) {
    const test = new Set(order.filter((_, i) => i % folds === k).map((s) => s.urn));
    const train = order.filter((s) => !test.has(s.urn));
    const others = train.slice(0, Math.max(0, EVALUATE - test.size));
    const evaluated = [...order.filter((s) => test.has(s.urn)), ...others];
    const { weights } = search(train, features, values, options, seed + k);
    const e = familiesScore(evaluated, equal, values, options, { only: test });
    const f = familiesScore(evaluated, weights, values, options, { only: test });
    pooled.equal.actual.push(...e.actual);
    pooled.equal.predicted.push(...e.predicted);
    pooled.fitted.actual.push(...f.actual);
    pooled.fitted.predicted.push(...f.predicted);
    perFold.push({ equal: e.r2, fitted: f.r2 });
  }
  const all = search(schools, features, values, options, seed);
  const total = all.beta.reduce((t, b) => t + Math.abs(b), 0);
  return {
    measure,
    year,
    weights: all.weights,
    regression: Object.fromEntries(features.map((f, j) => [f, all.beta[j] as number])),
    shares: Object.fromEntries(
      features.map((f, j) => [f, total > 0 ? Math.abs(all.beta[j] as number) / total : 1 / features.length]),
    ),
    equal: accuracyOf(pooled.equal.actual, pooled.equal.predicted),
    fitted: accuracyOf(pooled.fitted.actual, pooled.fitted.predicted),
    folds: perFold,
  };
}
