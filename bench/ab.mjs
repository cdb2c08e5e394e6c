// Interleaved A/B timing of two builds in one process, for a machine whose speed drifts from minute to minute
// (a plain before/after run here can differ by 25% for no reason). Each round runs both builds, alternating
// which goes first; the first 8 rounds warm up. Build both first (e.g. `git worktree add /tmp/old <commit>`, `npm
// run build` there and here; each dist needs node_modules beside it or above it).
//
//   node bench/ab.mjs <dist A>/index.js <dist B>/index.js [benchmark|comparison|read|group|partners] [rounds]
//
// On 20,000 schools × 4 years: benchmark: benchmarkFamilies; comparison: comparisonGroups k = 50; read: readSchools
// of the generic CSV (14 MB); group: groupFamilies; partners: matchPartners on the benchmarks.
const [a, b, what = "benchmark", roundsArg = "50"] = process.argv.slice(2);
if (!a || !b) {
  console.error(
    "usage: node bench/ab.mjs <A index.js> <B index.js> [benchmark|comparison|read|group|partners] [rounds]",
  );
  process.exit(2);
}
const A = await import(new URL(a, `file://${process.cwd()}/`).href);
const B = await import(new URL(b, `file://${process.cwd()}/`).href);
const records = A.syntheticRegion({ primaries: 16_600, secondaries: 3_400, years: 4, seed: 1 });
const { schools } = A.panel(records);
const grouping = A.groupFamilies(schools);
const text = what === "read" ? A.schoolsToCsv(records) : "";
const benchmarks = what === "partners" ? A.benchmarkFamilies(grouping, schools) : undefined;
const runs = {
  benchmark: (M) => M.benchmarkFamilies(grouping, schools),
  comparison: (M) => M.comparisonGroups(schools, { k: 50 }),
  read: (M) => M.readSchools(text),
  group: (M) => M.groupFamilies(schools),
  partners: (M) => M.matchPartners(benchmarks),
};
const run = runs[what];
if (!run) throw new Error(`unknown benchmark ${what}: use ${Object.keys(runs).join(", ")}`);
const times = { A: [], B: [] };
for (let i = 0; i < Number(roundsArg); i++) {
  for (const [k, M] of i % 2
    ? [
        ["A", A],
        ["B", B],
      ]
    : [
        ["B", B],
        ["A", A],
      ]) {
    const start = performance.now();
    run(M);
    times[k].push(performance.now() - start);
  }
}
for (const k of ["A", "B"]) {
  const t = times[k].slice(8).sort((x, y) => x - y);
  const mean = t.reduce((s, x) => s + x, 0) / t.length;
  console.log(
    `${k} ${what}: median ${t[t.length >> 1].toFixed(1)} ms, mean ${mean.toFixed(1)} ms, min ${t[0].toFixed(1)} ms (${t.length} runs)`,
  );
}
