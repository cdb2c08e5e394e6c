import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";

const fos = (args: string[]) =>
  spawnSync("node", [`${ROOT}dist/cli.js`, ...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });

describe("fos report (the built CLI)", () => {
  it("writes one page with every family, its chart and its pairs", () => {
    const out = join(mkdtempSync(join(tmpdir(), "fos-")), "report.html");
    const r = fos(["report", "--out", out, "--title", "Region <test>", "fixtures/region/region.csv"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(
      new RegExp(
        `^report of 64 families with \\d+ partner pairs; 19 schools in no family \\(listed with the reason\\); written to ${out.replace(/[.]/g, "\\.")}\\n$`,
      ),
    );
    const html = readFileSync(out, "utf8");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain("<title>Region &lt;test&gt;</title>");
    // 64 families, each with its chart, and the section of the 19 schools not placed.
    expect(html.match(/<section class="family"/g)).toHaveLength(65);
    // Each family's chart and its map (the fixture region's schools have grid references).
    expect(html.match(/<svg /g)).toHaveLength(128);
    expect(html.match(/<g class="north"/g)).toHaveLength(64);
    expect(html).toContain("<h3>Partner pairs</h3>");
    // Each family says in one sentence how well it predicts its members, beside a random group's expected error for them.
    expect(
      html.match(
        /predicts a school's attainment to within ±\d+(\.\d)? percentage points \(root mean squared error\), (better than|worse than|about as well as) the average of \d+ other primary schools drawn at random would for these same schools \(±\d+(\.\d)? percentage points, its expected error\)/g,
      )?.length,
    ).toBeGreaterThan(40);
    expect(fos(["report", "--no-pairs", "fixtures/region/region.csv"]).stdout).not.toContain("<h3>Partner pairs</h3>");
  });

  it("with --previous, shows what the churn budget bought and what other budgets would, as a chart and a table", () => {
    const dir = mkdtempSync(join(tmpdir(), "fos-"));
    const saved = join(dir, "families.csv");
    expect(fos(["group", "--csv", "--out", saved, "--year", "2018", "fixtures/region/region.csv"]).status).toBe(0);
    const out = join(dir, "report.html");
    const r = fos(["report", "--previous", saved, "--no-pairs", "--out", out, "fixtures/region/region.csv"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^kept from .+: \d+ of \d+ continuing schools stay in their family;/m);
    const html = readFileSync(out, "utf8");
    const section = /<section id="stability">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? "";
    expect(section).toMatch(/\d+ moved to make the families tighter, within a budget of \d+ \(10%\)/);
    expect(section).toContain('<title id="frontier-title">What each churn budget buys</title>');
    // One point and one table row per budget; the chosen one marked in both.
    expect(section.match(/<circle /g)).toHaveLength(6);
    expect(section.match(/<tr( class="q")?><td>/g)).toHaveLength(6);
    expect(section).toMatch(/<tr class="q"><td>10%<\/td>/);
  });
});
