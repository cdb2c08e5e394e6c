/// <reference types="node" />

import { annotation, columnFinder } from "../../node/shell/annotate.js";
import { type FlagTable, flagHelp, INPUT_FLAGS, OUTPUT_FLAGS } from "../../node/shell/flag-table.js";
import { helpOrCheck, parseFlags } from "../../node/shell/flags.js";
import { historyProblems } from "../../node/shell/history.js";
import { omittedLines, readAll, sideFile } from "../../node/shell/input.js";
import { emit, readInput } from "../../node/shell/io.js";
import { jsonPieces, linePieces } from "../../node/shell/json.js";
import { jsonProblem, plural, problemLine } from "../../node/shell/print.js";
import { linksFlag } from "../../node/shell/register.js";
import { panel } from "../../panel/panel.js";

/** The flags only validate has. */
const VALIDATE_FLAGS = {
  json: {
    ...OUTPUT_FLAGS.json,
    help: 'print { ok, total, omitted, rows, schools, problems: [{ code, file, line, column, value, message }] } on standard output, usage errors too (code "usage"), exit 0/1/2',
  },
  format: {
    type: "string",
    value: "NAME",
    choices: ["text", "json", "github"],
    help: "text (default), json (as --json) or github: one GitHub Actions annotation a problem, ::error file=…,line=…,col=…,title=…::message",
  },
} as const satisfies FlagTable;

export const VALIDATE_HELP = `fos validate FILES [options]

Checks that every row of every file is valid. Prints nothing to stdout and exits 0 when all
is well (a one-line summary goes to stderr); otherwise prints every problem, one a line, as
'file:line column value message', and exits 1.

Options:
${flagHelp({ ...INPUT_FLAGS, ...VALIDATE_FLAGS })}

Example:
  fos validate --preset dfe-ks2 2016-2017_850_ks2final.csv 2019=ks2-latest.csv`;

/** fos validate: every problem of every file, and whether the data can be used. */
export async function validate(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags("validate", args, {
    ...INPUT_FLAGS,
    ...VALIDATE_FLAGS,
    help: OUTPUT_FLAGS.help,
  });
  if (helpOrCheck(VALIDATE_HELP, values)) return 0;
  const format = values.json ? "json" : (values.format ?? "text");
  const { reads, combined, problems, omitted, notes, ...read } = readAll(positionals, values);
  // What following the successor links would leave out (records, a cycle): a problem here, a note elsewhere.
  const links = sideFile(() => linksFlag(values.links), problems);
  const unreadable = read.unreadable + (links === null ? 1 : 0);
  if (links !== null && (links.length > 0 || combined.records.some((r) => r.successor !== undefined))) {
    const history = historyProblems(panel(combined.records, { links }), reads);
    for (const p of history.problems) problems.push(p);
    for (const note of history.notes) notes.push(note);
  }
  for (const note of notes) process.stderr.write(`${note}\n`);
  const total = problems.length + [...omitted.values()].reduce((t, n) => t + n, 0);
  const rows = reads.reduce((s, r) => s + r.report.rows, 0);
  const schools = new Set(combined.records.map((r) => r.urn)).size;
  // --lenient tolerates invalid rows, never a file that could not be read at all.
  const fatal = values.lenient ? unreadable > 0 : problems.length > 0;
  if (format === "json") {
    const out = {
      ok: total === 0,
      total,
      omitted: Object.fromEntries(omitted),
      rows,
      schools,
      problems: problems.map(jsonProblem),
    };
    await emit(jsonPieces(out), undefined);
    return fatal ? 1 : 0;
  }
  const col =
    format === "github"
      ? columnFinder((file) => (file === "stdin" ? undefined : readInput({ path: file })))
      : undefined;
  function* lines() {
    for (const p of problems) yield col ? annotation(p, col(p)) : problemLine(p);
    yield* omittedLines(omitted);
  }
  await emit(linePieces(lines()), undefined);
  const skipped = reads.reduce((s, r) => s + r.report.skipped.length, 0);
  const years = [...new Set(reads.flatMap((r) => r.report.years))].sort();
  process.stderr.write(
    `${total === 0 ? "ok" : plural(total, "problem")}: ${plural(rows, "row")} in ${plural(reads.length, "file")}${unreadable > 0 ? ` (${plural(unreadable, "file")} with a problem that stops the other commands)` : ""}, ${plural(combined.records.length, "record")} of ${plural(schools, "school")}${years.length ? ` (${years[0]}–${years[years.length - 1]})` : ""}, ${plural(skipped, "row")} skipped as not schools\n`,
  );
  return fatal ? 1 : 0;
}
