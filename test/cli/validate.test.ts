import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";

const CLI = `${ROOT}dist/cli.js`;
const fos = (args: string[], input?: string) =>
  spawnSync("node", [CLI, ...args], { cwd: ROOT, encoding: "utf8", ...(input === undefined ? {} : { input }) });

describe("fos validate (the built CLI, as a user runs it)", () => {
  beforeAll(() => {
    // test/setup/build.ts built dist/ before the tests started.
    expect(existsSync(CLI)).toBe(true);
  });

  it("exits 0 on valid files and prints a summary to stderr only", () => {
    const r = fos([
      "validate",
      "--preset",
      "dfe-ks2",
      "fixtures/dfe/2016-2017_850_excerpt_ks2final.csv",
      "fixtures/dfe/2017-2018_850_excerpt_ks2final.csv",
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      "ok: 72 rows in 2 files, 62 records of 32 schools (2017–2018), 10 rows skipped as not schools\n",
    );
  });

  it("exits 1 and prints every problem as file:line column value message", () => {
    const r = fos(["validate", "fixtures/bad/bad-values.csv"]);
    expect(r.status).toBe(1);
    expect(r.stdout.split("\n").filter(Boolean)).toEqual([
      `fixtures/bad/bad-values.csv:3 disadvantage "134%" '134%' is not a percentage between 0 and 100`,
      `fixtures/bad/bad-values.csv:4 cohort "thirty" 'thirty' is not a number`,
      `fixtures/bad/bad-values.csv:4 attainment "abc" 'abc' is not a number`,
      `fixtures/bad/bad-values.csv:5 disadvantage "-3" '-3' is not a percentage between 0 and 100`,
      `fixtures/bad/bad-values.csv:6 urn "100001" school 100001 appears twice for 2019 (first at line 2): keep one row per school per year`,
    ]);
  });

  it("prints JSON with --json, reads standard input, and takes YEAR=PATH", () => {
    const r = fos(["validate", "--json", "2019=-"], "urn,attainment\n1,50\n2,abc\n");
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      ok: false,
      total: 1,
      omitted: {},
      rows: 2,
      schools: 1,
      problems: [
        {
          code: "invalid-value",
          file: "stdin",
          line: 3,
          column: "attainment",
          value: "abc",
          message: "'abc' is not a number",
        },
      ],
    });
  });

  it("finds a school twice for one year across files", () => {
    const r = fos(["validate", "fixtures/bad/bad-values.csv", "2019=fixtures/bad/no-year.csv", "--lenient"]);
    expect(r.stdout).toContain(
      'fixtures/bad/no-year.csv:2 urn "100001" school 100001 appears twice for 2019 (first at fixtures/bad/bad-values.csv line 2)',
    );
    expect(r.status).toBe(0);
  });

  it("exits 2 for a usage error, with a plain message and where to find help, without a stack trace", () => {
    for (const args of [
      ["validate", "no/such/file.csv"],
      ["validate", "--frobnicate", "x.csv"],
      ["launch"],
      ["validate"],
    ]) {
      const r = fos(args);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^fos: .+\nrun 'fos (validate )?--help' for /);
      expect(r.stderr).not.toMatch(/\bat .+\.js:\d+/);
    }
    expect(fos(["validate", "no/such/file.csv"]).stderr).toMatch(/^fos: no such file: no\/such\/file.csv\n/);
  });

  it("has --help for each command, with an example", () => {
    const r = fos(["validate", "--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Example:\n {2}fos validate --preset dfe-ks2/);
  });

  it("runs the demo on the fixture region", () => {
    const r = fos(["demo"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Fixture region: fixtures\/region\/region.csv\n {2}4108 rows → 4108 school-year records/);
    expect(r.stdout).toContain("Gomer Junior School: URNs 116181 → 144093");
    const report = /family report \(charts, tables, pairs; open it in a browser, or print it\): (.+)\n/.exec(
      r.stdout,
    )?.[1];
    expect(report).toBe(`${ROOT}demo-output/fixture-region-report.html`);
    expect(readFileSync(report as string, "utf8")).toMatch(/^<!doctype html>/);
  });
});
