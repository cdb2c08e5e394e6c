/// <reference types="node" />
// The fos command line: it dispatches to a command (commands/) and turns errors into messages and exit codes.
// The work is done by the library; the commands only parse flags and print.
import { ArgumentError, FamiliesError, type Problem } from "../errors.js";
import { EmptyResult } from "../node/shell/empty.js";
import { flagOf } from "../node/shell/flag-table.js";
import { suggestFlag } from "../node/shell/flags.js";
import { setQuiet } from "../node/shell/io.js";
import {
  collectedProblems,
  collectProblems,
  escapeControls,
  jsonProblem,
  problemSentence,
} from "../node/shell/print.js";
import { USAGE, UsageError, WriteError } from "../node/shell/usage.js";
import { benchmark } from "./commands/benchmark.js";
import { demo } from "./commands/demo.js";
import { group } from "./commands/group.js";
import { pairs } from "./commands/pairs.js";
import { places } from "./commands/places.js";
import { quality } from "./commands/quality.js";
import { report } from "./commands/report.js";
import { validate } from "./commands/validate.js";

const COMMANDS: Record<string, (args: string[]) => number | Promise<number>> = {
  validate,
  group,
  quality,
  benchmark,
  pairs,
  report,
  places,
  demo,
};

/** The package's version, written in at build time (tsup.config.ts). */
declare const __FOS_VERSION__: string;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command === "--version" || command === "-v" || command === "version") {
    process.stdout.write(`${__FOS_VERSION__}\n`);
    return 0;
  }
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!run) {
    const near = suggestFlag(command, Object.keys(COMMANDS));
    throw new UsageError(
      `unknown command '${command}'${near ? `; did you mean ${near.slice(2)}?` : `; the commands are ${Object.keys(COMMANDS).join(", ")}`}`,
    );
  }
  return run(rest);
}

/** Whether an error is a mistake in how fos was called: ours, parseArgs', or a library function's bad argument. */
function isUsage(error: unknown): error is Error {
  if (error instanceof UsageError) return true;
  // The library's bad arguments say so as data (the function they were passed to).
  if (error instanceof ArgumentError) return true;
  return error instanceof TypeError && (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS") === true;
}

/** A usage error in the command line's words: a library option named by its flag (`--max-per-la must be …`). */
function usageMessage(error: Error): string {
  if (error instanceof ArgumentError && error.option !== undefined) {
    const flag = flagOf(error.option);
    if (flag !== undefined) return `${flag} ${error.detail}`;
  }
  return error.message;
}

// Messages carry data (an authority's name, a phase, a URN, a file's name), which may hold a terminal's escape codes
// that would clear the screen or print fake text. Every message goes through here: control characters other than the
// line break are shown as \u001b, as validate shows a cell's value, never run.
const writeStderr = process.stderr.write.bind(process.stderr);
process.stderr.write = ((chunk: unknown, ...rest: never[]) =>
  writeStderr(
    typeof chunk === "string" ? escapeControls(chunk) : (chunk as Uint8Array),
    ...rest,
  )) as typeof process.stderr.write;

// `fos … | head` closes the pipe early: stop quietly, as other command-line tools do.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

/** The command line's own codes: a usage error (exit 2), a result with nothing in it (1), an error of ours (70). */
const COMMAND_CODES = ["usage", "empty-result", "internal"] as const;
interface CommandProblem {
  code: (typeof COMMAND_CODES)[number];
  message: string;
}

/**
 * Under --json every command answers in JSON on standard output, a failure too: `{ ok: false, total, problems }`,
 * each problem with its code, place and message (exit codes, and the message on stderr, as without --json).
 */
function jsonFailure(argv: readonly string[], problems: readonly (Problem | CommandProblem)[]): void {
  if (!argv.includes("--json")) return;
  const out = {
    ok: false,
    total: problems.length,
    problems: problems.map((p) =>
      COMMAND_CODES.includes(p.code as CommandProblem["code"])
        ? { code: p.code, file: null, line: null, column: null, value: null, message: p.message }
        : jsonProblem(p as Problem),
    ),
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

/** What to run for help after a usage error: the command's own help when there is a command. */
function helpLine(argv: readonly string[]): string {
  const command = argv[0];
  return command !== undefined && Object.hasOwn(COMMANDS, command)
    ? `run 'fos ${command} --help' for its options and an example`
    : `run 'fos --help' for the commands`;
}

/** An error as a message on stderr (and as JSON on standard output under --json) and its exit code. */
function failed(error: unknown): void {
  if (error instanceof WriteError || isUsage(error)) {
    const message = error instanceof WriteError ? error.message : usageMessage(error);
    process.stderr.write(`fos: ${message}\n${error instanceof WriteError ? "" : `${helpLine(argv)}\n`}`);
    jsonFailure(argv, [{ code: "usage", message }]);
    process.exitCode = 2;
  } else if (error instanceof EmptyResult) {
    for (const line of error.lines) process.stderr.write(`${line}\n`);
    jsonFailure(argv, [{ code: "empty-result", message: error.lines.join("\n") }]);
    process.exitCode = 1;
  } else if (error instanceof FamiliesError) {
    for (const p of error.issues) process.stderr.write(`${problemSentence(p)}\n`);
    jsonFailure(argv, error.issues);
    process.exitCode = 1;
  } else {
    const text = `fos: unexpected error — please report it with the command you ran and this text:\n${(error as Error).stack ?? String(error)}`;
    process.stderr.write(`${text}\n`);
    jsonFailure(argv, [{ code: "internal", message: text }]);
    process.exitCode = 70;
  }
}

/** A command's exit code; under --json, problems it found in the data (and printed nothing for) answer as JSON. */
function finished(code: number): void {
  const problems = collectedProblems();
  if (code !== 0 && problems.length > 0) jsonFailure(argv, problems);
  process.exitCode = code;
}

// --quiet is the command line's own, for every command: taken out before the command reads its flags.
const argv = process.argv.slice(2).filter((a) => a !== "--quiet");
setQuiet(argv.length < process.argv.length - 2);
if (argv.includes("--json")) collectProblems();
main(argv).then(finished, failed);
