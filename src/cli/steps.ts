/// <reference types="node" />
// The library's steps as the commands call them: options from flags, notes on stderr.

import { benchmarkFamilies } from "../benchmark/benchmark.js";
import type { Benchmarks, TARGETS } from "../benchmark/types.js";
import { type FittedWeights, fitWeights } from "../evaluate/fit-weights.js";
import { type Family, type GroupFamiliesOptions, type Grouping, groupFamilies } from "../group/families.js";
import { EmptyResult, noGroupLines } from "../node/shell/empty.js";
import type { BENCHMARK_FLAGS, GROUP_FLAGS, INPUT_FLAGS, PAIR_FLAGS, REGROUP_FLAGS } from "../node/shell/flag-table.js";
import { type Flags, familyFlags, numberFlag } from "../node/shell/flags.js";
import { schoolsOrNothing } from "../node/shell/input.js";
import { readInput, timed } from "../node/shell/io.js";
import { plural } from "../node/shell/print.js";
import { UsageError } from "../node/shell/usage.js";
import type { School } from "../panel/panel.js";
import type { MatchPartnersOptions, Partners } from "../partner/types.js";
import { DEFAULT_MAX_CHURN, type Regrouping, regroupFamilies } from "../regroup/regroup.js";
import { readFamilies } from "../saved/families.js";
import { readPairs } from "../saved/pairs.js";

/**
 * The grouping options the flags set: features, sizes, effort and the cross-border cap. `--weights fit` learns the
 * weights from the schools' attainment first (fitWeights) and says what it found.
 */
function groupingOptions(values: Flags<typeof GROUP_FLAGS>, records: readonly School[]): GroupFamiliesOptions {
  const maxPerLa = numberFlag(values["max-per-la"], "max-per-la");
  // --effort and --without-result are checked against their rows' choices by parseFlags.
  const effort = values.effort as GroupFamiliesOptions["effort"];
  const withoutResult = values["without-result"] as GroupFamiliesOptions["withoutResult"];
  const fit = values.weights === "fit";
  const options: GroupFamiliesOptions = {
    ...(withoutResult === undefined ? {} : { withoutResult }),
    ...familyFlags(fit ? withoutWeights(values) : values),
    ...(effort === undefined ? {} : { effort }),
    ...(maxPerLa === undefined ? {} : { maxPerLa }),
  };
  if (!fit) return options;
  const fitted = timed("fitting the weights", () => fitWeights(records, options));
  process.stderr.write(`${fitLines(fitted).join("\n")}\n`);
  return { ...options, weights: fitted.weights };
}

/** The flags less --weights. */
function withoutWeights(values: Flags<typeof GROUP_FLAGS>): Flags<typeof GROUP_FLAGS> {
  const { weights: _fit, ...rest } = values;
  return rest;
}

/** What fitWeights found, for standard error. */
export function fitLines(f: FittedWeights): string[] {
  const w = Object.entries(f.weights).map(([k, v]) => `${k} ${(v ?? 0).toFixed(2)}`);
  return [
    `weights fitted to ${f.measure} (${f.year}): ${w.join(", ")}`,
    `  on folds the fit did not see, the families predict ${f.measure} with R² ${f.fitted.r2.toFixed(3)} (equal weights: ${f.equal.r2.toFixed(3)})`,
  ];
}

/**
 * Families from the grouping flags, read from `files` (named when no school could be grouped). No family at all is
 * an {@link EmptyResult}: why, the fix, and every school with its reason.
 */
export function groupFromFlags(
  records: readonly School[],
  values: Flags<typeof GROUP_FLAGS>,
  files: readonly string[],
): Grouping {
  const options = groupingOptions(values, records);
  const grouping = timed("grouping", () =>
    groupFamilies(records, { ...options, ...(values.fallback ? { onInfeasible: "fallback" as const } : {}) }),
  );
  return nonEmpty(grouping, records, values, files);
}

/** The grouping, or an {@link EmptyResult} when it has no family. */
export function nonEmpty<G extends Pick<Grouping, "features" | "unassigned"> & { families: readonly unknown[] }>(
  grouping: G,
  records: readonly School[],
  values: Flags<typeof GROUP_FLAGS>,
  files: readonly string[],
): G {
  if (grouping.families.length > 0) return grouping;
  const year = numberFlag(values.year, "year");
  throw new EmptyResult(noGroupLines("no families", records, grouping, files, year));
}

/** Families kept from a saved grouping (--previous), changed where sizes force it and where the churn budget buys most. */
export function regroupFromFlags(
  records: readonly School[],
  path: string,
  values: Flags<typeof GROUP_FLAGS & typeof REGROUP_FLAGS>,
  files: readonly string[],
): Regrouping {
  if (values.fallback) throw new UsageError("--previous cannot be used with --fallback");
  for (const retired of ["outlier-quantile", "move-penalty"] as const)
    if (values[retired] !== undefined)
      throw new UsageError(
        `--${retired} was retired: moves are now chosen by what they gain, within --max-churn SHARE (default ${DEFAULT_MAX_CHURN.toFixed(2)})`,
      );
  const saved = readFamilies(readInput({ path }), records, { file: path });
  const maxChurn = numberFlag(values["max-churn"], "max-churn");
  const options = groupingOptions(values, records);
  const regrouped = timed("regrouping", () =>
    regroupFamilies(records, saved.assignments, { ...options, ...(maxChurn === undefined ? {} : { maxChurn }) }),
  );
  return nonEmpty(regrouped, records, values, files);
}

/** Reads the files, groups them (or reads --families) and benchmarks them: what benchmark, pairs and report share. */
export function benchmarksFromFlags(
  positionals: readonly string[],
  values: Flags<typeof INPUT_FLAGS & typeof GROUP_FLAGS & typeof BENCHMARK_FLAGS> &
    Partial<Flags<typeof REGROUP_FLAGS>>,
  onRegroup?: (regrouped: Regrouping) => void,
): Benchmarks | undefined {
  const target = values.target as (typeof TARGETS)[number] | undefined;
  const year = numberFlag(values["benchmark-year"], "benchmark-year");
  const outcome = values["outcome-years"];
  const outcomeYears = outcome === undefined || outcome === "auto" ? outcome : Number(outcome);
  if (typeof outcomeYears === "number" && !(Number.isInteger(outcomeYears) && outcomeYears >= 1))
    throw new UsageError(`--outcome-years must be a whole number of years (1 or more) or auto, not '${outcome}'`);
  const found: { nationalOther?: Map<number, number> } = {};
  const records = schoolsOrNothing(positionals, values, found);
  if (!records) return undefined;
  // The DfE's own national figure for other pupils, when the benchmarked year's file has its national row.
  const latest = records.reduce((m, s) => Math.max(m, s.years[s.years.length - 1]?.year ?? -Infinity), -Infinity);
  const nationalOther = found.nationalOther?.get(year ?? latest);
  let families: { families: Family[] };
  const saved = values.families;
  if (saved !== undefined) {
    const read = readFamilies(readInput({ path: saved }), records, { file: saved });
    if (read.notInData.length > 0)
      process.stderr.write(
        `note: ${plural(read.notInData.length, "school")} in ${saved} ${read.notInData.length === 1 ? "has" : "have"} no data and ${read.notInData.length === 1 ? "is" : "are"} left out: ${someUrns(read.notInData)}\n`,
      );
    if (read.notInFile.length > 0)
      process.stderr.write(
        `note: ${plural(read.notInFile.length, "school")} in the data ${read.notInFile.length === 1 ? "is" : "are"} in no family of ${saved} (listed as not placed): ${someUrns(read.notInFile)}\n`,
      );
    families = read;
  } else if (values.previous !== undefined) {
    const regrouped = regroupFromFlags(records, values.previous, values, positionals);
    onRegroup?.(regrouped);
    families = regrouped;
  } else {
    const grouping = groupFromFlags(records, values, positionals);
    for (const note of grouping.notes) process.stderr.write(`note: ${note}\n`);
    families = grouping;
  }
  const result = timed("benchmarking", () =>
    benchmarkFamilies(families, records, {
      ...(target === undefined ? {} : { target }),
      ...(year === undefined ? {} : { year }),
      ...(outcomeYears === undefined ? {} : { outcomeYears }),
      ...(nationalOther === undefined ? {} : { nationalOther }),
    }),
  );
  if (result.families.length > 0 && result.families.every((f) => f.members.every((m) => m.attainment === undefined)))
    throw new EmptyResult(nothingToBenchmark(result, records, positionals));
  return result;
}

/** Why no school in a family has attainment in the year benchmarked, and what to do. */
function nothingToBenchmark(result: Benchmarks, records: readonly School[], files: readonly string[]): string[] {
  const years = [
    ...new Set(records.flatMap((s) => s.years.filter((y) => y.attainment !== undefined).map((y) => y.year))),
  ].sort((a, b) => a - b);
  const n = result.families.reduce((t, f) => t + f.members.length, 0);
  return [
    `nothing to benchmark: none of the ${plural(n, "school")} in families has attainment in ${result.year}`,
    years.length === 0
      ? `no school in ${files.join(", ")} has attainment in any year: check the attainment column ('fos validate' notes the columns it does not read), or give a --map`
      : `the data has attainment for ${years.join(", ")}: benchmark one of those years with --benchmark-year ${years[years.length - 1]}`,
  ];
}

/** The first ten URNs of a list, and how many more. */
function someUrns(urns: readonly string[]): string {
  return `${urns.slice(0, 10).join(", ")}${urns.length > 10 ? `, … and ${urns.length - 10} more` : ""}`;
}

/** matchPartners' options from the pair flags, checked; pins and forbidden pairs read through the core's CSV reader. */
export function partnerFlags(values: Flags<typeof PAIR_FLAGS>): MatchPartnersOptions {
  const { context } = values;
  if (context !== undefined && context !== "family" && !Number.isFinite(Number(context)))
    throw new UsageError(`--context must be family or a distance in standard deviations (e.g. 0.5), not '${context}'`);
  // --priority is checked against its row's choices by parseFlags.
  const priority = values.priority as MatchPartnersOptions["priority"];
  const capacity = numberFlag(values.capacity, "capacity");
  const k = numberFlag(values.k, "k");
  const minKm = numberFlag(values["min-distance-km"], "min-distance-km");
  const maxKm = values["max-km"] === "none" ? Number.POSITIVE_INFINITY : numberFlag(values["max-km"], "max-km");
  const floor = numberFlag(values.floor, "floor");
  const pairsIn = (path: string) => readPairs(readInput({ path }), { file: path });
  return {
    ...(capacity === undefined ? {} : { capacity }),
    ...(k === undefined ? {} : { k }),
    ...(context === undefined ? {} : { context: context === "family" ? "family" : Number(context) }),
    ...(values["cross-phase"] ? { crossPhase: true } : {}),
    ...(values["same-la"] ? { differentLa: false } : {}),
    ...(values["require-distance"] ? { requireDistance: true } : {}),
    ...(minKm === undefined ? {} : { minDistanceKm: minKm }),
    ...(maxKm === undefined ? {} : { maxKm }),
    ...(floor === undefined ? {} : { attainmentFloor: floor }),
    ...(priority === undefined ? {} : { priority }),
    ...(values.greedy ? { method: "greedy" as const } : {}),
    ...(values.pins === undefined ? {} : { pins: pairsIn(values.pins) }),
    ...(values.forbid === undefined ? {} : { forbid: pairsIn(values.forbid) }),
  };
}

/**
 * Notes on stderr about what the pair rules could not do with this data: pairs whose distance went unchecked (no
 * coordinates), and data from one local authority, where no partner in another authority exists.
 */
export function pairNotes(
  benchmarks: Benchmarks,
  partners: Partners,
  values: { gias?: string | undefined; "same-la"?: boolean | undefined },
): void {
  const n = partners.distanceUnknown;
  if (n > 0)
    process.stderr.write(
      `note: distance not checked for ${plural(n, "pair")}: no coordinates; ${values.gias === undefined ? "add --gias FILE (the GIAS establishment file) for locations, or" : "they have none in the --gias file;"} --require-distance to refuse such pairs\n`,
    );
  const las = new Set<string>();
  for (const f of benchmarks.families) for (const m of f.members) if (m.la !== undefined) las.add(m.la);
  if (!values["same-la"] && las.size === 1 && partners.needing > 0)
    process.stderr.write(
      `note: every school is in one local authority (${[...las][0]}), so no partner in another authority is possible; add --same-la to allow partners in the same authority (the distance rule then keeps them at least --min-distance-km apart)\n`,
    );
}
