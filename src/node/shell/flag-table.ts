// The command line's flags, each written once: its type, the library option it sets, its value's placeholder and what
// it does. Parsing (parseArgs' tables), help text, and the flag a library option's error or hint names are all made
// from these rows; the defaults in the help come from the library's own settings.
import { DEFAULT_TARGET } from "../../benchmark/settings.js";
import { TARGETS } from "../../benchmark/types.js";
import { CONTEXT_FIELDS, GROUP_BY, STANDARDISE_METHODS } from "../../features/features.js";
import { EFFORTS, FAMILY_SIZES } from "../../group/settings.js";
import { WITHOUT_RESULT_RULES } from "../../group/with-result.js";
import { PARTNER_DEFAULTS, PRIORITIES } from "../../partner/settings.js";
import { PRESET_NAMES } from "../../read/presets.js";
import { DEFAULT_MAX_CHURN } from "../../regroup/regroup.js";

/** One flag. */
export interface FlagRow {
  readonly type: "string" | "boolean";
  readonly short?: string;
  readonly multiple?: boolean;
  /** The value's placeholder in the help: `N`, `PATH`. */
  readonly value?: string;
  /** The only words it takes, when it takes a word: the library's own list (checked before any file is read). */
  readonly choices?: readonly string[];
  /** The library option the flag sets (`maxPerLa` for --max-per-la): errors and hints about it name the flag. */
  readonly option?: string;
  /** What it does, as one paragraph (wrapped to the terminal's width when printed). */
  readonly help: string;
}

/** Flags by name (without the leading --). */
export type FlagTable = Readonly<Record<string, FlagRow>>;

/** The words --weights takes for each feature (and the library's own names, in any case). */
export const FEATURE_NAMES: ReadonlyMap<string, (typeof CONTEXT_FIELDS)[number]> = new Map([
  ["prior", "priorAttainment"],
  ["disadvantage", "disadvantage"],
  ["fsm", "disadvantage"],
  ["eal", "eal"],
  ["sen", "sen"],
  ["mobility", "mobility"],
  ["absence", "overallAbsence"],
  ["overall_absence", "overallAbsence"],
  ["prior_attainment", "priorAttainment"],
  ...CONTEXT_FIELDS.map((f) => [f.toLowerCase(), f] as const),
]);

/** The first word --weights takes for each feature, in the order of CONTEXT_FIELDS: for help and errors. */
export const FEATURE_FLAG_WORDS: readonly string[] = CONTEXT_FIELDS.map(
  (f) => [...FEATURE_NAMES].find(([, field]) => field === f)?.[0] as string,
);

/** How the input files are read. */
export const INPUT_FLAGS = {
  preset: {
    type: "string",
    value: "NAME",
    choices: PRESET_NAMES,
    help: "generic (default), dfe-ks2 or dfe-ks4 (raw DfE performance-table files)",
  },
  map: {
    type: "string",
    value: "FILE",
    help: 'a JSON column mapping, e.g. {"urn": "School ID", "attainment": "Score"}',
  },
  phase: {
    type: "string",
    value: "NAME",
    option: "phase",
    help: "the phase of rows without one (default: the preset's, else all; a blank cell in a phase column is a problem unless this is given)",
  },
  lenient: { type: "boolean", help: "report invalid rows but exit 0 when at least the valid rows can be read" },
  special: { type: "boolean", help: "read special schools too (DfE presets)" },
  independent: { type: "boolean", help: "read independent schools too (DfE presets)" },
  gias: {
    type: "string",
    value: "FILE",
    help: "the GIAS establishment file: phases for rows without one, names, local authority names and locations, joined by URN",
  },
  links: {
    type: "string",
    value: "FILE",
    help: "the GIAS links file: academy conversions and other successions, checked as read",
  },
  "allow-missing": {
    type: "string",
    multiple: true,
    value: "NAME",
    help: "a measure the preset reads that the file may lack (attainment, prior, disadvantage, cohort; comma-separated or repeated). Without it, a DfE file that has lost such a column is a problem (missing-core-column)",
  },
} as const satisfies FlagTable;

/** Where and how results are written (each command says what its JSON and CSV hold). */
export const OUTPUT_FLAGS = {
  json: { type: "boolean", help: "print JSON (the default)" },
  csv: { type: "boolean", help: "print CSV" },
  out: { type: "string", value: "PATH", help: "write to PATH instead of standard output (- for standard output)" },
  help: { type: "boolean", short: "h", help: "" },
} as const satisfies FlagTable;

/** How schools are grouped into families. */
export const GROUP_FLAGS = {
  min: {
    type: "string",
    value: "N",
    option: "min",
    help: `the fewest schools in a family (default ${FAMILY_SIZES.min})`,
  },
  max: {
    type: "string",
    value: "N",
    option: "max",
    help: `the most schools in a family (default ${FAMILY_SIZES.max})`,
  },
  size: { type: "string", value: "N", option: "size", help: "the family size aimed at (default (min + max) / 2)" },
  by: {
    type: "string",
    value: "phase|none",
    choices: GROUP_BY,
    option: "by",
    help: "group each phase separately (default) or all together",
  },
  weights: {
    type: "string",
    value: "LIST",
    help: `features and weights, e.g. prior=0.66,disadvantage=0.2,eal=0.1,mobility=0.04 (features: ${FEATURE_FLAG_WORDS.join(", ")}; default prior=1,disadvantage=1); 'fit' learns them from the schools' attainment (see 'fos quality --fit-weights')`,
  },
  standardise: {
    type: "string",
    value: "z|rank",
    choices: STANDARDISE_METHODS,
    option: "standardise",
    help: "how features are scaled (default z)",
  },
  year: { type: "string", value: "YEAR", help: "the year whose context is used (default each school's latest)" },
  "context-years": {
    type: "string",
    value: "N",
    option: "contextYears",
    help: "average the features over N years ending at that year (default 1)",
  },
  "include-absent": {
    type: "boolean",
    option: "includeAbsent",
    help: "group schools with no data in the latest year (closed, or missing from that year's file) on their own latest year; by default they are listed as not placed",
  },
  "without-result": {
    type: "string",
    value: "R",
    choices: WITHOUT_RESULT_RULES,
    option: "withoutResult",
    help: "families count schools with a published result in the year: each has --min to --max of them; a school without one (suppressed, not published) is placed beyond that count in its nearest family (extra, the default) or listed as not placed with the reason (apart); a note on stderr says which",
  },
  "max-per-la": {
    type: "string",
    value: "N",
    option: "maxPerLa",
    help: "at most N schools (or a share, e.g. 0.25) from one local authority in a family; a share is of each family's own size, applied as that share of --min (rounded down, at least 1) in every family: 0.25 with 12–20 is at most 3",
  },
  effort: {
    type: "string",
    value: "NAME",
    choices: EFFORTS,
    option: "effort",
    help: "standard (default: 20,000 schools in about a second) or thorough (more starts, each moved as a whole by exact size-constrained k-means: seconds at a few thousand schools, half a minute at 16,000; on real data 1.5–5% tighter families)",
  },
  fallback: {
    type: "boolean",
    option: "onInfeasible",
    help: "when a phase cannot be split within min–max, make the nearest families instead of failing",
  },
} as const satisfies FlagTable;

/** Last year's families kept (fos group and fos report with --previous). */
export const REGROUP_FLAGS = {
  previous: {
    type: "string",
    value: "PATH",
    help: "keep last year's families (urn,family as --csv writes): closed schools leave, new schools join the nearest family with room, academies keep their predecessor's family, sizes are kept within min–max; then the moves that make families tightest, within --max-churn. Prints what moved and why, and what other budgets would buy. A school's one-year context moves a lot from year to year: --context-years 3 (or whole-school census measures) keeps families tight with far fewer moves.",
  },
  "max-churn": {
    type: "string",
    value: "SHARE",
    option: "maxChurn",
    help: `with --previous: at most this share of continuing schools may move to make families tighter (default ${DEFAULT_MAX_CHURN.toFixed(2)}; 0 keeps every family; 1 regroups freely); moves that sizes force are not counted`,
  },
  // Retired: kept so that using them says what replaced them.
  "outlier-quantile": { type: "string", help: "" },
  "move-penalty": { type: "string", help: "" },
} as const satisfies FlagTable;

/** How families are benchmarked. */
export const BENCHMARK_FLAGS = {
  families: { type: "string", value: "PATH", help: "a saved grouping: urn,family lines, as 'fos group --csv' writes" },
  "benchmark-year": { type: "string", value: "Y", help: "the year benchmarked (default the latest in the data)" },
  target: {
    type: "string",
    value: "NAME",
    choices: TARGETS,
    option: "target",
    help: `${DEFAULT_TARGET} (default), median, mean or best`,
  },
  "outcome-years": {
    type: "string",
    value: "N",
    help: "pool each school's results over the last N years (pupil-weighted; the EEF used 5 for primaries, 3 for secondaries); auto (default) pools only cohorts under 10",
  },
} as const satisfies FlagTable;

/** How partners are matched. */
export const PAIR_FLAGS = {
  capacity: {
    type: "string",
    value: "N",
    option: "capacity",
    help: `schools one supporter may take (default ${PARTNER_DEFAULTS.capacity})`,
  },
  k: {
    type: "string",
    value: "N",
    option: "k",
    help: `partners for each school needing support (default ${PARTNER_DEFAULTS.k})`,
  },
  context: {
    type: "string",
    value: "family|SD",
    option: "context",
    help: "partners from the same family (default), or intakes at most SD standard deviations apart (prior attainment and disadvantage), across families",
  },
  "cross-phase": { type: "boolean", help: "allow a partner of another phase (needs --context SD)" },
  "same-la": { type: "boolean", help: "allow partners in the same local authority" },
  "min-distance-km": {
    type: "string",
    value: "N",
    option: "minDistanceKm",
    help: `the least distance apart, when both have coordinates (default ${PARTNER_DEFAULTS.minDistanceKm}; add --gias for locations, as DfE results files have none)`,
  },
  "max-km": {
    type: "string",
    value: "N",
    option: "maxKm",
    help: `the most distance apart, when both have coordinates (default ${PARTNER_DEFAULTS.maxKm}: a partnership means visits); none lifts the rule`,
  },
  "require-distance": {
    type: "boolean",
    option: "requireDistance",
    help: "refuse a pair whose distance cannot be checked (either has no coordinates)",
  },
  floor: {
    type: "string",
    value: "N",
    option: "attainmentFloor",
    help: "schools with attainment below N also need support",
  },
  priority: {
    type: "string",
    value: "NAME",
    choices: PRIORITIES,
    option: "priority",
    help: `${PARTNER_DEFAULTS.priority} (default: most pairs, then highest score) or score (highest score)`,
  },
  greedy: { type: "boolean", help: "best pairs first, fast but not always optimal (the output says so)" },
  pins: { type: "string", value: "PATH", help: "pairs to keep: a CSV with columns supporter,supported" },
  forbid: { type: "string", value: "PATH", help: "pairs never to make: a CSV with columns supporter,supported" },
} as const satisfies FlagTable;

/** The flag that sets each library option, from the rows that name one. */
const FLAG_OF: ReadonlyMap<string, string> = new Map(
  [INPUT_FLAGS, GROUP_FLAGS, REGROUP_FLAGS, BENCHMARK_FLAGS, PAIR_FLAGS].flatMap((table) =>
    Object.entries(table as FlagTable).flatMap(([flag, row]) =>
      row.option === undefined ? [] : [[row.option, `--${flag}`] as const],
    ),
  ),
);

/** The flag that sets a library option, if the command line has one. */
export function flagOf(option: string): string | undefined {
  return FLAG_OF.get(option);
}

/** A paragraph wrapped to `width` columns: its first line starts at column `start`, the others at `indent`. */
function wrap(text: string, start: number, indent: number, width: number): string {
  const lines: string[] = [];
  let line = "";
  let at = start;
  for (const word of text.split(/\s+/)) {
    if (line !== "" && at + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
      at = indent;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.join(`\n${" ".repeat(indent)}`);
}

/** The help's lines for a table of flags: `  --flag VALUE   what it does`, wrapped; flags without help are left out. */
export function flagHelp(table: FlagTable, width = 104): string {
  const rows = Object.entries(table).filter(([, row]) => row.help !== "");
  const left = rows.map(([flag, row]) => `  --${flag}${row.value === undefined ? "" : ` ${row.value}`}`);
  const column = Math.min(23, Math.max(...left.map((l) => l.length)) + 2);
  return rows
    .map(([, row], i) => {
      const head = left[i] as string;
      const lead = head.length + 2 > column ? `${head}  ` : head.padEnd(column);
      return `${lead}${wrap(row.help, lead.length, column, width)}`;
    })
    .join("\n");
}

/** A table's flags as a list for a help line: `--min, --max, --size, …`. */
export function flagList(table: FlagTable): string {
  return Object.entries(table)
    .filter(([, row]) => row.help !== "")
    .map(([flag]) => `--${flag}`)
    .join(", ");
}

/** A line of help below the flags (`  grouping flags … as for 'fos group'`), wrapped. */
export function helpLine(text: string, width = 104): string {
  return `  ${wrap(text, 2, 2, width)}`;
}
