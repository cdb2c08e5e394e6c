// matchPartners on all of England's size: 20,000 schools with four years of history, grouped and benchmarked
// once; about one school in ten needs support. Timed: the default rules (partners within the family), partners
// by intake distance across families (a much larger candidate graph), and the greedy mode.
import { bench, describe } from "vitest";
import { benchmarkFamilies, groupFamilies, matchPartners, panel, syntheticRegion } from "../src/index.js";

const records = syntheticRegion({ primaries: 16_600, secondaries: 3_400, years: 4, seed: 1 });
const { schools } = panel(records);
const benchmarks = benchmarkFamilies(groupFamilies(schools), schools);

const runs = [
  ["within families (default)", {}],
  ["by intake distance ≤ 0.5 SD, across families", { context: 0.5 }],
  ["greedy, within families", { method: "greedy" }],
] as const;
for (const [label, options] of runs) {
  const r = matchPartners(benchmarks, options);
  console.log(
    `matchPartners ${label}: ${r.needing} needing, ${r.supporters} supporters, ${r.pairs.length} pairs, ${r.unmatched.length} unmatched, total score ${r.totalScore.toFixed(2)}`,
  );
}

describe(`partners: ${schools.length} schools`, () => {
  for (const [label, options] of runs) {
    bench(
      `matchPartners ${label}`,
      () => {
        matchPartners(benchmarks, options);
      },
      { iterations: 5, warmupIterations: 1 },
    );
  }
});
