/// <reference types="node" />

import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { benchmarkFamilies } from "../../benchmark/benchmark.js";
import type { Benchmarks } from "../../benchmark/types.js";
import { groupingQuality } from "../../evaluate/quality.js";
import { type Grouping, groupFamilies } from "../../group/families.js";
import { FAMILY_SIZES } from "../../group/settings.js";
import { parseFlags } from "../../node/shell/flags.js";
import { readInput } from "../../node/shell/io.js";
import { UsageError } from "../../node/shell/usage.js";
import { type Panel, panel, readLinks } from "../../panel/panel.js";
import { matchPartners } from "../../partner/match.js";
import { combineReads } from "../../read/combine.js";
import { readGias } from "../../read/gias.js";
import { type ReadResult, readSchools } from "../../read/read.js";
import { joinRegister, registerPhases } from "../../read/register.js";
import { schoolsToCsv } from "../../read/write.js";
import { familyReport } from "../../render/report.js";
import { syntheticRegion } from "../../synthetic/region.js";
import { places } from "./places.js";
import { report } from "./report.js";

/** A file shipped with the package (dist/cli.js sits beside fixtures/ in the package and in the repository). */
const shipped = (name: string): string => fileURLToPath(new URL(`../fixtures/dfe/${name}`, import.meta.url));

export const DEMO_HELP = `fos demo

Shows the whole job on data the package ships, and writes three reports to demo-output/ in the
current folder: the family report of a synthetic city region (made in memory by syntheticRegion():
invented schools), the family report of real DfE KS2 excerpts for Hampshire joined to GIAS, and the
place report (neighbourhood clusters, each with its map) of real GIAS and 2019 census, absence and
KS4 excerpts for Bury and Rochdale. It prints what it found, the fos command that made each real
report (run them on your own files), and where to download the full files. Runs anywhere fos is
installed.`;

const out = (s = ""): void => {
  process.stdout.write(`${s}\n`);
};

/** fos demo: the main job on the fixture region and the real DfE excerpts, told as it goes. */
export async function demo(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags("demo", args, { help: { type: "boolean", short: "h" } });
  if (values.help) {
    process.stdout.write(`${DEMO_HELP}\n`);
    return 0;
  }
  if (positionals.length > 0)
    throw new UsageError(`demo takes no files (it uses what the package ships), not '${positionals[0]}'`);
  // The region as a CSV file would give it: written and read back in memory, so its read report is a file's.
  const region = "syntheticRegion() (a made-up region shaped like Greater Manchester; no real school)";
  const read = readSchools(schoolsToCsv(syntheticRegion()), { file: "region.csv" });
  const p = panel(read.records);
  describeRegion(region, read, p);
  const grouping = describeFamilies(p);
  const bench = describeBenchmarks(grouping, p);
  describePartners(bench, grouping);
  describeDfeExcerpt();
  const written = await realReports();
  if (written !== 0) return written;
  describeDownloads();
  return 0;
}

function describeRegion(region: string, read: ReadResult, p: Panel): void {
  out(`Synthetic region: ${region}`);
  out(
    `  ${read.report.rows} rows → ${read.records.length} school-year records, ${read.report.skipped.length} skipped, years ${read.report.years.join(", ")}`,
  );
  const byPhase = new Map<string, number>();
  for (const s of p.schools) byPhase.set(s.phase, (byPhase.get(s.phase) ?? 0) + 1);
  out(`  ${p.schools.length} schools: ${[...byPhase].map(([k, v]) => `${v} ${k}`).join(", ")}`);
  const las = new Map<string, number>();
  for (const s of p.schools) las.set(s.la ?? "(none)", (las.get(s.la ?? "(none)") ?? 0) + 1);
  out(
    `  ${las.size} local authorities: ${[...las]
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
  );
  out(`  ${p.joined.length} academy conversions followed (histories joined under the new URN)`);
  const suppressed = Object.entries(read.report.missing).filter(([k]) => k.startsWith("subgroups."));
  out(`  sub-group results suppressed (small groups): ${suppressed.map(([k, v]) => `${k.slice(10)} ${v}`).join(", ")}`);
  out();
}

function describeFamilies(p: Panel): Grouping {
  const started = performance.now();
  const grouping = groupFamilies(p.schools);
  const took = performance.now() - started;
  const quality = groupingQuality(grouping);
  out(
    `Families of Schools (${FAMILY_SIZES.min}–${FAMILY_SIZES.max} schools, per phase, on prior attainment and disadvantage; ${took.toFixed(0)} ms):`,
  );
  for (const key of [...new Set(grouping.families.map((f) => f.partition))]) {
    const fams = grouping.families.filter((f) => f.partition === key);
    const sizes = fams.map((f) => f.size);
    out(
      `  ${key}: ${fams.length} families (${fams[0]?.id}–${fams[fams.length - 1]?.id}) of ${Math.min(...sizes)}–${Math.max(...sizes)} schools`,
    );
  }
  const first = grouping.families[0];
  if (first) {
    const las = new Set(first.members.map((u) => grouping.schools.find((s) => s.urn === u)?.la));
    out(
      `  ${first.id}: ${first.size} schools from ${las.size} local authorities, prior attainment ${first.centroid.priorAttainment?.toFixed(1)}, ${first.centroid.disadvantage?.toFixed(0)}% disadvantaged on average`,
    );
  }
  const b = quality.baselines;
  if (b) {
    out(
      `  tightness (SSE ${quality.sse.toFixed(1)}): ${(1 / b.sortAndChop.ratio).toFixed(1)}× tighter than sort-and-chop on a composite score; ${b.kMeans.ratio.toFixed(2)}× unconstrained k-means, whose clusters run from ${b.kMeans.smallest} to ${b.kMeans.largest} schools`,
    );
  }
  out(
    `  ${quality.outliers.length} schools sit far from their family's centre (listed by groupingQuality; explainFamily says why)`,
  );
  out(`  ${grouping.unassigned.length} schools could not be grouped`);
  out();
  return grouping;
}

function describeBenchmarks(grouping: Grouping, p: Panel): Benchmarks {
  const bench = benchmarkFamilies(grouping, p.schools);
  const placed = bench.families.flatMap((f) => f.members).filter((m) => m.position);
  const noise = placed.filter((m) => m.position?.withinNoise === true).length;
  const quarter = (q: string): number => placed.filter((m) => m.position?.quadrant === q).length;
  const moved = bench.families.reduce((t, f) => t + f.movement.movedNorthEast, 0);
  const compared = bench.families.reduce((t, f) => t + f.movement.compared, 0);
  out(
    `Family benchmarks for ${bench.year} (improvement: least-squares slope over ${bench.year - 2}–${bench.year}; target: the family's upper quartile):`,
  );
  out(
    `  ${placed.length} schools placed on their family's chart: NE ${quarter("NE")}, NW ${quarter("NW")}, SE ${quarter("SE")}, SW ${quarter("SW")}`,
  );
  out(
    `  ${noise} of them (${Math.round((100 * noise) / Math.max(placed.length, 1))}%) cannot be told from their family average at 95%: one year of a small cohort is mostly noise`,
  );
  out(`  ${moved} of ${compared} schools moved north-east since ${bench.previousYear} by more than chance`);
  const f1 = bench.families[0];
  if (f1?.averages.attainment && f1.averages.improvement) {
    out(
      `  ${f1.id}: average ${f1.averages.attainment.mean.toFixed(1)}% meeting the expected standard, improving ${f1.averages.improvement.mean.toFixed(1)} percentage points a year; target ${f1.averages.attainment.upperQuartile.toFixed(1)}%`,
    );
    const lead = Object.entries(f1.leaders.subjects).map(
      ([k, v]) => `${k} ${grouping.schools.find((x) => x.urn === v.urn)?.name ?? v.urn}`,
    );
    if (lead.length) out(`  ${f1.id} leads by subject (where it is working well): ${lead.join("; ")}`);
  }
  out();
  return bench;
}

function describePartners(bench: Benchmarks, grouping: Grouping): void {
  const partners = matchPartners(bench);
  out(
    `Partner pairs (a stronger school in the same family, another local authority, 5 to 50 km away where located; exact matching):`,
  );
  out(
    `  ${partners.needing} schools need support (SW beyond noise), ${partners.supporters} can give it: ${partners.pairs.length} pairs, ${partners.unmatched.length} without a partner (each with its reason)`,
  );
  const pair = partners.pairs[0];
  if (pair) {
    const nameOf = (urn: string) => grouping.schools.find((x) => x.urn === urn)?.name ?? urn;
    out(`  e.g. ${nameOf(pair.supported)} with ${nameOf(pair.supporter)}:`);
    for (const reason of pair.reasons) out(`    - ${reason}`);
  }
  const reportPath = "demo-output/fixture-region-report.html";
  mkdirSync(dirname(reportPath), { recursive: true });
  writeFileSync(reportPath, familyReport(bench, { partners, title: "Families of Schools: the fixture region" }));
  out(`  family report (charts, tables, pairs; open it in a browser, or print it): ${resolve(reportPath)}`);
  out();
}

function describeDfeExcerpt(): void {
  const ks2 = ["2016-2017", "2017-2018", "2018-2019"].map((y) => `${y}_850_excerpt_ks2final.csv`);
  const register = readGias(readInput({ path: shipped("2022-04-20_gias_850_excerpt.csv") })).establishments;
  const reads = ks2.map((f) =>
    readSchools(readInput({ path: shipped(f) }), { preset: "dfe-ks2", file: f, phases: registerPhases(register) }),
  );
  const joined = joinRegister(combineReads(reads).records, register);
  const links = readLinks(readInput({ path: shipped("2021_giaslinks_excerpt.csv") })).links;
  const hp = panel(joined.records, { links });
  out("Real DfE excerpt: Hampshire KS2, three years (dfe-ks2 preset), joined to GIAS and its links file");
  for (const r of reads) {
    const reasons = new Map<string, number>();
    for (const s of r.report.skipped) {
      const kind = s.reason.replace(/ \(.*$/, "");
      reasons.set(kind, (reasons.get(kind) ?? 0) + 1);
    }
    out(
      `  ${r.report.file}: ${r.report.records} schools read; rows skipped: ${[...reasons].map(([k, v]) => `${k} ${v}`).join(", ")}`,
    );
  }
  out(
    `  GIAS: ${joined.filled.easting} records located, local authority named (${hp.schools[0]?.laName ?? "–"}), ${joined.notFound.length} URNs not in the register, ${joined.closed.length} schools since closed`,
  );
  for (const s of hp.schools.filter((x) => x.urns.length > 1)) {
    out(
      `  ${s.name ?? s.urn}: URNs ${s.urns.join(" → ")}, ${s.years.map((y) => `${y.year} ${y.attainment ?? "–"}%`).join(", ")} meeting the expected standard`,
    );
  }
  const bench = benchmarkFamilies(groupFamilies(hp.schools), hp.schools);
  const partners = matchPartners(bench, { differentLa: false });
  out(
    `  one authority's schools in ${bench.families.length} families; with partners allowed in the same authority (--same-la), ${partners.pairs.length} pairs, each 5 to 50 km apart:`,
  );
  const pair = partners.pairs[0];
  if (pair) {
    const nameOf = (urn: string) => hp.schools.find((x) => x.urn === urn)?.name ?? urn;
    out(`    e.g. ${nameOf(pair.supported)} with ${nameOf(pair.supporter)}: ${pair.reasons[1]}`);
  }
  out();
}

/** A shipped file as the user would type it: relative to the current folder where it lies below it. */
function typed(name: string): string {
  const path = relative(process.cwd(), shipped(name));
  return path.startsWith("..") || isAbsolute(path) ? shipped(name) : path;
}

/**
 * The real excerpts' reports, made by the commands a user would type (run here as they are printed), so that what
 * the demo shows is what those commands give on the user's own files.
 */
async function realReports(): Promise<number> {
  const ks2 = ["2016-2017", "2017-2018", "2018-2019"].map((y) => typed(`${y}_850_excerpt_ks2final.csv`));
  const gias = ["--gias", typed("2022-04-20_gias_850_excerpt.csv"), "--links", typed("2021_giaslinks_excerpt.csv")];
  const family = "demo-output/hampshire-report.html";
  const place = "demo-output/bury-rochdale-places.html";
  const runs: [string, string, (args: string[]) => Promise<number>, string[]][] = [
    [
      "family report, Hampshire (three years of KS2, one authority, so partners in the same one)",
      family,
      report,
      ["report", "--preset", "dfe-ks2", ...gias, "--same-la", "--out", family, ...ks2],
    ],
    [
      "place report, Bury and Rochdale (GIAS 2022 with the 2019 census, absence and KS4): each place with its map",
      place,
      places,
      [
        "places",
        typed("351_354_2019_context.csv"),
        "--gias",
        typed("2022-07_gias_351_354_excerpt.csv"),
        "--out",
        place,
      ],
    ],
  ];
  mkdirSync("demo-output", { recursive: true });
  out("Reports from the real excerpts, and the commands that made them (run them on your own files):");
  for (const [what, path, command, args] of runs) {
    out(`  ${what}: ${resolve(path)}`);
    out(`    npx fos ${args.join(" ")}`);
    const status = await command(args.slice(1));
    if (status !== 0) return status;
  }
  out();
  return 0;
}

function describeDownloads(): void {
  out("Where to get the full files (free, Open Government Licence v3.0):");
  out("  KS2 and KS4 results, a file a year (name it 2018-2019_….csv, or give the year: 2019=FILE): the DfE's");
  out("    Compare school and college performance,");
  out("    https://www.compare-school-performance.service.gov.uk/download-data");
  out("  GIAS establishment file (edubasealldataYYYYMMDD.csv) and links file: Get Information about Schools,");
  out("    https://get-information-schools.service.gov.uk/Downloads");
  out("  census (Schools, pupils and their characteristics) and absence (Pupil absence in schools in England):");
  out("    https://explore-education-statistics.service.gov.uk");
}
