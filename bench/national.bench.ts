// Families on real data at the size of England: every state-funded primary and secondary school in the January
// 2019 census (fixtures/dfe/england_census_2019_context.csv), grouped on disadvantage (% ever eligible for free
// school meals) and % EAL — the census has no prior attainment. Printed when the file loads: tightness against
// k-means and, on a seeded sample of 1,000 schools, the exact size-constrained k-means reference (about 20 s).
// Timed: groupFamilies and comparisonGroups on all of them.
import { readFileSync } from "node:fs";
import { bench, describe } from "vitest";
import { describeSchools } from "../src/group/features.js";
import { comparisonGroups, groupFamilies, groupingQuality, panel, readSchools, type SchoolYear } from "../src/index.js";
import { seededRandom } from "../src/internal/random.js";
import { bestKMeans, bestReference } from "./tightness.js";

const { records } = readSchools(
  readFileSync(new URL("../fixtures/dfe/england_census_2019_context.csv", import.meta.url), "utf8"),
);
const weights = { disadvantage: 1, eal: 1 };

/** A seeded sample of n records (Fisher–Yates on a copy). */
function sample(n: number, seed: number): SchoolYear[] {
  const random = seededRandom(seed);
  const copy = [...records];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [copy[i], copy[j]] = [copy[j] as SchoolYear, copy[i] as SchoolYear];
  }
  return copy.slice(0, n);
}

const rows: string[] = [];
for (const n of [1000, 2000, 5000, records.length]) {
  const some = n === records.length ? records : sample(n, 11);
  const g = groupFamilies(panel(some).schools, { weights });
  const q = groupingQuality(g);
  const set = describeSchools("bench", panel(some).schools, { weights });
  let line = `| ${g.schools.length} | ${g.families.length} | ${q.baselines!.kMeans.ratio.toFixed(3)} | ${(q.sse / bestKMeans(set)).toFixed(3)} |`;
  if (n === 1000) {
    const reference = bestReference(set);
    line += ` ${(q.sse / reference).toFixed(3)} (the reference is ${(reference / bestKMeans(set)).toFixed(3)}× k-means) |`;
  } else line += " – |";
  rows.push(line);
}
console.log(
  [
    "",
    "| schools grouped | families | ÷ k-means (seed 1) | ÷ best of 5 k-means | ÷ best of 5 exact constrained k-means |",
    "|---|---|---|---|---|",
    ...rows,
  ].join("\n"),
);

const { schools } = panel(records);
describe(`England's ${schools.length} state-funded schools (census 2019)`, () => {
  bench(
    "groupFamilies (disadvantage, EAL)",
    () => {
      groupFamilies(schools, { weights });
    },
    { iterations: 5, warmupIterations: 2 },
  );
  bench(
    "comparisonGroups k = 50 (disadvantage, EAL)",
    () => {
      comparisonGroups(schools, { k: 50, weights });
    },
    { iterations: 5, warmupIterations: 2 },
  );
});
