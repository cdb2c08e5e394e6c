/// <reference types="node" />
// How the command line says things: counts, problems, numbers.
import { formatProblem, type Problem, type ProblemHint, problemMessage } from "../../errors.js";
import { shownValue } from "../../fields.js";
import { flagOf } from "./flag-table.js";

/** Text for a terminal: its control characters other than the line break shown as `\u001b` (as validate shows a cell), never run. */
export function escapeControls(text: string): string {
  return text
    .split("\n")
    .map((line) => shownValue(line, Number.POSITIVE_INFINITY))
    .join("\n");
}

/** "1 school", "3 schools". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** Numbers in outputs: six decimals are plenty and keep files small. */
export function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** A problem's hint with the command line's flag: `raise --max-per-la to 12 or more`, `add --fallback`. */
export function cliHint(hint: ProblemHint): string {
  // A file's year is given beside the file, not by a flag.
  if (hint.option === "year") return `${hint.value}=FILE on the command line (${hint.value}=- for standard input)`;
  const flag = flagOf(hint.option) ?? `--${hint.option}`;
  if (hint.raise) return `raise ${flag}${hint.value === undefined ? "" : ` to ${hint.value} or more`}`;
  return hint.option === "onInfeasible" ? `add ${flag}` : `pass ${flag} ${hint.value}`;
}

/** One line a problem: `file:line column "value" message`, as validate prints them. */
export function problemLine(p: Problem): string {
  const place = [p.file ?? "-", p.line ?? ""].join(":");
  const line = [
    place,
    p.column ?? "",
    p.value === undefined ? "" : `"${shownValue(p.value).replaceAll('"', '\\"')}"`,
    cliMessage(p),
  ]
    .filter((x) => x !== "")
    .join(" ");
  return shownValue(line, Number.POSITIVE_INFINITY);
}

/** A problem's message in the command line's words (its hint names a flag). */
export function cliMessage(p: Problem): string {
  return problemMessage(p, { hint: cliHint });
}

/** A problem as a sentence with its place, in the command line's words. */
export function problemSentence(p: Problem): string {
  return formatProblem(p, { hint: cliHint });
}

/** "; 3 schools in no family (listed with the reason)" for a command's summary line, or nothing. */
export function notPlacedNote(result: { unplaced: readonly unknown[] }): string {
  const n = result.unplaced.length;
  return n === 0 ? "" : `; ${plural(n, "school")} in no family (listed with the reason)`;
}

/** When no school could be placed in a family: every school with its reason on stderr (the first 20), and exit 1. */
export function nobodyPlaced(result: { unplaced: readonly { urn: string; reason: string }[] }): number {
  process.stderr.write(`no school could be placed in a family (${plural(result.unplaced.length, "school")}):\n`);
  for (const u of result.unplaced.slice(0, 20)) process.stderr.write(`  ${u.urn}: ${u.reason}\n`);
  if (result.unplaced.length > 20) process.stderr.write(`  … and ${result.unplaced.length - 20} more\n`);
  return 1;
}

/** Prints each problem on stderr, one a line. */
export function printProblems(problems: readonly Problem[]): void {
  for (const p of problems) {
    process.stderr.write(`${problemLine(p)}\n`);
    collected?.push(p);
  }
}

/** With --json, the problems a command finds are also kept for its JSON answer on standard output (main.ts). */
let collected: Problem[] | undefined;

/** Keep problems for the JSON answer from now on (--json). */
export function collectProblems(): void {
  collected = [];
}

/** The problems kept since {@link collectProblems} (none when not collecting). */
export function collectedProblems(): readonly Problem[] {
  return collected ?? [];
}

/** A problem in the JSON every command answers with under --json: where, what, and the message with its hint. */
export function jsonProblem(p: Problem): {
  code: string;
  file: string | null;
  line: number | null;
  column: string | number | null;
  value: string | null;
  message: string;
} {
  return {
    code: p.code,
    file: p.file ?? null,
    line: p.line ?? null,
    column: p.column ?? null,
    value: p.value ?? null,
    message: cliMessage(p),
  };
}
