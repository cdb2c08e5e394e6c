/// <reference types="node" />
// The fos command line: argument parsing and printing only; the work is done by the library.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  FamiliesError,
  combineReads,
  formatProblem,
  panel,
  readSchools,
  type ColumnMapping,
  type PresetName,
  type Problem,
  type ReadResult,
} from "families-of-schools";
import { decodeText } from "../node/index.js";

const USAGE = `fos — Families of Schools from the command line

Usage:
  fos validate FILES [--preset generic|dfe-ks2|dfe-ks4] [--map mapping.json] [--lenient] [--json]
  fos demo

FILES are CSV files, each [YEAR=]PATH (the year is taken from a 2018-2019 pattern in the
file name when not given), or - for standard input.

Exit codes: 0 success, 1 problems in the data, 2 usage error.
Run 'fos COMMAND --help' for a command's options and an example.`;

const HELP: Record<string, string> = {
  validate: `fos validate FILES [options]

Checks that every row of every file is valid. Prints nothing to stdout and exits 0 when all
is well (a one-line summary goes to stderr); otherwise prints every problem, one a line, as
'file:line column value message', and exits 1.

Options:
  --preset NAME   generic (default), dfe-ks2 or dfe-ks4 (raw DfE performance-table files)
  --map FILE      a JSON column mapping, e.g. {"urn": "School ID", "attainment": "Score"}
  --lenient       report invalid rows but exit 0 when at least the valid rows can be read
  --special       read special schools too (DfE presets)
  --independent   read independent schools too (DfE presets)
  --json          print { ok, rows, schools, problems: [{ file, line, column, value, message }] }

Example:
  fos validate --preset dfe-ks2 2016-2017_850_ks2final.csv 2019=ks2-latest.csv`,
  demo: `fos demo

Runs the main job on the bundled fixture region (fixtures/region/region.csv) and the real DfE
excerpts, and prints what it found. Run from the package folder.`,
};

class UsageError extends Error {}

interface Input {
  path: string;
  year?: number;
}

function parseInput(arg: string): Input {
  const m = /^(\d{4})=(.+)$/.exec(arg);
  if (m) return { path: m[2] as string, year: Number(m[1]) };
  return { path: arg };
}

function readInput(input: Input): string {
  try {
    return input.path === "-" ? decodeText(readFileSync(0)) : decodeText(readFileSync(input.path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new UsageError(`no such file: ${input.path}`);
    if (code === "EISDIR") throw new UsageError(`${input.path} is a folder, not a CSV file`);
    throw new UsageError(`cannot read ${input.path}: ${(error as Error).message}`);
  }
}

function readMapping(path: string | undefined): ColumnMapping | undefined {
  if (path === undefined) return undefined;
  const text = readInput({ path });
  try {
    return JSON.parse(text) as ColumnMapping;
  } catch (error) {
    throw new UsageError(`--map ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

interface ReadAll {
  reads: ReadResult[];
  combined: ReturnType<typeof combineReads>;
  /** Every problem: invalid rows, files that could not be read, duplicates across files. */
  problems: Problem[];
  /** Files that could not be read at all. */
  unreadable: number;
}

/** Reads every file leniently, so that one run reports the problems of all of them. */
function readAll(files: readonly string[], values: Record<string, unknown>): ReadAll {
  if (files.length === 0) throw new UsageError("no input files: give one or more CSV files, or - for standard input");
  const preset = (values.preset as string | undefined) ?? "generic";
  if (!["generic", "dfe-ks2", "dfe-ks4"].includes(preset)) {
    throw new UsageError(`unknown --preset ${preset}: use generic, dfe-ks2 or dfe-ks4`);
  }
  const mapping = readMapping(values.map as string | undefined);
  const reads: ReadResult[] = [];
  const problems: Problem[] = [];
  let unreadable = 0;
  for (const arg of files) {
    const input = parseInput(arg);
    const text = readInput(input);
    try {
      const read = readSchools(text, {
        preset: preset as PresetName,
        file: input.path === "-" ? "stdin" : input.path,
        mode: "lenient",
        includeSpecial: values.special === true,
        includeIndependent: values.independent === true,
        ...(mapping === undefined ? {} : { mapping }),
        ...(input.year === undefined ? {} : { year: input.year }),
      });
      reads.push(read);
      problems.push(...read.rejected.flatMap((r) => r.problems));
    } catch (error) {
      if (!(error instanceof FamiliesError)) throw error;
      problems.push(...error.issues);
      unreadable++;
    }
  }
  const combined = combineReads(reads, "lenient");
  const withinFiles = reads.reduce((n, r) => n + r.rejected.length, 0);
  problems.push(...combined.rejected.slice(withinFiles).flatMap((r) => r.problems));
  return { reads, combined, problems, unreadable };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function problemLine(p: Problem): string {
  const place = [p.file ?? "-", p.line ?? ""].join(":");
  return [place, p.column ?? "", p.value === undefined ? "" : JSON.stringify(p.value), p.message].filter((x) => x !== "").join(" ");
}

function validate(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      preset: { type: "string" },
      map: { type: "string" },
      lenient: { type: "boolean" },
      special: { type: "boolean" },
      independent: { type: "boolean" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP.validate}\n`);
    return 0;
  }
  const { reads, combined, problems, unreadable } = readAll(positionals, values);
  const rows = reads.reduce((s, r) => s + r.report.rows, 0);
  const schools = new Set(combined.records.map((r) => r.urn)).size;
  // --lenient tolerates invalid rows, never a file that could not be read at all.
  const fatal = values.lenient ? unreadable > 0 : problems.length > 0;
  if (values.json) {
    const out = {
      ok: problems.length === 0,
      rows,
      schools,
      problems: problems.map((p) => ({ file: p.file ?? null, line: p.line ?? null, column: p.column ?? null, value: p.value ?? null, message: p.message })),
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    for (const p of problems) process.stdout.write(`${problemLine(p)}\n`);
    const skipped = reads.reduce((s, r) => s + r.report.skipped.length, 0);
    const years = [...new Set(reads.flatMap((r) => r.report.years))].sort();
    process.stderr.write(
      `${problems.length === 0 ? "ok" : plural(problems.length, "problem")}: ${plural(rows, "row")} in ${plural(reads.length, "file")}, ${plural(combined.records.length, "record")} of ${plural(schools, "school")}${years.length ? ` (${years[0]}–${years[years.length - 1]})` : ""}, ${plural(skipped, "row")} skipped as not schools\n`,
    );
  }
  return fatal ? 1 : 0;
}

function demo(args: string[]): number {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(`${HELP.demo}\n`);
    return 0;
  }
  const region = "fixtures/region/region.csv";
  const read = readSchools(readInput({ path: region }), { file: region });
  const p = panel(read.records);
  const out = (s = ""): void => {
    process.stdout.write(`${s}\n`);
  };
  out(`Fixture region: ${region}`);
  out(`  ${read.report.rows} rows → ${read.records.length} school-year records, ${read.report.skipped.length} skipped, years ${read.report.years.join(", ")}`);
  const byPhase = new Map<string, number>();
  for (const s of p.schools) byPhase.set(s.phase, (byPhase.get(s.phase) ?? 0) + 1);
  out(`  ${p.schools.length} schools: ${[...byPhase].map(([k, v]) => `${v} ${k}`).join(", ")}`);
  const las = new Map<string, number>();
  for (const s of p.schools) las.set(s.la ?? "(none)", (las.get(s.la ?? "(none)") ?? 0) + 1);
  out(`  ${las.size} local authorities: ${[...las].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  out(`  ${p.joined.length} academy conversions followed (histories joined under the new URN)`);
  const suppressed = Object.entries(read.report.missing).filter(([k]) => k.startsWith("subgroups."));
  out(`  sub-group results suppressed (small groups): ${suppressed.map(([k, v]) => `${k.slice(10)} ${v}`).join(", ")}`);
  out();
  const ks2 = ["2016-2017", "2017-2018", "2018-2019"].map((y) => `fixtures/dfe/${y}_850_excerpt_ks2final.csv`);
  const reads = ks2.map((f) => readSchools(readInput({ path: f }), { preset: "dfe-ks2", file: f }));
  const both = combineReads(reads);
  const hp = panel(both.records);
  out("Real DfE excerpt: Hampshire KS2, three years (dfe-ks2 preset)");
  for (const r of reads) {
    const reasons = new Map<string, number>();
    for (const s of r.report.skipped) {
      const kind = s.reason.replace(/ \(.*$/, "");
      reasons.set(kind, (reasons.get(kind) ?? 0) + 1);
    }
    out(`  ${r.report.file}: ${r.report.records} schools read; skipped ${[...reasons].map(([k, v]) => `${v} ${k}`).join(", ")}`);
  }
  for (const s of hp.schools.filter((x) => x.urns.length > 1)) {
    out(`  ${s.name ?? s.urn}: URNs ${s.urns.join(" → ")}, ${s.years.map((y) => `${y.year} ${y.attainment ?? "–"}%`).join(", ")} meeting the expected standard`);
  }
  return 0;
}

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  switch (command) {
    case "validate":
      return validate(rest);
    case "demo":
      return demo(rest);
    default:
      throw new UsageError(`unknown command '${command}'`);
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || (error instanceof TypeError && (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS"))) {
    process.stderr.write(`fos: ${error.message}\n\n${USAGE}\n`);
    process.exitCode = 2;
  } else if (error instanceof FamiliesError) {
    for (const p of error.issues) process.stderr.write(`${formatProblem(p)}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(
      `fos: unexpected error — please report it with the command you ran and this text:\n${(error as Error).stack ?? String(error)}\n`,
    );
    process.exitCode = 70;
  }
}
