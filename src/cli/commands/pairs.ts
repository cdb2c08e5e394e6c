/// <reference types="node" />

import { EmptyResult, leftOutLines } from "../../node/shell/empty.js";
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
} from "../../node/shell/flag-table.js";
import { helpOrCheck, parseFlags } from "../../node/shell/flags.js";
import { emit, timed, writtenTo } from "../../node/shell/io.js";
import { jsonResult, linePieces } from "../../node/shell/json.js";
import { nameHeaders, nameLookup } from "../../node/shell/names.js";
import { nobodyPlaced, notPlacedNote, plural, round } from "../../node/shell/print.js";
import { matchPartners } from "../../partner/match.js";
import { PARTNER_DEFAULTS } from "../../partner/settings.js";
import type { Partners } from "../../partner/types.js";
import { csvLine } from "../../text/cells.js";
import { benchmarksFromFlags, pairNotes, partnerFlags } from "../steps.js";

/** What pairs writes. */
const PAIRS_OUTPUT = {
  json: {
    ...OUTPUT_FLAGS.json,
    help: "print { pairs: [{ supporter, supported, score, pinned, reasons, parts, facts }], unmatched: [{ urn, family, reason }], distanceUnknown, … } (the default)",
  },
  csv: {
    ...OUTPUT_FLAGS.csv,
    help: "print supported,supporter (each with its name, la and la_name),family,score, pinned,reasons (unmatched schools have no supporter, and their reason)",
  },
  out: OUTPUT_FLAGS.out,
} as const satisfies FlagTable;

export const PAIRS_HELP = `fos pairs FILES [options]

Matches each school that needs support (SW on its family chart beyond noise, or below --floor)
with a stronger partner (NE beyond noise, or in its family's top quartile in attainment and
improvement) serving a similar intake in another local authority, ${PARTNER_DEFAULTS.minDistanceKm} to ${PARTNER_DEFAULTS.maxKm} km away. The
matching is exact: as many schools as possible get a partner, then the total score is highest.
Every pair says why; every school left without a partner says why. Benchmarks first, as
'fos benchmark' does (the same grouping, --families and benchmark flags).

Options:
${flagHelp({ ...PAIR_FLAGS, ...PAIRS_OUTPUT })}
${helpLine(`grouping flags (${flagList(GROUP_FLAGS)}), --families and benchmark flags as for 'fos benchmark'; input flags as for 'fos group'`)}

Example:
  fos pairs --families families.csv --pins existing-pairs.csv --csv --out pairs.csv region.csv`;

/** Why no pair was made, and what to do. */
function noPairLines(result: Partners, year: number): string[] {
  if (result.needing === 0)
    return [
      `no pairs: no school needs support in ${year} (none is SW of its family beyond noise)`,
      "add --floor N to pair the schools with attainment below N too",
    ];
  return [
    `no pairs: none of the ${plural(result.needing, "school")} needing support could be matched with one of ${plural(result.supporters, "possible supporter")}`,
    "every school needing support, with the reason:",
    ...leftOutLines(result.unmatched),
  ];
}

/** fos pairs: partners for the schools that need support, with reasons. */
export async function pairs(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags("pairs", args, {
    ...INPUT_FLAGS,
    ...GROUP_FLAGS,
    ...BENCHMARK_FLAGS,
    ...PAIR_FLAGS,
    ...PAIRS_OUTPUT,
    help: OUTPUT_FLAGS.help,
  });
  if (helpOrCheck(PAIRS_HELP, values)) return 0;
  const options = partnerFlags(values);
  const benchmarks = benchmarksFromFlags(positionals, values);
  if (!benchmarks) return 1;
  if (benchmarks.families.length === 0) return nobodyPlaced(benchmarks);
  const result = timed("matching partners", () => matchPartners(benchmarks, options));
  if (result.pairs.length === 0) {
    pairNotes(benchmarks, result, values);
    const unplaced = benchmarks.unplaced.map((u) => ({ urn: u.urn, reason: `not placed in a family: ${u.reason}` }));
    throw new EmptyResult([...noPairLines(result, benchmarks.year), ...leftOutLines(unplaced)]);
  }
  if (values.csv) {
    const safe = { safeForSpreadsheets: true };
    const names = nameLookup(...benchmarks.families.map((f) => f.members), benchmarks.unplaced);
    const none = nameHeaders().map(() => undefined);
    const { unplaced } = benchmarks;
    function* lines() {
      yield csvLine([
        "supported",
        ...nameHeaders("supported_"),
        "supporter",
        ...nameHeaders("supporter_"),
        "family",
        "score",
        "pinned",
        "reasons",
      ]);
      for (const p of result.pairs)
        yield csvLine(
          [
            p.supported,
            ...names(p.supported),
            p.supporter,
            ...names(p.supporter),
            p.facts.supportedFamily,
            round(p.score),
            String(p.pinned),
            p.reasons.join("; "),
          ],
          safe,
        );
      for (const u of result.unmatched)
        yield csvLine([u.urn, ...names(u.urn), undefined, ...none, u.family, undefined, undefined, u.reason], safe);
      for (const u of unplaced) {
        const why = `not placed in a family: ${u.reason}`;
        yield csvLine([u.urn, ...names(u.urn), undefined, ...none, undefined, undefined, undefined, why], safe);
      }
    }
    await emit(linePieces(lines()), values.out);
  } else {
    const json = {
      year: benchmarks.year,
      method: result.method,
      priority: result.priority,
      needing: result.needing,
      supporters: result.supporters,
      totalScore: round(result.totalScore),
      distanceUnknown: result.distanceUnknown,
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
    await emit(jsonResult(json), values.out);
  }
  pairNotes(benchmarks, result, values);
  process.stderr.write(
    `${plural(result.needing, "school")} needing support, ${plural(result.supporters, "possible supporter")}: ${plural(result.pairs.length, "pair")}, ${result.unmatched.length} unmatched (${result.method})${notPlacedNote(benchmarks)}${writtenTo(values.out)}\n`,
  );
  return 0;
}
