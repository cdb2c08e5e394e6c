/// <reference types="node" />
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type Benchmarks,
  benchmarkFamilies,
  combineReads,
  familyReport,
  type Grouping,
  groupFamilies,
  groupingQuality,
  joinRegister,
  matchPartners,
  type Panel,
  panel,
  type ReadResult,
  readGias,
  readLinks,
  readSchools,
  registerPhases,
  schoolsToCsv,
  syntheticRegion,
} from "families-of-schools";
import { readInput } from "../io.js";

/** A file shipped with the package (dist/cli.js sits beside fixtures/ in the package and in the repository). */
const shipped = (name: string): string => fileURLToPath(new URL(`../fixtures/dfe/${name}`, import.meta.url));

export const DEMO_HELP = `fos demo

Runs the main job on a synthetic city region made in memory (syntheticRegion(), the same data as
fixtures/region/region.csv) and on real DfE excerpts shipped with the package (Hampshire KS2,
three years, joined to GIAS), prints what it found, and writes the region's family report to
demo-output/fixture-region-report.html in the current folder. Runs anywhere fos is installed.`;

const out = (s = ""): void => {
  process.stdout.write(`${s}\n`);
};

/** fos demo: the main job on the fixture region and the real DfE excerpts, told as it goes. */
export function demo(args: string[]): number {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(`${DEMO_HELP}\n`);
    return 0;
  }
  // The region as a CSV file would give it: written and read back in memory, so its read report is a file's.
  const region = "syntheticRegion() (the same data as fixtures/region/region.csv)";
  const read = readSchools(schoolsToCsv(syntheticRegion()), { file: "region.csv" });
  const p = panel(read.records);
  describeRegion(region, read, p);
  const grouping = describeFamilies(p);
  const bench = describeBenchmarks(grouping, p);
  describePartners(bench, grouping);
  describeDfeExcerpt();
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
  out(`Families of Schools (12–20 schools, per phase, on prior attainment and disadvantage; ${took.toFixed(0)} ms):`);
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
  if (pair) out(`    e.g. ${pair.reasons[1]}`);
}
