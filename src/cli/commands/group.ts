/// <reference types="node" />
import { comparisonGroups, csvLine, type FeatureOptions, groupingQuality, type School } from "families-of-schools";
import { churnLines } from "../churn.js";
import { EmptyResult, leftOutLines, noGroupLines } from "../empty.js";
import {
  featureFlags,
  GROUP_OPTIONS,
  helpOrCheck,
  INPUT_OPTIONS,
  numberFlag,
  OUTPUT_OPTIONS,
  parseFlags,
} from "../flags.js";
import { schoolsOrNothing } from "../input.js";
import { emit, timed, writtenTo } from "../io.js";
import { jsonResult, linePieces } from "../json.js";
import { nameHeaders, nameLookup } from "../names.js";
import { plural, round } from "../print.js";
import { groupFromFlags, REGROUP_OPTIONS, regroupFromFlags } from "../steps.js";
import { UsageError } from "../usage.js";

export const GROUP_HELP = `fos group FILES [options]

Groups the schools into Families of Schools (default), or gives each school its own group of
the k most similar schools (--method neighbours). Reads FILES as 'fos validate' does (strictly:
invalid rows stop it with exit 1; add --lenient to group the valid rows).

Options:
  --min N, --max N     family sizes (default 12 and 20)
  --size N             the family size aimed at (default (min + max) / 2)
  --by phase|none      group each phase separately (default) or all together
  --weights LIST       features and weights, e.g. prior=0.66,disadvantage=0.2,eal=0.1,mobility=0.04
                       (features: prior, disadvantage, eal, sen, mobility, absence; default prior=1,disadvantage=1);
                       'fit' learns them from the schools' attainment (see 'fos quality --fit-weights')
  --standardise z|rank how features are scaled (default z)
  --year YEAR          the year whose context is used (default each school's latest)
  --context-years N    average the features over N years ending at that year (default 1)
  --include-absent     group schools with no data in the latest year (closed, or missing from that
                       year's file) on their own latest year; by default they are listed as not placed
  --without-result R   families count schools with a published result in the year: each has --min to
                       --max of them; a school without one (suppressed, not published) is placed beyond
                       that count in its nearest family (extra, the default) or listed as not placed
                       with the reason (apart); a note on stderr says which
  --max-per-la N       at most N schools (or a share, e.g. 0.25) from one local authority in a family; a
                       share is of each family's own size, applied as that share of --min (rounded down,
                       at least 1) in every family: 0.25 with 12–20 is at most 3
  --fallback           when a phase cannot be split within min–max, make the nearest families instead of failing
  --effort NAME        standard (default: 20,000 schools in about a second) or thorough (more starts, each
                       moved as a whole by exact size-constrained k-means: seconds at a few thousand schools,
                       half a minute at 16,000; on real data 1.5–5% tighter families)
  --method NAME        families (default) or neighbours
  --previous PATH      keep last year's families (urn,family as --csv writes): closed schools leave, new
                       schools join the nearest family with room, academies keep their predecessor's
                       family, sizes are kept within min–max; then the moves that make families tightest,
                       within --max-churn. Prints what moved and why, and what other budgets would buy.
                       A school's one-year context moves a lot from year to year: --context-years 3
                       (or whole-school census measures) keeps families tight with far fewer moves.
  --max-churn SHARE    with --previous: at most this share of continuing schools may move to make
                       families tighter (default 0.10; 0 keeps every family; 1 regroups freely);
                       moves that sizes force are not counted
  --k N                neighbours per school (default 50)
  --json               print JSON (the default)
  --csv                print CSV: urn,name,la,la_name,family (or, for neighbours, each school's
                       neighbour with its names, rank and distance)
  --out PATH           write to PATH instead of standard output (- for standard output)
  --preset, --map, --phase, --gias, --links, --allow-missing, --lenient, --special,
  --independent        as for validate

Examples:
  fos group --preset dfe-ks2 --gias gias.csv --csv --out families.csv 2016-2017_850_ks2final.csv \\
    2017-2018_850_ks2final.csv 2018-2019_850_ks2final.csv
  fos group --preset dfe-ks2 --max-per-la 0.25 --csv --out families.csv 2018-2019_*_ks2final.csv
                       (--max-per-la needs several authorities' files)`;

const OPTIONS = {
  ...INPUT_OPTIONS,
  ...GROUP_OPTIONS,
  ...OUTPUT_OPTIONS,
  ...REGROUP_OPTIONS,
  method: { type: "string" },
  k: { type: "string" },
} as const;

const SAFE = { safeForSpreadsheets: true };

/** fos group: families (or kept families with --previous), or each school's nearest neighbours. */
export async function group(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags("group", args, OPTIONS);
  if (helpOrCheck(GROUP_HELP, values)) return 0;
  const method = values.method ?? "families";
  if (method !== "families" && method !== "neighbours")
    throw new UsageError(`--method must be families or neighbours, not '${method}'`);
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
