// `fos report --out-dir`: the family report as a folder of pages, as a user runs it (the built CLI).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { brokenLinks, CSP_META, ROOT } from "../helpers.js";

const fos = (args: string[]) =>
  spawnSync("node", [`${ROOT}dist/cli.js`, ...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });

describe("fos report --out-dir (the built CLI)", () => {
  it("writes an index, a page for each family and one for the schools not placed, every link to a written file", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "fos-")), "new", "report");
    const r = fos(["report", "--out-dir", dir, "--title", "Region <test>", "fixtures/region/region.csv"]);
    expect(r.stderr).toMatch(
      new RegExp(
        `^report of 64 families with \\d+ partner pairs; 19 schools in no family \\(listed with the reason\\); 66 pages written to ${dir} \\(open ${join(dir, "index.html")}\\)\\n$`,
      ),
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(66);
    expect(files).toContain("index.html");
    expect(files).toContain("not-placed.html");
    expect(files.filter((f) => /^family-[PS]\d\d\.html$/.test(f))).toHaveLength(64);
    const pages = files.map((path) => ({ path, html: readFileSync(join(dir, path), "utf8") }));
    expect(brokenLinks(pages)).toEqual([]);
    for (const p of pages) {
      expect(p.html.startsWith("<!doctype html>")).toBe(true);
      expect(p.html).toContain(CSP_META);
      expect(statSync(join(dir, p.path)).size).toBeLessThanOrEqual(2_000_000);
    }
    const index = readFileSync(join(dir, "index.html"), "utf8");
    expect(index).toContain("<title>Region &lt;test&gt;</title>");
    expect(index).toContain('<a href="family-P01.html#family-P01">P01</a>');
    expect(index).toContain('see <a href="not-placed.html">Not placed, and why</a>');
    // Every school placed has its section once, on its family's page; the pairs are on the families' pages.
    const sections = pages.flatMap((p) => [...p.html.matchAll(/<section class="school" id="school-(\d+)"/g)]);
    expect(new Set(sections.map((m) => m[1])).size).toBe(sections.length);
    expect(pages.filter((p) => p.html.includes("<h3>Partner pairs</h3>"))).toHaveLength(64);
  });

  it("refuses --out with --out-dir, and says plainly when the folder cannot be made", () => {
    const tmp = mkdtempSync(join(tmpdir(), "fos-"));
    const both = fos(["report", "--out", join(tmp, "r.html"), "--out-dir", tmp, "fixtures/region/region.csv"]);
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/^fos: --out and --out-dir cannot go together/);
    expect(both.stderr).not.toMatch(/\n\s+at /);
    const file = join(tmp, "a-file");
    writeFileSync(file, "x");
    const blocked = fos(["report", "--out-dir", file, "fixtures/region/region.csv"]);
    expect(blocked.status).toBe(2);
    expect(blocked.stderr).toBe(`fos: cannot make the folder ${file}: it is a file, not a folder\n`);
    const under = fos(["report", "--out-dir", join(file, "report"), "fixtures/region/region.csv"]);
    expect(under.status).toBe(2);
    expect(under.stderr).toBe(
      `fos: cannot make the folder ${join(file, "report")}: a part of the path is a file, not a folder\n`,
    );
  });
});
