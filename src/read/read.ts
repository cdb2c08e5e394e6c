import { ArgumentError, FamiliesError, type Problem, type ProblemCode, withHint } from "../errors.js";
import { allows, FIELDS, flatRule } from "../fields.js";
import type { SafeParseResult, SchoolYear } from "../schema.js";
import { cellOf, csvRanges } from "../text/csv.js";
import { type ColumnMapping, targetLabel } from "./fields.js";
import { buildPlan, findHeader, type Plan } from "./plan.js";
import { PRESETS, type Preset, type PresetName, type RowSelection } from "./presets.js";
import { type RejectedRow, type RowState, readRow, type SkippedRow } from "./rows.js";
import { orderSlots, type Slot, slotOf } from "./slots.js";
import { yearFromFileName } from "./values.js";

export type { RejectedRow, SkippedRow } from "./rows.js";

/** Options for {@link readSchools}. */
export interface ReadSchoolsOptions extends RowSelection {
  /** The file layout: `generic` (tidy snake_case, the default), `dfe-ks2` or `dfe-ks4` (raw DfE downloads). */
  preset?: PresetName;
  /** Column names for fields whose header differs from the layout's; see {@link ColumnMapping}. Default: none. */
  mapping?: ColumnMapping;
  /** The file's name, used in messages and to find the year (`2018-2019` → 2019). Default: none. */
  file?: string;
  /** The academic year's end for rows without a year. Default: the `year` column, else the file name. */
  year?: number;
  /** The phase for rows without one. Default: the preset's (`primary`/`secondary`), else `all`. */
  phase?: string;
  /**
   * Each school's phase by URN (e.g. `registerPhases` of the GIAS register), for rows whose file gives none: a
   * blank phase cell, or a generic file with no phase column. Not used when `phase` is given or the preset has a
   * phase. A school it does not list falls back as without it. Default: none.
   */
  phases?: ReadonlyMap<string, string>;
  /**
   * `strict` (default): any invalid row makes the read throw a {@link FamiliesError} holding every problem.
   * `lenient`: invalid rows are returned in `rejected`, each with its problems.
   */
  mode?: "strict" | "lenient";
  /**
   * The most rejected rows kept (with their problems) for each kind of problem: the first ones. Every rejected row is
   * still counted (`report.rejected`, `report.problems`), so a file of millions of bad rows is read in bounded
   * memory and the counts stay right. Default: all (`Infinity`).
   */
  keep?: number;
}

/** What a read did, so that nothing is lost silently. */
export interface ReadReport {
  file?: string;
  preset: PresetName;
  /** Data rows in the file (not counting the header and empty lines). */
  rows: number;
  /** Rows that became records. */
  records: number;
  /** Rows rejected (lenient mode only; strict mode throws instead), kept in `rejected` or not (see `keep`). */
  rejected: number;
  /** Every problem found, counted by code, whether or not its row was kept. */
  problems: Partial<Record<ProblemCode, number>>;
  /** Rows deliberately not read, each with its reason. */
  skipped: SkippedRow[];
  /** The years found, ascending. */
  years: number[];
  /** Which header each field was read from. */
  columns: Record<string, string>;
  /** Columns the preset reads that this file does not have (their fields are missing for every row). */
  absentColumns: string[];
  /**
   * The preset's core fields (attainment, prior attainment, disadvantage, cohort) whose column this file lacks, with
   * the column's header: every school read from it lacks that field. Empty for the generic layout.
   */
  absentCore: { field: string; header: string }[];
  /** Headers that were not read. */
  ignoredColumns: string[];
  /** Columns (1-based positions) with no header that hold a value in some row: nothing reads them. */
  unnamedColumns: number[];
  /** DfE presets only: rows with fewer cells than the header, read as if the missing trailing cells were blank. */
  shortRows: number;
  /** For each field, how many rows had no value (blank or a suppression code). */
  missing: Record<string, number>;
  /** How often each suppression code was met, over all columns read (`blank` for empty cells). */
  codes: Record<string, number>;
}

/** The result of {@link readSchools}. */
export interface ReadResult {
  records: SchoolYear[];
  /** The line of the file each record was read from, parallel to `records`. */
  lines: number[];
  rejected: RejectedRow[];
  report: ReadReport;
}

/**
 * Reads school records from CSV text: the generic tidy layout, any layout through a column mapping,
 * or the DfE's raw KS2/KS4 performance-table files (`preset: "dfe-ks2"` / `"dfe-ks4"`).
 *
 * Missing values (blank cells and suppression codes such as `SUPP`, `NP`, `NE`, `LOWCOV`, `NA`, `x`, `c`, `z`)
 * become absent fields and are counted in `report.missing` and `report.codes`; they are not errors.
 * Rows that are not schools (DfE totals, and by default independent and special schools) are listed in
 * `report.skipped` with the reason. No row is dropped silently. Runs in O(rows × columns).
 *
 * @param text - The file's text (a leading byte-order mark is fine).
 * @param options - See {@link ReadSchoolsOptions}.
 * @returns `{ records, rejected, report }`.
 * @throws {FamiliesError} with every problem: in strict mode for any invalid row; in both modes when the
 *   file cannot be read at all (not CSV, a required column missing, no year to be found, a bad mapping).
 * @throws {TypeError} when `text` is not a string.
 * @example
 * readSchools("urn,year,disadvantage,attainment\n100001,2019,22%,61\n").records;
 * // => [{ urn: "100001", phase: "all", year: 2019, disadvantage: 22, attainment: 61 }]
 */
export function readSchools(text: string, options: ReadSchoolsOptions = {}): ReadResult {
  const { mode, presetName, preset } = settingsOf(text, options);
  const file = options.file;
  const at = file === undefined ? {} : { file };
  const cursor = csvRanges(text, file);
  const header = cursor.header;
  const plan = buildPlan(header, options, preset);
  const fallbackYear = options.year ?? (file === undefined ? undefined : yearFromFileName(file));
  const problems = [...plan.problems, ...yearProblems(header, plan, fallbackYear, file)];
  if (problems.length > 0) throw new FamiliesError(problems);

  const defaultPhase = (options.phase ?? preset?.phase ?? "all").trim().toLowerCase() || "all";
  // A file with a phase column says each school's phase: a blank one is a problem, not "all", unless a phase for
  // blank cells was given.
  const hasPhaseColumn = plan.columns.some((c) => c.target.kind === "field" && c.target.field === "phase");
  const phases =
    options.phase === undefined && preset?.phase === undefined && options.phases !== undefined
      ? { byUrn: options.phases, fallback: hasPhaseColumn ? undefined : defaultPhase }
      : undefined;
  const slotPhase = options.phase === undefined && (hasPhaseColumn || phases !== undefined) ? undefined : defaultPhase;
  const slots = slotsFor(plan, slotPhase, fallbackYear);
  const state = rowState(text, header, plan, slots, at, preset, options, phases);
  // Columns with no header are read by nothing: whether any of them holds a value is said in the report.
  const used = new Set(plan.columns.map((c) => c.index));
  const unnamed = header.flatMap((h, k) => (h.trim() === "" && !used.has(k) ? [k] : []));
  const filled = new Set<number>();
  for (let row = cursor.next(); row !== undefined; row = cursor.next()) {
    readRow(state, row);
    for (const k of unnamed) if (!filled.has(k) && cellOf(text, row, k).trim() !== "") filled.add(k);
  }
  if (mode === "strict" && state.rejectedCount > 0) throw new FamiliesError(state.rowProblems, keptSummary(state));
  return {
    records: state.records,
    lines: state.lines,
    rejected: state.rejected,
    report: {
      ...reportOf(state, plan, presetName),
      unnamedColumns: [...filled].sort((a, b) => a - b).map((k) => k + 1),
    },
  };
}

/** The checked mode and preset; a TypeError or RangeError for arguments no file could make right. */
function settingsOf(
  text: unknown,
  options: ReadSchoolsOptions,
): { mode: "strict" | "lenient"; presetName: PresetName; preset: Preset | undefined } {
  if (typeof text !== "string") throw new TypeError(`readSchools: text must be a string, not ${typeof text}`);
  const mode = options.mode ?? "strict";
  if (mode !== "strict" && mode !== "lenient") {
    throw new ArgumentError("readSchools", `must be "strict" or "lenient", not ${JSON.stringify(mode)}`, "mode");
  }
  const presetName: PresetName = options.preset ?? "generic";
  const preset = presetName === "generic" ? undefined : PRESETS[presetName];
  if (presetName !== "generic" && !preset) {
    throw new ArgumentError(
      "readSchools",
      `unknown preset ${JSON.stringify(presetName)}; use generic, dfe-ks2 or dfe-ks4`,
    );
  }
  const keep = options.keep ?? Number.POSITIVE_INFINITY;
  if (!(keep === Number.POSITIVE_INFINITY || (Number.isInteger(keep) && keep >= 1)))
    throw new ArgumentError("readSchools", `must be a whole number of at least 1 (or Infinity), not ${keep}`, "keep");
  if (options.year !== undefined && !allows(FIELDS.year, options.year)) {
    throw new ArgumentError(
      "readSchools",
      `year must be a whole number from ${FIELDS.year.min} to ${FIELDS.year.max} such as 2019, not ${options.year}`,
    );
  }
  return { mode, presetName, preset };
}

/** A problem when no row could have a year: no year column, no year given, none in the file's name. */
function yearProblems(header: readonly string[], plan: Plan, year: number | undefined, file?: string): Problem[] {
  const hasYearColumn = plan.columns.some((c) => c.target.kind === "field" && c.target.field === "year");
  if (hasYearColumn || year !== undefined || header.length === 0 || plan.problems.length > 0) return [];
  const where = file === undefined ? "this file" : `'${file}'`;
  const why = `it has no year column${file === undefined ? "" : " and its name has no '2018-2019' pattern"}`;
  // The hint is data, so that the command line can say it in its own words (YEAR=FILE).
  return [
    {
      code: "no-year",
      ...(file === undefined ? {} : { file }),
      ...withHint(`no year for ${where}: ${why}`, "; give the year of its results, e.g. ", {
        option: "year",
        value: 2019,
      }),
    },
  ];
}

/** The planned columns as slots, with phase and year filled from their defaults where the file has no value. */
function slotsFor(plan: Plan, defaultPhase: string | undefined, fallbackYear: number | undefined): Slot[] {
  const slots = plan.columns.map(slotOf);
  for (const [field, fallback] of [
    ["phase", defaultPhase],
    ["year", fallbackYear],
  ] as const) {
    let slot = slots.find((x) => x.kind === "field" && x.key === field);
    if (!slot) {
      if (fallback === undefined) continue;
      slot = slotOf({ target: { kind: "field", field }, header: field, index: -1, rule: flatRule(FIELDS[field]) });
      slots.push(slot);
    }
    if (fallback !== undefined) slot.fallback = fallback;
    if (field === "phase") slot.lowerCase = true;
  }
  return orderSlots(slots);
}

function rowState(
  text: string,
  header: readonly string[],
  plan: Plan,
  slots: Slot[],
  at: { file?: string },
  preset: Preset | undefined,
  options: ReadSchoolsOptions,
  phases: RowState["phases"],
): RowState {
  // The row filter finds its columns (RECTYPE, NFTYPE) the way the required-column check does, once each.
  const headerIndex = new Map<string, number>();
  const indexOf = (h: string): number => {
    let i = headerIndex.get(h);
    if (i === undefined) {
      i = findHeader(header, h);
      headerIndex.set(h, i);
    }
    return i;
  };
  const columnOf = (field: string) => plan.columns.find((c) => c.target.kind === "field" && c.target.field === field);
  return {
    text,
    header,
    slots,
    at,
    preset,
    selection: {
      includeSpecial: options.includeSpecial ?? false,
      includeIndependent: options.includeIndependent ?? false,
    },
    indexOf,
    urnIndex: columnOf("urn")?.index ?? -1,
    nameIndex: columnOf("name")?.index ?? -1,
    urnHeader: columnOf("urn")?.header ?? "urn",
    yearHeader: columnOf("year")?.header ?? "year",
    phaseHeader: columnOf("phase")?.header ?? "phase",
    phases,
    records: [],
    lines: [],
    rejected: [],
    skipped: [],
    rowProblems: [],
    missingCounts: slots.map(() => 0),
    codeCounts: new Map(),
    firstLine: new Map(),
    rows: 0,
    padded: 0,
    keep: options.keep ?? Number.POSITIVE_INFINITY,
    hasNul: text.includes("\u0000"),
    blanks: 0,
    problemCounts: new Map(),
    rejectedCount: 0,
  };
}

/** The error's message when problems were left out under `keep`: the kept ones, then how many more of each kind. */
function keptSummary(state: RowState): string | undefined {
  const total = [...state.problemCounts.values()].reduce((t, n) => t + n, 0);
  if (total === state.rowProblems.length) return undefined;
  const more = [...state.problemCounts]
    .filter(([, n]) => n > state.keep)
    .map(([code, n]) => `${n - state.keep} more ${code}`)
    .join(", ");
  return `${FamiliesError.summarise(state.rowProblems)}\n  (${total} problems in all; not kept: ${more})`;
}

/** How often each code was met: empty cells (`blank`), counted apart on the fast path, and the rest. */
function codesOf(state: RowState): Record<string, number> {
  const blank = state.blanks + (state.codeCounts.get("blank") ?? 0);
  const rest = [...state.codeCounts].filter(([code]) => code !== "blank");
  return Object.fromEntries(blank > 0 ? [["blank", blank], ...rest] : rest);
}

function reportOf(state: RowState, plan: Plan, presetName: PresetName): Omit<ReadReport, "unnamedColumns"> {
  const { header, preset, slots, missingCounts, records } = state;
  const used = new Set(plan.columns.map((c) => c.index));
  if (preset) for (const h of preset.required) used.add(findHeader(header, h));
  return {
    ...state.at,
    preset: presetName,
    rows: state.rows,
    records: records.length,
    rejected: state.rejectedCount,
    problems: Object.fromEntries(state.problemCounts),
    skipped: state.skipped,
    years: [...new Set(records.map((r) => r.year))].sort((a, b) => a - b),
    columns: Object.fromEntries(plan.columns.map((c) => [targetLabel(c.target), c.header])),
    absentColumns: plan.absent,
    absentCore: plan.absentCore,
    shortRows: state.padded,
    ignoredColumns: header.filter((_, i) => !used.has(i)),
    missing: Object.fromEntries(
      slots.flatMap((slot, k) =>
        (missingCounts[k] ?? 0) > 0 ? [[targetLabel(slot.column.target), missingCounts[k] ?? 0]] : [],
      ),
    ),
    codes: codesOf(state),
  };
}

/**
 * {@link readSchools} without throwing for bad data.
 *
 * @returns `{ success: true, data: { records, rejected, report } }` or `{ success: false, error }`.
 * @example
 * safeReadSchools("urn,year,disadvantage\n1,2019,134%\n").success;
 * // => false
 */
export function safeReadSchools(text: string, options: ReadSchoolsOptions = {}): SafeParseResult<ReadResult> {
  try {
    return { success: true, data: readSchools(text, options) };
  } catch (error) {
    if (error instanceof FamiliesError) return { success: false, error };
    throw error;
  }
}
