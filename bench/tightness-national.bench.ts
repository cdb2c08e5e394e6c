// Issue 28: groupFamilies, standard and thorough, against the exact size-constrained k-means reference
// (bench/reference/) on real national data: primary schools in the January 2019 census
// (fixtures/dfe/england_census_2019_context.csv) on disadvantage and EAL, weight 1 each, one partition (`by:
// "none"`), 12–20 a family; seeded samples of 1,000 and 4,000 (seed 11, as bench/national.bench.ts draws them) and
// all 16,768; and the 3,394 secondaries on disadvantage, EAL and SEN. Printed when the file loads:
//
//   npx vitest bench --run --project unit bench/tightness-national.bench.ts
//
// The reference's best of five seeds is the recorded one (bench/RESULTS.md, issue 16: ten minutes at 16,768):
// FOS_REFERENCE=1 computes it again (FOS_REFERENCE=small: only below 10,000 schools). FOS_EFFORT=standard leaves the
// thorough effort out (half a minute at 16,768).
import { readFileSync } from "node:fs";
import { bench, describe } from "vitest";
import { describeSchools } from "../src/features/features.js";
import { groupFamilies, groupingQuality, panel, readSchools } from "../src/index.js";
import { bestReference, sampleOf } from "./tightness.js";

const { records } = readSchools(
  readFileSync(new URL("../fixtures/dfe/england_census_2019_context.csv", import.meta.url), "utf8"),
);
const primaries = records.filter((r) => r.phase === "primary");
const secondaries = records.filter((r) => r.phase === "secondary");
const twoFeatures = { weights: { disadvantage: 1, eal: 1 }, by: "none" as const };
const threeFeatures = { weights: { disadvantage: 1, eal: 1, sen: 1 }, by: "none" as const };

/** The cases, each with the reference's best of five as issue 16 recorded it (bench/RESULTS.md). */
const cases = [
  { label: "primary, 1,000 (sample)", from: primaries, n: 1000, options: twoFeatures, recorded: 15.693 },
  { label: "primary, 4,000 (sample)", from: primaries, n: 4000, options: twoFeatures, recorded: 18.161 },
  { label: "primary, all", from: primaries, n: Number.POSITIVE_INFINITY, options: twoFeatures, recorded: 22.726 },
  { label: "secondary, all", from: secondaries, n: Number.POSITIVE_INFINITY, options: threeFeatures, recorded: 91.552 },
];

const timed = (run: () => number): [number, number] => {
  const t0 = performance.now();
  const v = run();
  return [v, (performance.now() - t0) / 1000];
};

const rows: string[] = [];
for (const c of cases) {
  const schools = panel(c.n >= c.from.length ? c.from : sampleOf(c.from, c.n, 11)).schools;
  const set = describeSchools("bench", schools, c.options);
  const grouped = set.partitions[0]?.points.length ?? 0;
  const again = process.env.FOS_REFERENCE === "1" || (process.env.FOS_REFERENCE === "small" && grouped < 10_000);
  const [reference, tr] = again ? timed(() => bestReference(set)) : [c.recorded, 0];
  const [standard, ts] = timed(() => groupingQuality(groupFamilies(schools, c.options)).sse);
  const [thorough, tt] =
    process.env.FOS_EFFORT === "standard"
      ? [Number.NaN, 0]
      : timed(() => groupingQuality(groupFamilies(schools, { ...c.options, effort: "thorough" })).sse);
  rows.push(
    `| ${c.label} | ${grouped.toLocaleString("en-GB")} | ${reference.toFixed(3)}${again ? ` (${tr.toFixed(0)} s)` : " (recorded)"} | ${standard.toFixed(3)} | ${(standard / reference).toFixed(3)} (${ts.toFixed(2)} s) | ${thorough.toFixed(3)} | ${(thorough / reference).toFixed(3)} (${tt.toFixed(1)} s) |`,
  );
}
console.log(
  [
    "",
    "| case | schools | reference SSE, best of 5 | standard SSE | standard ÷ reference (time) | thorough SSE | thorough ÷ reference (time) |",
    "|---|---|---|---|---|---|---|",
    ...rows,
  ].join("\n"),
);

const some = panel(sampleOf(primaries, 4000, 11)).schools;
describe("4,000 primary schools (census 2019, disadvantage and EAL)", () => {
  bench(
    "groupFamilies, one partition",
    () => {
      groupFamilies(some, twoFeatures);
    },
    { iterations: 5, warmupIterations: 2 },
  );
});
