/// <reference types="node" />
// Reading the input files for a command, every problem of every file gathered in one run.

import { FamiliesError, type Problem } from "../../errors.js";
import { shownValue } from "../../fields.js";
import { panel, type School } from "../../panel/panel.js";
import { combineReads } from "../../read/combine.js";
import { type ColumnMapping, GENERIC_HEADERS } from "../../read/fields.js";
import { nationalOtherPupils } from "../../read/national.js";
import { type ReadResult, readSchools } from "../../read/read.js";
import { registerPhases } from "../../read/register.js";
import type { INPUT_FLAGS } from "./flag-table.js";
import { ALLOW_NAMES, allowMissingFlag, FIELD_WORDS, type Flags, presetFlag, suggestFlag } from "./flags.js";
import { historyProblems } from "./history.js";
import { type Input, parseInput, progress, readInput, timed } from "./io.js";
import { plural, printProblems, problemSentence } from "./print.js";
import { joinWithNote, linksFlag, registerFlag } from "./register.js";
import { UsageError } from "./usage.js";

/** Every file read, combined. */
export interface ReadAll {
  reads: ReadResult[];
  combined: ReturnType<typeof combineReads>;
  /** Every problem: invalid rows, files that could not be read, duplicates across files. */
  problems: Problem[];
  /** Files that could not be read at all, or that cannot be used. */
  unreadable: number;
  /** Problems found but not kept (beyond the first {@link KEEP} of each kind in a file), by code. */
  omitted: Map<string, number>;
  /** Notes for stderr: columns nothing reads (a misspelt header, values under no header). */
  notes: string[];
  /** The national result of other (not disadvantaged) pupils by year, from DfE files' national rows. */
  nationalOther: Map<number, number>;
}

/** The most problems of one kind kept from one file: enough to act on, and memory stays bounded. */
export const KEEP = 1000;

function readMapping(path: string | undefined): ColumnMapping | undefined {
  if (path === undefined) return undefined;
  const text = readInput({ path });
  try {
    return JSON.parse(text) as ColumnMapping;
  } catch (error) {
    throw new UsageError(`--map ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * A problem when YEAR=PATH gives a year that the file's own year column contradicts: the column would win and the
 * year given would be used only for blank cells, which is not what anyone who typed it meant.
 */
function yearConflict(input: Input, read: ReadResult): Problem | undefined {
  const column = read.report.columns.year;
  if (input.year === undefined || column === undefined) return undefined;
  const other = read.report.years.filter((y) => y !== input.year);
  if (other.length === 0) return undefined;
  return {
    code: "year-conflict",
    file: read.report.file ?? input.path,
    line: 1,
    column,
    message: `the file's ${column} column says ${other.join(", ")}, but ${input.year}= was given with it: give the file without ${input.year}=, or without its ${column} column`,
  };
}

/** Reads every file leniently, so that one run reports the problems of all of them. */
export function readAll(files: readonly string[], values: Flags<typeof INPUT_FLAGS>): ReadAll {
  if (files.length === 0) throw new UsageError("no input files: give one or more CSV files, or - for standard input");
  const preset = presetFlag(values.preset);
  const mapping = readMapping(values.map);
  const allowed = allowMissingFlag(values["allow-missing"]);
  const reads: ReadResult[] = [];
  const problems: Problem[] = [];
  let unreadable = 0;
  const omitted = new Map<string, number>();
  const notes: string[] = [];
  const nationalOther = new Map<number, number>();
  const register = sideFile(() => registerFlag(values.gias), problems);
  if (register === null) unreadable++;
  const phases = register ? registerPhases(register) : undefined;
  for (const [i, arg] of files.entries()) {
    const input = parseInput(arg);
    if (files.length > 1)
      progress(`reading file ${i + 1} of ${files.length} (${input.path === "-" ? "stdin" : input.path})`);
    try {
      const text = readInput(input);
      const read = readSchools(text, {
        preset,
        file: input.path === "-" ? "stdin" : input.path,
        mode: "lenient",
        keep: KEEP,
        includeSpecial: values.special === true,
        includeIndependent: values.independent === true,
        ...(mapping === undefined ? {} : { mapping }),
        ...(values.phase === undefined ? {} : { phase: values.phase }),
        ...(phases === undefined ? {} : { phases }),
        ...(input.year === undefined ? {} : { year: input.year }),
      });
      reads.push(read);
      if (mapping === undefined) for (const note of unreadColumnNotes(read)) notes.push(note);
      const year = read.report.years.length === 1 ? read.report.years[0] : undefined;
      const national = preset === "generic" || year === undefined ? undefined : nationalOtherPupils(text, preset);
      if (national !== undefined && year !== undefined) nationalOther.set(year, national);
      const conflict = yearConflict(input, read);
      if (conflict) {
        problems.push(conflict);
        unreadable++;
      }
      const core = absentCoreProblems(read, allowed);
      for (const p of core) problems.push(p);
      if (core.length > 0) unreadable++;
      const empty = noRowsProblem(read, input.path);
      if (empty) {
        problems.push(empty);
        unreadable++;
      }
      // Loops, not push(...spread): a file can have more problems than a call can take arguments.
      for (const r of read.rejected) for (const p of r.problems) problems.push(p);
      countOmitted(read, omitted);
    } catch (error) {
      if (!(error instanceof FamiliesError)) throw error;
      for (const p of error.issues) problems.push(p);
      unreadable++;
    }
  }
  const combined = combineReads(reads, "lenient");
  const withinFiles = reads.reduce((n, r) => n + r.rejected.length, 0);
  for (const r of combined.rejected.slice(withinFiles)) for (const p of r.problems) problems.push(p);
  if (register && values.gias !== undefined)
    combined.records = joinWithNote(combined.records, register, values.gias).records;
  return { reads, combined, problems, unreadable, omitted, notes, nationalOther };
}

/** The generic layout's column names, and the prefixes of its sub-group and subject columns, for did-you-mean. */
const KNOWN_HEADERS = [...Object.values(GENERIC_HEADERS), "attainment_", "subject_"];

/**
 * Notes on columns nothing reads: in the generic layout, a header that is none of its columns (with the nearest one,
 * when it looks like a misspelling); in any layout, a column with no header that holds values. A DfE file's many
 * other columns are not noted: the preset reads the ones it knows by design.
 */
function unreadColumnNotes(read: ReadResult): string[] {
  const { file, preset, ignoredColumns, unnamedColumns } = read.report;
  const name = file ?? "stdin";
  const notes: string[] = [];
  const unknown = preset === "generic" ? ignoredColumns.filter((h) => h.trim() !== "") : [];
  if (unknown.length > 0) {
    const said = unknown.slice(0, 10).map((h) => {
      const near = suggestFlag(h.trim(), KNOWN_HEADERS)?.slice(2);
      return `'${shownValue(h)}'${near === undefined ? "" : ` (did you mean ${near}?)`}`;
    });
    notes.push(
      `note: ${name}: ${plural(unknown.length, "column is", "columns are")} not read, being none of the generic layout's: ${said.join(", ")}${unknown.length > 10 ? ", …" : ""}; rename ${unknown.length === 1 ? "it" : "them"}, or give a --map`,
    );
  }
  if (unnamedColumns.length > 0)
    notes.push(
      `note: ${name}: ${unnamedColumns.length === 1 ? `column ${unnamedColumns[0]} has` : `columns ${unnamedColumns.join(", ")} have`} no header but hold${unnamedColumns.length === 1 ? "s" : ""} values, which are not read; give ${unnamedColumns.length === 1 ? "it a name" : "them names"}`,
    );
  return notes;
}

/**
 * A problem when a file gives no school to work on: a header and nothing else, or only rows skipped as not schools
 * (totals, or a RECTYPE the preset does not know). Either way nothing can be validated or worked on, which a pipeline
 * should hear about.
 */
function noRowsProblem(read: ReadResult, path: string): Problem | undefined {
  const { rows, skipped } = read.report;
  const where = { code: "no-rows" as const, file: read.report.file ?? path, line: 1 };
  if (rows === 0) return { ...where, message: "no data rows: the file has a header and nothing else" };
  if (skipped.length < rows) return undefined;
  const reasons = [...new Set(skipped.map((s) => s.reason))];
  return {
    ...where,
    message: `no school rows: all ${plural(rows, "row")} were skipped as not schools (${reasons.slice(0, 3).join("; ")}${reasons.length > 3 ? "; …" : ""}); check the file is the one meant, and its preset (--preset)`,
  };
}

/** A problem for each core column the preset maps that the file lacks, unless --allow-missing names its field. */
function absentCoreProblems(read: ReadResult, allowed: ReadonlySet<string>): Problem[] {
  const file = read.report.file;
  return read.report.absentCore
    .filter((c) => !allowed.has(c.field))
    .map((c) => ({
      code: "missing-core-column" as const,
      ...(file === undefined ? {} : { file }),
      line: 1,
      column: c.header,
      message: `no column ${c.header}: this ${read.report.preset} file's schools would have no ${FIELD_WORDS[c.field] ?? c.field}; if the file is meant to be without it (a provisional or cut-down release), add --allow-missing ${ALLOW_NAMES[c.field] ?? c.field}`,
    }));
}

/** A file read beside the data, or null (its problems added) when it has problems. */
export function sideFile<T>(read: () => T, problems: Problem[]): T | null {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof FamiliesError)) throw error;
    for (const p of error.issues) problems.push(p);
    return null;
  }
}

/** Adds a read's problems that were counted but not kept, by code. */
function countOmitted(read: ReadResult, omitted: Map<string, number>): void {
  const kept = new Map<string, number>();
  for (const r of read.rejected) for (const p of r.problems) kept.set(p.code, (kept.get(p.code) ?? 0) + 1);
  for (const [code, n] of Object.entries(read.report.problems)) {
    const more = (n ?? 0) - (kept.get(code) ?? 0);
    if (more > 0) omitted.set(code, (omitted.get(code) ?? 0) + more);
  }
}

/** "… and 129000 more invalid-value problems, not listed (the first 1000 of each kind in a file are)". */
export function omittedLines(omitted: ReadonlyMap<string, number>): string[] {
  return [...omitted].map(
    ([code, n]) => `… and ${n} more ${code} problems, not listed (the first ${KEEP} of each kind in a file are)`,
  );
}

/**
 * The schools to work on (the records through `panel`, once), or undefined (after printing every problem) when the
 * data stops the command: strict unless --lenient, which leaves invalid rows out (and says so) but never a file
 * that could not be read.
 */
export function schoolsOrNothing(
  files: readonly string[],
  values: Flags<typeof INPUT_FLAGS>,
  found?: { nationalOther?: Map<number, number> },
): School[] | undefined {
  const { reads, combined, problems, unreadable, omitted, notes, nationalOther } = timed(
    `reading ${plural(files.length, "file")}`,
    () => readAll(files, values),
  );
  for (const note of notes) process.stderr.write(`${note}\n`);
  if (found) found.nationalOther = nationalOther;
  const fatal = values.lenient ? unreadable > 0 || combined.records.length === 0 : problems.length > 0;
  if (fatal) {
    printProblems(problems);
    for (const line of omittedLines(omitted)) process.stderr.write(`${line}\n`);
    return undefined;
  }
  if (combined.rejected.length > 0)
    process.stderr.write(
      `${plural(combined.rejected.length, "invalid row")} left out (--lenient); run fos validate to see them\n`,
    );
  const linkProblems: Problem[] = [];
  const links = sideFile(() => linksFlag(values.links), linkProblems);
  if (links === null) {
    printProblems(linkProblems);
    return undefined;
  }
  const result = panel(combined.records, { links });
  const history = historyProblems(result, reads);
  for (const note of history.notes) process.stderr.write(`${note}\n`);
  for (const p of history.problems) process.stderr.write(`note: ${problemSentence(p)}\n`);
  return result.schools;
}
