import type { Grouping } from "../group/families.js";
import { asSchools } from "../group/features.js";
import type { School } from "../panel/panel.js";
import type { SchoolYear } from "../schema.js";
import { improvementSettings, tooFewYears, trend, type ImprovementOptions } from "./improvement.js";
import { summarise, type Summary } from "./summary.js";

/** The targets a school can be set against its family. */
export const TARGETS = ["upperQuartile", "median", "mean", "best"] as const;
/** {@link TARGETS} as a phrase for messages: "upperQuartile, median, mean or best". */
export const TARGET_LIST = `${TARGETS.slice(0, -1).join(", ")} or ${TARGETS[TARGETS.length - 1]}`;

/** Options for {@link benchmarkFamilies}. */
export interface BenchmarkOptions extends Pick<ImprovementOptions, "window" | "method" | "minYears"> {
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
  key: string;
  size: number;
  year: number;
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
  /** Where it is working well: the member with the highest result for each sub-group and subject. */
  leaders: { subgroups: Record<string, { urn: string; value: number }>; subjects: Record<string, { urn: string; value: number }> };
}

/** The result of {@link benchmarkFamilies}. */
export interface Benchmarks {
  year: number;
  previousYear: number;
  average: "mean" | "weighted";
  target: (typeof TARGETS)[number];
  families: FamilyBenchmark[];
}

const PAIRS: readonly [string, string, string][] = [
  ["girls−boys", "girls", "boys"],
  ["other−disadvantaged", "other", "disadvantaged"],
];

const Z = 1.96;
const EMPTY: Record<string, number> = Object.freeze({}) as Record<string, number>;
const hasOwn = Object.prototype.hasOwnProperty;
/** A sub-group's or subject's value, never an inherited property (a group may be called "constructor"). */
const own = (bag: Record<string, number>, key: string): number | undefined => (hasOwn.call(bag, key) ? bag[key] : undefined);
const CHI2_2DF_95 = 5.991464547107979;

/** A school's record for a year. Years are in order and mostly consecutive, so look where it should be first. */
function recordFor(school: School, y: number): SchoolYear | undefined {
  const ys = school.years;
  const last = ys[ys.length - 1];
  if (last === undefined) return undefined;
  const guess = ys[ys.length - 1 - (last.year - y)];
  if (guess !== undefined && guess.year === y) return guess;
  return ys.find((r) => r.year === y);
}

/** The sorted names of the points' sub-groups (or subjects), each once. */
function keysOf(points: readonly Point[], bag: (p: Point) => Record<string, number>): string[] {
  const names = new Set<string>();
  for (const p of points) for (const k of Object.keys(bag(p))) names.add(k);
  return [...names].sort();
}

function quadrantOf(dx: number, dy: number): Quadrant {
  return `${dy >= 0 ? "N" : "S"}${dx >= 0 ? "E" : "W"}` as Quadrant;
}

function bearingOf(dx: number, dy: number): number {
  const deg = (Math.atan2(dx, dy) * 180) / Math.PI;
  return deg < 0 ? deg + 360 : deg;
}

/** The standard error of one year's attainment, or undefined when it cannot be known. */
function attainmentSE(r: SchoolYear, kind: "percentage" | "score", pupilSd: number): number | undefined {
  if (r.attainment === undefined) return undefined;
  const published = r.intervals?.attainment;
  if (kind === "score" && published) return (published.upper - published.lower) / (2 * Z);
  const n = r.cohort;
  if (n === undefined || n <= 0) return undefined;
  if (kind === "score") return pupilSd / Math.sqrt(n);
  const p = (n * Math.min(100, Math.max(0, r.attainment)) / 100 + 0.5) / (n + 1);
  return 100 * Math.sqrt((p * (1 - p)) / n);
}

interface Point {
  school: School;
  record?: SchoolYear;
  /** The record's sub-groups and subjects, read once. */
  groups: Record<string, number>;
  subjectValues: Record<string, number>;
  att?: number;
  attSE?: number;
  imp?: number;
  impSE?: number;
  small: boolean;
  notes: string[];
}

/**
 * The standard error of a school's difference from an average that (perhaps) includes it:
 * d = xᵢ − Σ wⱼxⱼ, so Var(d) = (1 − wᵢ)²vᵢ + Σⱼ≠ᵢ wⱼ²vⱼ (the schools' errors independent).
 */
function differenceSE(i: number, ses: readonly (number | undefined)[], weights: readonly number[]): number | undefined {
  const own = ses[i];
  if (own === undefined) return undefined;
  let v = (1 - (weights[i] ?? 0)) ** 2 * own * own;
  for (let j = 0; j < ses.length; j++) {
    if (j === i || !(weights[j] as number)) continue;
    const s = ses[j];
    if (s === undefined) return undefined;
    v += (weights[j] as number) ** 2 * s * s;
  }
  return Math.sqrt(v);
}

/**
 * Everything a Family is for, in one call: for each family of a grouping, the family averages (attainment and
 * improvement, and attainment year by year), each member's position against the average (dx, dy, z-scores,
 * bearing, distance, quadrant) with standard errors and `withinNoise` flags, its target and the gap to it, its
 * north-easterly movement since `previousYear`, its within-school gaps (girls−boys, other−disadvantaged) and
 * subject results against the family's, and the family's leaders for each sub-group and subject.
 * Missing values are skipped and each school's `notes` say what is missing and why. O(n · years).
 *
 * @param grouping - From `groupFamilies`, or `{ families }` from `readFamilies` (a saved grouping).
 * @param schools - The same schools (from `panel`) or their records. Not mutated.
 * @param options - See {@link BenchmarkOptions}.
 * @returns {@link Benchmarks}, JSON-serialisable.
 * @throws {RangeError} for bad options, or when there are no years in the data.
 * @example
 * const b = benchmarkFamilies(groupFamilies(records), records);
 * b.families[0].members[0].position?.quadrant;
 * // => one of "NE", "NW", "SE", "SW" (undefined when the school has no attainment or improvement)
 */
export function benchmarkFamilies(grouping: Pick<Grouping, "families">, schools: readonly School[] | readonly SchoolYear[], options: BenchmarkOptions = {}): Benchmarks {
  const all = asSchools(schools);
  const byUrn = new Map<string, School>();
  for (const s of all) byUrn.set(s.urn, s);
  const latest = all.reduce((m, s) => Math.max(m, s.years[s.years.length - 1]?.year ?? -Infinity), -Infinity);
  const year = options.year ?? latest;
  if (!Number.isFinite(year)) throw new RangeError("benchmarkFamilies: there are no years in the data");
  const previousYear = options.previousYear ?? year - 1;
  const average = options.average ?? "mean";
  const target = options.target ?? "upperQuartile";
  const smallCohort = options.smallCohort ?? 10;
  const pupilSd = options.pupilSd ?? 15;
  if (average !== "mean" && average !== "weighted") throw new RangeError(`benchmarkFamilies: average must be "mean" or "weighted", not ${JSON.stringify(average)}`);
  if (!(TARGETS as readonly string[]).includes(target)) throw new RangeError(`benchmarkFamilies: target must be ${TARGET_LIST}, not ${JSON.stringify(target)}`);
  if (!(pupilSd > 0)) throw new RangeError(`benchmarkFamilies: pupilSd must be above 0, not ${pupilSd}`);
  const { window, minYears, method } = improvementSettings(options);

  /** How a school's attainment varies by chance, as a function of one year's record. */
  const errorOf = (school: School): ((r: SchoolYear) => number | undefined) => {
    const kind = options.attainmentKind === undefined || options.attainmentKind === "auto" ? (school.phase === "primary" ? "percentage" : "score") : options.attainmentKind;
    return (r) => attainmentSE(r, kind, pupilSd);
  };

  const pointAt = (school: School, y: number, seOf: (r: SchoolYear) => number | undefined): Point => {
    const record = recordFor(school, y);
    const notes: string[] = [];
    const t = trend(school.years, y, window, method, undefined, seOf);
    const imp = t.n >= minYears ? { value: t.value, standardError: t.standardError, reason: undefined } : { value: undefined, standardError: undefined, reason: tooFewYears(t.n, y, { window, minYears }) };
    const att = record?.attainment;
    if (!record) notes.push(`no data for ${y}`);
    else if (att === undefined) notes.push(`no attainment for ${y} (missing or suppressed)`);
    if (imp.value === undefined && imp.reason) notes.push(`no improvement: ${imp.reason}`);
    const attSE = record === undefined ? undefined : seOf(record);
    if (att !== undefined && attSE === undefined) notes.push(`no cohort size for ${y}, so no standard error`);
    const cohort = record?.cohort;
    const small = cohort !== undefined && cohort < smallCohort;
    if (small) notes.push(`small cohort (${cohort} pupils): one year's result is mostly noise`);
    const point: Point = { school, small, notes, groups: record?.subgroups ?? EMPTY, subjectValues: record?.subjects ?? EMPTY };
    if (record) point.record = record;
    if (att !== undefined) point.att = att;
    if (attSE !== undefined) point.attSE = attSE;
    if (imp.value !== undefined) point.imp = imp.value;
    if (imp.standardError !== undefined) point.impSE = imp.standardError;
    return point;
  };

  /** Family averages of a set of points, and the weights each point has in them. */
  const averages = (points: readonly Point[]) => {
    const inAverage = points.map((p) => !(options.excludeSmallCohorts && p.small));
    const pick = (f: (p: Point) => number | undefined) => points.map((p, i) => (inAverage[i] ? f(p) : undefined));
    const cohorts = points.map((p) => p.record?.cohort);
    const att = summarise(pick((p) => p.att), cohorts);
    const imp = summarise(pick((p) => p.imp), cohorts);
    const centre = (s: Summary | undefined): number | undefined => (s === undefined ? undefined : average === "weighted" ? (s.weightedMean ?? s.mean) : s.mean);
    const weightsFor = (f: (p: Point) => number | undefined, s: Summary | undefined): number[] => {
      const used = points.map((p, i) => inAverage[i] && f(p) !== undefined);
      if (average === "weighted" && s?.weightedMean !== undefined) {
        const total = points.reduce((t, p, i) => t + (used[i] ? (p.record?.cohort ?? 0) : 0), 0);
        return points.map((p, i) => (used[i] ? (p.record?.cohort ?? 0) / total : 0));
      }
      const count = used.filter(Boolean).length;
      return used.map((u) => (u ? 1 / count : 0));
    };
    // The family's spread, for z-scores (population standard deviation of the members' values).
    const spread = (s: Summary | undefined, f: (p: Point) => number | undefined): number | undefined => {
      if (!s || s.count < 2) return undefined;
      let ss = 0;
      points.forEach((p, i) => {
        const v = inAverage[i] ? f(p) : undefined;
        if (v !== undefined) ss += (v - s.mean) ** 2;
      });
      const sd = Math.sqrt(ss / s.count);
      return sd > 0 ? sd : undefined;
    };
    return {
      att,
      imp,
      cx: centre(att),
      cy: centre(imp),
      wx: weightsFor((p) => p.att, att),
      wy: weightsFor((p) => p.imp, imp),
      sx: spread(att, (p) => p.att),
      sy: spread(imp, (p) => p.imp),
      seXs: points.map((q) => q.attSE),
      seYs: points.map((q) => q.impSE),
    };
  };

  const positionOf = (i: number, points: readonly Point[], avg: ReturnType<typeof averages>): Position | undefined => {
    const p = points[i] as Point;
    if (p.att === undefined || p.imp === undefined || avg.cx === undefined || avg.cy === undefined) return undefined;
    const dx = p.att - avg.cx;
    const dy = p.imp - avg.cy;
    const { sx, sy } = avg;
    const seX = differenceSE(i, avg.seXs, avg.wx);
    const seY = differenceSE(i, avg.seYs, avg.wy);
    const xWithin = seX === undefined ? undefined : Math.abs(dx) <= Z * seX;
    const yWithin = seY === undefined ? undefined : Math.abs(dy) <= Z * seY;
    // Plain assignments rather than conditional spreads: this runs for every school twice.
    const out: Position = { dx, dy, bearing: bearingOf(dx, dy), distance: Math.hypot(dx, dy), quadrant: quadrantOf(dx, dy) };
    if (sx !== undefined) out.zx = dx / sx;
    if (sy !== undefined) out.zy = dy / sy;
    if (seX !== undefined) out.seX = seX;
    if (seY !== undefined) out.seY = seY;
    if (xWithin !== undefined) out.xWithinNoise = xWithin;
    if (yWithin !== undefined) out.yWithinNoise = yWithin;
    if (xWithin !== undefined && yWithin !== undefined) out.withinNoise = xWithin && yWithin;
    return out;
  };

  const targetOf = (s: Summary | undefined): number | undefined =>
    s === undefined ? undefined : target === "upperQuartile" ? s.upperQuartile : target === "median" ? s.median : target === "mean" ? s.mean : s.max;

  const families: FamilyBenchmark[] = grouping.families.map((family) => {
    const members: School[] = [];
    for (const u of family.members) {
      const s = byUrn.get(u);
      if (s !== undefined) members.push(s);
    }
    const errors = members.map(errorOf);
    const now = members.map((s, i) => pointAt(s, year, errors[i] as (r: SchoolYear) => number | undefined));
    const before = members.map((s, i) => pointAt(s, previousYear, errors[i] as (r: SchoolYear) => number | undefined));
    const avgNow = averages(now);
    const avgBefore = averages(before);
    const tAtt = targetOf(avgNow.att);
    const tImp = targetOf(avgNow.imp);

    // Sub-groups and subjects, from the benchmarked year's records.
    const gapValues: Record<string, (number | undefined)[]> = {};
    for (const [name, a, b] of PAIRS) {
      gapValues[name] = now.map((p) => {
        const g = p.groups;
        const ga = own(g, a);
        const gb = own(g, b);
        return ga !== undefined && gb !== undefined ? ga - gb : undefined;
      });
    }
    const subjectNames = keysOf(now, (p) => p.subjectValues);
    const subjectSummaries: Record<string, Summary> = {};
    for (const name of subjectNames) {
      const s = summarise(now.map((p) => own(p.subjectValues, name)));
      if (s) subjectSummaries[name] = s;
    }
    const gapSummaries: Record<string, Summary> = {};
    for (const [name] of PAIRS) {
      const s = summarise(gapValues[name] ?? []);
      if (s) gapSummaries[name] = s;
    }
    const leader = (get: (p: Point) => number | undefined): { urn: string; value: number } | undefined => {
      let best: { urn: string; value: number } | undefined;
      for (const p of now) {
        const v = get(p);
        if (v === undefined) continue;
        if (!best || v > best.value || (v === best.value && p.school.urn < best.urn)) best = { urn: p.school.urn, value: v };
      }
      return best;
    };
    const groupNames = keysOf(now, (p) => p.groups);
    const leaders: FamilyBenchmark["leaders"] = { subgroups: {}, subjects: {} };
    for (const g of groupNames) {
      const l = leader((p) => own(p.groups, g));
      if (l) leaders.subgroups[g] = l;
    }
    for (const s of subjectNames) {
      const l = leader((p) => own(p.subjectValues, s));
      if (l) leaders.subjects[s] = l;
    }

    let compared = 0;
    let movedNorthEast = 0;
    let leftSouthWest = 0;
    const memberRows: MemberBenchmark[] = now.map((p, i) => {
      const r = p.record;
      const position = positionOf(i, now, avgNow);
      const b = before[i] as Point;
      // Last year only its quarter is needed: no standard errors to work out.
      const earlier = b.att !== undefined && b.imp !== undefined && avgBefore.cx !== undefined && avgBefore.cy !== undefined ? quadrantOf(b.att - avgBefore.cx, b.imp - avgBefore.cy) : undefined;
      let movement: Movement | undefined;
      if (p.att !== undefined && p.imp !== undefined && b.att !== undefined && b.imp !== undefined) {
        compared++;
        const dx = p.att - b.att;
        const dy = p.imp - b.imp;
        const vx = p.attSE !== undefined && b.attSE !== undefined ? p.attSE ** 2 + b.attSE ** 2 : undefined;
        const vy = p.impSE !== undefined && b.impSE !== undefined ? p.impSE ** 2 + b.impSE ** 2 : undefined;
        const beyond = vx !== undefined && vy !== undefined && vx > 0 && vy > 0 ? (dx * dx) / vx + (dy * dy) / vy > CHI2_2DF_95 : undefined;
        const northEast = dx > 0 && dy > 0;
        if (northEast && beyond === true) movedNorthEast++;
        if (earlier === "SW" && position !== undefined && position.quadrant !== "SW") leftSouthWest++;
        // Plain assignments rather than conditional spreads: this runs for every school.
        const from: Movement["from"] = { year: previousYear, attainment: b.att, improvement: b.imp };
        if (earlier) from.quadrant = earlier;
        movement = { from, dx, dy, bearing: bearingOf(dx, dy), northEast };
        if (beyond !== undefined) movement.beyondNoise = beyond;
      }
      const gaps: Record<string, number> = {};
      for (const [name] of PAIRS) {
        const v = gapValues[name]?.[i];
        if (v !== undefined) gaps[name] = v;
      }
      const subjects: Record<string, number> = {};
      for (const name of subjectNames) {
        const v = own(p.subjectValues, name);
        const s = subjectSummaries[name];
        if (v !== undefined && s) subjects[name] = v - s.mean;
      }
      // The point's own list (made for this member alone) becomes the member's.
      const notes = p.notes;
      if (!movement) {
        const why = b.notes.find((n) => !n.startsWith("small cohort")) ?? (p.att === undefined || p.imp === undefined ? "no position this year" : "no position then");
        notes.push(`no movement since ${previousYear}: ${why}`);
      }
      const row: MemberBenchmark = { urn: p.school.urn, phase: p.school.phase, smallCohort: p.small, gaps, subjects, notes };
      if (p.school.name !== undefined) row.name = p.school.name;
      if (p.school.la !== undefined) row.la = p.school.la;
      const place = r ?? p.school.years[p.school.years.length - 1];
      if (place?.easting !== undefined && place.northing !== undefined) {
        row.easting = place.easting;
        row.northing = place.northing;
      }
      if (place?.lat !== undefined && place.lon !== undefined) {
        row.lat = place.lat;
        row.lon = place.lon;
      }
      if (r?.cohort !== undefined) row.cohort = r.cohort;
      if (r?.disadvantage !== undefined) row.disadvantage = r.disadvantage;
      if (r?.priorAttainment !== undefined) row.priorAttainment = r.priorAttainment;
      if (p.att !== undefined) row.attainment = p.att;
      if (p.attSE !== undefined) row.attainmentSE = p.attSE;
      if (p.imp !== undefined) row.improvement = p.imp;
      if (p.impSE !== undefined) row.improvementSE = p.impSE;
      if (position) row.position = position;
      if (p.att !== undefined && tAtt !== undefined) {
        const t: NonNullable<MemberBenchmark["target"]> = { attainment: tAtt, attainmentGap: tAtt - p.att };
        if (tImp !== undefined) t.improvement = tImp;
        if (tImp !== undefined && p.imp !== undefined) t.improvementGap = tImp - p.imp;
        row.target = t;
      }
      if (movement) row.movement = movement;
      return row;
    });

    const byYear: Record<string, Summary> = {};
    const seen = new Set<number>();
    for (const m of members) for (const x of m.years) seen.add(x.year);
    const years = [...seen].sort((a, b) => a - b);
    for (const y of years) {
      const found = members.map((m) => recordFor(m, y));
      const s = summarise(found.map((r) => r?.attainment), found.map((r) => r?.cohort));
      if (s) byYear[String(y)] = s;
    }
    const centroid =
      avgNow.cx !== undefined && avgNow.cy !== undefined && avgBefore.cx !== undefined && avgBefore.cy !== undefined
        ? { dx: avgNow.cx - avgBefore.cx, dy: avgNow.cy - avgBefore.cy }
        : undefined;
    return {
      id: family.id,
      key: family.key,
      size: family.size,
      year,
      averages: { ...(avgNow.att ? { attainment: avgNow.att } : {}), ...(avgNow.imp ? { improvement: avgNow.imp } : {}), byYear },
      members: memberRows,
      movement: {
        previousYear,
        compared,
        movedNorthEast,
        ...(compared > 0 ? { share: movedNorthEast / compared } : {}),
        ...(centroid ? { centroid } : {}),
        leftSouthWest,
      },
      gaps: gapSummaries,
      subjects: subjectSummaries,
      leaders,
    };
  });
  return { year, previousYear, average, target, families };
}
