/// <reference types="node" />
import { familyReport, matchPartners, type Regrouping } from "families-of-schools";
import { churnLines } from "../churn.js";
import { BENCHMARK_OPTIONS, GROUP_OPTIONS, helpOrCheck, INPUT_OPTIONS, PAIR_OPTIONS, parseFlags } from "../flags.js";
import { emit, timed, writtenTo } from "../io.js";
import { nobodyPlaced, notPlacedNote, plural } from "../print.js";
import { benchmarksFromFlags, pairNotes, partnerFlags, REGROUP_OPTIONS } from "../steps.js";

export const REPORT_HELP = `fos report FILES [options]

Writes one self-contained HTML page (no network; its one script sorts the tables; prints each family
and each school on its own A4 page): an index of families, then each family's chart of
attainment against improvement, its members' table, movement, where it is working well; then each
school's own section (its disadvantaged pupils, pupil groups and subjects against the family's, gaps,
whom to visit, its partner); and the partner pairs with their reasons. Benchmarks and matches partners
first, as 'fos benchmark' and 'fos pairs' do, with the same flags.

Options:
  --out PATH       write the page to PATH (default: standard output)
  --title TEXT     the page's title (default "Families of Schools, YEAR")
  --no-pairs       leave out partner pairs
  --previous PATH  keep last year's families (as 'fos group --previous' does, with --max-churn);
                   the page then shows what the churn budget bought, and what other budgets would
  grouping flags, --families, benchmark flags and pairs flags as for 'fos pairs'

Example:
  fos report --families families.csv --out report.html region.csv`;

/** fos report: one HTML page of every family. */
export async function report(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags("report", args, {
    ...INPUT_OPTIONS,
    ...GROUP_OPTIONS,
    ...BENCHMARK_OPTIONS,
    ...PAIR_OPTIONS,
    out: { type: "string" },
    title: { type: "string" },
    "no-pairs": { type: "boolean" },
    ...REGROUP_OPTIONS,
    help: { type: "boolean", short: "h" },
  });
  if (helpOrCheck(REPORT_HELP, values)) return 0;
  const options = partnerFlags(values);
  let regrouped: Regrouping | undefined;
  const benchmarks = benchmarksFromFlags(positionals, values, (r) => {
    regrouped = r;
  });
  if (!benchmarks) return 1;
  if (regrouped) process.stderr.write(`${churnLines(regrouped, values.previous as string).join("\n")}\n`);
  if (benchmarks.families.length === 0) return nobodyPlaced(benchmarks);
  const partners = values["no-pairs"]
    ? undefined
    : timed("matching partners", () => matchPartners(benchmarks, options));
  if (partners) pairNotes(benchmarks, partners, values);
  const html = timed("drawing the report", () =>
    familyReport(benchmarks, {
      ...(partners ? { partners } : {}),
      ...(values.title === undefined ? {} : { title: values.title }),
      ...(regrouped ? { stability: regrouped } : {}),
    }),
  );
  await emit(html, values.out);
  process.stderr.write(
    `report of ${plural(benchmarks.families.length, "family", "families")}${partners ? ` with ${plural(partners.pairs.length, "partner pair")}` : ""}${notPlacedNote(benchmarks)}${writtenTo(values.out)}\n`,
  );
  return 0;
}
