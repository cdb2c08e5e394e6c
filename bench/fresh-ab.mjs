// The first call in a fresh process, of two builds side by side: each run starts a new Node process for build A and
// one for build B (alternating which goes first), each bench/scale.mjs's child (the same synthetic schools, one call
// timed). Before and after, a plain loop of 3·10⁸ additions is timed, so that a reader can see how fast the machine
// was (on the two-core machines here it moved between 250 and 310 ms within an afternoon). Build both first (e.g.
// `git worktree add /tmp/old <commit>`, `npm run build` there and here).
//
//   node bench/fresh-ab.mjs <dist A> <dist B> [group|comparison] [runs] [schools]
//
// group: groupFamilies(schools); comparison: comparisonGroups(schools, { k: 50 }). Defaults: group, 12 runs, 20,000.
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const [, , a, b, what = "group", runsArg = "12", nArg = "20000"] = process.argv;

if (!a || !b || !["group", "comparison"].includes(what)) {
  console.error("usage: node bench/fresh-ab.mjs <dist A> <dist B> [group|comparison] [runs] [schools]");
  process.exit(2);
}

/** A plain loop of 3·10⁸ additions, in ms: how fast the machine is just now. */
function loop() {
  const t0 = performance.now();
  let s = 0;
  for (let i = 0; i < 3e8; i++) s += i;
  return s > 0 ? performance.now() - t0 : 0;
}

const scale = fileURLToPath(new URL("scale.mjs", import.meta.url));
const entry = (dist) => pathToFileURL(resolve(dist, "index.js")).href;
const fn = what === "comparison" ? "comparisonGroups" : "groupFamilies";
const one = (dist) =>
  JSON.parse(
    execFileSync(process.execPath, ["--max-old-space-size=16000", scale, "--child", nArg, fn, entry(dist)], {
      encoding: "utf8",
    }),
  ).ms;
const before = loop();
const times = { A: [], B: [] };
for (let r = 0; r < Number(runsArg); r++)
  for (const k of r % 2 ? ["B", "A"] : ["A", "B"]) times[k].push(one(k === "A" ? a : b));
const after = loop();
const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
console.log(`loop of 3e8 additions: ${before.toFixed(0)} ms before, ${after.toFixed(0)} ms after`);
for (const [k, dist] of [
  ["A", a],
  ["B", b],
])
  console.log(
    `${k} ${what} (${dist}): median ${median(times[k]).toFixed(0)} ms, min ${Math.min(...times[k]).toFixed(0)}, max ${Math.max(...times[k]).toFixed(0)} (${times[k].length} fresh processes)`,
  );
