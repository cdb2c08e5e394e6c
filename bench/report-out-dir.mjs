// England-sized report (issue 26, item 4): `fos report --out-dir` on 20,000 synthetic schools over four years, as a
// user runs it (the built CLI, reading a CSV). Prints the wall time, the number of files and the largest file: the
// targets are 15 s and 2 MB a file. Needs `npm run build` first.
//   node bench/report-out-dir.mjs           20,000 schools
//   node bench/report-out-dir.mjs 5000      another size
//   node bench/report-out-dir.mjs 20000 --out   the single page (--out), for comparison
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { schoolsToCsv, syntheticRegion } from "../dist/index.js";

const n = Number(process.argv[2] ?? 20_000);
const single = process.argv.includes("--out");
const root = fileURLToPath(new URL("..", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "fos-bench-"));
try {
  const primaries = Math.round(n * 0.83);
  const csv = join(work, "region.csv");
  writeFileSync(csv, schoolsToCsv(syntheticRegion({ primaries, secondaries: n - primaries, years: 4, seed: 1 })));
  const dir = join(work, "report");
  const target = single ? ["--out", join(work, "report.html")] : ["--out-dir", dir];
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [join(root, "dist/cli.js"), "report", ...target, csv], {
    encoding: "utf8",
    stdio: ["ignore", "ignore", "pipe"],
  });
  const ms = performance.now() - t0;
  if (run.status !== 0) throw new Error(`fos report exited ${run.status}: ${run.stderr}`);
  const files = single ? ["report.html"] : readdirSync(dir);
  const sizes = files.map((f) => ({ f, bytes: statSync(single ? join(work, f) : join(dir, f)).size }));
  sizes.sort((a, b) => b.bytes - a.bytes);
  const total = sizes.reduce((s, x) => s + x.bytes, 0);
  const mb = (b) => `${(b / 1e6).toFixed(2)} MB`;
  console.log(run.stderr.trim());
  console.log(
    `${n.toLocaleString("en-GB")} schools: ${(ms / 1000).toFixed(1)} s wall, ${files.length} files, ${mb(total)} in all, largest ${sizes[0]?.f} ${mb(sizes[0]?.bytes ?? 0)}`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
