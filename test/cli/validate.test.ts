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

  it("says which files stop the other commands, without calling a file that was read 'not used'", () => {
    // North Yorkshire's provisional KS4 file as the dfe-ks4 preset reads it: read (its rows counted), but without
    // prior attainment or disadvantage, which stops group and the rest.
    const r = fos(["validate", "--preset", "dfe-ks4", "fixtures/dfe/2018-2019_815_excerpt_ks4provisional.csv"]);
    expect(r.status).toBe(1);
    const summary = r.stderr.trim().split("\n").at(-1) as string;
    expect(summary).toMatch(
      /^\d+ problems?: [1-9]\d* rows in 1 file \(1 file with a problem that stops the other commands\)/,
    );
    expect(r.stderr).not.toContain("not used");
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

  it("asks for standard input's year in the command line's words, not the library's", () => {
    const r = fos(["validate", "-"], "urn,attainment\n1,50\n");
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(
      /no year for 'stdin': it has no year column.*; give the year of its results, e\.g\. 2019=FILE on the command line \(2019=- for standard input\)/,
    );
    expect(r.stdout).not.toMatch(/options\.year|pass year/);
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

  it("runs the demo on the synthetic region and on the shipped real excerpts, citing only what the package ships", () => {
    const r = fos(["demo"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /^Synthetic region: syntheticRegion\(\) \(a made-up region shaped like Greater Manchester; no real school\)\n {2}4108 rows → 4108 school-year records/,
    );
    expect(r.stdout).toContain("Gomer Junior School: URNs 116181 → 144093");
    const report = /family report \(charts, tables, pairs; open it in a browser, or print it\): (.+)\n/.exec(
      r.stdout,
    )?.[1];
    expect(report).toBe(`${ROOT}demo-output/fixture-region-report.html`);
    expect(readFileSync(report as string, "utf8")).toMatch(/^<!doctype html>/);
    // The Hampshire pair names its two schools, not just URNs.
    expect(r.stdout).toMatch(
      / {4}e\.g\. [A-Z][A-Za-z' ]+ with [A-Z][A-Za-z' ]+: same local authority \(Hampshire\), \d+ km apart\n/,
    );
    // Each real report with the command that made it, which a user can run as printed.
    const places = /^ {4}npx fos (places .+)$/m.exec(r.stdout)?.[1];
    expect(places).toBe(
      "places fixtures/dfe/351_354_2019_context.csv --gias fixtures/dfe/2022-07_gias_351_354_excerpt.csv --out demo-output/bury-rochdale-places.html",
    );
    const html = readFileSync(`${ROOT}demo-output/bury-rochdale-places.html`, "utf8");
    expect(html).toMatch(/<h2>[^<]+ <span class="note">35[14]-01 /);
    expect(html).toMatch(/<svg [^>]*aria-labelledby="map-35[14]-01-title/);
    expect(r.stderr).toMatch(/\d+ places of 159 schools; 0 schools not placed/);
    expect(r.stdout).toMatch(/^ {4}npx fos report --preset dfe-ks2 .+ --out demo-output\/hampshire-report\.html /m);
    expect(r.stdout).toContain("https://get-information-schools.service.gov.uk/Downloads");
    expect(r.stdout).toContain("https://www.compare-school-performance.service.gov.uk/download-data");
    // Nothing the package does not ship.
    expect(`${r.stdout}${fos(["demo", "--help"]).stdout}`).not.toContain("fixtures/region");
  });
});

describe("fos validate fit for CI", () => {
  const PROVISIONAL = "fixtures/dfe/2018-2019_815_excerpt_ks4provisional.csv";

  it("a DfE file that has lost a core column is a problem, unless --allow-missing names it", () => {
    const r = fos(["validate", "--preset", "dfe-ks4", PROVISIONAL]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(
      `${PROVISIONAL}:1 KS2APS no column KS2APS: this dfe-ks4 file's schools would have no prior attainment; if the file is meant to be without it (a provisional or cut-down release), add --allow-missing prior\n` +
        `${PROVISIONAL}:1 PTFSM6CLA1A no column PTFSM6CLA1A: this dfe-ks4 file's schools would have no disadvantage; if the file is meant to be without it (a provisional or cut-down release), add --allow-missing disadvantage\n`,
    );
    expect(fos(["validate", "--preset", "dfe-ks4", "--allow-missing", "prior", PROVISIONAL]).status).toBe(1);
    for (const allow of [["prior,disadvantage"], ["prior", "--allow-missing", "fsm"]]) {
      const ok = fos(["validate", "--preset", "dfe-ks4", "--allow-missing", ...allow, PROVISIONAL]);
      expect(ok.status).toBe(0);
      expect(ok.stderr).toMatch(/^ok: 29 rows in 1 file/);
    }
    expect(fos(["validate", "--allow-missing", "shoe-size", PROVISIONAL]).stderr).toMatch(
      /^fos: --allow-missing takes attainment, prior, disadvantage, cohort .*not 'shoe-size'/,
    );
  });

  it("--json prints JSON on standard output whatever happens, usage errors and missing files too", () => {
    for (const args of [["no/such.csv"], ["--prest", "dfe-ks2", "x.csv"], ["--preset"], []]) {
      const r = fos(["validate", "--json", ...args]);
      expect(r.status).toBe(2);
      // The message on stderr too, for the person watching (as every command does under --json).
      expect(r.stderr).toMatch(/^fos: /);
      const out = JSON.parse(r.stdout);
      expect(out.ok).toBe(false);
      expect(out.problems).toHaveLength(1);
      expect(out.problems[0].code).toBe("usage");
      expect(out.problems[0].message).not.toMatch(/^fos:|Unknown option|To specify a positional/);
    }
    const data = JSON.parse(fos(["validate", "--json", "--preset", "dfe-ks4", PROVISIONAL]).stdout);
    expect(data.problems.map((p: { code: string }) => p.code)).toEqual(["missing-core-column", "missing-core-column"]);
  });

  it("--format github annotates each problem on its file, line and character column", () => {
    const r = fos(["validate", "--format", "github", "fixtures/bad/bad-values.csv"]);
    expect(r.status).toBe(1);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe(
      "::error file=fixtures/bad/bad-values.csv,line=3,col=48,title=fos out-of-range (disadvantage)::'134%25' is not a percentage between 0 and 100",
    );
    // col is where the cell starts in the line: the 48th character of line 3 begins 134%.
    const line3 = readFileSync(`${ROOT}fixtures/bad/bad-values.csv`, "utf8").split("\n")[2] as string;
    expect(line3.slice(47).startsWith("134%")).toBe(true);
    expect(lines.every((l) => l.startsWith("::error file=fixtures/bad/bad-values.csv,line="))).toBe(true);
    expect(fos(["validate", "--format", "xml", "x.csv"]).stderr).toMatch(/^fos: --format must be text, json or github/);
  });

  it("suggests the option meant, in plain words, without Node's text or the whole usage", () => {
    const r = fos(["validate", "--prest", "dfe-ks2", "x.csv"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      "fos: validate has no option --prest; did you mean --preset?\nrun 'fos validate --help' for its options and an example\n",
    );
    expect(fos(["group", "--max-per-l", "3", "x.csv"]).stderr).toMatch(/did you mean --max-per-la\?/);
    expect(fos(["valdate"]).stderr).toMatch(/^fos: unknown command 'valdate'; did you mean validate\?/);
    // A swap of two letters is one slip, not two.
    expect(fos(["gruop"]).stderr).toMatch(/^fos: unknown command 'gruop'; did you mean group\?/);
    expect(fos(["group", "--wieghts", "x=1", "x.csv"]).stderr).toMatch(/did you mean --weights\?/);
    expect(fos(["validate", "--zzzzzz"]).stderr).toBe(
      "fos: validate has no option --zzzzzz\nrun 'fos validate --help' for its options and an example\n",
    );
  });

  it("a DfE file read without its preset says which preset fits", () => {
    const r = fos(["validate", "fixtures/dfe/2018-2019_850_excerpt_ks2final.csv"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(
      "fixtures/dfe/2018-2019_850_excerpt_ks2final.csv:1 this looks like a DfE KS2 file (it has TKS1AVERAGE, PTFSM6CLA1A, PTRWM_EXP), which the generic layout does not read: pass --preset dfe-ks2\n",
    );
    expect(fos(["validate", "fixtures/dfe/2017-2018_815_excerpt_ks4final.csv"]).stdout).toContain(
      "pass --preset dfe-ks4",
    );
  });

  it("fos --version prints the package's version", () => {
    const { version } = JSON.parse(readFileSync(`${ROOT}package.json`, "utf8"));
    for (const flag of ["--version", "-v"]) expect(fos([flag]).stdout).toBe(`${version}\n`);
  });

  it("--include-absent groups the schools with no data in the latest year, which are otherwise listed", () => {
    const region = "fixtures/region/region.csv";
    const without = JSON.parse(fos(["group", region]).stdout);
    const withAbsent = JSON.parse(fos(["group", "--include-absent", region]).stdout);
    expect(without.unassigned).toHaveLength(19);
    expect(withAbsent.unassigned).toEqual([]);
    const members = withAbsent.families.flatMap((f: { members: string[] }) => f.members);
    for (const u of without.unassigned) expect(members).toContain(u.urn);
  });
});
