// Partners near enough to visit, on real locations: Hampshire's primaries (KS2 2016/17–2018/19) with their GIAS
// grid references. Before the largest distance (50 km by default), 5 of the 35 pairs were more than 50 km apart
// (the farthest 68 km); every distance here is re-derived from the GIAS rows with plain loops.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import {
  benchmarkFamilies,
  groupFamilies,
  joinRegister,
  matchPartners,
  panel,
  readGias,
  readSchools,
} from "../../src/index.js";
import { fixture, ROOT } from "../helpers.js";

const GIAS = "dfe/2022-04-20_gias_850_locations.csv";
const KS2 = "dfe/hampshire_ks2_2017-2019.csv";

/** Each URN's grid reference in metres, read from the GIAS rows by splitting lines (no library reader). */
function gridReferences(): Map<string, [number, number]> {
  const [header, ...lines] = fixture(GIAS).trim().split("\n");
  const cols = (header as string).split(",");
  const at = (name: string) => cols.indexOf(name);
  const out = new Map<string, [number, number]>();
  for (const line of lines) {
    // The fixture's names may be quoted and hold commas; URN is first and the grid reference last.
    const cells = line.split(",");
    out.set(cells[at("URN")] as string, [Number(cells.at(-2)), Number(cells.at(-1))]);
  }
  return out;
}

/** Straight-line km between two URNs, by Pythagoras on the grid. */
function km(grid: Map<string, [number, number]>, a: string, b: string): number {
  const [ax, ay] = grid.get(a) as [number, number];
  const [bx, by] = grid.get(b) as [number, number];
  const dx = ax - bx;
  const dy = ay - by;
  return Math.sqrt(dx * dx + dy * dy) / 1000;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

describe("matchPartners' largest distance on Hampshire's located primaries", () => {
  const grid = gridReferences();
  const { records } = joinRegister(readSchools(fixture(KS2)).records, readGias(fixture(GIAS)).establishments);
  const { schools } = panel(records);
  const benchmarks = benchmarkFamilies(groupFamilies(schools), schools);

  it("pairs within 5–50 km, where without the limit some pairs are over 50 km apart", () => {
    const unlimited = matchPartners(benchmarks, { differentLa: false, maxKm: Number.POSITIVE_INFINITY });
    const far = unlimited.pairs.filter((p) => km(grid, p.supporter, p.supported) > 50);
    expect(far.length).toBeGreaterThan(0);
    const r = matchPartners(benchmarks, { differentLa: false });
    expect(r.pairs.length).toBeGreaterThan(20);
    for (const p of r.pairs) {
      const d = km(grid, p.supporter, p.supported);
      expect(p.facts.distanceKm).toBeCloseTo(d, 9);
      expect(d).toBeGreaterThanOrEqual(5);
      expect(d).toBeLessThanOrEqual(50);
      expect(p.reasons[1]).toBe(`same local authority (Hampshire), ${d.toFixed(0)} km apart`);
    }
    // Every school that needed support is paired or listed, and a school left without because of the limit says so.
    expect(r.pairs.length + r.unmatched.length).toBe(r.needing);
    expect(r.unmatched.some((u) => /\d+ farther than 50 km/.test(u.reason))).toBe(true);
  });

  it("prints the same pairs through fos pairs --max-km, and the figures bench/RESULTS.md gives", () => {
    const run = (extra: string[]) => {
      const out = spawnSync(
        "node",
        [`${ROOT}dist/cli.js`, "pairs", `fixtures/${KS2}`, "--gias", `fixtures/${GIAS}`, "--same-la", ...extra],
        { cwd: ROOT, encoding: "utf8" },
      );
      expect(out.status).toBe(0);
      const pairs = (JSON.parse(out.stdout) as { pairs: { supporter: string; supported: string }[] }).pairs;
      return pairs.map((p) => km(grid, p.supporter, p.supported));
    };
    const before = run(["--max-km", "none"]);
    const after = run([]);
    // bench/RESULTS.md: with small cohorts' results pooled over years (the default since #29), 37 pairs, median
    // 28.9 km and farthest 68.3 km (4 over 50) without the limit; 37 pairs, median 26.2 km and farthest 48.3 km with it.
    expect([before.length, median(before).toFixed(1), Math.max(...before).toFixed(1)]).toEqual([37, "28.9", "68.3"]);
    expect(before.filter((d) => d > 50)).toHaveLength(4);
    expect([after.length, median(after).toFixed(1), Math.max(...after).toFixed(1)]).toEqual([37, "26.2", "48.3"]);
    expect(run(["--max-km", "30"]).every((d) => d <= 30)).toBe(true);
    // And with one year's results (`--outcome-years 1`, the figures first measured): 35 pairs, median 34.0 km and
    // farthest 68.3 km (5 over 50) without the limit; median 26.2 km and farthest 49.4 km with it.
    const before1 = run(["--max-km", "none", "--outcome-years", "1"]);
    const after1 = run(["--outcome-years", "1"]);
    expect([before1.length, median(before1).toFixed(1), Math.max(...before1).toFixed(1)]).toEqual([35, "34.0", "68.3"]);
    expect(before1.filter((d) => d > 50)).toHaveLength(5);
    expect([after1.length, median(after1).toFixed(1), Math.max(...after1).toFixed(1)]).toEqual([35, "26.2", "49.4"]);
  });
});
