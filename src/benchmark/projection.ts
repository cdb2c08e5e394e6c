import { betaBinomialInterval } from "../internal/beta-binomial.js";
import type { School } from "../panel/panel.js";
import type { SchoolYear } from "../schema.js";
import { recordFor } from "./table.js";
import { Z95 } from "./uncertainty.js";

/**
 * Where a school's headline result is heading next year: a projection, not a target. `low`–`high` is a 95%
 * prediction interval: it allows for the next cohort's own chance variation as well as for what the past years
 * cannot tell. For a percentage it is the beta-binomial one for a cohort as big as the school's latest (whole
 * percentages, skewed away from 0% and 100%: a small school projected at 80% has more room to fall than to rise);
 * for a score, the projection ± 1.96 `se`.
 */
export interface Projection {
  /** The year projected: the benchmarked year + 1. */
  year: number;
  attainment: number;
  low: number;
  high: number;
  /**
   * The standard error of the prediction. For a score `high − low` is 2 × 1.96 of it (before clipping at 0); for a
   * percentage the interval has the same variance but a skewed shape, so it is not.
   */
  se: number;
  /** How far the school's own record moved the projection off its family's latest average (0: not at all, 1: fully). */
  weight: number;
}

/** What the projections of one partition were fitted with (all from the years up to the benchmarked one). */
export interface ProjectionFit {
  partition: string;
  /** Schools with at least two years' results in the window: those projected. */
  schools: number;
  /** How much more schools' results vary from year to year than chance in one cohort says (≥ 1). */
  overdispersion: number;
  /** The true spread, squared, of schools' steady levels around their families' (attainment units²). */
  levelVariance: number;
  /** The same for schools' own trends beyond their families' (units² a year²); 0 when two years cannot show one. */
  trendVariance: number;
  /**
   * How much a whole family's average moves from one year to the next beyond chance and beyond the move all
   * families share (units²): the families' own year-to-year wander, which the next year will have too.
   */
  familyVariance: number;
}

/** The settings a projection needs (as `benchmarkFamilies` fills them in). */
export interface ProjectionSettings {
  /** The last year used; the projection is for the year after. */
  year: number;
  /** Years used, ending with `year`. */
  window: number;
  errorOf: (school: School) => (r: SchoolYear) => number | undefined;
  kindOf: (school: School) => "percentage" | "score";
}

/** One school's years in the window, against its family's average each year. */
interface Track {
  school: School;
  family: number;
  /** Weighted (1/variance) mean of the school's distance from its family's average, its variance, its centre year. */
  level: number;
  levelVar: number;
  centre: number;
  /** Its distance's own trend a year (weighted least squares) and the trend's variance; NaN with one year. */
  trend: number;
  trendVar: number;
  /** Σ (distance − level)² / variance, with `years − 1` degrees of freedom. */
  q: number;
  years: number;
}

/** The family's mean result each year of the window (NaN where no member has one), and its sampling variance. */
function familyMeans(members: readonly School[], s: ProjectionSettings): { means: number[]; vars: number[] } {
  const means: number[] = [];
  const vars: number[] = [];
  for (let k = 0; k < s.window; k++) {
    const y = s.year - s.window + 1 + k;
    let sum = 0;
    let n = 0;
    let v = 0;
    for (const m of members) {
      const r = recordFor(m, y);
      if (r?.attainment === undefined) continue;
      sum += r.attainment;
      n++;
      const e = s.errorOf(m)(r);
      v += e === undefined ? 0 : e * e;
    }
    means.push(n > 0 ? sum / n : Number.NaN);
    vars.push(n > 0 ? v / (n * n) : Number.NaN);
  }
  return { means, vars };
}

/** The school's track in its family, or undefined with fewer than two years that have a result and an error. */
function trackOf(school: School, family: number, means: readonly number[], s: ProjectionSettings): Track | undefined {
  const errorOf = s.errorOf(school);
  const pts: { t: number; d: number; v: number }[] = [];
  for (let k = 0; k < s.window; k++) {
    const y = s.year - s.window + 1 + k;
    const r = recordFor(school, y);
    const m = means[k] as number;
    const e = r === undefined ? undefined : errorOf(r);
    if (r?.attainment === undefined || e === undefined || !(e > 0) || Number.isNaN(m)) continue;
    pts.push({ t: y - s.year, d: r.attainment - m, v: e * e });
  }
  if (pts.length < 2) return undefined;
  let w = 0;
  let wd = 0;
  let wt = 0;
  for (const p of pts) {
    w += 1 / p.v;
    wd += p.d / p.v;
    wt += p.t / p.v;
  }
  const level = wd / w;
  const centre = wt / w;
  let q = 0;
  let sxx = 0;
  let sxy = 0;
  for (const p of pts) {
    q += (p.d - level) ** 2 / p.v;
    sxx += (p.t - centre) ** 2 / p.v;
    sxy += ((p.t - centre) * (p.d - level)) / p.v;
  }
  return { school, family, level, levelVar: 1 / w, centre, trend: sxy / sxx, trendVar: 1 / sxx, q, years: pts.length };
}

/** Method-of-moments fit of the overdispersion, the level variance and the trend variance over a partition's tracks. */
function fitMoments(tracks: readonly Track[]): Omit<ProjectionFit, "partition" | "schools" | "familyVariance"> {
  let q = 0;
  let df = 0;
  for (const t of tracks) {
    q += t.q;
    df += t.years - 1;
  }
  const overdispersion = Math.max(1, df > 0 ? q / df : 1);
  let l2 = 0;
  let lv = 0;
  let b2 = 0;
  let bv = 0;
  for (const t of tracks) {
    l2 += t.level * t.level;
    lv += overdispersion * t.levelVar;
    b2 += t.trend * t.trend;
    bv += overdispersion * t.trendVar;
  }
  const n = tracks.length;
  return { overdispersion, levelVariance: Math.max(0, (l2 - lv) / n), trendVariance: Math.max(0, (b2 - bv) / n) };
}

/**
 * The families' own year-to-year wander: the spread of each family's change in average between consecutive years
 * around the change all the partition's families share that year, less what chance in the members' cohorts explains.
 */
function wander(ids: readonly number[], means: readonly number[][], vars: readonly number[][], phi: number): number {
  let sum = 0;
  let noise = 0;
  let n = 0;
  const window = means[ids[0] ?? 0]?.length ?? 0;
  for (let k = 1; k < window; k++) {
    const changes: { d: number; v: number }[] = [];
    for (const f of ids) {
      const a = (means[f] as number[])[k - 1] as number;
      const b = (means[f] as number[])[k] as number;
      if (Number.isNaN(a) || Number.isNaN(b)) continue;
      changes.push({
        d: b - a,
        v: phi * (((vars[f] as number[])[k - 1] as number) + ((vars[f] as number[])[k] as number)),
      });
    }
    if (changes.length < 2) continue;
    const shared = changes.reduce((x, c) => x + c.d, 0) / changes.length;
    for (const c of changes) {
      sum += (c.d - shared) ** 2;
      noise += c.v;
      n++;
    }
  }
  return n > 0 ? Math.max(0, (sum - noise) / n) : 0;
}

/** The fewest schools a partition needs for its variances to be fitted at all. */
const MIN_SCHOOLS = 5;

/**
 * Projects every family member's result for the year after `settings.year`, empirical-Bayes style: each year the
 * school's distance from its family's average is noted; its steady distance (their precision-weighted mean) and its
 * own trend are each shrunk towards the family (towards 0) by how much of their spread across the partition's
 * schools is real rather than chance — so a small school's noisy record moves its projection little — and added to
 * the family's latest average. The variances are fitted by the method of moments on the window's years alone (one
 * fit per partition): the overdispersion from how much schools' results wander around their own level beyond
 * cohort chance, the level and trend variances from their spread beyond what chance explains. The change shared by
 * a whole family between years is not carried forward: on Hampshire's KS2 2016–2018 (fitted before looking at
 * 2019) doing so made projections worse, as a year's rise in a whole family mostly did not continue. The interval
 * adds the next cohort's chance variation (its last cohort's size, times the overdispersion) and the family
 * average's. A percentage's interval is the beta-binomial one with that variance for the school's latest cohort
 * size (`betaBinomialInterval`); a score's is normal. O(schools × window + pupils in the latest cohorts).
 *
 * @param families - Families (their members' URNs and their partition).
 * @param byUrn - The schools by URN.
 * @param s - See {@link ProjectionSettings}.
 * @returns The projections by URN, the reason for each member not projected, and the fit of each partition.
 */
export function projectFamilies(
  families: readonly { partition: string; members: readonly string[] }[],
  byUrn: ReadonlyMap<string, School>,
  s: ProjectionSettings,
): { projections: Map<string, Projection>; reasons: Map<string, string>; fits: ProjectionFit[] } {
  const projections = new Map<string, Projection>();
  const reasons = new Map<string, string>();
  const partitions = new Map<string, Track[]>();
  const famVars: number[][] = [];
  const famMeans: number[][] = [];
  const inPartition = new Map<string, number[]>();
  for (const [f, family] of families.entries()) {
    const members = family.members.flatMap((u) => byUrn.get(u) ?? []);
    const { means, vars } = familyMeans(members, s);
    famMeans.push(means);
    famVars.push(vars);
    const ids = inPartition.get(family.partition);
    if (ids === undefined) inPartition.set(family.partition, [f]);
    else ids.push(f);
    const list = partitions.get(family.partition) ?? [];
    partitions.set(family.partition, list);
    for (const m of members) {
      const t = trackOf(m, f, means, s);
      if (t) list.push(t);
      else
        reasons.set(
          m.urn,
          `no projection: results with cohort sizes for fewer than 2 of ${s.year - s.window + 1}–${s.year}`,
        );
    }
  }
  const fits: ProjectionFit[] = [];
  for (const [partition, tracks] of [...partitions].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (tracks.length < MIN_SCHOOLS) {
      for (const t of tracks)
        reasons.set(
          t.school.urn,
          `no projection: too few ${partition} schools with two years' results (${tracks.length}) to fit`,
        );
      continue;
    }
    const moments = fitMoments(tracks);
    const familyVariance = wander(inPartition.get(partition) ?? [], famMeans, famVars, moments.overdispersion);
    const f = { ...moments, familyVariance };
    fits.push({ partition, schools: tracks.length, ...f });
    for (const t of tracks) {
      const last = (famMeans[t.family] as number[])[s.window - 1] as number;
      if (Number.isNaN(last)) {
        reasons.set(t.school.urn, `no projection: no member of its family has a result for ${s.year}`);
        continue;
      }
      const lastVar = (famVars[t.family] as number[])[s.window - 1] as number;
      projections.set(t.school.urn, projectOne(t, last, lastVar, f, s));
    }
  }
  return { projections, reasons, fits };
}

/** One school's projection from its track, its family's latest average and the partition's fit. */
function projectOne(
  t: Track,
  familyLast: number,
  familyVar: number,
  f: Omit<ProjectionFit, "partition" | "schools">,
  s: ProjectionSettings,
): Projection {
  const phi = f.overdispersion;
  const weight = f.levelVariance / (f.levelVariance + phi * t.levelVar);
  const k = Number.isFinite(t.trendVar) ? f.trendVariance / (f.trendVariance + phi * t.trendVar) : 0;
  const h = 1 - t.centre;
  const trend = k > 0 ? k * t.trend * h : 0;
  const percentage = s.kindOf(t.school) === "percentage";
  const clip = (x: number) => Math.max(0, percentage ? Math.min(100, x) : x);
  const attainment = clip(familyLast + weight * t.level + trend);
  // The next cohort: as big as the school's latest, and as variable as its results have been.
  const latest = [...t.school.years].reverse().find((r) => r.year <= s.year && r.cohort !== undefined);
  const next = latest ? s.errorOf(t.school)({ ...latest, attainment }) : undefined;
  const cohortVar = phi * (next === undefined ? t.levelVar : next * next);
  const variance =
    weight * phi * t.levelVar +
    (k > 0 ? k * phi * t.trendVar * h * h : 0) +
    cohortVar +
    phi * familyVar +
    f.familyVariance;
  const se = Math.sqrt(variance);
  // A share of a small cohort is skewed near 0% and 100%; a symmetric interval clipped there has too little room on
  // the far side (Hampshire 2019: cohorts under 20 held 88% of results, the misses falls from 70–80%).
  const interval =
    percentage && latest?.cohort !== undefined && latest.cohort >= 1
      ? betaBinomialInterval(attainment, variance, latest.cohort)
      : { low: clip(attainment - Z95 * se), high: clip(attainment + Z95 * se) };
  return { year: s.year + 1, attainment, ...interval, se, weight };
}
