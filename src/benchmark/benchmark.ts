import { ArgumentError } from "../errors.js";
import { schoolsFor } from "../features/features.js";
import type { Grouping } from "../group/families.js";
import { compact } from "../internal/compact.js";
import { byUrn } from "../internal/order.js";
import type { School } from "../panel/panel.js";
import { type FamilyAreas, familyAreas } from "./areas.js";
import { asDisadvantaged, otherPupilsOfData } from "./disadvantaged.js";
import { familyHeadline, type MemberHeadline } from "./headline.js";
import { movementOf } from "./movement.js";
import { missingReason, notesFor, type Point, pointAt, valueAt } from "./points.js";
import { centreOf, type Measure, measureOf, positionOf, targetValue } from "./position.js";
import { projectFamilies } from "./projection.js";
import { type BenchmarkSettings, benchmarkSettings } from "./settings.js";
import { columnOf, type FamilyDetails, familyDetails, memberDetails } from "./subgroups.js";
import { type Summary, summarise } from "./summary.js";
import { ROW, readSchoolTable, type SchoolTable } from "./table.js";
import type {
  BenchmarkFamiliesOptions,
  Benchmarks,
  FamilyBenchmark,
  MemberBenchmark,
  UnplacedSchool,
} from "./types.js";

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
 * @param schools - The same schools, from `panel`. Not mutated.
 * @param options - See {@link BenchmarkFamiliesOptions}.
 * @returns {@link Benchmarks}, JSON-serialisable.
 * @throws {RangeError} for bad options, or when there are no years in the data.
 * @example
 * const { schools } = panel(records);
 * const b = benchmarkFamilies(groupFamilies(schools), schools);
 * // Where the first member stands: "NE", "NW", "SE" or "SW" (undefined without attainment or improvement).
 * b.families[0].members[0].position?.quadrant;
 * // => "SE"
 */
export function benchmarkFamilies(
  grouping: Pick<Grouping, "families"> & { unassigned?: readonly { urn: string; reason: string }[] },
  schools: readonly School[],
  options: BenchmarkFamiliesOptions = {},
): Benchmarks {
  const measure = options.measure ?? "attainment";
  if (measure !== "attainment" && measure !== "absence" && measure !== "disadvantaged")
    throw new ArgumentError(
      "benchmarkFamilies",
      `must be "attainment", "absence" or "disadvantaged", not ${JSON.stringify(measure)}`,
      "measure",
    );
  if (options.nationalOther !== undefined && !Number.isFinite(options.nationalOther))
    throw new ArgumentError("benchmarkFamilies", `must be a number, not ${options.nationalOther}`, "nationalOther");
  const given = schoolsFor("benchmarkFamilies", schools);
  const all =
    measure === "absence" ? given.map(asAttendance) : measure === "disadvantaged" ? given.map(asDisadvantaged) : given;
  const settings = benchmarkSettings(
    all,
    measure === "absence" ? { ...options, attainmentKind: "percentage" } : options,
  );
  // Every member's numbers, read once in the schools' own order (see readSchoolTable for why).
  const indexOf = new Map<string, number>();
  for (const [i, s] of all.entries()) indexOf.set(s.urn, i);
  const found = grouping.families.map((family) => {
    const out: number[] = [];
    for (const u of family.members) {
      const i = indexOf.get(u);
      if (i !== undefined) out.push(i);
    }
    return out;
  });
  // A family of one has no average to stand against: its school is listed with the reason, not compared with itself.
  const alone = found.flatMap((indices, f) =>
    indices.length === 1
      ? [
          {
            urn: (all[indices[0] as number] as School).urn,
            reason: `its family ${grouping.families[f]?.id} has no other member in the data: a family of one has no average to stand against`,
          },
        ]
      : [],
  );
  const benchmarked = grouping.families.flatMap((family, f) =>
    (found[f] as number[]).length === 1 ? [] : [{ family, indices: found[f] as number[] }],
  );
  const memberIndices = benchmarked.map((b) => b.indices);
  const wanted = new Uint8Array(all.length);
  for (const indices of memberIndices) for (const i of indices) wanted[i] = 1;
  const table = readSchoolTable(all, wanted, settings);
  const nationalOther = options.nationalOther ?? otherPupilsOfData(given, settings.year);
  const projected =
    options.projections === false
      ? { projections: new Map(), reasons: new Map(), fits: [] }
      : projectFamilies(
          benchmarked.map(({ family, indices }) => ({
            partition: family.partition,
            members: indices.map((i) => (all[i] as School).urn),
          })),
          new Map(all.map((s) => [s.urn, s])),
          settings,
        );
  const families = benchmarked.map(({ family, indices }) => {
    const members = indices.map((i) => all[i] as School);
    const rows = indices.map((i) => (table.rowOf[i] as number) * table.width);
    const headline = familyHeadline(members, settings, nationalOther, projected);
    return benchmarkFamily(family, members, rows, table, settings, headline);
  });
  const { year, previousYear, average, target } = settings;
  const unplaced = unplacedOf(all, wanted, [...(grouping.unassigned ?? []), ...alone]);
  const extra = {
    outcomeYears: settings.pool.outcomeYears,
    disadvantaged: {
      ...(nationalOther === undefined ? {} : { nationalOther }),
      nationalSource: options.nationalOther !== undefined ? ("given" as const) : ("schools in the data" as const),
    },
    projections: { year: year + 1, fits: projected.fits },
  };
  if (measure !== "attainment")
    return {
      measure,
      year,
      previousYear,
      average,
      target,
      families: families.map((f) => ({ ...f, measure })),
      unplaced,
      ...extra,
    };
  return { year, previousYear, average, target, families, unplaced, ...extra };
}

/**
 * A school with attendance (100 − overall absence) as its attainment, so that higher is better, and its pupils on
 * roll as the count its chance variation rests on; published attainment limits do not apply.
 */
function asAttendance(s: School): School {
  return {
    ...s,
    years: s.years.map((r) => {
      const { attainment: _a, intervals: _i, ...rest } = r;
      const n = r.pupils ?? r.cohort;
      return {
        ...rest,
        ...(r.overallAbsence === undefined ? {} : { attainment: 100 - r.overallAbsence }),
        ...(n === undefined ? {} : { cohort: n }),
      };
    }),
  };
}

/** The schools given but in no family, with the grouping's reason where it gave one. */
function unplacedOf(
  all: readonly School[],
  wanted: Uint8Array,
  unassigned: readonly { urn: string; reason: string }[] = [],
): UnplacedSchool[] {
  const why = new Map(unassigned.map((u) => [u.urn, u.reason]));
  const out: UnplacedSchool[] = [];
  for (const [i, s] of all.entries()) {
    if (wanted[i]) continue;
    out.push({
      urn: s.urn,
      ...(s.name === undefined ? {} : { name: s.name }),
      ...(s.la === undefined ? {} : { la: s.la }),
      ...(s.laName === undefined ? {} : { laName: s.laName }),
      phase: s.phase,
      reason: why.get(s.urn) ?? "in no family of the grouping",
    });
  }
  return out.sort(byUrn);
}

/** The values of the points that count in the family's averages (small cohorts left out when asked). */
function counted(
  points: readonly Point[],
  f: (p: Point) => number | undefined,
  s: BenchmarkSettings,
): (number | undefined)[] {
  return points.map((p) => (s.excludeSmallCohorts && p.small ? undefined : f(p)));
}

/** One family's benchmarks, from its members' rows of the table. */
function benchmarkFamily(
  family: Pick<FamilyBenchmark, "id" | "partition" | "size">,
  members: readonly School[],
  rows: readonly number[],
  table: SchoolTable,
  s: BenchmarkSettings,
  headline: { family: NonNullable<FamilyBenchmark["disadvantaged"]>; members: MemberHeadline[] },
): FamilyBenchmark {
  const now = members.map((m, j) => pointAt(table, m, (rows[j] as number) + ROW.now, s.year, s.smallCohort));
  const before = members.map((m, j) =>
    pointAt(table, m, (rows[j] as number) + ROW.before, s.previousYear, s.smallCohort),
  );
  const cohortsNow = now.map((p) => p.cohort);
  const x = measureOf(
    counted(now, (p) => p.att, s),
    cohortsNow,
    now.map((p) => p.attSE),
    s.average,
  );
  const y = measureOf(
    counted(now, (p) => p.imp, s),
    cohortsNow,
    now.map((p) => p.impSE),
    s.average,
  );
  // Last year only the centre is needed, for each member's quarter then and the family's own move.
  const cohortsBefore = before.map((p) => p.cohort);
  const bx = centreOf(
    summarise(
      counted(before, (p) => p.att, s),
      cohortsBefore,
    ),
    s.average,
  );
  const by = centreOf(
    summarise(
      counted(before, (p) => p.imp, s),
      cohortsBefore,
    ),
    s.average,
  );
  const details = familyDetails(table, rows, members);
  const areas = familyAreas(members, { subgroups: table.groups, subjects: table.subjects }, s);
  const tally = { compared: 0, movedNorthEast: 0, leftSouthWest: 0 };
  const frame: FamilyFrame = {
    x,
    y,
    bx,
    by,
    targetAttainment: targetValue(x.summary, s.target),
    targetImprovement: targetValue(y.summary, s.target),
    details,
    areas,
    table,
    tally,
  };
  const memberRows = now.map((p, i) =>
    memberBenchmark(p, before[i] as Point, i, rows[i] as number, frame, s, headline.members[i]),
  );
  // Attainment each year (years in which no member has a result are left out).
  const byYear: Record<string, Summary> = {};
  for (const [k, yr] of table.years.entries()) {
    const summary = summarise(columnOf(table, rows, ROW.years + 2 * k), columnOf(table, rows, ROW.years + 2 * k + 1));
    if (summary) byYear[String(yr)] = summary;
  }
  const centroid =
    x.centre !== undefined && y.centre !== undefined && bx !== undefined && by !== undefined
      ? { dx: x.centre - bx, dy: y.centre - by }
      : undefined;
  const { compared, movedNorthEast, leftSouthWest } = tally;
  return {
    id: family.id,
    partition: family.partition,
    size: family.size,
    year: s.year,
    window: s.window,
    ...(x.centre !== undefined && y.centre !== undefined
      ? { centre: { attainment: x.centre, improvement: y.centre } }
      : {}),
    averages: {
      ...(x.summary ? { attainment: x.summary } : {}),
      ...(y.summary ? { improvement: y.summary } : {}),
      byYear,
    },
    members: memberRows,
    movement: {
      previousYear: s.previousYear,
      compared,
      movedNorthEast,
      ...(compared > 0 ? { share: movedNorthEast / compared } : {}),
      ...(centroid ? { centroid } : {}),
      leftSouthWest,
    },
    gaps: details.gaps,
    subjects: details.subjects,
    areas: areas.family,
    leaders: details.leaders,
    disadvantaged: headline.family,
  };
}

/** What a member's row is measured against: the family's measures, last year's centre, its details. */
interface FamilyFrame {
  x: Measure;
  y: Measure;
  bx: number | undefined;
  by: number | undefined;
  /** The family's targets (its upper quartile by default), the same for every member. */
  targetAttainment: number | undefined;
  targetImprovement: number | undefined;
  details: FamilyDetails;
  /** Each member's pupil groups and subjects, and the family's averages of them. */
  areas: FamilyAreas;
  table: SchoolTable;
  /** The family's movement counts, added to as members are benchmarked. */
  tally: { compared: number; movedNorthEast: number; leftSouthWest: number };
}

/** One member's row (its table row starts at `row`): position, target, movement, gaps, subjects and notes. */
function memberBenchmark(
  p: Point,
  b: Point,
  i: number,
  row: number,
  f: FamilyFrame,
  s: BenchmarkSettings,
  h: MemberHeadline | undefined,
): MemberBenchmark {
  const position = positionOf(p, i, f.x, f.y);
  const { movement, earlier } = movementOf(p, b, f.bx, f.by);
  if (movement) {
    f.tally.compared++;
    if (movement.northEast && movement.beyondNoise === true) f.tally.movedNorthEast++;
    if (earlier === "SW" && position !== undefined && position.quadrant !== "SW") f.tally.leftSouthWest++;
  }
  const { gaps, subjects } = memberDetails(f.details, i);
  const notes = notesFor(p, s);
  // Last year's gap first; when last year is complete, the gap is this year's.
  if (!movement) notes.push(`no movement since ${s.previousYear}: ${missingReason(b, s) ?? "no position this year"}`);
  const tAtt = f.targetAttainment;
  const tImp = f.targetImprovement;
  const values = f.table.values;
  const school = p.school;
  // Where the school is comes last, below: data has one kind of coordinates or none, so a literal naming both
  // kinds would never be complete.
  const out: MemberBenchmark = compact<Omit<MemberBenchmark, "easting" | "northing" | "lat" | "lon">>({
    urn: school.urn,
    name: school.name,
    la: school.la,
    laName: school.laName,
    phase: school.phase,
    cohort: p.cohort,
    disadvantage: valueAt(values, row + ROW.disadvantage),
    priorAttainment: valueAt(values, row + ROW.priorAttainment),
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
    disadvantaged: h?.disadvantaged,
    outcome: h?.outcome,
    projection: h?.projection,
    areas: f.areas.members[i],
    notes: h === undefined ? notes : notes.concat(h.notes),
  });
  const easting = valueAt(values, row + ROW.easting);
  const northing = valueAt(values, row + ROW.northing);
  if (easting !== undefined && northing !== undefined) {
    out.easting = easting;
    out.northing = northing;
  }
  const lat = valueAt(values, row + ROW.lat);
  const lon = valueAt(values, row + ROW.lon);
  if (lat !== undefined && lon !== undefined) {
    out.lat = lat;
    out.lon = lon;
  }
  return out;
}
