// Stable families across years on the fixture region: the families of 2016 (context averaged over up to three
// years) carried to 2017, 2018 and 2019 by regroupFamilies, at several outlier thresholds and move penalties.
// Printed when the file loads: churn (share of continuing schools that changed family) and SSE ÷ a fresh
// grouping of the same year. Timed: one year's regroup.
import { readFileSync } from "node:fs";
import { bench, describe } from "vitest";
import { groupFamilies, panel, readSchools, regroupFamilies, type School } from "../src/index.js";

const { records } = readSchools(readFileSync(new URL("../fixtures/region/region.csv", import.meta.url), "utf8"));
const { schools } = panel(records);
const upTo = (y: number): School[] =>
  schools
    .filter((s) => s.years.some((r) => r.year <= y))
    .map((s) => ({ ...s, years: s.years.filter((r) => r.year <= y) }));
const contextYears = 3;
const settings: [number, number, number][] = [
  [0.95, Infinity, 3],
  [1, Infinity, 3],
  [0.99, Infinity, 3],
  [0.95, 0.5, 3],
  [1, 2, 3],
  [1, 1, 3],
  [1, 0.5, 3],
  [1, 0, 3],
  [0.95, Infinity, 1],
  [1, Infinity, 1],
  [1, 0, 1],
];
const rows: string[] = [];
for (const [q, penalty, contextYears] of settings) {
  let prev: Record<string, string> = Object.fromEntries(
    groupFamilies(upTo(2016), { contextYears }).schools.map((s) => [s.urn, s.family]),
  );
  const cells: string[] = [];
  for (const year of [2017, 2018, 2019]) {
    const r = regroupFamilies(upTo(year), prev, { year, contextYears, outlierQuantile: q, movePenalty: penalty });
    cells.push(`${(100 * r.churn.share).toFixed(1)}% / ${r.stability.ratio.toFixed(2)}×`);
    prev = Object.fromEntries(r.schools.map((s) => [s.urn, s.family]));
  }
  rows.push(`| ${contextYears} | ${q} | ${penalty === Infinity ? "none" : penalty} | ${cells.join(" | ")} |`);
}
console.log(
  [
    "",
    "| contextYears | outlierQuantile | movePenalty | 2017 churn / SSE ÷ fresh | 2018 | 2019 |",
    "|---|---|---|---|---|---|",
    ...rows,
  ].join("\n"),
);

// The same on real data: every Hampshire primary school in the DfE's KS2 tables, 2017 → 2018 → 2019.
const hants = panel(
  readSchools(readFileSync(new URL("../fixtures/dfe/hampshire_ks2_2017-2019.csv", import.meta.url), "utf8")).records,
).schools;
const hantsUpTo = (y: number): School[] =>
  hants
    .filter((s) => s.years.some((r) => r.year <= y))
    .map((s) => ({ ...s, years: s.years.filter((r) => r.year <= y) }));
const real: string[] = [];
for (const [q, penalty, years] of [
  [0.95, Infinity, 1],
  [1, Infinity, 1],
  [1, 0, 1],
  [0.95, Infinity, 3],
  [1, Infinity, 3],
  [0.95, 0.5, 3],
  [1, 1, 3],
  [1, 0, 3],
] as const) {
  let prev: Record<string, string> = Object.fromEntries(
    groupFamilies(hantsUpTo(2017), { year: 2017, contextYears: years }).schools.map((s) => [s.urn, s.family]),
  );
  const cells: string[] = [];
  for (const year of [2018, 2019]) {
    const r = regroupFamilies(hantsUpTo(year), prev, {
      year,
      contextYears: years,
      outlierQuantile: q,
      movePenalty: penalty,
    });
    cells.push(`${(100 * r.churn.share).toFixed(1)}% / ${r.stability.ratio.toFixed(2)}×`);
    prev = Object.fromEntries(r.schools.map((s) => [s.urn, s.family]));
  }
  real.push(`| ${years} | ${q} | ${penalty === Infinity ? "none" : penalty} | ${cells.join(" | ")} |`);
}
console.log(
  [
    "",
    "Hampshire KS2 (real):",
    "| contextYears | outlierQuantile | movePenalty | 2018 churn / SSE ÷ fresh | 2019 |",
    "|---|---|---|---|---|",
    ...real,
  ].join("\n"),
);

const data2019 = upTo(2019);
const prev2018 = Object.fromEntries(groupFamilies(upTo(2018), { contextYears }).schools.map((s) => [s.urn, s.family]));
describe("regrouping the fixture region", () => {
  bench(
    "regroupFamilies 2018 → 2019 (1,042 schools)",
    () => {
      regroupFamilies(data2019, prev2018, { year: 2019, contextYears });
    },
    { iterations: 10, warmupIterations: 2 },
  );
});
