import type { Grouping } from "../group/families.js";
import { asSchools } from "../group/features.js";
import { compact } from "../internal/compact.js";
import type { School } from "../panel/panel.js";
import type { SchoolYear } from "../schema.js";
import { type ImprovementOptions, improvementSettings, tooFewYears } from "./improvement.js";
import { type Summary, summarise } from "./summary.js";
import { POINT, ROW, readSchoolTable } from "./table.js";

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
  leaders: {
    subgroups: Record<string, { urn: string; value: number }>;
    subjects: Record<string, { urn: string; value: number }>;
  };
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
const CHI2_2DF_95 = 5.991464547107979;

function quadrantOf(dx: number, dy: number): Quadrant {
  // Constant strings: one shared string per quarter rather than a new one for every school.
  return dy >= 0 ? (dx >= 0 ? "NE" : "NW") : dx >= 0 ? "SE" : "SW";
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
  const p = ((n * Math.min(100, Math.max(0, r.attainment))) / 100 + 0.5) / (n + 1);
  return 100 * Math.sqrt((p * (1 - p)) / n);
}

/**
 * One school in one year, as the benchmarks need it. Every field is always present (`undefined` when missing), so
 * that all points share one shape: this runs twice for every school.
 */
interface Point {
  school: School;
  year: number;
  hasRecord: boolean;
  cohort: number | undefined;
  att: number | undefined;
  attSE: number | undefined;
  imp: number | undefined;
  impSE: number | undefined;
  /** Years of the improvement window with a result (there is no improvement below `minYears`). */
  impYears: number;
  small: boolean;
}

/**
 * The standard errors of each member's difference from an average that (perhaps) includes it:
 * dᵢ = xᵢ − Σ wⱼxⱼ, so Var(dᵢ) = (1 − wᵢ)²vᵢ + Σⱼ≠ᵢ wⱼ²vⱼ (the schools' errors independent). The sum over the
 * others is the family's total less the member's own term, so a family of m costs O(m), not O(m²).
 * A member's is undefined when its own error is unknown or any other member in the average lacks one.
 */
function differenceSEs(ses: readonly (number | undefined)[], weights: readonly number[]): (number | undefined)[] {
  let total = 0;
  let missing = false;
  for (let j = 0; j < ses.length; j++) {
    const w = weights[j] as number;
    if (!w) continue;
    const s = ses[j];
    if (s === undefined) missing = true;
    else total += w * w * s * s;
  }
  const out: (number | undefined)[] = new Array(ses.length);
  for (let i = 0; i < ses.length; i++) {
    const s = ses[i];
    if (s === undefined || missing) {
      out[i] = undefined;
      continue;
    }
    const w = weights[i] as number;
    const others = w ? total - w * w * s * s : total;
    out[i] = Math.sqrt((1 - w) ** 2 * s * s + Math.max(0, others));
  }
  return out;
}

/** The reason a point has no place on the chart (no record, no attainment or no improvement), else undefined. */
function missingReason(p: Point, settings: { window: number; minYears: number }): string | undefined {
  if (!p.hasRecord) return `no data for ${p.year}`;
  if (p.att === undefined) return `no attainment for ${p.year} (missing or suppressed)`;
  if (p.imp === undefined) return `no improvement: ${tooFewYears(p.impYears, p.year, settings)}`;
  return undefined;
}

/** What a member's row says is missing or uncertain about its point, in the order a reader needs it. */
function notesFor(p: Point, settings: { window: number; minYears: number }): string[] {
  const notes: string[] = [];
  if (!p.hasRecord) notes.push(`no data for ${p.year}`);
  else if (p.att === undefined) notes.push(`no attainment for ${p.year} (missing or suppressed)`);
  if (p.imp === undefined) notes.push(`no improvement: ${tooFewYears(p.impYears, p.year, settings)}`);
  if (p.att !== undefined && p.attSE === undefined) notes.push(`no cohort size for ${p.year}, so no standard error`);
  if (p.small) notes.push(`small cohort (${p.cohort} pupils): one year's result is mostly noise`);
  return notes;
}

/**
 * Everything a Family is for, in one call: for each family of a grouping, the family averages (attainment and
 * improvement, and attainment year by year), each member's position against the average (dx, dy, z-scores,
 * bearing, distance, quadrant) with standard errors and `withinNoise` flags, its target and the gap to it, its
 * north-easterly movement since `previousYear`, its within-school gaps (girls−boys, other−disadvantaged) and
 * subject results against the family's, and the family's leaders for each sub-group and subject.
 * Missing values are skipped and each school's `notes` say what is missing and why. O(n · (years + sub-groups +
 * subjects)) time; the numbers it reads are held in one table of 8 bytes × (20 + 2 × years + sub-groups + subjects)
 * per school (see `readSchoolTable`).
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
export function benchmarkFamilies(
  grouping: Pick<Grouping, "families">,
  schools: readonly School[] | readonly SchoolYear[],
  options: BenchmarkOptions = {},
): Benchmarks {
  const all = asSchools(schools);
  const latest = all.reduce((m, s) => Math.max(m, s.years[s.years.length - 1]?.year ?? -Infinity), -Infinity);
  const year = options.year ?? latest;
  if (!Number.isFinite(year)) throw new RangeError("benchmarkFamilies: there are no years in the data");
  const previousYear = options.previousYear ?? year - 1;
  const average = options.average ?? "mean";
  const target = options.target ?? "upperQuartile";
  const smallCohort = options.smallCohort ?? 10;
  const pupilSd = options.pupilSd ?? 15;
  if (average !== "mean" && average !== "weighted")
    throw new RangeError(`benchmarkFamilies: average must be "mean" or "weighted", not ${JSON.stringify(average)}`);
  if (!(TARGETS as readonly string[]).includes(target))
    throw new RangeError(`benchmarkFamilies: target must be ${TARGET_LIST}, not ${JSON.stringify(target)}`);
  if (!(pupilSd > 0)) throw new RangeError(`benchmarkFamilies: pupilSd must be above 0, not ${pupilSd}`);
  const settings = improvementSettings(options);
  const { window, minYears, method } = settings;

  // How a school's attainment varies by chance, as a function of one year's record: one function per kind.
  const percentageSE = (r: SchoolYear) => attainmentSE(r, "percentage", pupilSd);
  const scoreSE = (r: SchoolYear) => attainmentSE(r, "score", pupilSd);
  const errorOf = (school: School): ((r: SchoolYear) => number | undefined) => {
    const kind =
      options.attainmentKind === undefined || options.attainmentKind === "auto"
        ? school.phase === "primary"
          ? "percentage"
          : "score"
        : options.attainmentKind;
    return kind === "percentage" ? percentageSE : scoreSE;
  };

  // Every member's numbers, read once in the schools' own order (see readSchoolTable for why).
  const indexOf = new Map<string, number>();
  for (const [i, s] of all.entries()) indexOf.set(s.urn, i);
  const memberIndices = grouping.families.map((family) => {
    const out: number[] = [];
    for (const u of family.members) {
      const i = indexOf.get(u);
      if (i !== undefined) out.push(i);
    }
    return out;
  });
  const wanted = new Uint8Array(all.length);
  for (const indices of memberIndices) for (const i of indices) wanted[i] = 1;
  const table = readSchoolTable(all, wanted, { year, previousYear, window, method, minYears, errorOf });
  const { values, width } = table;
  /** A table value, `undefined` when missing. */
  const at = (offset: number): number | undefined => {
    const v = values[offset] as number;
    return Number.isNaN(v) ? undefined : v;
  };

  const pointAt = (school: School, row: number, y: number): Point => {
    const cohort = at(row + POINT.cohort);
    return {
      school,
      year: y,
      hasRecord: values[row + POINT.record] === 1,
      cohort,
      att: at(row + POINT.attainment),
      attSE: at(row + POINT.attainmentSE),
      imp: at(row + POINT.improvement),
      impSE: at(row + POINT.improvementSE),
      impYears: values[row + POINT.improvementYears] as number,
      small: cohort !== undefined && cohort < smallCohort,
    };
  };

  /** The centre a family's positions are measured from, given the summary of its values. */
  const centre = (s: Summary | undefined): number | undefined =>
    s === undefined ? undefined : average === "weighted" ? (s.weightedMean ?? s.mean) : s.mean;

  /** Family averages of a set of points (for one measure), each point's weight in them, and the family's spread. */
  const measure = (
    xs: readonly (number | undefined)[],
    cohorts: readonly (number | undefined)[],
    ses: readonly (number | undefined)[],
  ) => {
    const summary = summarise(xs, cohorts);
    const m = xs.length;
    const weights: number[] = new Array(m).fill(0);
    let sd: number | undefined;
    if (summary !== undefined) {
      if (average === "weighted" && summary.weightedMean !== undefined) {
        let total = 0;
        for (let i = 0; i < m; i++) if (xs[i] !== undefined) total += cohorts[i] ?? 0;
        for (let i = 0; i < m; i++) if (xs[i] !== undefined) weights[i] = (cohorts[i] ?? 0) / total;
      } else for (let i = 0; i < m; i++) if (xs[i] !== undefined) weights[i] = 1 / summary.count;
      // The family's spread, for z-scores (population standard deviation of the members' values).
      if (summary.count >= 2) {
        let ss = 0;
        for (const v of xs) if (v !== undefined) ss += (v - summary.mean) ** 2;
        const s = Math.sqrt(ss / summary.count);
        if (s > 0) sd = s;
      }
    }
    return { summary, centre: centre(summary), sd, se: differenceSEs(ses, weights) };
  };

  /** The values of the points that count in the family's averages (small cohorts left out when asked). */
  const counted = (points: readonly Point[], f: (p: Point) => number | undefined): (number | undefined)[] =>
    points.map((p) => (options.excludeSmallCohorts && p.small ? undefined : f(p)));

  const positionOf = (
    p: Point,
    i: number,
    x: ReturnType<typeof measure>,
    y: ReturnType<typeof measure>,
  ): Position | undefined => {
    if (p.att === undefined || p.imp === undefined || x.centre === undefined || y.centre === undefined)
      return undefined;
    const dx = p.att - x.centre;
    const dy = p.imp - y.centre;
    const seX = x.se[i];
    const seY = y.se[i];
    const xWithin = seX === undefined ? undefined : Math.abs(dx) <= Z * seX;
    const yWithin = seY === undefined ? undefined : Math.abs(dy) <= Z * seY;
    return compact<Position>({
      dx,
      dy,
      zx: x.sd === undefined ? undefined : dx / x.sd,
      zy: y.sd === undefined ? undefined : dy / y.sd,
      bearing: bearingOf(dx, dy),
      distance: Math.hypot(dx, dy),
      quadrant: quadrantOf(dx, dy),
      seX,
      seY,
      xWithinNoise: xWithin,
      yWithinNoise: yWithin,
      withinNoise: xWithin !== undefined && yWithin !== undefined ? xWithin && yWithin : undefined,
    });
  };

  const targetOf = (s: Summary | undefined): number | undefined =>
    s === undefined
      ? undefined
      : target === "upperQuartile"
        ? s.upperQuartile
        : target === "median"
          ? s.median
          : target === "mean"
            ? s.mean
            : s.max;

  const families: FamilyBenchmark[] = grouping.families.map((family, f) => {
    const indices = memberIndices[f] as number[];
    const members = indices.map((i) => all[i] as School);
    const rows = indices.map((i) => (table.rowOf[i] as number) * width);
    const now = members.map((s, j) => pointAt(s, (rows[j] as number) + ROW.now, year));
    const before = members.map((s, j) => pointAt(s, (rows[j] as number) + ROW.before, previousYear));
    const cohortsNow = now.map((p) => p.cohort);
    const x = measure(
      counted(now, (p) => p.att),
      cohortsNow,
      now.map((p) => p.attSE),
    );
    const y = measure(
      counted(now, (p) => p.imp),
      cohortsNow,
      now.map((p) => p.impSE),
    );
    // Last year only the centre is needed, for each member's quarter then and the family's own move.
    const cohortsBefore = before.map((p) => p.cohort);
    const bx = centre(
      summarise(
        counted(before, (p) => p.att),
        cohortsBefore,
      ),
    );
    const by = centre(
      summarise(
        counted(before, (p) => p.imp),
        cohortsBefore,
      ),
    );
    const tAtt = targetOf(x.summary);
    const tImp = targetOf(y.summary);

    /** Each member's value in one column of the table. */
    const column = (c: number): (number | undefined)[] => rows.map((row) => at(row + c));
    /** The members' values of each named column (sub-groups or subjects) that any member has, by name in order. */
    const named = (names: readonly string[], from: number): [string, (number | undefined)[]][] => {
      const out: [string, (number | undefined)[]][] = [];
      names.forEach((name, k) => {
        // Most names belong to other phases' records: look before building the column.
        if (rows.some((row) => !Number.isNaN(values[row + from + k] as number))) out.push([name, column(from + k)]);
      });
      return out;
    };
    // Sub-groups and subjects, from the benchmarked year's records.
    const groupValues = named(table.groups, table.groupsAt);
    const subjectValues = named(table.subjects, table.subjectsAt);
    const groupColumn = (name: string): (number | undefined)[] | undefined =>
      groupValues.find(([n]) => n === name)?.[1];
    const gapValues: Record<string, (number | undefined)[]> = {};
    for (const [name, a, b] of PAIRS) {
      const va = groupColumn(a);
      const vb = groupColumn(b);
      gapValues[name] = rows.map((_, j) => {
        const ga = va?.[j];
        const gb = vb?.[j];
        return ga !== undefined && gb !== undefined ? ga - gb : undefined;
      });
    }
    const subjectSummaries: Record<string, Summary> = {};
    for (const [name, v] of subjectValues) {
      const s = summarise(v);
      if (s) subjectSummaries[name] = s;
    }
    const gapSummaries: Record<string, Summary> = {};
    for (const [name] of PAIRS) {
      const s = summarise(gapValues[name] ?? []);
      if (s) gapSummaries[name] = s;
    }
    const leader = (v: readonly (number | undefined)[]): { urn: string; value: number } | undefined => {
      let best: School | undefined;
      let value = 0;
      members.forEach((m, j) => {
        const x = v[j];
        if (x === undefined) return;
        if (!best || x > value || (x === value && m.urn < best.urn)) {
          best = m;
          value = x;
        }
      });
      return best && { urn: (best as School).urn, value };
    };
    const leaders: FamilyBenchmark["leaders"] = { subgroups: {}, subjects: {} };
    for (const [name, v] of groupValues) {
      const l = leader(v);
      if (l) leaders.subgroups[name] = l;
    }
    for (const [name, v] of subjectValues) {
      const l = leader(v);
      if (l) leaders.subjects[name] = l;
    }

    let compared = 0;
    let movedNorthEast = 0;
    let leftSouthWest = 0;
    const memberRows: MemberBenchmark[] = now.map((p, i) => {
      const row = rows[i] as number;
      const position = positionOf(p, i, x, y);
      const b = before[i] as Point;
      const earlier =
        b.att !== undefined && b.imp !== undefined && bx !== undefined && by !== undefined
          ? quadrantOf(b.att - bx, b.imp - by)
          : undefined;
      let movement: Movement | undefined;
      if (p.att !== undefined && p.imp !== undefined && b.att !== undefined && b.imp !== undefined) {
        compared++;
        const dx = p.att - b.att;
        const dy = p.imp - b.imp;
        const vx = p.attSE !== undefined && b.attSE !== undefined ? p.attSE ** 2 + b.attSE ** 2 : undefined;
        const vy = p.impSE !== undefined && b.impSE !== undefined ? p.impSE ** 2 + b.impSE ** 2 : undefined;
        const beyond =
          vx !== undefined && vy !== undefined && vx > 0 && vy > 0
            ? (dx * dx) / vx + (dy * dy) / vy > CHI2_2DF_95
            : undefined;
        const northEast = dx > 0 && dy > 0;
        if (northEast && beyond === true) movedNorthEast++;
        if (earlier === "SW" && position !== undefined && position.quadrant !== "SW") leftSouthWest++;
        const from = compact<Movement["from"]>({
          year: previousYear,
          attainment: b.att,
          improvement: b.imp,
          quadrant: earlier,
        });
        movement = compact<Movement>({ from, dx, dy, bearing: bearingOf(dx, dy), northEast, beyondNoise: beyond });
      }
      const gaps: Record<string, number> = {};
      for (const [name] of PAIRS) {
        const v = gapValues[name]?.[i];
        if (v !== undefined) gaps[name] = v;
      }
      const subjects: Record<string, number> = {};
      for (const [name, v] of subjectValues) {
        const value = v[i];
        const s = subjectSummaries[name];
        if (value !== undefined && s) subjects[name] = value - s.mean;
      }
      const notes = notesFor(p, settings);
      if (!movement) {
        // Last year's gap first; when last year is complete, the gap is this year's.
        const why = missingReason(b, settings) ?? "no position this year";
        notes.push(`no movement since ${previousYear}: ${why}`);
      }
      const school = p.school;
      // Where the school is comes last, below: data has one kind of coordinates or none, so a literal naming both
      // kinds would never be complete.
      const out: MemberBenchmark = compact<Omit<MemberBenchmark, "easting" | "northing" | "lat" | "lon">>({
        urn: school.urn,
        name: school.name,
        la: school.la,
        phase: school.phase,
        cohort: p.cohort,
        disadvantage: at(row + ROW.disadvantage),
        priorAttainment: at(row + ROW.priorAttainment),
        attainment: p.att,
        attainmentSE: p.attSE,
        improvement: p.imp,
        improvementSE: p.impSE,
        smallCohort: p.small,
        position,
        target:
          p.att !== undefined && tAtt !== undefined
            ? compact<NonNullable<MemberBenchmark["target"]>>({
                attainment: tAtt,
                improvement: tImp,
                attainmentGap: tAtt - p.att,
                improvementGap: tImp !== undefined && p.imp !== undefined ? tImp - p.imp : undefined,
              })
            : undefined,
        movement,
        gaps,
        subjects,
        notes,
      });
      const easting = at(row + ROW.easting);
      const northing = at(row + ROW.northing);
      if (easting !== undefined && northing !== undefined) {
        out.easting = easting;
        out.northing = northing;
      }
      const lat = at(row + ROW.lat);
      const lon = at(row + ROW.lon);
      if (lat !== undefined && lon !== undefined) {
        out.lat = lat;
        out.lon = lon;
      }
      return out;
    });

    // Attainment each year (years in which no member has a result are left out).
    const byYear: Record<string, Summary> = {};
    table.years.forEach((y, k) => {
      const s = summarise(column(ROW.years + 2 * k), column(ROW.years + 2 * k + 1));
      if (s) byYear[String(y)] = s;
    });
    const centroid =
      x.centre !== undefined && y.centre !== undefined && bx !== undefined && by !== undefined
        ? { dx: x.centre - bx, dy: y.centre - by }
        : undefined;
    return {
      id: family.id,
      key: family.key,
      size: family.size,
      year,
      averages: {
        ...(x.summary ? { attainment: x.summary } : {}),
        ...(y.summary ? { improvement: y.summary } : {}),
        byYear,
      },
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
