// Soak: `fos group --method neighbours --k 150` writing a 200 MB result, and `fos validate` on a 100 MB file of mixed good and bad rows, in bounded memory. Writes the file to the
// system's temporary folder, runs the built CLI under /usr/bin/time, and prints peak RSS and wall time; a second
// file of 50 MB of garbage rows shows that memory does not grow with the number of problems.
//
//   npm run build && node bench/soak.mjs
import { execFileSync, spawnSync } from "node:child_process";
import { createWriteStream, existsSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const CLI = new URL("../dist/cli.js", import.meta.url).pathname;
if (!existsSync(CLI)) throw new Error("build first: npm run build");

async function write(path, megabytes, row) {
  const out = createWriteStream(path);
  out.write("urn,name,la,phase,year,cohort,prior_attainment,disadvantage,attainment\n");
  let bytes = 0;
  for (let i = 0; bytes < megabytes * 1e6; i++) {
    const line = row(i);
    bytes += line.length + 1;
    if (!out.write(`${line}\n`)) await new Promise((r) => out.once("drain", r));
  }
  await new Promise((r) => out.end(r));
}

// Every seventh row has a bad value of some kind; URNs repeat across years so duplicates appear too.
const mixed = (i) => {
  const urn = 100000 + (i % 200000);
  const year = 2016 + Math.floor(i / 200000);
  const bad = i % 7 === 0 ? ["thirty", "134%", "-5", "abc", "1e999"][i % 5] : String(20 + (i % 70));
  return `${urn},School ${i} with a long enough name,LA${i % 150},primary,${year},${bad},${15 + (i % 5)},${i % 60},${40 + (i % 50)}`;
};
const garbage = (i) => `x${i},not-a-year,${"?".repeat(40)},@,!,thirty,NaN?,1e999,%%`;

function run(label, path) {
  const r = spawnSync("/usr/bin/time", ["-f", "%M %e", "node", CLI, "validate", path], {
    encoding: "utf8",
    maxBuffer: 1e9,
  });
  const [rssKb, seconds] = r.stderr.trim().split("\n").pop().split(" ").map(Number);
  const size = (statSync(path).size / 1e6).toFixed(0);
  // stderr ends with fos's summary, then time's "Command exited…" line (when non-zero) and its figures.
  const summary =
    r.stderr
      .trim()
      .split("\n")
      .filter((l) => /rows? in \d+ file/.test(l))[0] ?? "";
  console.log(
    `${label}: ${size} MB, exit ${r.status}, peak RSS ${(rssKb / 1024).toFixed(0)} MB, ${seconds.toFixed(1)} s; ${summary}`,
  );
}

const dir = tmpdir();
const a = join(dir, "fos-soak-mixed.csv");
const b = join(dir, "fos-soak-garbage.csv");
await write(a, 100, mixed);
await write(b, 50, garbage);
console.log(`node ${execFileSync("node", ["--version"], { encoding: "utf8" }).trim()}`);
run("mixed good and bad rows", a);
run("garbage rows only", b);
rmSync(a);
rmSync(b);

// Output of any size: each of 20,000 schools' 150 nearest as CSV, about 3 million lines and over 200 MB, written in
// pieces (built as one string it was "RangeError: Invalid string length").
const c = join(dir, "fos-soak-schools.csv");
const out = join(dir, "fos-soak-neighbours.csv");
await write(
  c,
  2.2,
  (i) =>
    `${200000 + i},School ${i} with a long enough name,LA${i % 150},primary,2019,${20 + (i % 70)},${15 + (i % 97) / 10},${i % 60},${40 + (i % 50)}`,
);
const r = spawnSync(
  "/usr/bin/time",
  ["-f", "%M %e", "node", CLI, "group", c, "--method", "neighbours", "--k", "150", "--csv", "--out", out],
  { encoding: "utf8" },
);
const [rssKb, seconds] = r.stderr.trim().split("\n").pop().split(" ").map(Number);
console.log(
  `neighbours --k 150 --csv: exit ${r.status}, ${(statSync(out).size / 1e6).toFixed(0)} MB written, peak RSS ${(rssKb / 1024).toFixed(0)} MB, ${seconds.toFixed(1)} s`,
);
rmSync(c);
rmSync(out);
