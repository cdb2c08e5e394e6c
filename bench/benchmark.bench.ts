import { bench, describe } from "vitest";
import { benchmarkFamilies, groupFamilies, panel, syntheticRegion } from "../src/index.js";

// All of England's size with history: 20,000 schools, four years each, sub-groups and subjects.
const records = syntheticRegion({ primaries: 16_600, secondaries: 3_400, years: 4, seed: 1 });
const { schools } = panel(records);
const grouping = groupFamilies(schools);

describe(`benchmarks: ${schools.length} schools × 4 years, ${grouping.families.length} families`, () => {
  bench(
    "benchmarkFamilies",
    () => {
      benchmarkFamilies(grouping, schools);
    },
    { iterations: 30, warmupIterations: 5 },
  );
});
