/// <reference types="node" />
// The fos command line: it dispatches to a command (commands/) and turns errors into messages and exit codes.
// The work is done by the library; the commands only parse flags and print.
import { ArgumentError, FamiliesError } from "families-of-schools";
import { benchmark } from "./commands/benchmark.js";
import { demo } from "./commands/demo.js";
import { group } from "./commands/group.js";
import { pairs } from "./commands/pairs.js";
import { report } from "./commands/report.js";
import { validate } from "./commands/validate.js";
import { flagOf, problemSentence } from "./print.js";
import { USAGE, UsageError, WriteError } from "./usage.js";

const COMMANDS: Record<string, (args: string[]) => number> = { validate, group, benchmark, pairs, report, demo };

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!run) throw new UsageError(`unknown command '${command}'`);
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

// `fos … | head` closes the pipe early: stop quietly, as other command-line tools do.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (error instanceof WriteError) {
    process.stderr.write(`fos: ${error.message}\n`);
    process.exitCode = 2;
  } else if (isUsage(error)) {
    process.stderr.write(`fos: ${usageMessage(error)}\n\n${USAGE}\n`);
    process.exitCode = 2;
  } else if (error instanceof FamiliesError) {
    for (const p of error.issues) process.stderr.write(`${problemSentence(p)}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(
      `fos: unexpected error — please report it with the command you ran and this text:\n${(error as Error).stack ?? String(error)}\n`,
    );
    process.exitCode = 70;
  }
}
