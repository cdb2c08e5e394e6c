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
    expect(r.stderr).toBe("64 families of 1023 schools; 19 schools unassigned\n");
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
  it("keeps last year's families and says what changed", () => {
    const dir = mkdtempSync(join(tmpdir(), "fos-"));
    const saved = join(dir, "families.csv");
    expect(fos(["group", "--csv", "--out", saved, "--year", "2018", "fixtures/region/region.csv"]).status).toBe(0);
    const r = fos(["group", "--previous", saved, "--json", "fixtures/region/region.csv"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      churn: { continuing: number; moved: number; moves: { reason: string }[] };
      families: { members: string[] }[];
    };
    expect(out.churn.moved).toBe(out.churn.moves.length);
    for (const m of out.churn.moves) expect(["outlier", "size", "tighter"]).toContain(m.reason);
    for (const f of out.families) expect(f.members.length).toBeGreaterThanOrEqual(12);
    expect(r.stderr).toMatch(
      /^kept from .+families\.csv: \d+ of \d+ continuing schools \(\d+\.\d% moved\); \d+ joined, \d+ left; tightness \d\.\d\d× a fresh grouping\n/m,
    );
  });
});

describe("fos progress on stderr", () => {
  const hasScript = spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0;
  it.skipIf(!hasScript)("says how long each slow step took, on a terminal only", () => {
    // script(1) gives the command a terminal; FOS_PROGRESS_AFTER_MS=0 makes every step "slow".
    const command = `node ${ROOT}dist/cli.js group --out ${join(mkdtempSync(join(tmpdir(), "fos-")), "f.json")} fixtures/region/region.csv`;
    const onTerminal = spawnSync("script", ["-qec", command, "/dev/null"], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, FOS_PROGRESS_AFTER_MS: "0" },
    });
    expect(onTerminal.status).toBe(0);
    expect(onTerminal.stdout).toMatch(/fos: reading 1 file took \d+\.\d s\r?\nfos: grouping took \d+\.\d s\r?\n/);
    const piped = spawnSync("node", [`${ROOT}dist/cli.js`, "group", "--csv", "fixtures/region/region.csv"], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, FOS_PROGRESS_AFTER_MS: "0" },
    });
    expect(piped.stderr).not.toContain("took");
  });

  it("--effort thorough gives families at least as tight; a wrong effort is a usage error", () => {
    const standard = JSON.parse(fos(["group", "fixtures/region/region.csv"]).stdout);
    const thorough = JSON.parse(fos(["group", "--effort", "thorough", "fixtures/region/region.csv"]).stdout);
    expect(thorough.quality.sse).toBeLessThanOrEqual(standard.quality.sse + 1e-9);
    const wrong = fos(["group", "--effort", "max", "fixtures/region/region.csv"]);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/^fos: --effort must be standard or thorough, not 'max'/);
  });
});
