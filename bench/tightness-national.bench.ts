// Issue 28: groupFamilies, standard and thorough, against the exact size-constrained k-means reference
// (bench/reference/) on real national data: primary schools in the January 2019 census
// (fixtures/dfe/england_census_2019_context.csv) on disadvantage and EAL, weight 1 each, one partition (`by:
// "none"`), 12–20 a family; seeded samples of 1,000 and 4,000 (seed 11, as bench/national.bench.ts draws them) and
// all 16,768. Printed when the file loads:
//
//   npx vitest bench --run bench/tightness-national.bench.ts
//
// The reference's best of five seeds is the recorded one (bench/RESULTS.md, issue 16: ten minutes at 16,768):
// FOS_REFERENCE=1 computes it again (FOS_REFERENCE=small: only at 1,000 and 4,000). FOS_EFFORT=standard leaves the
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
const options = { weights: { disadvantage: 1, eal: 1 }, by: "none" as const };

/** The reference's best of five (bench/RESULTS.md, issue 16), by the number of schools grouped. */
const RECORDED: Record<number, number> = { 1000: 15.693, 4000: 18.161, 16768: 22.726 };

const timed = (run: () => number): [number, number] => {
  const t0 = performance.now();
  const v = run();
  return [v, (performance.now() - t0) / 1000];
};

const rows: string[] = [];
for (const n of [1000, 4000, primaries.length]) {
  const schools = panel(n >= primaries.length ? primaries : sampleOf(primaries, n, 11)).schools;
  const set = describeSchools("bench", schools, options);
  const grouped = set.partitions[0]?.points.length ?? 0;
  const again = process.env.FOS_REFERENCE === "1" || (process.env.FOS_REFERENCE === "small" && n < 10_000);
  const [reference, tr] = again ? timed(() => bestReference(set)) : [RECORDED[grouped] as number, 0];
  const [standard, ts] = timed(() => groupingQuality(groupFamilies(schools, options)).sse);
  const [thorough, tt] =
    process.env.FOS_EFFORT === "standard"
      ? [Number.NaN, 0]
      : timed(() => groupingQuality(groupFamilies(schools, { ...options, effort: "thorough" })).sse);
  rows.push(
    `| ${grouped.toLocaleString("en-GB")} | ${reference.toFixed(3)}${again ? ` (${tr.toFixed(0)} s)` : " (recorded)"} | ${standard.toFixed(3)} | ${(standard / reference).toFixed(3)} (${ts.toFixed(2)} s) | ${thorough.toFixed(3)} | ${(thorough / reference).toFixed(3)} (${tt.toFixed(1)} s) |`,
  );
}
console.log(
  [
    "",
    "| primary schools | reference SSE, best of 5 | standard SSE | standard ÷ reference (time) | thorough SSE | thorough ÷ reference (time) |",
    "|---|---|---|---|---|---|",
    ...rows,
  ].join("\n"),
);

const some = panel(sampleOf(primaries, 4000, 11)).schools;
describe("4,000 primary schools (census 2019, disadvantage and EAL)", () => {
  bench(
    "groupFamilies, one partition",
    () => {
      groupFamilies(some, options);
    },
    { iterations: 5, warmupIterations: 2 },
  );
});
