// familyChart and familyReport on the fixture region (1,042 schools, 65 families) with its partner pairs.
import { readFileSync } from "node:fs";
import { bench, describe } from "vitest";
import {
  benchmarkFamilies,
  familyChart,
  familyReport,
  groupFamilies,
  matchPartners,
  panel,
  readSchools,
} from "../src/index.js";

const { records } = readSchools(readFileSync(new URL("../fixtures/region/region.csv", import.meta.url), "utf8"));
const { schools } = panel(records);
const benchmarks = benchmarkFamilies(groupFamilies(schools), schools);
const partners = matchPartners(benchmarks);
console.log(
  `familyReport: ${(familyReport(benchmarks, { partners }).length / 1e6).toFixed(2)} MB of HTML for ${benchmarks.families.length} families`,
);

describe("pictures for the fixture region", () => {
  bench(
    "familyChart (one family, with arrows)",
    () => {
      familyChart(benchmarks.families[0] as (typeof benchmarks.families)[number], { arrows: true });
    },
    { iterations: 200, warmupIterations: 20 },
  );
  bench(
    "familyReport (65 families, with pairs)",
    () => {
      familyReport(benchmarks, { partners });
    },
    { iterations: 10, warmupIterations: 2 },
  );
});
