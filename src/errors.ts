import { shownValue } from "./fields.js";

/**
 * Every code a {@link Problem} can carry, with what it means and what happens to the data. The table of
 * problem codes in docs/data-model.md is checked against this list by a test, so the two cannot drift.
 */
export const PROBLEM_CODES = {
  encoding: "The file is UTF-16 text; save it as CSV UTF-8. The file is not read.",
  "csv-syntax": "The file is not valid CSV (an unclosed quote, a stray quote inside a cell). The file is not read.",
  "missing-column":
    "A column the layout needs (URN; RECTYPE for the DfE presets; urn and family for a saved grouping) is not in the file, or a mapping names a column the file lacks. The file is not read.",
  "ambiguous-column": "Two columns would fill the same field. The file is not read.",
  "wrong-preset":
    "Another layout fits the file better than the preset asked for: the preset finds none of its core columns (attainment, prior attainment, disadvantage), or another preset finds more; the message names the one that fits. The file is not read.",
  "missing-core-column":
    "A preset's column for attainment, prior attainment, disadvantage or cohort is not in the file, so its schools lack that measure. The file is read (the report lists it in absentCore); fos stops unless --allow-missing names the measure.",
  "bad-mapping": "The column mapping is not valid (an unknown field, an empty column name). The file is not read.",
  "no-year":
    "The file has no year column, no year was given, and its name has no 2018-2019 pattern. The file is not read.",
  "no-rows":
    "A file gives no school: a header and no data rows, or only rows skipped as not schools (totals, an unknown RECTYPE). Nothing to read. The command stops (fos).",
  "year-conflict":
    "A year given with a file on the command line (2019=file.csv) contradicts the file's own year column. The file is not used (fos).",
  "column-count": "A row has more or fewer cells than the header. The row is rejected.",
  "invalid-value": "A cell is not a number (or not a whole number) where one is needed. The row is rejected.",
  "out-of-range":
    "A number outside its field's range: a percentage above 100, a negative count, a year before 1900, a latitude beyond 90. The row is rejected.",
  "missing-urn": "A row has no URN. The row is rejected.",
  "missing-phase":
    "A row's phase is blank in a file with a phase column (and no phase for blank cells was given). The row is rejected.",
  "missing-year": "A row has no year, in a file whose year comes from a column. The row is rejected.",
  "bad-interval": "A confidence interval's lower limit is above its upper limit. The row is rejected.",
  duplicate:
    "The same school appears twice for the same year (in one file or across files). The later row is rejected.",
  "missing-value": "A line of a saved grouping or pair list lacks a URN or a family. The file is not read.",
  "invalid-record":
    "A record built in code does not match the schema (parseSchools), or holds a feature that is NaN or ±Infinity (grouping). The records are not accepted.",
  "invalid-input": "What was given is not an array of records (parseSchools). Nothing is accepted.",
  "pair-conflict":
    "The same pair is both pinned and forbidden, or two schools are pinned to support each other. No pairs are made.",
  "mixed-phases": "A saved grouping puts schools of different phases in one family. The grouping is not read.",
  "infeasible-bounds":
    "A phase's schools cannot be split into families within the size bounds. No grouping is made, unless the fallback is asked for.",
  "max-per-la":
    "The cross-border rule (at most so many schools from one local authority in a family) cannot be met. No grouping is made.",
  "dropped-record":
    "A school's record is left out of its joined history: successor links (a links file, a successor column such as URN_AC) join it to a school with a record for the same year, which is kept. fos names it in a note; fos validate fails on it.",
  "link-cycle":
    "Successor links form a cycle (A → B → C → A): the histories on it are joined under its smallest URN. fos names it in a note; fos validate fails on it.",
} as const satisfies Record<string, string>;

/** A stable machine-readable code for a problem; see {@link PROBLEM_CODES}. */
export type ProblemCode = keyof typeof PROBLEM_CODES;

/**
 * The option of the library that would fix a problem: `raise` it (to `value` or more, when known), or pass it with
 * `value`. Data, so that each front end (the library, the `fos` command line) can say it in its own words.
 */
export interface ProblemHint {
  option: string;
  value?: string | number;
  raise?: boolean;
}

/**
 * One problem found in the data, located as precisely as the input allows.
 * `line` is the 1-based line in the file where the row starts (the header is line 1).
 */
export interface Problem {
  /** What kind of problem it is; see {@link PROBLEM_CODES}. */
  code: ProblemCode;
  file?: string;
  line?: number;
  /** The column header as written in the file, or the field name for records built in code. */
  column?: string;
  /** The raw text of the offending value. */
  value?: string;
  /** A sentence a person can act on; when there is a `hint`, it ends with the hint in the library's words. */
  message: string;
  /** The option that would fix it, as data. */
  hint?: ProblemHint;
}

// A program that loads both builds of the package (one module imports it, another requires it) has two copies of each
// error class; `instanceof` must hold across them (the dual-package hazard). A registered symbol is the same in both, so
// the classes recognise each other's errors by it.
const FAMILIES_ERROR = Symbol.for("families-of-schools.FamiliesError");
const ARGUMENT_ERROR = Symbol.for("families-of-schools.ArgumentError");

function brand(error: Error, mark: symbol): void {
  Object.defineProperty(error, mark, { value: true });
}

function hasBrand(value: unknown, mark: symbol): boolean {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[mark] === true;
}

/**
 * The one error class for bad data. It carries every problem found, not just the first,
 * like `ZodError.issues`.
 *
 * @example
 * try {
 *   readSchools("name\nA\n");
 * } catch (error) {
 *   if (error instanceof FamiliesError) error.issues[0].code; // => "missing-column"
 * }
 */
export class FamiliesError extends Error {
  /** Every problem found. */
  readonly issues: Problem[];

  constructor(issues: readonly Problem[], summary?: string) {
    super(summary ?? FamiliesError.summarise(issues));
    this.name = "FamiliesError";
    this.issues = [...issues];
    brand(this, FAMILIES_ERROR);
  }

  /** True for a FamiliesError from either build of the package (ESM or CommonJS), not only this one's class. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, FAMILIES_ERROR);
  }

  /** A multi-line message: a count, then one line per problem (at most `limit`). */
  static summarise(issues: readonly Problem[], limit = 20): string {
    const head = issues.length === 1 ? "1 problem in the data:" : `${issues.length} problems in the data:`;
    const lines = issues.slice(0, limit).map((p) => `  ${formatProblem(p)}`);
    if (issues.length > limit) lines.push(`  … and ${issues.length - limit} more`);
    return [head, ...lines].join("\n");
  }
}

/** A hint in the library's words: `raise maxPerLa to 12 or more`, `pass onInfeasible: "fallback"`. */
export function libraryHint(hint: ProblemHint): string {
  if (hint.raise) return `raise ${hint.option}${hint.value === undefined ? "" : ` to ${hint.value} or more`}`;
  return `pass ${hint.option}: ${JSON.stringify(hint.value)}`;
}

/** A message that ends with its hint in the library's words, after `before` (e.g. `; or `). */
export function withHint(message: string, before: string, hint: ProblemHint): Pick<Problem, "message" | "hint"> {
  return { message: `${message}${before}${libraryHint(hint)}`, hint };
}

/** Options for {@link formatProblem}. */
export interface FormatProblemOptions {
  /** Says a problem's hint in other words (a command line's flags, say). Default: the library's words. */
  hint?: (hint: ProblemHint) => string;
}

/**
 * Formats a problem for people: where it is, then what is wrong, leaving out what is unknown. Control characters
 * (a terminal's escape codes in a data value) are shown as `\u001b`, never written raw.
 *
 * @param problem - The problem to format.
 * @param options - See {@link FormatProblemOptions}.
 * @returns One line of text.
 * @example
 * formatProblem({ code: "out-of-range", file: "a.csv", line: 14, column: "PTFSM6CLA1A", value: "134%", message: "'134%' is not a percentage between 0 and 100" });
 * // => "a.csv, line 14, column PTFSM6CLA1A: '134%' is not a percentage between 0 and 100"
 */
export function formatProblem(problem: Problem, options: FormatProblemOptions = {}): string {
  const where = [
    problem.file,
    problem.line === undefined ? undefined : `line ${problem.line}`,
    problem.column === undefined || problem.column === "" ? undefined : `column ${problem.column}`,
  ].filter((x): x is string => x !== undefined && x !== "");
  // Data in a message (an authority's name, a phase, a file's name) may hold terminal escape codes: shown, never run.
  const message = problemMessage(problem, options);
  return shownValue(where.length > 0 ? `${where.join(", ")}: ${message}` : message, Number.POSITIVE_INFINITY);
}

/** A problem's message, its hint said in other words when asked. */
export function problemMessage(problem: Problem, options: FormatProblemOptions = {}): string {
  if (!problem.hint || !options.hint) return problem.message;
  const own = libraryHint(problem.hint);
  if (!problem.message.endsWith(own)) return problem.message;
  return problem.message.slice(0, problem.message.length - own.length) + options.hint(problem.hint);
}

/**
 * A bad argument to a public function: a `RangeError` whose message starts with the function's name
 * (`groupFamilies: min (30) is larger than max (20)`), and which names it as data too, so that a front end can tell
 * it from any other error without reading the message.
 */
export class ArgumentError extends RangeError {
  /** The public function that was called with it. */
  readonly functionName: string;
  /** The option that is wrong, when one is (the message then reads "<option> must …"). */
  readonly option: string | undefined;
  /** What is wrong with it, without the function's and the option's names: "must be 0 or more, not -1". */
  readonly detail: string;

  constructor(functionName: string, message: string, option?: string) {
    super(`${functionName}: ${option === undefined ? "" : `${option} `}${message}`);
    this.functionName = functionName;
    this.option = option;
    this.detail = message;
    brand(this, ARGUMENT_ERROR);
  }

  /** True for an ArgumentError from either build of the package (ESM or CommonJS), not only this one's class. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, ARGUMENT_ERROR);
  }
}

/** Refuses options that are not an object (`null`, a number): named, rather than a TypeError from deep inside. */
export function checkOptions(functionName: string, options: unknown): void {
  if (options !== undefined && (options === null || typeof options !== "object" || Array.isArray(options)))
    throw new ArgumentError(
      functionName,
      `must be an object of options (or left out), not ${options === null ? "null" : Array.isArray(options) ? "an array" : typeof options}`,
      "options",
    );
}
