import type { School } from "../panel/panel.js";
import { tooFewYears } from "./improvement.js";
import { POINT, type SchoolTable } from "./table.js";

/**
 * One school in one year, as the benchmarks need it. Every field is always present (`undefined` when missing), so
 * that all points share one shape: this runs twice for every school.
 */
export interface Point {
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

/** A table value, `undefined` when missing (NaN). */
export function valueAt(values: Float64Array, offset: number): number | undefined {
  const v = values[offset] as number;
  return Number.isNaN(v) ? undefined : v;
}

/** The point of a school whose table row starts at `row`, for year `y`. */
export function pointAt(table: SchoolTable, school: School, row: number, y: number, smallCohort: number): Point {
  const values = table.values;
  const cohort = valueAt(values, row + POINT.cohort);
  return {
    school,
    year: y,
    hasRecord: values[row + POINT.record] === 1,
    cohort,
    att: valueAt(values, row + POINT.attainment),
    attSE: valueAt(values, row + POINT.attainmentSE),
    imp: valueAt(values, row + POINT.improvement),
    impSE: valueAt(values, row + POINT.improvementSE),
    impYears: values[row + POINT.improvementYears] as number,
    small: cohort !== undefined && cohort < smallCohort,
  };
}

/** The reason a point has no place on the chart (no record, no attainment or no improvement), else undefined. */
export function missingReason(p: Point, settings: { window: number; minYears: number }): string | undefined {
  if (!p.hasRecord) return `no data for ${p.year}`;
  if (p.att === undefined) return `no attainment for ${p.year} (missing or suppressed)`;
  if (p.imp === undefined) return `no improvement: ${tooFewYears(p.impYears, p.year, settings)}`;
  return undefined;
}

/** What a member's row says is missing or uncertain about its point, in the order a reader needs it. */
export function notesFor(p: Point, settings: { window: number; minYears: number }): string[] {
  const notes: string[] = [];
  if (!p.hasRecord) notes.push(`no data for ${p.year}`);
  else if (p.att === undefined) notes.push(`no attainment for ${p.year} (missing or suppressed)`);
  if (p.imp === undefined) notes.push(`no improvement: ${tooFewYears(p.impYears, p.year, settings)}`);
  if (p.att !== undefined && p.attSE === undefined) notes.push(`no cohort size for ${p.year}, so no standard error`);
  if (p.small) notes.push(`small cohort (${p.cohort} pupils): one year's result is mostly noise`);
  return notes;
}
