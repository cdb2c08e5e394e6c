/// <reference types="node" />

import { comparisonGroups } from "../../comparison/neighbours.js";
import { type Accuracy, type AccuracyMeasure, groupingAccuracy } from "../../evaluate/accuracy.js";
import { accuracyBaselines } from "../../evaluate/accuracy-baselines.js";
import { fitWeights } from "../../evaluate/fit-weights.js";
import { EmptyResult } from "../../node/shell/empty.js";
import {
  type FlagTable,
  flagHelp,
  flagList,
  GROUP_FLAGS,
  helpLine,
  INPUT_FLAGS,
  OUTPUT_FLAGS,
} from "../../node/shell/flag-table.js";
import { familyFlags, helpOrCheck, parseFlags } from "../../node/shell/flags.js";
import { schoolsOrNothing } from "../../node/shell/input.js";
import { emit, timed, writtenTo } from "../../node/shell/io.js";
import { jsonResult, linePieces } from "../../node/shell/json.js";
import { plural } from "../../node/shell/print.js";
import { UsageError } from "../../node/shell/usage.js";
import { fitLines, groupFromFlags } from "../steps.js";

/** The flags only quality has. */
const QUALITY_FLAGS = {
  measure: {
    type: "string",
    value: "NAME",
    choices: ["attainment", "improvement"],
    help: "attainment (default) or improvement (the change a year over three years)",
  },
  "fit-weights": {
    type: "boolean",
    help: "also learn the features' weights from the outcome (fitWeights): a standardised regression refined by the families' own accuracy, judged on folds the fit did not see",
  },
  json: {
    ...OUTPUT_FLAGS.json,
    help: 'print JSON: { measure, year, families, neighbours, baselines, weights, fit? }; a row with no result, or one that means less than it seems, has a "note" saying why',
  },
  // Read, so that --csv is refused in words rather than as an unknown flag.
  csv: { ...OUTPUT_FLAGS.csv, help: "" },
  out: OUTPUT_FLAGS.out,
} as const satisfies FlagTable;

export const QUALITY_HELP = `fos quality FILES [options]

How good are the families? Each school's outcome is predicted by the average of the other members of its
family (leave-one-out), and the same for other ways of grouping the same schools: each school's 50 nearest
(the EEF's and the DfE/Ofsted model), unconstrained k-means, sort-and-chop on a composite (London's ranking),
the DfE's financial-benchmarking comparators (30 nearest on pupils, disadvantage and SEN) and random families of
the same sizes (the floor). Prints RMSE and MAE in the measure's units, R² (1 is perfect, 0 no better than one
average for all) and how many schools were scored.

Options:
${flagHelp(QUALITY_FLAGS)}
${helpLine(`grouping flags (${flagList(GROUP_FLAGS)}) and input flags as for 'fos group'`)}

Example:
  fos quality --preset dfe-ks2 --fit-weights 2016-2017_850_ks2final.csv 2017-2018_850_ks2final.csv \\
    2018-2019_850_ks2final.csv`;

/** One row of the table; a row with no result, or one that means less than it seems, says why beneath it. */
const row = (label: string, a: Accuracy): string =>
  `  ${label.padEnd(34)} ${fmt(a.rmse, 2).padStart(7)} ${fmt(a.mae, 2).padStart(7)} ${fmt(a.r2, 3).padStart(7)} ${String(a.n).padStart(6)}${a.note === undefined ? "" : `\n      ${a.n === 0 ? "no result" : "note"}: ${a.note}`}`;
const fmt = (v: number, digits: number): string => (Number.isFinite(v) ? v.toFixed(digits) : "—");

/** Why no school could be scored, and what to do. */
function nothingToScore(measure: AccuracyMeasure, year: number, grouped: number): string[] {
  const when = Number.isFinite(year) ? ` in ${year}` : "";
  return [
    `nothing to score: no school in a family has its ${measure}${when} and another member with one to predict it`,
    grouped < 2
      ? `a score needs two schools or more in a family, and ${plural(grouped, "school is", "schools are")} grouped: give more schools`
      : measure === "improvement"
        ? "improvement needs attainment in at least two years: give the earlier years' files too"
        : "check the file's attainment column ('fos validate' notes the columns it does not read), or --year",
  ];
}

/** fos quality: the accuracy table of the families, the 50 nearest and the baselines; with --fit-weights, the fit. */
export async function quality(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags("quality", args, {
    ...INPUT_FLAGS,
    ...GROUP_FLAGS,
    ...QUALITY_FLAGS,
    help: OUTPUT_FLAGS.help,
  });
  if (helpOrCheck(QUALITY_HELP, values)) return 0;
  if (values.csv) throw new UsageError("quality prints a table or --json, not --csv");
  const measure = (values.measure ?? "attainment") as AccuracyMeasure;
  const records = schoolsOrNothing(positionals, values);
  if (!records) return 1;
  const options = familyFlags(values);
  // As 'fos group' groups (--effort, --max-per-la), always with --fallback: a phase that cannot be split within the
  // bounds is still scored.
  const grouping = groupFromFlags(records, { ...values, fallback: true }, positionals);
  const families = groupingAccuracy(grouping, records, { measure });
  if (families.n === 0) throw new EmptyResult(nothingToScore(measure, families.year, grouping.schools.length));
  const neighbours = groupingAccuracy(comparisonGroups(records, { ...options, k: 50 }), records, { measure });
  const baselines = timed("grouping the baselines", () =>
    accuracyBaselines(grouping, records, { measure, year: families.year }),
  );
  const fit = values["fit-weights"]
    ? timed("fitting the weights", () => fitWeights(records, { ...options, measure }))
    : undefined;
  const weights = Object.fromEntries(grouping.features.map((f) => [f.name, f.weight]));
  if (values.json) {
    const { rmse, mae, r2, n, note } = families;
    const strip = ({ rmse, mae, r2, n, note }: Accuracy) => ({
      rmse,
      mae,
      r2,
      n,
      ...(note === undefined ? {} : { note }),
    });
    const json = {
      measure,
      year: families.year,
      families: { rmse, mae, r2, n, ...(note === undefined ? {} : { note }) },
      neighbours: strip(neighbours),
      baselines: Object.fromEntries(Object.entries(baselines).map(([k, v]) => [k, strip(v)])),
      weights,
      ...(fit
        ? {
            fit: {
              weights: fit.weights,
              shares: fit.shares,
              equal: strip(fit.equal),
              fitted: strip(fit.fitted),
              folds: fit.folds,
            },
          }
        : {}),
    };
    await emit(jsonResult(json), values.out);
  } else {
    const lines = [
      `How well a school's group predicts its ${measure} in ${families.year} (leave-one-out; ${families.measure === "attainment" ? "attainment" : "improvement a year"} in the data's units):`,
      `  ${"".padEnd(34)} ${"RMSE".padStart(7)} ${"MAE".padStart(7)} ${"R²".padStart(7)} ${"n".padStart(6)}`,
      row("families (this grouping)", families),
      row("50 nearest", neighbours),
      row("k-means, sizes free", baselines.kMeans),
      row("sort and chop (London's ranking)", baselines.sortAndChop),
      row("financial benchmarking, 30 nearest", baselines.financial),
      row("random families (the floor)", baselines.random),
      `weights: ${Object.entries(weights)
        .map(([k, v]) => `${k} ${(v as number).toFixed(2)}`)
        .join(", ")}`,
      ...(fit ? fitLines(fit) : []),
    ];
    await emit(linePieces(lines), values.out);
  }
  process.stderr.write(`scored ${families.n} schools${writtenTo(values.out)}\n`);
  return 0;
}
