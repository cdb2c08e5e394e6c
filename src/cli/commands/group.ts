/// <reference types="node" />
import { comparisonGroups, NEIGHBOURS_K } from "../../comparison/neighbours.js";
import { groupingQuality } from "../../evaluate/quality.js";
import type { FeatureOptions } from "../../features/features.js";
import { churnLines } from "../../node/shell/churn.js";
import { EmptyResult, leftOutLines, noGroupLines } from "../../node/shell/empty.js";
import {
  type FlagTable,
  flagHelp,
  flagList,
  GROUP_FLAGS,
  helpLine,
  INPUT_FLAGS,
  OUTPUT_FLAGS,
  REGROUP_FLAGS,
} from "../../node/shell/flag-table.js";
import { featureFlags, helpOrCheck, numberFlag, parseFlags } from "../../node/shell/flags.js";
import { schoolsOrNothing } from "../../node/shell/input.js";
import { emit, timed, writtenTo } from "../../node/shell/io.js";
import { jsonResult, linePieces } from "../../node/shell/json.js";
import { nameHeaders, nameLookup } from "../../node/shell/names.js";
import { plural, round } from "../../node/shell/print.js";
import { UsageError } from "../../node/shell/usage.js";
import type { School } from "../../panel/panel.js";
import { csvLine } from "../../text/cells.js";
import { groupFromFlags, regroupFromFlags } from "../steps.js";

/** The flags only group has. */
const GROUP_OWN_FLAGS = {
  method: {
    type: "string",
    value: "NAME",
    choices: ["families", "neighbours"],
    help: "families (default) or neighbours",
  },
  k: { type: "string", value: "N", help: `neighbours per school (default ${NEIGHBOURS_K})` },
  json: OUTPUT_FLAGS.json,
  csv: {
    ...OUTPUT_FLAGS.csv,
    help: "print CSV: urn,name,la,la_name,family (or, for neighbours, each school's neighbour with its names, rank and distance)",
  },
  out: OUTPUT_FLAGS.out,
} as const satisfies FlagTable;

export const GROUP_HELP = `fos group FILES [options]

Groups the schools into Families of Schools (default), or gives each school its own group of
the k most similar schools (--method neighbours). Reads FILES as 'fos validate' does (strictly:
invalid rows stop it with exit 1; add --lenient to group the valid rows).

Options:
${flagHelp({ ...GROUP_FLAGS, ...REGROUP_FLAGS, ...GROUP_OWN_FLAGS })}
  ${helpLine(`${flagList(INPUT_FLAGS)} as for validate`).slice(2)}

Examples:
  fos group --preset dfe-ks2 --gias gias.csv --csv --out families.csv 2016-2017_850_ks2final.csv \\
    2017-2018_850_ks2final.csv 2018-2019_850_ks2final.csv
  fos group --preset dfe-ks2 --max-per-la 0.25 --csv --out families.csv 2018-2019_*_ks2final.csv
                       (--max-per-la needs several authorities' files)`;

const OPTIONS = { ...INPUT_FLAGS, ...GROUP_FLAGS, ...REGROUP_FLAGS, ...GROUP_OWN_FLAGS, help: OUTPUT_FLAGS.help };

const SAFE = { safeForSpreadsheets: true };

/** fos group: families (or kept families with --previous), or each school's nearest neighbours. */
export async function group(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags("group", args, OPTIONS);
  if (helpOrCheck(GROUP_HELP, values)) return 0;
  const method = values.method ?? "families";
  const records = schoolsOrNothing(positionals, values);
  if (!records) return 1;
  if (method === "neighbours") {
    if (values.previous !== undefined)
      throw new UsageError("--previous keeps last year's families; --method neighbours makes no families to keep");
    if (values.weights === "fit")
      throw new UsageError("--weights fit learns weights for families; name the weights for --method neighbours");
    return neighbours(records, featureFlags(values), positionals, values);
  }
  const regrouped =
    values.previous === undefined ? undefined : regroupFromFlags(records, values.previous, values, positionals);
  const grouping = regrouped ?? groupFromFlags(records, values, positionals);
  if (values.csv) {
    const names = nameLookup(records);
    function* lines() {
      yield csvLine(["urn", ...nameHeaders(), "family"]);
      for (const s of grouping.schools) yield csvLine([s.urn, ...names(s.urn), s.family], SAFE);
    }
    await emit(linePieces(lines()), values.out);
  } else {
    const quality = timed("measuring tightness against the baselines", () => groupingQuality(grouping));
    const json = {
      families: grouping.families.map((f) => ({
        id: f.id,
        phase: f.partition,
        members: f.members,
        centroid: f.centroid,
      })),
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
    await emit(jsonResult(json), values.out);
  }
  for (const note of grouping.notes) process.stderr.write(`note: ${note}\n`);
  if (regrouped) process.stderr.write(`${churnLines(regrouped, values.previous as string).join("\n")}\n`);
  process.stderr.write(
    `${plural(grouping.families.length, "family", "families")} of ${plural(grouping.schools.length, "school")}; ${plural(grouping.unassigned.length, "school")} unassigned${writtenTo(values.out)}\n`,
  );
  for (const line of leftOutLines(grouping.unassigned)) process.stderr.write(`${line}\n`);
  return 0;
}

/** --method neighbours: each school's k most similar schools. */
async function neighbours(
  records: readonly School[],
  features: FeatureOptions,
  files: readonly string[],
  values: { csv?: boolean; out?: string; k?: string },
): Promise<number> {
  const k = numberFlag(values.k, "k");
  const result = comparisonGroups(records, { ...features, ...(k === undefined ? {} : { k }) });
  if (result.groups.length === 0)
    throw new EmptyResult(
      noGroupLines(
        "no comparison groups",
        records,
        result,
        files,
        typeof features.year === "number" ? features.year : undefined,
      ),
    );
  if (values.csv) {
    const names = nameLookup(records);
    function* lines() {
      yield csvLine(["urn", ...nameHeaders(), "neighbour", ...nameHeaders("neighbour_"), "rank", "distance"]);
      for (const g of result.groups) {
        const own = names(g.urn);
        for (const [r, u] of g.neighbours.entries())
          yield csvLine([g.urn, ...own, u, ...names(u), r + 1, round(g.distances[r] as number)], SAFE);
      }
    }
    await emit(linePieces(lines()), values.out);
  } else {
    const json = {
      groups: result.groups.map((g) => ({
        urn: g.urn,
        neighbours: g.neighbours.map((u, r) => ({ urn: u, distance: round(g.distances[r] as number) })),
      })),
      unassigned: result.unassigned,
      features: result.features,
    };
    await emit(jsonResult(json), values.out);
  }
  process.stderr.write(
    `${plural(result.groups.length, "school")} each with up to ${result.k} neighbours; ${plural(result.unassigned.length, "school")} unassigned\n`,
  );
  for (const line of leftOutLines(result.unassigned)) process.stderr.write(`${line}\n`);
  return 0;
}
