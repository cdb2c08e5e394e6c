// A 300 MB file through the built CLI (#24): `fos validate` within 2.5 GB, and `fos group` on the same file (about
// 1.3 million schools, one year) in at most 120 s within 4 GB. Writes the file to the system's temporary folder
// (removed after), runs each command under /usr/bin/time and prints its peak memory (RSS) and wall time.
//
//   npm run build && node bench/big-file.mjs [megabytes=300]
import { spawnSync } from "node:child_process";
import { createWriteStream, existsSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const CLI = new URL("../dist/cli.js", import.meta.url).pathname;
if (!existsSync(CLI)) throw new Error("build first: npm run build");
const megabytes = Number(process.argv[2] ?? 300);

const HEADER =
  "urn,name,la,la_name,phase,year,cohort,prior_attainment,disadvantage,disadvantaged_cohort,other_cohort,attainment,eal,sen,pupils,overall_absence,persistent_absence,easting,northing";

/** A school a row, as wide as a real one (its name, authority's name and a location), spread like England's. */
function row(i) {
  const la = 300 + (i % 150);
  const primary = i % 6 !== 0;
  const h = (i * 2654435761) % 1000003;
  const prior = primary ? 14 + (h % 700) / 100 : 22 + (h % 1000) / 100;
  const dis = 5 + ((h * 7) % 5500) / 100;
  const cohort = 10 + (h % 170);
  const attainment = primary ? 30 + (h % 6000) / 100 : 25 + (h % 4000) / 100;
  const name = `${primary ? "Meadowbank Community Primary School and Nursery" : "Riverside Church of England Academy"}, Church Lane, number ${i}`;
  return [
    100000 + i,
    `"${name}"`,
    la,
    `Metropolitan Borough Council of Authority ${la}`,
    primary ? "primary" : "secondary",
    2019,
    cohort,
    prior.toFixed(2),
    dis.toFixed(1),
    Math.round((cohort * dis) / 100),
    cohort - Math.round((cohort * dis) / 100),
    attainment.toFixed(1),
    ((h * 3) % 4000) / 100,
    ((h * 5) % 2500) / 100,
    cohort * (primary ? 7 : 5),
    (3 + (h % 500) / 100).toFixed(2),
    (5 + (h % 2000) / 100).toFixed(2),
    300000 + (h % 300000),
    100000 + ((h * 11) % 500000),
  ].join(",");
}

async function write(path) {
  const out = createWriteStream(path);
  out.write(`${HEADER}\n`);
  let bytes = 0;
  let n = 0;
  while (bytes < megabytes * 1e6) {
    const line = row(n++);
    bytes += line.length + 1;
    if (!out.write(`${line}\n`)) await new Promise((r) => out.once("drain", r));
  }
  await new Promise((r) => out.end(r));
  return n;
}

function timed(label, args) {
  const r = spawnSync("/usr/bin/time", ["-f", "%M %e", "node", CLI, ...args], { encoding: "utf8", maxBuffer: 1e9 });
  const [rssKb, seconds] = r.stderr.trim().split("\n").pop().split(" ").map(Number);
  console.log(`${label}: exit ${r.status}, ${seconds.toFixed(1)} s, peak RSS ${(rssKb / 1024).toFixed(0)} MB`);
  const said = r.stderr.trim().split("\n").slice(0, -1);
  if (said.length > 0) console.log(`  stderr: ${said.slice(-3).join(" | ")}`);
}

const path = join(tmpdir(), `fos-big-${process.pid}.csv`);
const out = join(tmpdir(), `fos-big-${process.pid}-families.csv`);
try {
  const n = await write(path);
  console.log(`${(statSync(path).size / 1e6).toFixed(0)} MB, ${n.toLocaleString("en-GB")} schools (one year)`);
  timed("fos validate", ["validate", path]);
  timed("fos group --csv", ["group", "--csv", "--out", out, path]);
} finally {
  rmSync(path, { force: true });
  rmSync(out, { force: true });
}
