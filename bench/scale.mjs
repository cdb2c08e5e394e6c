// Time and peak memory of groupFamilies and comparisonGroups at 1,000 to 1,000,000 schools.
// Each size and function runs in a fresh Node process, so that its peak memory (maxRSS) is its own.
// Run by `npm run bench` after the vitest benchmarks (it needs `npm run build` first, which bench does).
//   node bench/scale.mjs            all sizes
//   node bench/scale.mjs 20000      one size
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const [, , mode, nArg, fnArg, distArg] = process.argv;

if (mode === "--child") {
  // The build to time: this checkout's, or another's `index.js` (a file: URL; bench/fresh-ab.mjs passes one).
  const { syntheticRegion, panel, groupFamilies, comparisonGroups } = await import(distArg ?? "../dist/index.js");
  const n = Number(nArg);
  const records = syntheticRegion({
    primaries: Math.round(n * 0.83),
    secondaries: n - Math.round(n * 0.83),
    years: 1,
    detail: false,
    changes: false,
    seed: 11,
  });
  const { schools } = panel(records);
  const before = process.resourceUsage().maxRSS / 1024;
  const t0 = performance.now();
  const out = fnArg === "groupFamilies" ? groupFamilies(schools) : comparisonGroups(schools, { k: 50 });
  const ms = performance.now() - t0;
  const peak = process.resourceUsage().maxRSS / 1024;
  const size =
    fnArg === "groupFamilies"
      ? `${out.families.length} families`
      : `${out.groups.length} groups of ${out.groups[0]?.neighbours.length}`;
  process.stdout.write(JSON.stringify({ n, fn: fnArg, ms, before, peak, size }));
  process.exit(0);
}

const sizes = nArg ? [Number(nArg)] : mode ? [Number(mode)] : [1_000, 20_000, 200_000, 1_000_000];
const self = fileURLToPath(import.meta.url);
const rows = [];
for (const n of sizes) {
  for (const fn of ["groupFamilies", "comparisonGroups"]) {
    const out = execFileSync(process.execPath, ["--max-old-space-size=16000", self, "--child", String(n), fn], {
      encoding: "utf8",
      maxBuffer: 1e6,
    });
    const r = JSON.parse(out);
    rows.push(
      `| ${n.toLocaleString("en-GB")} | ${fn} | ${(r.ms / 1000).toFixed(r.ms < 10_000 ? 3 : 1)} s | ${Math.round(r.peak)} MB | ${Math.round(r.before)} MB | ${r.size} |`,
    );
    console.error(rows[rows.length - 1]);
  }
}
console.log(
  [
    "| n | function | time (one run) | peak RSS | of which data before the call | result |",
    "|---|---|---|---|---|---|",
    ...rows,
  ].join("\n"),
);
