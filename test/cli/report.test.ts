import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";

const fos = (args: string[]) => spawnSync("node", [`${ROOT}dist/cli.js`, ...args], { cwd: ROOT, encoding: "utf8" });

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
    expect(html.match(/<svg /g)).toHaveLength(64);
    expect(html).toContain("<h3>Partner pairs</h3>");
    expect(fos(["report", "--no-pairs", "fixtures/region/region.csv"]).stdout).not.toContain("<h3>Partner pairs</h3>");
  });
});
