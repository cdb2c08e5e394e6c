/// <reference types="node" />
// The fos command line: argument parsing and printing only; the work is done by the library.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  type Benchmarks,
  benchmarkFamilies,
  type ColumnMapping,
  type ContextField,
  combineReads,
  comparisonGroups,
  csvLine,
  FamiliesError,
  type Family,
  type FeatureOptions,
  familyReport,
  formatProblem,
  groupFamilies,
  groupingQuality,
  matchPartners,
  type PairRef,
  type PartnerOptions,
  type PresetName,
  type Problem,
  panel,
  type ReadResult,
  type Regrouping,
  readFamilies,
  readSchools,
  regroupFamilies,
  type SchoolYear,
  TARGET_LIST,
  TARGETS,
} from "families-of-schools";
import { decodeText } from "../node/index.js";

const USAGE = `fos — Families of Schools from the command line

Usage:
  fos validate FILES [--preset generic|dfe-ks2|dfe-ks4] [--map mapping.json] [--lenient] [--json]
  fos group FILES [--min 12] [--max 20] [--by phase|none] [--weights prior=1,disadvantage=1]
                  [--max-per-la N] [--method families|neighbours] [--k 50] [--json|--csv] [--out PATH]
  fos benchmark FILES [--families families.csv | grouping flags] [--json|--csv] [--out PATH]
  fos pairs FILES [--families families.csv | grouping flags] [--capacity 1] [--k 1] [--context family|SD]
                  [--pins pins.csv] [--forbid forbid.csv] [--json|--csv] [--out PATH]
  fos report FILES [--families families.csv | grouping flags] [pairs flags] [--no-pairs] --out report.html
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
  group: `fos group FILES [options]

Groups the schools into Families of Schools (default), or gives each school its own group of
the k most similar schools (--method neighbours). Reads FILES as 'fos validate' does (strictly:
invalid rows stop it with exit 1; add --lenient to group the valid rows).

Options:
  --min N, --max N     family sizes (default 12 and 20)
  --size N             the family size aimed at (default (min + max) / 2)
  --by phase|none      group each phase separately (default) or all together
  --weights LIST       features and weights, e.g. prior=0.66,disadvantage=0.2,eal=0.1,mobility=0.04
                       (features: prior, disadvantage, eal, sen, mobility; default prior=1,disadvantage=1)
  --standardise z|rank how features are scaled (default z)
  --year YEAR          the year whose context is used (default each school's latest)
  --context-years N    average the features over N years ending at that year (default 1)
  --max-per-la N       at most N schools (or a share, e.g. 0.25) from one local authority in a family
  --fallback           when a phase cannot be split within min–max, make the nearest families instead of failing
  --method NAME        families (default) or neighbours
  --previous PATH      keep last year's families (urn,family as --csv writes): continuing schools stay
                       unless they became outliers or sizes force a move; new schools join the nearest
                       family with room; academies keep their predecessor's family. Prints the churn.
  --outlier-quantile Q with --previous: a school is an outlier beyond this quantile of a fresh
                       grouping's distances (default 0.95; 1 for never)
  --move-penalty P     with --previous: also move a school when that tightens its families by more
                       than P mean squared distances (default: never)
  --k N                neighbours per school (default 50)
  --json               print JSON (the default)
  --csv                print CSV: urn,family (or urn,neighbour,rank,distance)
  --out PATH           write to PATH instead of standard output
  --preset, --map, --lenient, --special, --independent   as for validate

Example:
  fos group --preset dfe-ks2 --max-per-la 0.5 --csv --out families.csv 2018-2019_850_ks2final.csv`,
  benchmark: `fos benchmark FILES [options]

Benchmarks each school against its family: attainment, improvement over three years, its position
on the family chart (dx, dy, quadrant), whether that position can be told from noise, and its gap
to the family's upper quartile; per family the averages, movement since last year and leaders.
Groups first with the grouping flags of 'fos group', or reuses a saved grouping (--families).

Options:
  --families PATH      a saved grouping: urn,family lines, as 'fos group --csv' writes
  --benchmark-year Y   the year benchmarked (default the latest in the data)
  --target NAME        upperQuartile (default), median, mean or best
  --json               print JSON (the default)
  --csv                print one line a school: urn,family,attainment,improvement,dx,dy,quadrant,withinNoise,targetGap
  --out PATH           write to PATH instead of standard output
  grouping flags (--min, --max, --by, --weights, --max-per-la, …) and input flags as for 'fos group'

Example:
  fos group --csv --out families.csv region.csv && fos benchmark --families families.csv --csv region.csv`,
  pairs: `fos pairs FILES [options]

Matches each school that needs support (SW on its family chart beyond noise, or below --floor)
with a stronger partner (NE beyond noise, or in its family's top quartile in attainment and
improvement) serving a similar intake in another local authority, at least 5 km away. The
matching is exact: as many schools as possible get a partner, then the total score is highest.
Every pair says why; every school left without a partner says why. Benchmarks first, as
'fos benchmark' does (the same grouping, --families and benchmark flags).

Options:
  --capacity N          schools one supporter may take (default 1)
  --k N                 partners for each school needing support (default 1)
  --context family|SD   partners from the same family (default), or intakes at most SD standard
                        deviations apart (prior attainment and disadvantage), across families
  --cross-phase         allow a partner of another phase (needs --context SD)
  --same-la             allow partners in the same local authority
  --min-distance-km N   the least distance apart, when both have coordinates (default 5)
  --floor N             schools with attainment below N also need support
  --priority NAME       coverage (default: most pairs, then highest score) or score (highest score)
  --greedy              best pairs first, fast but not always optimal (the output says so)
  --pins PATH           pairs to keep: a CSV with columns supporter,supported
  --forbid PATH         pairs never to make: a CSV with columns supporter,supported
  --json                print { pairs: [{ supporter, supported, score, pinned, reasons, parts, facts }],
                        unmatched: [{ urn, family, reason }], … } (the default)
  --csv                 print supported,supporter,family,score,pinned,reasons (unmatched schools
                        have no supporter and their reason)
  --out PATH            write to PATH instead of standard output

Example:
  fos pairs --families families.csv --pins existing-pairs.csv --csv --out pairs.csv region.csv`,
  report: `fos report FILES [options]

Writes one self-contained HTML page (no script, no network; prints one family a page): an index of
families, then each family's chart of attainment against improvement, its members' table, movement,
where it is working well, and its partner pairs with their reasons. Benchmarks and matches partners
first, as 'fos benchmark' and 'fos pairs' do, with the same flags.

Options:
  --out PATH       write the page to PATH (default: standard output)
  --title TEXT     the page's title (default "Families of Schools, YEAR")
  --no-pairs       leave out partner pairs
  grouping flags, --families, benchmark flags and pairs flags as for 'fos pairs'

Example:
  fos report --families families.csv --out report.html region.csv`,
  demo: `fos demo

Runs the main job on the bundled fixture region (fixtures/region/region.csv) and the real DfE
excerpts, prints what it found, and writes the region's family report to
demo-output/fixture-region-report.html. Run from the package folder.`,
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

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

function problemLine(p: Problem): string {
  const place = [p.file ?? "-", p.line ?? ""].join(":");
  return [place, p.column ?? "", p.value === undefined ? "" : JSON.stringify(p.value), p.message]
    .filter((x) => x !== "")
    .join(" ");
}

const INPUT_OPTIONS = {
  preset: { type: "string" },
  map: { type: "string" },
  lenient: { type: "boolean" },
  special: { type: "boolean" },
  independent: { type: "boolean" },
} as const;

/** Reads the files for a command that works on the records: strict unless --lenient. */
function readForWork(
  files: readonly string[],
  values: Record<string, unknown>,
): { records: SchoolYear[]; problems: Problem[]; fatal: boolean } {
  const { combined, problems, unreadable } = readAll(files, values);
  const fatal = values.lenient ? unreadable > 0 || combined.records.length === 0 : problems.length > 0;
  if (!fatal && combined.rejected.length > 0)
    process.stderr.write(
      `${plural(combined.rejected.length, "invalid row")} left out (--lenient); run fos validate to see them\n`,
    );
  return { records: combined.records, problems, fatal };
}

/**
 * Runs one step of a command. On a terminal, a step that took over a second says so on stderr, so a long run
 * shows where its time goes; piped or redirected output stays clean. (FOS_PROGRESS_AFTER_MS changes the second.)
 */
function timed<T>(label: string, run: () => T): T {
  const started = performance.now();
  const out = run();
  const ms = performance.now() - started;
  const after = Number(process.env.FOS_PROGRESS_AFTER_MS ?? 1000);
  if (process.stderr.isTTY && ms > (Number.isFinite(after) ? after : 1000))
    process.stderr.write(`fos: ${label} took ${(ms / 1000).toFixed(1)} s\n`);
  return out;
}

/** The records to work on, or undefined (after printing every problem) when the data stops the command. */
function recordsOrNothing(files: readonly string[], values: Record<string, unknown>): SchoolYear[] | undefined {
  const { records, problems, fatal } = timed(`reading ${plural(files.length, "file")}`, () =>
    readForWork(files, values),
  );
  if (!fatal) return records;
  for (const p of problems) process.stderr.write(`${problemLine(p)}\n`);
  return undefined;
}

function validate(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...INPUT_OPTIONS,
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
      problems: problems.map((p) => ({
        file: p.file ?? null,
        line: p.line ?? null,
        column: p.column ?? null,
        value: p.value ?? null,
        message: p.message,
      })),
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

const FEATURE_NAMES: Record<string, ContextField> = {
  prior: "priorAttainment",
  priorattainment: "priorAttainment",
  prior_attainment: "priorAttainment",
  disadvantage: "disadvantage",
  fsm: "disadvantage",
  eal: "eal",
  sen: "sen",
  mobility: "mobility",
};

function parseWeights(text: string): Partial<Record<ContextField, number>> {
  const out: Partial<Record<ContextField, number>> = {};
  for (const part of text.split(",")) {
    const m = /^\s*([A-Za-z_]+)\s*=\s*([0-9.]+)\s*$/.exec(part);
    const field = m ? FEATURE_NAMES[(m[1] as string).toLowerCase()] : undefined;
    if (!m || !field || !Number.isFinite(Number(m[2]))) {
      throw new UsageError(
        `--weights: cannot read '${part.trim()}'; write feature=weight pairs such as prior=0.66,disadvantage=0.34 (features: prior, disadvantage, eal, sen, mobility)`,
      );
    }
    out[field] = Number(m[2]);
  }
  return out;
}

function numberFlag(values: Record<string, unknown>, name: string): number | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== "string" || v.trim() === "" || !Number.isFinite(n))
    throw new UsageError(`--${name} takes a number, not '${String(v)}'`);
  return n;
}

function emit(text: string, out: string | undefined): void {
  if (out === undefined) process.stdout.write(text);
  else writeFileSync(out, text);
}

const OUTPUT_OPTIONS = {
  json: { type: "boolean" },
  csv: { type: "boolean" },
  out: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** Prints a command's help when asked (returns true), and checks the output flags. */
function helpOrCheck(command: string, values: Record<string, unknown>): boolean {
  if (values.help) {
    process.stdout.write(`${HELP[command]}\n`);
    return true;
  }
  if (values.json && values.csv) throw new UsageError("choose one of --json and --csv");
  return false;
}

const GROUP_OPTIONS = {
  min: { type: "string" },
  max: { type: "string" },
  size: { type: "string" },
  by: { type: "string" },
  weights: { type: "string" },
  standardise: { type: "string" },
  year: { type: "string" },
  "max-per-la": { type: "string" },
  "context-years": { type: "string" },
  fallback: { type: "boolean" },
} as const;

/** The feature flags shared by group and benchmark, checked. */
function featureFlags(values: Record<string, unknown>): FeatureOptions {
  if (values.by !== undefined && values.by !== "phase" && values.by !== "none")
    throw new UsageError(`--by must be phase or none, not '${String(values.by)}'`);
  if (values.standardise !== undefined && values.standardise !== "z" && values.standardise !== "rank")
    throw new UsageError(`--standardise must be z or rank, not '${String(values.standardise)}'`);
  const year = numberFlag(values, "year");
  const contextYears = numberFlag(values, "context-years");
  return {
    ...(contextYears === undefined ? {} : { contextYears }),
    ...(values.weights === undefined ? {} : { weights: parseWeights(values.weights as string) }),
    ...(values.by === undefined ? {} : { by: values.by as "phase" | "none" }),
    ...(values.standardise === undefined ? {} : { standardise: values.standardise as "z" | "rank" }),
    ...(year === undefined ? {} : { year }),
  };
}

/** The feature flags and --min, --max and --size, checked: what grouping and regrouping share. */
function familyFlags(values: Record<string, unknown>): FeatureOptions & { min?: number; max?: number; size?: number } {
  const min = numberFlag(values, "min");
  const max = numberFlag(values, "max");
  const size = numberFlag(values, "size");
  return {
    ...featureFlags(values),
    ...(min === undefined ? {} : { min }),
    ...(max === undefined ? {} : { max }),
    ...(size === undefined ? {} : { size }),
  };
}

/** Families from the grouping flags. */
function groupFromFlags(
  records: readonly SchoolYear[],
  values: Record<string, unknown>,
): ReturnType<typeof groupFamilies> {
  const maxPerLa = numberFlag(values, "max-per-la");
  const options = familyFlags(values);
  return timed("grouping", () =>
    groupFamilies(records, {
      ...options,
      ...(maxPerLa === undefined ? {} : { maxPerLa }),
      ...(values.fallback ? { onInfeasible: "fallback" as const } : {}),
    }),
  );
}

const BENCHMARK_OPTIONS = {
  families: { type: "string" },
  "benchmark-year": { type: "string" },
  target: { type: "string" },
} as const;

/** Reads the files, groups them (or reads --families) and benchmarks them: what benchmark, pairs and report share. */
function benchmarksFromFlags(positionals: readonly string[], values: Record<string, unknown>): Benchmarks | undefined {
  const target = (values.target as string | undefined) ?? "upperQuartile";
  if (!(TARGETS as readonly string[]).includes(target))
    throw new UsageError(`--target must be ${TARGET_LIST}, not '${target}'`);
  const year = numberFlag(values, "benchmark-year");
  const records = recordsOrNothing(positionals, values);
  if (!records) return undefined;
  let families: { families: Family[] };
  const saved = values.families as string | undefined;
  if (saved !== undefined) {
    const read = readFamilies(readInput({ path: saved }), records, { file: saved });
    if (read.notInData.length > 0)
      process.stderr.write(
        `note: ${plural(read.notInData.length, "school")} in ${saved} have no data and are left out\n`,
      );
    if (read.notInFile.length > 0)
      process.stderr.write(
        `note: ${plural(read.notInFile.length, "school")} in the data are in no family of ${saved}\n`,
      );
    families = read;
  } else families = groupFromFlags(records, values);
  return timed("benchmarking", () =>
    benchmarkFamilies(families, records, {
      target: target as (typeof TARGETS)[number],
      ...(year === undefined ? {} : { year }),
    }),
  );
}

/** Families kept from a saved grouping (--previous), changed only where outliers, new schools and sizes need it. */
function regroupFromFlags(records: readonly SchoolYear[], values: Record<string, unknown>): Regrouping {
  if (values["max-per-la"] !== undefined || values.fallback)
    throw new UsageError("--previous cannot be used with --max-per-la or --fallback yet");
  const path = values.previous as string;
  const saved = readFamilies(readInput({ path }), records, { file: path });
  const q = numberFlag(values, "outlier-quantile");
  const penalty = numberFlag(values, "move-penalty");
  const options = familyFlags(values);
  return timed("regrouping", () =>
    regroupFamilies(records, saved.assignments, {
      ...options,
      ...(q === undefined ? {} : { outlierQuantile: q }),
      ...(penalty === undefined ? {} : { movePenalty: penalty }),
    }),
  );
}

function benchmark(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...INPUT_OPTIONS, ...GROUP_OPTIONS, ...OUTPUT_OPTIONS, ...BENCHMARK_OPTIONS },
  });
  if (helpOrCheck("benchmark", values)) return 0;
  const result = benchmarksFromFlags(positionals, values);
  if (!result) return 1;
  const rows = result.families.flatMap((f) =>
    f.members.map((m) => ({
      urn: m.urn,
      family: f.id,
      attainment: m.attainment ?? null,
      improvement: m.improvement ?? null,
      dx: m.position?.dx ?? null,
      dy: m.position?.dy ?? null,
      quadrant: m.position?.quadrant ?? null,
      withinNoise: m.position?.withinNoise ?? null,
      targetGap: m.target?.attainmentGap ?? null,
    })),
  );
  if (values.csv) {
    const cols = [
      "urn",
      "family",
      "attainment",
      "improvement",
      "dx",
      "dy",
      "quadrant",
      "withinNoise",
      "targetGap",
    ] as const;
    const lines = [csvLine([...cols])];
    for (const r of rows)
      lines.push(
        csvLine(
          cols.map((c) => {
            const v = r[c];
            return v === null ? undefined : typeof v === "boolean" ? String(v) : typeof v === "number" ? round(v) : v;
          }),
          { safeForSpreadsheets: true },
        ),
      );
    emit(`${lines.join("\n")}\n`, values.out);
  } else {
    const json = {
      year: result.year,
      previousYear: result.previousYear,
      schools: rows,
      families: result.families.map((f) => ({
        id: f.id,
        phase: f.key,
        size: f.size,
        averages: f.averages,
        movement: f.movement,
        leaders: f.leaders,
      })),
    };
    emit(`${JSON.stringify(json, null, 2)}\n`, values.out);
  }
  process.stderr.write(
    `${plural(rows.length, "school")} benchmarked in ${plural(result.families.length, "family", "families")} for ${result.year}${values.out ? `; written to ${values.out}` : ""}\n`,
  );
  return 0;
}

const PAIR_OPTIONS = {
  capacity: { type: "string" },
  k: { type: "string" },
  context: { type: "string" },
  "cross-phase": { type: "boolean" },
  "same-la": { type: "boolean" },
  "min-distance-km": { type: "string" },
  floor: { type: "string" },
  priority: { type: "string" },
  greedy: { type: "boolean" },
  pins: { type: "string" },
  forbid: { type: "string" },
} as const;

/** supporter,supported lines (a header naming those two columns, in either order). */
function readPairList(path: string): PairRef[] {
  const rows = readInput({ path })
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
  const head = (rows[0] ?? "").split(",").map((c) => c.trim().toLowerCase());
  const si = head.indexOf("supporter");
  const ni = head.indexOf("supported");
  if (si < 0 || ni < 0)
    throw new UsageError(
      `${path}: the first line must name the columns supporter and supported, e.g. 'supporter,supported'`,
    );
  return rows.slice(1).map((line, i) => {
    const cells = line.split(",").map((c) => c.trim());
    const supporter = cells[si];
    const supported = cells[ni];
    if (!supporter || !supported)
      throw new UsageError(`${path}:${i + 2}: expected two URNs, supporter and supported, not '${line}'`);
    return { supporter, supported };
  });
}

/** matchPartners' options from the pair flags, checked. */
function partnerFlags(values: Record<string, unknown>): PartnerOptions {
  const context = values.context as string | undefined;
  if (context !== undefined && context !== "family" && !Number.isFinite(Number(context)))
    throw new UsageError(`--context must be family or a distance in standard deviations (e.g. 0.5), not '${context}'`);
  const priority = values.priority as string | undefined;
  if (priority !== undefined && priority !== "coverage" && priority !== "score")
    throw new UsageError(`--priority must be coverage or score, not '${priority}'`);
  const capacity = numberFlag(values, "capacity");
  const k = numberFlag(values, "k");
  const minKm = numberFlag(values, "min-distance-km");
  const floor = numberFlag(values, "floor");
  return {
    ...(capacity === undefined ? {} : { capacity }),
    ...(k === undefined ? {} : { k }),
    ...(context === undefined ? {} : { context: context === "family" ? "family" : Number(context) }),
    ...(values["cross-phase"] ? { crossPhase: true } : {}),
    ...(values["same-la"] ? { differentLa: false } : {}),
    ...(minKm === undefined ? {} : { minDistanceKm: minKm }),
    ...(floor === undefined ? {} : { attainmentFloor: floor }),
    ...(priority === undefined ? {} : { priority: priority as "coverage" | "score" }),
    ...(values.greedy ? { method: "greedy" as const } : {}),
    ...(values.pins === undefined ? {} : { pins: readPairList(values.pins as string) }),
    ...(values.forbid === undefined ? {} : { forbid: readPairList(values.forbid as string) }),
  };
}

function pairs(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...INPUT_OPTIONS, ...GROUP_OPTIONS, ...OUTPUT_OPTIONS, ...BENCHMARK_OPTIONS, ...PAIR_OPTIONS },
  });
  if (helpOrCheck("pairs", values)) return 0;
  const options = partnerFlags(values);
  const benchmarks = benchmarksFromFlags(positionals, values);
  if (!benchmarks) return 1;
  const result = timed("matching partners", () => matchPartners(benchmarks, options));
  if (values.csv) {
    const lines = [csvLine(["supported", "supporter", "family", "score", "pinned", "reasons"])];
    for (const p of result.pairs)
      lines.push(
        csvLine(
          [p.supported, p.supporter, p.facts.supportedFamily, round(p.score), String(p.pinned), p.reasons.join("; ")],
          { safeForSpreadsheets: true },
        ),
      );
    for (const u of result.unmatched)
      lines.push(csvLine([u.urn, undefined, u.family, undefined, undefined, u.reason], { safeForSpreadsheets: true }));
    emit(`${lines.join("\n")}\n`, values.out);
  } else {
    const json = {
      year: benchmarks.year,
      method: result.method,
      priority: result.priority,
      needing: result.needing,
      supporters: result.supporters,
      totalScore: round(result.totalScore),
      pairs: result.pairs.map((p) => ({
        supporter: p.supporter,
        supported: p.supported,
        score: round(p.score),
        pinned: p.pinned,
        reasons: p.reasons,
        parts: p.parts,
        facts: p.facts,
      })),
      unmatched: result.unmatched,
      unassessed: result.unassessed,
    };
    emit(`${JSON.stringify(json, null, 2)}\n`, values.out);
  }
  process.stderr.write(
    `${plural(result.needing, "school")} needing support, ${plural(result.supporters, "possible supporter")}: ${plural(result.pairs.length, "pair")}, ${result.unmatched.length} unmatched (${result.method})${values.out ? `; written to ${values.out}` : ""}\n`,
  );
  return 0;
}

function report(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...INPUT_OPTIONS,
      ...GROUP_OPTIONS,
      ...BENCHMARK_OPTIONS,
      ...PAIR_OPTIONS,
      out: { type: "string" },
      title: { type: "string" },
      "no-pairs": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (helpOrCheck("report", values)) return 0;
  const options = partnerFlags(values);
  const benchmarks = benchmarksFromFlags(positionals, values);
  if (!benchmarks) return 1;
  const partners = values["no-pairs"]
    ? undefined
    : timed("matching partners", () => matchPartners(benchmarks, options));
  const html = timed("drawing the report", () =>
    familyReport(benchmarks, {
      ...(partners ? { partners } : {}),
      ...(values.title === undefined ? {} : { title: values.title }),
    }),
  );
  emit(html, values.out);
  process.stderr.write(
    `report of ${plural(benchmarks.families.length, "family", "families")}${partners ? ` with ${plural(partners.pairs.length, "partner pair")}` : ""}${values.out ? ` written to ${values.out}` : ""}\n`,
  );
  return 0;
}

function group(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...INPUT_OPTIONS,
      ...GROUP_OPTIONS,
      ...OUTPUT_OPTIONS,
      method: { type: "string" },
      k: { type: "string" },
      previous: { type: "string" },
      "outlier-quantile": { type: "string" },
      "move-penalty": { type: "string" },
    },
  });
  if (helpOrCheck("group", values)) return 0;
  const method = values.method ?? "families";
  if (method !== "families" && method !== "neighbours")
    throw new UsageError(`--method must be families or neighbours, not '${method}'`);
  const features = featureFlags(values);
  const records = recordsOrNothing(positionals, values);
  if (!records) return 1;
  const safe = { safeForSpreadsheets: true };
  if (method === "neighbours") {
    const k = numberFlag(values, "k");
    const result = comparisonGroups(records, { ...features, ...(k === undefined ? {} : { k }) });
    if (values.csv) {
      const lines = [csvLine(["urn", "neighbour", "rank", "distance"])];
      for (const g of result.groups)
        for (const [r, u] of g.neighbours.entries())
          lines.push(csvLine([g.urn, u, r + 1, round(g.distances[r] as number)], safe));
      emit(`${lines.join("\n")}\n`, values.out);
    } else {
      const json = {
        groups: result.groups.map((g) => ({
          urn: g.urn,
          neighbours: g.neighbours.map((u, r) => ({ urn: u, distance: round(g.distances[r] as number) })),
        })),
        unassigned: result.unassigned,
        features: result.features,
      };
      emit(`${JSON.stringify(json, null, 2)}\n`, values.out);
    }
    process.stderr.write(
      `${plural(result.groups.length, "school")} each with up to ${result.k} neighbours; ${plural(result.unassigned.length, "school")} unassigned\n`,
    );
    return 0;
  }
  const regrouped = values.previous === undefined ? undefined : regroupFromFlags(records, values);
  const grouping = regrouped ?? groupFromFlags(records, values);
  if (values.csv) {
    const lines = [csvLine(["urn", "family"])];
    for (const s of grouping.schools) lines.push(csvLine([s.urn, s.family], safe));
    emit(`${lines.join("\n")}\n`, values.out);
  } else {
    const quality = timed("measuring tightness against the baselines", () => groupingQuality(grouping));
    const json = {
      families: grouping.families.map((f) => ({ id: f.id, phase: f.key, members: f.members, centroid: f.centroid })),
      unassigned: grouping.unassigned,
      quality: {
        sse: quality.sse,
        meanDistance: quality.meanDistance,
        sizes: quality.sizes,
        outliers: quality.outliers,
        baselines: quality.baselines,
      },
      features: grouping.features,
      notes: grouping.notes,
      ...(regrouped ? { churn: regrouped.churn, stability: regrouped.stability } : {}),
    };
    emit(`${JSON.stringify(json, null, 2)}\n`, values.out);
  }
  for (const note of grouping.notes) process.stderr.write(`note: ${note}\n`);
  if (regrouped) {
    const c = regrouped.churn;
    process.stderr.write(
      `kept from ${values.previous}: ${c.continuing - c.moved} of ${c.continuing} continuing schools (${(100 * c.share).toFixed(1)}% moved); ${c.joined.length} joined, ${c.left.length} left; tightness ${regrouped.stability.ratio.toFixed(2)}× a fresh grouping\n`,
    );
  }
  process.stderr.write(
    `${plural(grouping.families.length, "family", "families")} of ${plural(grouping.schools.length, "school")}; ${plural(grouping.unassigned.length, "school")} unassigned${values.out ? `; written to ${values.out}` : ""}\n`,
  );
  return 0;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
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
  out(
    `  ${read.report.rows} rows → ${read.records.length} school-year records, ${read.report.skipped.length} skipped, years ${read.report.years.join(", ")}`,
  );
  const byPhase = new Map<string, number>();
  for (const s of p.schools) byPhase.set(s.phase, (byPhase.get(s.phase) ?? 0) + 1);
  out(`  ${p.schools.length} schools: ${[...byPhase].map(([k, v]) => `${v} ${k}`).join(", ")}`);
  const las = new Map<string, number>();
  for (const s of p.schools) las.set(s.la ?? "(none)", (las.get(s.la ?? "(none)") ?? 0) + 1);
  out(
    `  ${las.size} local authorities: ${[...las]
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
  );
  out(`  ${p.joined.length} academy conversions followed (histories joined under the new URN)`);
  const suppressed = Object.entries(read.report.missing).filter(([k]) => k.startsWith("subgroups."));
  out(`  sub-group results suppressed (small groups): ${suppressed.map(([k, v]) => `${k.slice(10)} ${v}`).join(", ")}`);
  out();
  const started = performance.now();
  const grouping = groupFamilies(p.schools);
  const took = performance.now() - started;
  const quality = groupingQuality(grouping);
  out(`Families of Schools (12–20 schools, per phase, on prior attainment and disadvantage; ${took.toFixed(0)} ms):`);
  for (const key of [...new Set(grouping.families.map((f) => f.key))]) {
    const fams = grouping.families.filter((f) => f.key === key);
    const sizes = fams.map((f) => f.size);
    out(
      `  ${key}: ${fams.length} families (${fams[0]?.id}–${fams[fams.length - 1]?.id}) of ${Math.min(...sizes)}–${Math.max(...sizes)} schools`,
    );
  }
  const first = grouping.families[0];
  if (first) {
    const las = new Set(first.members.map((u) => grouping.schools.find((s) => s.urn === u)?.la));
    out(
      `  ${first.id}: ${first.size} schools from ${las.size} local authorities, prior attainment ${first.centroid.priorAttainment?.toFixed(1)}, ${first.centroid.disadvantage?.toFixed(0)}% disadvantaged on average`,
    );
  }
  const b = quality.baselines;
  if (b) {
    out(
      `  tightness (SSE ${quality.sse.toFixed(1)}): ${(1 / b.sortAndChop.ratio).toFixed(1)}× tighter than sort-and-chop on a composite score; ${b.kMeans.ratio.toFixed(2)}× unconstrained k-means, whose clusters run from ${b.kMeans.smallest} to ${b.kMeans.largest} schools`,
    );
  }
  out(
    `  ${quality.outliers.length} schools sit far from their family's centre (listed by groupingQuality; explainFamily says why)`,
  );
  out(`  ${grouping.unassigned.length} schools could not be grouped`);
  out();
  const bench = benchmarkFamilies(grouping, p.schools);
  const members = bench.families.flatMap((f) => f.members);
  const placed = members.filter((m) => m.position);
  const noise = placed.filter((m) => m.position?.withinNoise === true).length;
  const quarter = (q: string): number => placed.filter((m) => m.position?.quadrant === q).length;
  const moved = bench.families.reduce((t, f) => t + f.movement.movedNorthEast, 0);
  const compared = bench.families.reduce((t, f) => t + f.movement.compared, 0);
  out(
    `Family benchmarks for ${bench.year} (improvement: least-squares slope over ${bench.year - 2}–${bench.year}; target: the family's upper quartile):`,
  );
  out(
    `  ${placed.length} schools placed on their family's chart: NE ${quarter("NE")}, NW ${quarter("NW")}, SE ${quarter("SE")}, SW ${quarter("SW")}`,
  );
  out(
    `  ${noise} of them (${Math.round((100 * noise) / Math.max(placed.length, 1))}%) cannot be told from their family average at 95%: one year of a small cohort is mostly noise`,
  );
  out(`  ${moved} of ${compared} schools moved north-east since ${bench.previousYear} by more than chance`);
  const f1 = bench.families[0];
  if (f1?.averages.attainment && f1.averages.improvement) {
    out(
      `  ${f1.id}: average ${f1.averages.attainment.mean.toFixed(1)}% meeting the expected standard, improving ${f1.averages.improvement.mean.toFixed(1)} percentage points a year; target ${f1.averages.attainment.upperQuartile.toFixed(1)}%`,
    );
    const lead = Object.entries(f1.leaders.subjects).map(
      ([k, v]) => `${k} ${grouping.schools.find((x) => x.urn === v.urn)?.name ?? v.urn}`,
    );
    if (lead.length) out(`  ${f1.id} leads by subject (where it is working well): ${lead.join("; ")}`);
  }
  out();
  const partners = matchPartners(bench);
  out(
    `Partner pairs (a stronger school in the same family, another local authority, 5 km or more away; exact matching):`,
  );
  out(
    `  ${partners.needing} schools need support (SW beyond noise), ${partners.supporters} can give it: ${partners.pairs.length} pairs, ${partners.unmatched.length} without a partner (each with its reason)`,
  );
  const pair = partners.pairs[0];
  if (pair) {
    const nameOf = (urn: string) => grouping.schools.find((x) => x.urn === urn)?.name ?? urn;
    out(`  e.g. ${nameOf(pair.supported)} with ${nameOf(pair.supporter)}:`);
    for (const reason of pair.reasons) out(`    - ${reason}`);
  }
  const reportPath = "demo-output/fixture-region-report.html";
  mkdirSync(dirname(reportPath), { recursive: true });
  writeFileSync(reportPath, familyReport(bench, { partners, title: "Families of Schools: the fixture region" }));
  out(`  family report (charts, tables, pairs; open it in a browser, or print it): ${resolve(reportPath)}`);
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
    out(
      `  ${r.report.file}: ${r.report.records} schools read; rows skipped: ${[...reasons].map(([k, v]) => `${k} ${v}`).join(", ")}`,
    );
  }
  for (const s of hp.schools.filter((x) => x.urns.length > 1)) {
    out(
      `  ${s.name ?? s.urn}: URNs ${s.urns.join(" → ")}, ${s.years.map((y) => `${y.year} ${y.attainment ?? "–"}%`).join(", ")} meeting the expected standard`,
    );
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
    case "group":
      return group(rest);
    case "benchmark":
      return benchmark(rest);
    case "pairs":
      return pairs(rest);
    case "report":
      return report(rest);
    case "demo":
      return demo(rest);
    default:
      throw new UsageError(`unknown command '${command}'`);
  }
}

// `fos … | head` closes the pipe early: stop quietly, as other command-line tools do.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  // The library's own argument errors start with its function's name ("groupFamilies: min (30) is larger than max (20)").
  const badOption = error instanceof RangeError && /^[a-zA-Z]+: /.test(error.message);
  if (
    error instanceof UsageError ||
    badOption ||
    (error instanceof TypeError && (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS"))
  ) {
    process.stderr.write(`fos: ${error.message}\n\n${USAGE}\n`);
    process.exitCode = 2;
  } else if (error instanceof FamiliesError) {
    for (const p of error.issues) {
      // The library names its option; on the command line it is a flag.
      const message = formatProblem(p)
        .replace('pass onInfeasible: "fallback"', "add --fallback")
        .replace(/raise maxPerLa/, "raise --max-per-la");
      process.stderr.write(`${message}\n`);
    }
    process.exitCode = 1;
  } else {
    process.stderr.write(
      `fos: unexpected error — please report it with the command you ran and this text:\n${(error as Error).stack ?? String(error)}\n`,
    );
    process.exitCode = 70;
  }
}
