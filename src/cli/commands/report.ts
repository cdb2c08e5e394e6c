/// <reference types="node" />
import { join } from "node:path";
import { churnLines } from "../../node/shell/churn.js";
import {
  BENCHMARK_FLAGS,
  type FlagTable,
  flagHelp,
  flagList,
  GROUP_FLAGS,
  helpLine,
  INPUT_FLAGS,
  OUTPUT_FLAGS,
  PAIR_FLAGS,
  REGROUP_FLAGS,
} from "../../node/shell/flag-table.js";
import { helpOrCheck, parseFlags } from "../../node/shell/flags.js";
import { emit, makeFolder, timed, writePages, writtenTo } from "../../node/shell/io.js";
import { nobodyPlaced, notPlacedNote, plural } from "../../node/shell/print.js";
import { UsageError } from "../../node/shell/usage.js";
import { matchPartners } from "../../partner/match.js";
import type { Regrouping } from "../../regroup/regroup.js";
import { familyReport } from "../../render/report.js";
import { familyReportPages } from "../../render/report-pages.js";
import { benchmarksFromFlags, pairNotes, partnerFlags } from "../steps.js";

/** The flags only report has. */
const REPORT_FLAGS = {
  out: { ...OUTPUT_FLAGS.out, help: "write the page to PATH (default: standard output)" },
  "out-dir": {
    type: "string",
    value: "DIR",
    help: "write a folder of pages to DIR instead (made if need be; files of the same names in it are replaced); not with --out",
  },
  title: { type: "string", value: "TEXT", help: 'the page\'s title (default "Families of Schools, YEAR")' },
  "no-pairs": { type: "boolean", help: "leave out partner pairs" },
} as const satisfies FlagTable;

export const REPORT_HELP = `fos report FILES [options]

Writes one self-contained HTML page (no network; its one script sorts the tables; prints each family
and each school on its own A4 page): an index of families, then each family's chart of
attainment against improvement, its members' table, movement, where it is working well; then each
school's own section (its disadvantaged pupils, pupil groups and subjects against the family's, gaps,
whom to visit, its partner); and the partner pairs with their reasons. Benchmarks and matches partners
first, as 'fos benchmark' and 'fos pairs' do, with the same flags.

For England's size (one page of 20,000 schools is over 100 MB), --out-dir DIR writes a folder of
pages instead: index.html (the title, a summary and the families, linked), a page for each family
(family-ID.html: its chart, members, movement, leaders and partner pairs, then its schools' sections)
and not-placed.html; a family whose page would be over 2 MB gets a page for each school
(school-URN.html). Every page is self-contained, every link relative: open index.html.

Options:
${flagHelp({ ...REPORT_FLAGS, previous: { ...REGROUP_FLAGS.previous, help: "keep last year's families (as 'fos group --previous' does, with --max-churn); the page then shows what the churn budget bought, and what other budgets would" } })}
${helpLine(`grouping flags, --families, benchmark flags and pairs flags (${flagList(PAIR_FLAGS)}) as for 'fos pairs'`)}

Examples:
  fos report --families families.csv --out report.html region.csv
  fos report --out-dir report england_ks2.csv`;

/** fos report: one HTML page of every family, or (--out-dir) a folder of pages. */
export async function report(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags("report", args, {
    ...INPUT_FLAGS,
    ...GROUP_FLAGS,
    ...BENCHMARK_FLAGS,
    ...PAIR_FLAGS,
    ...REGROUP_FLAGS,
    ...REPORT_FLAGS,
    help: OUTPUT_FLAGS.help,
  });
  if (helpOrCheck(REPORT_HELP, values)) return 0;
  const dir = values["out-dir"] as string | undefined;
  if (dir !== undefined && values.out !== undefined)
    throw new UsageError("--out and --out-dir cannot go together: --out writes one page, --out-dir a folder of pages");
  if (dir !== undefined) makeFolder(dir);
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
  const reportOptions = {
    ...(partners ? { partners } : {}),
    ...(values.title === undefined ? {} : { title: values.title }),
    ...(regrouped ? { stability: regrouped } : {}),
  };
  let pages = "";
  if (dir === undefined) {
    const html = timed("drawing the report", () => familyReport(benchmarks, reportOptions));
    await emit(html, values.out);
  } else {
    const written = timed("drawing the pages", () => familyReportPages(benchmarks, reportOptions));
    timed("writing the pages", () => writePages(dir, written));
    pages = `; ${plural(written.length, "page")} written to ${dir} (open ${join(dir, "index.html")})`;
  }
  process.stderr.write(
    `report of ${plural(benchmarks.families.length, "family", "families")}${partners ? ` with ${plural(partners.pairs.length, "partner pair")}` : ""}${notPlacedNote(benchmarks)}${writtenTo(values.out)}${pages}\n`,
  );
  return 0;
}
