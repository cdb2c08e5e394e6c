import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";

const fos = (args: string[], input?: string) =>
  spawnSync("node", [`${ROOT}dist/cli.js`, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    ...(input === undefined ? {} : { input }),
  });

describe("fos group (the built CLI)", () => {
  it("prints families as JSON, with quality and both baselines", () => {
    const r = fos(["group", "fixtures/region/region.csv"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.families[0]).toMatchObject({ id: "P01", phase: "primary" });
    const members = out.families.flatMap((f: { members: string[] }) => f.members);
    expect(new Set(members).size).toBe(members.length);
    expect(members.length + out.unassigned.length).toBe(1042);
    for (const f of out.families) expect(f.members.length >= 12 && f.members.length <= 20).toBe(true);
    expect(out.quality.baselines.sortAndChop.ratio).toBeLessThan(1);
    expect(out.quality.baselines.kMeans.ratio).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/^64 families of 1023 schools; 19 schools unassigned\n/);
    for (const u of out.unassigned) expect(r.stderr).toContain(u.urn);
    for (const u of out.unassigned) expect(u.reason).toMatch(/^no data for 2019, the latest year/);
  });

  it("writes urn,family CSV to a file, and neighbours as urn,neighbour,rank,distance", () => {
    const dir = mkdtempSync(join(tmpdir(), "fos-"));
    const path = join(dir, "families.csv");
    expect(fos(["group", "--csv", "--out", path, "--max-per-la", "4", "fixtures/region/region.csv"]).status).toBe(0);
    const lines = readFileSync(path, "utf8").trim().split("\n");
    expect(lines[0]).toBe("urn,name,la,la_name,family");
    expect(lines).toHaveLength(1024);
    const n = fos(["group", "--method", "neighbours", "--k", "3", "--csv", "fixtures/region/region.csv"]);
    const rows = n.stdout.trim().split("\n");
    expect(rows[0]).toBe("urn,name,la,la_name,neighbour,neighbour_name,neighbour_la,neighbour_la_name,rank,distance");
    expect(rows).toHaveLength(1 + 1023 * 3);
    expect(rows[1]).toMatch(/^105000,[^,]+,[^,]+,,\d+,[^,]+,[^,]+,,1,0\.\d+$/);
  });

  it("groups on any numeric features named in --weights", () => {
    const r = fos(["group", "--weights", "disadvantage=1,eal=1", "--by", "none", "fixtures/region/region.csv"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.features.map((f: { name: string }) => f.name)).toEqual(["disadvantage", "eal"]);
    expect(out.families[0].id).toBe("F01");
  });

  it("exits 1 for infeasible bounds, naming the counts and the flag that helps", () => {
    const r = fos([
      "group",
      "--preset",
      "dfe-ks2",
      "--min",
      "40",
      "--max",
      "50",
      "fixtures/dfe/2018-2019_850_excerpt_ks2final.csv",
    ]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      "the 31 primary schools cannot be split into families of 40–50: 31 is fewer than the smallest family (40). Nearest bounds that work: 31–50 (1 family); or add --fallback\n",
    );
  });

  it("exits 1 on invalid data unless --lenient, and 2 for bad flags", () => {
    expect(fos(["group", "fixtures/bad/bad-values.csv"]).status).toBe(1);
    const lenient = fos(["group", "--lenient", "--fallback", "fixtures/bad/bad-values.csv"]);
    expect(lenient.status).toBe(0);
    expect(lenient.stderr).toMatch(/^4 invalid rows left out \(--lenient\); run fos validate to see them\n/);
    const bad = fos(["group", "--min", "30", "--max", "20", "fixtures/region/region.csv"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^fos: --min \(30\) is larger than max \(20\)\n/);
    expect(fos(["group", "--weights", "colour=1", "fixtures/region/region.csv"]).stderr).toMatch(
      /^fos: --weights: cannot read 'colour=1'/,
    );
    expect(fos(["group", "--min", "ten", "fixtures/region/region.csv"]).stderr).toMatch(
      /^fos: --min takes a number, not 'ten'/,
    );
  });

  it("has --help with an example", () => {
    expect(fos(["group", "--help"]).stdout).toMatch(/Examples:\n {2}fos group --preset dfe-ks2 --gias/);
  });
});

describe("fos group --previous (the built CLI)", () => {
  it("keeps last year's families within the churn budget, says what changed and what other budgets would buy", () => {
    const dir = mkdtempSync(join(tmpdir(), "fos-"));
    const saved = join(dir, "families.csv");
    expect(fos(["group", "--csv", "--out", saved, "--year", "2018", "fixtures/region/region.csv"]).status).toBe(0);
    const r = fos(["group", "--previous", saved, "--max-churn", "0.05", "--json", "fixtures/region/region.csv"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      churn: { continuing: number; moved: number; charged: number; budget: number; moves: { reason: string }[] };
      stability: { recovered: number; frontier: { maxChurn: number; charged: number; recovered: number }[] };
      families: { members: string[] }[];
    };
    expect(out.churn.moved).toBe(out.churn.moves.length);
    // Per phase, rounded down: at most 5% of all continuing schools, and at most one short per phase.
    expect(out.churn.budget).toBeLessThanOrEqual(Math.floor(0.05 * out.churn.continuing));
    expect(out.churn.budget).toBeGreaterThanOrEqual(Math.floor(0.05 * out.churn.continuing) - 2);
    expect(out.churn.charged).toBeLessThanOrEqual(out.churn.budget);
    for (const m of out.churn.moves) expect(["size", "maxPerLa", "tighter"]).toContain(m.reason);
    for (const f of out.families) expect(f.members.length).toBeGreaterThanOrEqual(12);
    expect(out.stability.frontier.map((p) => p.maxChurn)).toEqual([0, 0.025, 0.05, 0.1, 0.2, 1]);
    expect(out.stability.frontier[2]?.recovered).toBeCloseTo(out.stability.recovered, 12);
    expect(r.stderr).toMatch(
      /^kept from .+families\.csv: \d+ of \d+ continuing schools stay in their family; \d+ moved to make families tighter \(budget \d+: --max-churn 0\.05\), 0 moved because sizes forced it; \d+ joined, \d+ left\n/m,
    );
    expect(r.stderr).toMatch(/^ {2}5% +\d+ +\d+% +\d+\.\d\d× {2}← this grouping$/m);
    expect(r.stderr).toMatch(/^ {2}free +\d+ +\d+% +\d+\.\d\d×$/m);
  });

  it("says what replaced the retired flags, and rejects a budget above 1", () => {
    const retired = fos(["group", "--previous", "x.csv", "--move-penalty", "2", "fixtures/region/region.csv"]);
    expect(retired.status).toBe(2);
    expect(retired.stderr).toMatch(
      /^fos: --move-penalty was retired: moves are now chosen by what they gain, within --max-churn/,
    );
    const dir = mkdtempSync(join(tmpdir(), "fos-"));
    const saved = join(dir, "families.csv");
    expect(fos(["group", "--csv", "--out", saved, "--year", "2018", "fixtures/region/region.csv"]).status).toBe(0);
    const bad = fos(["group", "--previous", saved, "--max-churn", "2", "fixtures/region/region.csv"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr.split("\n")[0]).toBe("fos: --max-churn must be a share between 0 and 1, not 2");
  });
});
