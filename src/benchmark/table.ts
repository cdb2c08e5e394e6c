import type { School } from "../panel/panel.js";
import type { SchoolYear } from "../schema.js";
import { trend } from "./improvement.js";

/**
 * Where each number sits in a school's row of a {@link SchoolTable}. A "point" is a school in one year as the
 * family chart needs it; the benchmarked year's point comes first, the previous year's second.
 */
export const POINT = {
  /** 1 when the school has a record for the year, else 0. */
  record: 0,
  attainment: 1,
  attainmentSE: 2,
  improvement: 3,
  improvementSE: 4,
  /** Years of the improvement window with a result (there is no improvement below `minYears`). */
  improvementYears: 5,
  cohort: 6,
} as const;
const POINT_WIDTH = 7;
/** The offsets of the two points, and of the benchmarked year's context and place, within a row. */
export const ROW = {
  now: 0,
  before: POINT_WIDTH,
  disadvantage: 2 * POINT_WIDTH,
  priorAttainment: 2 * POINT_WIDTH + 1,
  easting: 2 * POINT_WIDTH + 2,
  northing: 2 * POINT_WIDTH + 3,
  lat: 2 * POINT_WIDTH + 4,
  lon: 2 * POINT_WIDTH + 5,
  /** Then, for each of the table's years, attainment and cohort; then each sub-group; then each subject. */
  years: 2 * POINT_WIDTH + 6,
} as const;

/**
 * The numbers `benchmarkFamilies` needs of each school, read once, in the schools' own order, into one
 * `Float64Array` (missing is `NaN`). Families then read rows of this table instead of the records.
 *
 * Why a table: a family's members lie scattered through memory, and reading their records family by family was
 * twice as slow as reading them in order (each record's first read waits on memory). Numbers in a typed array
 * are not objects either, so the garbage collector neither copies nor scans them. O(n · years), one pass.
 */
export interface SchoolTable {
  /** Numbers per school. */
  width: number;
  /** The row of each school (by its index in the schools given), or −1 when it was not asked for. */
  rowOf: Int32Array;
  values: Float64Array;
  /** The years with a column pair (attainment, cohort), ascending. */
  years: number[];
  /** Sub-group and subject names with a column each, sorted (as `Array.prototype.sort` orders strings). */
  groups: string[];
  subjects: string[];
  /** Where the first sub-group's and the first subject's columns are. */
  groupsAt: number;
  subjectsAt: number;
}

/** How to work out each point: the years, the improvement window and each school's standard error of attainment. */
export interface TableSettings {
  year: number;
  previousYear: number;
  window: number;
  method: "slope" | "change";
  minYears: number;
  errorOf: (school: School) => (r: SchoolYear) => number | undefined;
  /** A school's result for a year, pooled over earlier years where asked (`outcomeYears`). Default: the year's record. */
  outcomeOf?: (school: School, year: number) => { record: SchoolYear } | undefined;
}

/** A school's record for a year. Years are in order and mostly consecutive, so look where it should be first. */
export function recordFor(school: School, y: number): SchoolYear | undefined {
  const ys = school.years;
  const last = ys[ys.length - 1];
  if (last === undefined) return undefined;
  const guess = ys[ys.length - 1 - (last.year - y)];
  if (guess !== undefined && guess.year === y) return guess;
  return ys.find((r) => r.year === y);
}

const hasOwn = Object.prototype.hasOwnProperty;

/** Adds the own keys of a record's sub-groups (or subjects) to `names`. */
function collect(bag: Record<string, number> | undefined, names: Set<string>): void {
  if (bag === undefined) return;
  // for…in rather than Object.keys: no array per record. The check keeps inherited keys out.
  for (const k in bag) if (hasOwn.call(bag, k)) names.add(k);
}

/**
 * Reads the schools marked in `wanted` into a {@link SchoolTable}.
 *
 * @param schools - The schools (from `panel`). Not mutated.
 * @param wanted - 1 for each school (by index) to read.
 * @param settings - See {@link TableSettings}.
 */
export function readSchoolTable(schools: readonly School[], wanted: Uint8Array, settings: TableSettings): SchoolTable {
  const { year, previousYear, window, method, minYears } = settings;
  // First the columns: every year with a record, and every sub-group and subject of the benchmarked year.
  const rowOf = new Int32Array(schools.length).fill(-1);
  const yearSet = new Set<number>();
  const groupSet = new Set<string>();
  const subjectSet = new Set<string>();
  let rows = 0;
  for (let i = 0; i < schools.length; i++) {
    if (!wanted[i]) continue;
    rowOf[i] = rows++;
    const school = schools[i] as School;
    for (const r of school.years) yearSet.add(r.year);
    const r = recordFor(school, year);
    if (r !== undefined) {
      collect(r.subgroups, groupSet);
      collect(r.subjects, subjectSet);
    }
  }
  const years = [...yearSet].sort((a, b) => a - b);
  const groups = [...groupSet].sort();
  const subjects = [...subjectSet].sort();
  const yearColumn = new Map(years.map((y, k) => [y, ROW.years + 2 * k]));
  const groupsAt = ROW.years + 2 * years.length;
  const subjectsAt = groupsAt + groups.length;
  const width = subjectsAt + subjects.length;
  const values = new Float64Array(rows * width).fill(Number.NaN);

  const point = (
    at: number,
    school: School,
    y: number,
    seOf: (r: SchoolYear) => number | undefined,
  ): SchoolYear | undefined => {
    const record = settings.outcomeOf ? settings.outcomeOf(school, y)?.record : recordFor(school, y);
    const t = trend(school.years, y, window, method, undefined, seOf);
    values[at + POINT.record] = record === undefined ? 0 : 1;
    values[at + POINT.improvementYears] = t.n;
    if (t.n >= minYears) {
      values[at + POINT.improvement] = t.value;
      if (t.standardError !== undefined) values[at + POINT.improvementSE] = t.standardError;
    }
    if (record === undefined) return undefined;
    if (record.attainment !== undefined) values[at + POINT.attainment] = record.attainment;
    const se = seOf(record);
    if (se !== undefined) values[at + POINT.attainmentSE] = se;
    if (record.cohort !== undefined) values[at + POINT.cohort] = record.cohort;
    return record;
  };
  const fill = (at: number, bag: Record<string, number> | undefined, names: readonly string[]): void => {
    if (bag === undefined) return;
    for (let k = 0; k < names.length; k++) {
      const name = names[k] as string;
      if (hasOwn.call(bag, name)) values[at + k] = bag[name] as number;
    }
  };

  for (let i = 0; i < schools.length; i++) {
    const row = rowOf[i] as number;
    if (row < 0) continue;
    const school = schools[i] as School;
    const at = row * width;
    const seOf = settings.errorOf(school);
    const r = point(at + ROW.now, school, year, seOf);
    point(at + ROW.before, school, previousYear, seOf);
    if (r?.disadvantage !== undefined) values[at + ROW.disadvantage] = r.disadvantage;
    if (r?.priorAttainment !== undefined) values[at + ROW.priorAttainment] = r.priorAttainment;
    // Where the school is: from the benchmarked year's record, else its latest.
    const place = r ?? school.years[school.years.length - 1];
    if (place?.easting !== undefined && place.northing !== undefined) {
      values[at + ROW.easting] = place.easting;
      values[at + ROW.northing] = place.northing;
    }
    if (place?.lat !== undefined && place.lon !== undefined) {
      values[at + ROW.lat] = place.lat;
      values[at + ROW.lon] = place.lon;
    }
    for (const x of school.years) {
      const c = at + (yearColumn.get(x.year) as number);
      if (x.attainment !== undefined) values[c] = x.attainment;
      if (x.cohort !== undefined) values[c + 1] = x.cohort;
    }
    if (r !== undefined) {
      fill(at + groupsAt, r.subgroups, groups);
      fill(at + subjectsAt, r.subjects, subjects);
    }
  }
  return { width, rowOf, values, years, groups, subjects, groupsAt, subjectsAt };
}
