/// <reference types="node" />
import type { Benchmarks } from "../../benchmark/types.js";
import { areaColumns, areasOf } from "../../node/shell/areas.js";
import {
  BENCHMARK_FLAGS,
  type FlagTable,
  flagHelp,
  flagList,
  GROUP_FLAGS,
  helpLine,
  INPUT_FLAGS,
  OUTPUT_FLAGS,
} from "../../node/shell/flag-table.js";
import { helpOrCheck, parseFlags } from "../../node/shell/flags.js";
import { emit, writtenTo } from "../../node/shell/io.js";
import { jsonResult, linePieces } from "../../node/shell/json.js";
import { nobodyPlaced, notPlacedNote, plural, round } from "../../node/shell/print.js";
import { csvLine } from "../../text/cells.js";
import { benchmarksFromFlags } from "../steps.js";

/** What benchmark writes. */
const BENCHMARK_OUTPUT = {
  json: OUTPUT_FLAGS.json,
  csv: {
    ...OUTPUT_FLAGS.csv,
    help: "print one line a school: urn,name,la,la_name,family,attainment,improvement,dx,dy, quadrant,withinNoise,targetGap,reason, then its disadvantaged pupils (result, pupils, vs the family's, gap to the family's and to national other pupils), the years pooled, and next year's projection with its 95% interval (a projection, not a target) (reason: why a school is in no family; such a school has a row all the same), then for each pupil group and subject (subgroup_NAME…, subject_NAME…): the school's result, the family's mean and upper quartile, its place in the family, its change a year and the family's; and each gap (gap_girls_boys…) beside the family's mean gap",
  },
  out: OUTPUT_FLAGS.out,
} as const satisfies FlagTable;

export const BENCHMARK_HELP = `fos benchmark FILES [options]

Benchmarks each school against its family: attainment, improvement over three years, its position
on the family chart (dx, dy, quadrant), whether that position can be told from noise, and its gap
to the family's upper quartile; per family the averages, movement since last year and leaders.
Groups first with the grouping flags of 'fos group', or reuses a saved grouping (--families).

Options:
${flagHelp({ ...BENCHMARK_FLAGS, ...BENCHMARK_OUTPUT })}
${helpLine(`grouping flags (${flagList(GROUP_FLAGS)}) and input flags as for 'fos group'`)}

Example:
  fos group --csv --out families.csv region.csv && fos benchmark --families families.csv --csv region.csv`;

const COLUMNS = [
  "urn",
  "name",
  "la",
  "laName",
  "family",
  "attainment",
  "improvement",
  "dx",
  "dy",
  "quadrant",
  "withinNoise",
  "targetGap",
  "reason",
  "disadvantaged",
  "disadvantagedPupils",
  "disadvantagedVsFamily",
  "disadvantagedFamilyGap",
  "disadvantagedGap",
  "pooledYears",
  "projectionYear",
  "projection",
  "projectionLow",
  "projectionHigh",
] as const;

/** CSV headers in snake_case. */
const HEADERS: Record<string, string> = {
  laName: "la_name",
  disadvantagedPupils: "disadvantaged_pupils",
  disadvantagedVsFamily: "disadvantaged_vs_family",
  disadvantagedFamilyGap: "disadvantaged_family_gap",
  disadvantagedGap: "disadvantaged_gap",
  pooledYears: "pooled_years",
  projectionYear: "projection_year",
  projectionLow: "projection_low",
  projectionHigh: "projection_high",
};

/** One row a school, as the JSON and CSV outputs show it. */
function rowsOf(result: Benchmarks) {
  return result.families.flatMap((f) =>
    f.members.map((m) => ({
      urn: m.urn,
      name: m.name ?? null,
      la: m.la ?? null,
      laName: m.laName ?? null,
      family: f.id,
      attainment: m.attainment ?? null,
      improvement: m.improvement ?? null,
      dx: m.position?.dx ?? null,
      dy: m.position?.dy ?? null,
      quadrant: m.position?.quadrant ?? null,
      withinNoise: m.position?.withinNoise ?? null,
      targetGap: m.target?.attainmentGap ?? null,
      reason: null as string | null,
      disadvantaged: m.disadvantaged ?? null,
      outcome: m.outcome ?? null,
      projection: m.projection ?? null,
      ...areasOf(m, f),
    })),
  );
}

/** A row for each school in no family: it is listed with the reason, not dropped. */
function unplacedRows(result: Benchmarks): ReturnType<typeof rowsOf> {
  return result.unplaced.map((u) => ({
    urn: u.urn,
    name: u.name ?? null,
    la: u.la ?? null,
    laName: u.laName ?? null,
    family: "",
    attainment: null,
    improvement: null,
    dx: null,
    dy: null,
    quadrant: null,
    withinNoise: null,
    targetGap: null,
    reason: `not placed in a family: ${u.reason}`,
    disadvantaged: null,
    outcome: null,
    projection: null,
    subgroups: {},
    subjects: {},
    gaps: {},
  }));
}

/** One CSV cell's value of a row: its own fields, or a part of its disadvantaged pupils, pooling or projection. */
function csvValue(r: ReturnType<typeof rowsOf>[number], c: (typeof COLUMNS)[number]): string | number | boolean | null {
  const d = r.disadvantaged;
  const p = r.projection;
  switch (c) {
    case "disadvantaged":
      return d?.attainment ?? null;
    case "disadvantagedPupils":
      return d?.pupils ?? null;
    case "disadvantagedVsFamily":
      return d?.vsFamily ?? null;
    case "disadvantagedFamilyGap":
      return d?.familyGap ?? null;
    case "disadvantagedGap":
      return d?.gap ?? null;
    case "pooledYears":
      return r.outcome ? r.outcome.years.join(" ") : null;
    case "projectionYear":
      return p?.year ?? null;
    case "projection":
      return p?.attainment ?? null;
    case "projectionLow":
      return p?.low ?? null;
    case "projectionHigh":
      return p?.high ?? null;
    default:
      return r[c];
  }
}

/** fos benchmark: each school against its family. */
export async function benchmark(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags("benchmark", args, {
    ...INPUT_FLAGS,
    ...GROUP_FLAGS,
    ...BENCHMARK_FLAGS,
    ...BENCHMARK_OUTPUT,
    help: OUTPUT_FLAGS.help,
  });
  if (helpOrCheck(BENCHMARK_HELP, values)) return 0;
  const result = benchmarksFromFlags(positionals, values);
  if (!result) return 1;
  const rows = rowsOf(result);
  if (result.families.length === 0) return nobodyPlaced(result);
  if (values.csv) {
    // Then each pupil group's, subject's and gap's columns (see areaColumns), blank for a school in no family.
    const areas = areaColumns(result);
    const members = result.families.flatMap((f) => f.members.map((m) => areas.cells(m, f)));
    const all = [...rows, ...unplacedRows(result)];
    function* lines() {
      yield csvLine([...COLUMNS.map((c) => HEADERS[c] ?? c), ...areas.headers]);
      for (const [i, r] of all.entries())
        yield csvLine(
          [
            ...COLUMNS.map((c) => {
              const v = csvValue(r, c);
              return v === null ? undefined : typeof v === "boolean" ? String(v) : typeof v === "number" ? round(v) : v;
            }),
            ...(members[i] ?? areas.headers.map(() => undefined)).map((v) => (v === undefined ? undefined : round(v))),
          ],
          { safeForSpreadsheets: true },
        );
    }
    await emit(linePieces(lines()), values.out);
  } else {
    const json = {
      year: result.year,
      previousYear: result.previousYear,
      outcomeYears: result.outcomeYears,
      disadvantaged: result.disadvantaged,
      projections: result.projections,
      schools: rows.map(({ reason: _, disadvantaged, outcome, projection, ...r }) => ({
        ...r,
        ...(disadvantaged === null ? {} : { disadvantaged }),
        ...(outcome === null ? {} : { outcome }),
        ...(projection === null ? {} : { projection }),
      })),
      unplaced: result.unplaced,
      families: result.families.map((f) => ({
        id: f.id,
        phase: f.partition,
        size: f.size,
        averages: f.averages,
        movement: f.movement,
        leaders: f.leaders,
        disadvantaged: f.disadvantaged,
      })),
    };
    await emit(jsonResult(json), values.out);
  }
  process.stderr.write(
    `${plural(rows.length, "school")} benchmarked in ${plural(result.families.length, "family", "families")} for ${result.year}${notPlacedNote(result)}${writtenTo(values.out)}\n`,
  );
  return 0;
}
