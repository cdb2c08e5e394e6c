/// <reference types="node" />
import { parseArgs } from "node:util";
import { csvLine, matchPartners } from "families-of-schools";
import {
  BENCHMARK_OPTIONS,
  GROUP_OPTIONS,
  helpOrCheck,
  INPUT_OPTIONS,
  OUTPUT_OPTIONS,
  PAIR_OPTIONS,
} from "../flags.js";
import { emit, timed, writtenTo } from "../io.js";
import { nobodyPlaced, notPlacedNote, plural, round } from "../print.js";
import { benchmarksFromFlags, partnerFlags } from "../steps.js";

export const PAIRS_HELP = `fos pairs FILES [options]

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
  --out PATH            write to PATH instead of standard output (- for standard output)

Example:
  fos pairs --families families.csv --pins existing-pairs.csv --csv --out pairs.csv region.csv`;

/** fos pairs: partners for the schools that need support, with reasons. */
export function pairs(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...INPUT_OPTIONS, ...GROUP_OPTIONS, ...OUTPUT_OPTIONS, ...BENCHMARK_OPTIONS, ...PAIR_OPTIONS },
  });
  if (helpOrCheck(PAIRS_HELP, values)) return 0;
  const options = partnerFlags(values);
  const benchmarks = benchmarksFromFlags(positionals, values);
  if (!benchmarks) return 1;
  if (benchmarks.families.length === 0) return nobodyPlaced(benchmarks);
  const result = timed("matching partners", () => matchPartners(benchmarks, options));
  if (values.csv) {
    const safe = { safeForSpreadsheets: true };
    const lines = [csvLine(["supported", "supporter", "family", "score", "pinned", "reasons"])];
    for (const p of result.pairs)
      lines.push(
        csvLine(
          [p.supported, p.supporter, p.facts.supportedFamily, round(p.score), String(p.pinned), p.reasons.join("; ")],
          safe,
        ),
      );
    for (const u of result.unmatched)
      lines.push(csvLine([u.urn, undefined, u.family, undefined, undefined, u.reason], safe));
    for (const u of benchmarks.unplaced)
      lines.push(
        csvLine([u.urn, undefined, undefined, undefined, undefined, `not placed in a family: ${u.reason}`], safe),
      );
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
      unplaced: benchmarks.unplaced,
    };
    emit(`${JSON.stringify(json, null, 2)}\n`, values.out);
  }
  process.stderr.write(
    `${plural(result.needing, "school")} needing support, ${plural(result.supporters, "possible supporter")}: ${plural(result.pairs.length, "pair")}, ${result.unmatched.length} unmatched (${result.method})${notPlacedNote(benchmarks)}${writtenTo(values.out)}\n`,
  );
  return 0;
}
