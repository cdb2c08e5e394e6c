// groupFamilies and comparisonGroups at n = 1,000 and 20,000: warmed timings (vitest bench), and a table of
// tightness against the exact size-constrained k-means reference (n = 1,000) and the two baselines, printed
// when the file loads. Larger sizes and peak memory: bench/scale.mjs.
import { bench, describe } from "vitest";
import { describeSchools } from "../src/features/features.js";
import { comparisonGroups, groupFamilies, groupingQuality, panel, syntheticRegion } from "../src/index.js";
import { bestKMeans as bestOfKMeans, bestReference } from "./tightness.js";

const rows: string[] = [];

function region(n: number, seed: number) {
  return syntheticRegion({
    primaries: Math.round(n * 0.83),
    secondaries: Math.round(n * 0.17),
    years: 1,
    detail: false,
    changes: false,
    seed,
  });
}

for (const n of [1000, 20000]) {
  const records = region(n, 7);
  const g = groupFamilies(panel(records).schools);
  const q = groupingQuality(g);
  const set = describeSchools("bench", panel(records).schools, {});
  const bestKMeans = bestOfKMeans(set);
  let line = `| ${n} | ${g.families.length} | ${q.sse.toFixed(2)} | ${q.baselines!.sortAndChop.ratio.toFixed(3)} | ${q.baselines!.kMeans.ratio.toFixed(3)} | ${(q.sse / bestKMeans).toFixed(3)} |`;
  if (n === 1000) {
    const t0 = performance.now();
    const reference = bestReference(set);
    line += ` ${(q.sse / reference).toFixed(3)} (the reference is ${(reference / bestKMeans).toFixed(3)}× k-means; ${((performance.now() - t0) / 1000).toFixed(0)} s for 5 seeds) |`;
  } else line += " – |";
  rows.push(line);
  const { schools } = panel(records);
  describe(`grouping ${n} schools`, () => {
    bench(
      `groupFamilies (${n} schools)`,
      () => {
        groupFamilies(schools);
      },
      { iterations: 5, warmupIterations: 2 },
    );
    bench(
      `comparisonGroups k = 50 (${n} schools)`,
      () => {
        comparisonGroups(schools, { k: 50 });
      },
      { iterations: 5, warmupIterations: 2 },
    );
  });
}

console.log(
  [
    "",
    "| n | families | SSE | ÷ sort-and-chop | ÷ k-means (seed 1) | ÷ best of 5 k-means | ÷ best of 5 exact constrained k-means |",
    "|---|---|---|---|---|---|---|",
    ...rows,
  ].join("\n"),
);
