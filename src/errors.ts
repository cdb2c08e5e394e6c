/**
 * One problem found in the data, located as precisely as the input allows.
 * `line` is the 1-based line in the file where the row starts (the header is line 1).
 */
export interface Problem {
  /** A stable machine-readable code, e.g. `not-a-number`, `out-of-range`, `missing-column`, `duplicate`. */
  code: string;
  file?: string;
  line?: number;
  /** The column header as written in the file, or the field name for records built in code. */
  column?: string;
  /** The raw text of the offending value. */
  value?: string;
  /** A sentence a person can act on. */
  message: string;
}

/**
 * The one error class for bad data. It carries every problem found, not just the first,
 * like `ZodError.issues`.
 *
 * @example
 * try { readSchools("name\nA\n") } catch (e) { e.issues[0].code }
 * // => "missing-column"
 */
export class FamiliesError extends Error {
  /** Every problem found. */
  readonly issues: Problem[];

  constructor(issues: readonly Problem[], summary?: string) {
    super(summary ?? FamiliesError.summarise(issues));
    this.name = "FamiliesError";
    this.issues = [...issues];
  }

  /** A multi-line message: a count, then one line per problem (at most `limit`). */
  static summarise(issues: readonly Problem[], limit = 20): string {
    const head = issues.length === 1 ? "1 problem in the data:" : `${issues.length} problems in the data:`;
    const lines = issues.slice(0, limit).map((p) => `  ${formatProblem(p)}`);
    if (issues.length > limit) lines.push(`  … and ${issues.length - limit} more`);
    return [head, ...lines].join("\n");
  }
}

/**
 * Formats a problem for people: where it is, then what is wrong, leaving out what is unknown.
 *
 * @param problem - The problem to format.
 * @returns One line of text.
 * @example
 * formatProblem({ code: "out-of-range", file: "a.csv", line: 14, column: "PTFSM6CLA1A", value: "134%", message: "'134%' is not a percentage between 0 and 100" });
 * // => "a.csv, line 14, column PTFSM6CLA1A: '134%' is not a percentage between 0 and 100"
 */
export function formatProblem(problem: Problem): string {
  const where = [
    problem.file,
    problem.line === undefined ? undefined : `line ${problem.line}`,
    problem.column === undefined || problem.column === "" ? undefined : `column ${problem.column}`,
  ].filter((x): x is string => x !== undefined && x !== "");
  return where.length > 0 ? `${where.join(", ")}: ${problem.message}` : problem.message;
}
