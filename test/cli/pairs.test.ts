import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";

const fos = (args: string[]) => spawnSync("node", [`${ROOT}dist/cli.js`, ...args], { cwd: ROOT, encoding: "utf8" });

describe("fos pairs (the built CLI)", () => {
  const json = fos(["pairs", "fixtures/region/region.csv"]);
  const out = JSON.parse(json.stdout) as {
    needing: number;
    method: string;
    pairs: {
      supporter: string;
      supported: string;
      score: number;
      reasons: string[];
      facts: { supportedLa: string; supporterLa: string };
    }[];
    unmatched: { urn: string; reason: string }[];
  };

  it("prints pairs with reasons and every unmatched school with why, as JSON", () => {
    expect(json.status).toBe(0);
    expect(out.method).toBe("exact");
    expect(out.pairs.length + out.unmatched.length).toBe(out.needing);
    for (const p of out.pairs) {
      expect(p.facts.supportedLa).not.toBe(p.facts.supporterLa);
      expect(p.reasons[1]).toMatch(/^different local authority \(.+ \/ .+\), \d+ km apart$/);
    }
    for (const u of out.unmatched)
      expect(u.reason).toMatch(/^(no eligible supporter|its only eligible supporter|all \d+ eligible supporters)/);
    expect(json.stderr).toMatch(
      /^\d+ schools needing support, \d+ possible supporters: \d+ pairs, \d+ unmatched \(exact\); 19 schools in no family \(listed with the reason\)\n$/,
    );
  });

  it("keeps pinned pairs and never makes forbidden ones (CSV files of supporter,supported)", () => {
    const dir = mkdtempSync(join(tmpdir(), "fos-"));
    const first = out.pairs[0];
    const second = out.pairs[1];
    if (!first || !second) throw new Error("expected pairs");
    // Pin the first school to the second's supporter; forbid the first pair.
    writeFileSync(join(dir, "pins.csv"), `supported,supporter\n${first.supported},${second.supporter}\n`);
    writeFileSync(join(dir, "forbid.csv"), `supporter,supported\n${first.supporter},${first.supported}\n`);
    const r = fos([
      "pairs",
      "--csv",
      "--pins",
      join(dir, "pins.csv"),
      "--forbid",
      join(dir, "forbid.csv"),
      "fixtures/region/region.csv",
    ]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe(
      "supported,supported_name,supported_la,supported_la_name,supporter,supporter_name,supporter_la,supporter_la_name,family,score,pinned,reasons",
    );
    const names = "[^,]+,[^,]+,";
    const pinned = lines.find((l) => l.startsWith(`${first.supported},`));
    expect(pinned).toMatch(
      new RegExp(
        `^${first.supported},${names},${second.supporter},${names},\\w+,[\\d.]+,true,"pinned by the coordinator`,
      ),
    );
    expect(lines.some((l) => new RegExp(`^${first.supported},${names},${first.supporter},`).test(l))).toBe(false);
  });

  it("refuses a pin that is also forbidden, and mutual pins, naming both files' lines (exit 1)", () => {
    const dir = mkdtempSync(join(tmpdir(), "fos-"));
    const [a, b, c] = out.pairs.map((p) => p.supported);
    if (!a || !b || !c) throw new Error("expected pairs");
    const pins = join(dir, "pins.csv");
    const forbid = join(dir, "forbid.csv");
    writeFileSync(pins, `supporter,supported\n${b},${a}\n${c},${b}\n${b},${c}\n`);
    writeFileSync(forbid, `supporter,supported\n${c},${a}\n${b},${a}\n`);
    const r = fos(["pairs", "--pins", pins, "--forbid", forbid, "fixtures/region/region.csv"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`${b} supporting ${a} is pinned (${pins}:2) and forbidden (${forbid}:3)`);
    expect(r.stderr).toContain(`${b} and ${c} are pinned to support each other (${pins}:3 and ${pins}:4)`);
  });

  it("exits 2 with a plain message for bad flags, 1 for a pin file without the right columns", () => {
    const bad = fos(["pairs", "--context", "near", "fixtures/region/region.csv"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(
      /^fos: --context must be family or a distance in standard deviations \(e\.g\. 0\.5\), not 'near'/,
    );
    const dir = mkdtempSync(join(tmpdir(), "fos-"));
    writeFileSync(join(dir, "pins.csv"), "a,b\n1,2\n");
    const badPins = fos(["pairs", "--pins", join(dir, "pins.csv"), "fixtures/region/region.csv"]);
    expect(badPins.status).toBe(1);
    expect(badPins.stderr).toMatch(
      /pins\.csv, line 1, column supporter: no column supporter: a list of pairs needs the columns supporter and supported/,
    );
    // A school pinned to itself is no pair.
    writeFileSync(join(dir, "self.csv"), "supporter,supported\n105000,105000\n");
    const self = fos(["pairs", "--pins", join(dir, "self.csv"), "fixtures/region/region.csv"]);
    expect(self.status).toBe(1);
    expect(self.stderr).toMatch(/self\.csv, line 2, column supporter: school 105000 is paired with itself/);
    expect(fos(["pairs", "--capacity", "0", "fixtures/region/region.csv"]).stderr).toMatch(
      /^fos: --capacity must be a whole number of at least 1, not 0/,
    );
  });
});
