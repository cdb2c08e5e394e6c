// fitWeights on 20,000 synthetic schools (five features, five folds), timed from the built package as a user runs
// it (vitest's transform makes the same run slower: see bench/accuracy.bench.ts). Needs `npm run build` first.
//   node bench/fit-weights.mjs
import { fitWeights, panel, syntheticRegion } from "../dist/index.js";

const { schools } = panel(syntheticRegion({ primaries: 16500, secondaries: 3500, detail: false }));
for (let run = 1; run <= 3; run++) {
  const t0 = performance.now();
  const f = fitWeights(schools);
  const ms = performance.now() - t0;
  console.log(
    `run ${run}: ${(ms / 1000).toFixed(1)} s; held-out R² ${f.equal.r2.toFixed(3)} (equal) → ${f.fitted.r2.toFixed(3)} (fitted)`,
  );
}
