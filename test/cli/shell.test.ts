import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";

const CLI = `${ROOT}dist/cli.js`;
const fos = (args: string[], input?: string) =>
  spawnSync("node", [CLI, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    ...(input === undefined ? {} : { input }),
  });
const REGION = "fixtures/region/region.csv";

describe("the fos shell: what it does with its own input and output", () => {
  it("says plainly why it cannot write --out, naming the path, with no stack trace", () => {
    const dir = mkdtempSync(join(tmpdir(), "fos-out-"));
    const locked = join(dir, "locked");
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    const cases: [string, RegExp][] = [
      [
        join(dir, "no-such-folder", "families.csv"),
        /cannot write .*no-such-folder\/families\.csv: its folder does not exist/,
      ],
      [dir, /cannot write .*: it is a folder; give a file name/],
      ["", /--out needs a file name \(or - for standard output\)/],
    ];
    // Root can write anywhere, so a read-only folder only stops other users.
    if (process.getuid?.() !== 0) cases.push([join(locked, "x.csv"), /cannot write .*x\.csv: permission denied/]);
    for (const [out, message] of cases) {
      const r = fos(["group", "--csv", "--out", out, REGION]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/unexpected error| {4}at /);
    }
  });

  it("writes to standard output for --out -, and makes no file named -", () => {
    const r = fos(["group", "--csv", "--out", "-", REGION]);
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("urn,name,la,la_name,family");
    expect(() => readFileSync(join(ROOT, "-"))).toThrow();
    expect(r.stderr).not.toMatch(/written to -/);
  });

  it("takes no object property for a feature (--weights constructor=1, __proto__=1)", () => {
    for (const weights of ["constructor=1", "__proto__=1", "toString=1"]) {
      const r = fos(["group", "--weights", weights, REGION]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`--weights: cannot read '${weights}'`);
      expect(r.stderr).not.toMatch(/function|\[object/);
    }
  });

  it("counts 130,000 problems without running out of stack, listing the first 1,000 of the kind", () => {
    const rows = Array.from({ length: 130_000 }, (_, i) => `${100000 + i},2019,thirty`);
    const r = fos(["validate", "-"], `urn,year,cohort\n${rows.join("\n")}\n`);
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(/Maximum call stack|unexpected error/);
    expect(r.stdout.split("\n").filter((l) => l.includes("'thirty' is not a number")).length).toBe(1_000);
    expect(r.stdout).toContain(
      "… and 129000 more invalid-value problems, not listed (the first 1000 of each kind in a file are)",
    );
    expect(r.stderr).toMatch(/^130000 problems: 130000 rows in 1 file/);
    const json = JSON.parse(fos(["validate", "--json", "-"], `urn,year,cohort\n${rows.join("\n")}\n`).stdout);
    expect(json).toMatchObject({ ok: false, total: 130_000, omitted: { "invalid-value": 129_000 } });
    expect(json.problems).toHaveLength(1_000);
  });

  it("prints the library's hints with the command line's flags", () => {
    const r = fos(["group", "--min", "40", "--max", "50", "fixtures/bad/bad-values.csv", "--lenient"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/; or add --fallback\n$/);
    expect(r.stderr).not.toMatch(/onInfeasible/);
  });

  it("a year with no data is a usage error naming the years there are (--benchmark-year 1990)", () => {
    const r = fos(["benchmark", "--benchmark-year", "1990", REGION]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^fos: benchmarkFamilies: no school has data for 1990; the data has the years 2016, 2017, 2018, 2019/,
    );
  });

  it("a header-only file is a problem with a message, in every command and with --lenient", () => {
    for (const args of [["validate"], ["validate", "--lenient"], ["group", "--lenient"], ["benchmark"]]) {
      const r = fos([...args, "2019=-"], "urn,year,attainment\n");
      expect(r.status).toBe(1);
      expect(r.stdout + r.stderr).toContain("stdin:1 no data rows: the file has a header and nothing else");
    }
  });

  it("a blank phase is a problem naming the line, not a phase called all", () => {
    const r = fos(["validate", "-"], "urn,year,phase,attainment\n1,2019,,50\n2,2019,primary,60\n");
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(
      'stdin:2 phase "" no phase: this row\'s phase is blank; fill it in (primary, secondary, …), or pass --phase primary\n',
    );
    expect(fos(["validate", "--phase", "primary", "-"], "urn,year,phase\n1,2019,\n").status).toBe(0);
  });

  it("shows bad values escaped and cut: no terminal escapes, no 20 MB cell printed twice", () => {
    const huge = "x".repeat(20_000_000);
    const r = fos(["validate", "-"], `urn,year,attainment\n1,2019,\u001b[31mred\n2,2019,${huge}\n`);
    expect(r.status).toBe(1);
    expect(r.stdout).not.toContain("\u001b");
    expect(r.stdout).toContain("\\u001b[31mred");
    expect(r.stdout.length).toBeLessThan(1_000);
    expect(r.stdout).toContain("… (20000000 characters)");
  });
});

describe("no school vanishes from the outputs", () => {
  // 14 schools that can be grouped, and one (999) with no prior attainment, which no family can take.
  const FILE = "fixtures/bad/unplaced.csv";

  it("benchmark lists the school in no family, with the reason, in CSV and JSON", () => {
    const csv = fos(["benchmark", "--csv", FILE]);
    expect(csv.status).toBe(0);
    expect(csv.stdout.split("\n")[0]).toMatch(/,targetGap,reason,disadvantaged,/);
    expect(csv.stdout).toContain(
      "999,Lost,LA1,,,,,,,,,,not placed in a family: no prior attainment in 2019,,,,,,,,,,\n",
    );
    expect(csv.stderr).toContain("1 school in no family (listed with the reason)");
    const json = JSON.parse(fos(["benchmark", FILE]).stdout);
    expect(json.unplaced).toEqual([
      { urn: "999", name: "Lost", la: "LA1", phase: "primary", reason: "no prior attainment in 2019" },
    ]);
  });

  it("pairs and report list it too", () => {
    // No school here needs support: no pair, exit 1, and the school in no family still named.
    const pairs = fos(["pairs", "--csv", FILE]);
    expect(pairs.status).toBe(1);
    expect(pairs.stderr).toContain("no pairs: no school needs support in 2019");
    expect(pairs.stderr).toContain("  not placed in a family: no prior attainment in 2019 — 1 school: 999\n");
    const html = fos(["report", FILE]).stdout;
    expect(html).toContain('<section class="family" id="not-placed"><h2>Not placed, and why</h2>');
    expect(html).toContain("<td>Lost</td><td>999</td><td>LA1</td><td>primary</td><td>no prior attainment in 2019</td>");
  });

  it("when no school can be placed, says so and exits 1", () => {
    const r = fos(
      ["benchmark", "-"],
      "urn,phase,year,disadvantage,attainment\n1,primary,2019,20,50\n2,primary,2019,30,60\n",
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("no families: none of the 2 schools could be placed\n");
    expect(r.stderr).toContain("  no prior attainment in 2019 — 2 schools: 1, 2\n");
  });
});

describe("what fos writes, it reads back; saved groupings are checked", () => {
  const dir = mkdtempSync(join(tmpdir(), "fos-saved-"));

  it("reads back the spreadsheet-safe cells it wrote ('=1+1 is the school =1+1 again)", () => {
    const rows = ["urn,name,la,phase,year,prior_attainment,disadvantage,attainment"];
    for (let i = 0; i < 14; i++) {
      const urn = i === 0 ? "=1+1" : String(200 + i);
      rows.push(`${urn},S${i},LA${i % 3},primary,2019,${15 + (i % 3)},${10 + i},${50 + i}`);
    }
    const data = join(dir, "hostile.csv");
    writeFileSync(data, `${rows.join("\n")}\n`);
    const saved = join(dir, "families.csv");
    const group = fos(["group", "--csv", "--out", saved, data]);
    expect(group.status).toBe(0);
    expect(readFileSync(saved, "utf8")).toContain("'=1+1,S0,LA0,,P01");
    const bench = fos(["benchmark", "--families", saved, data]);
    expect(bench.status).toBe(0);
    expect(bench.stderr).not.toMatch(/no data|no family/);
    expect(JSON.parse(bench.stdout).schools.map((s: { urn: string }) => s.urn)).toContain("=1+1");
  });

  it("names the schools a saved grouping leaves out, and refuses a family that mixes phases", () => {
    const saved = join(dir, "partial.csv");
    writeFileSync(saved, "urn,family\n105000,P01\n999999,P01\n");
    const r = fos(["benchmark", "--families", saved, REGION]);
    expect(r.stderr).toContain(`note: 1 school in ${saved} has no data and is left out: 999999`);
    expect(r.stderr).toMatch(
      /note: 1041 schools in the data are in no family of .* \(listed as not placed\): 105001, /,
    );
    const mixed = join(dir, "mixed.csv");
    // 105000 is a primary school, 105855 a secondary one in the fixture region.
    writeFileSync(mixed, "urn,family\n105000,P01\n105001,P01\n105855,P01\n");
    const m = fos(["benchmark", "--families", mixed, REGION]);
    expect(m.status).toBe(1);
    expect(m.stderr).toContain(
      "family P01 mixes phases (2 primary, 1 secondary): a family compares schools of one phase; move 105855",
    );
  });

  it("a header-only saved grouping places nobody, and says so", () => {
    const empty = join(dir, "empty.csv");
    writeFileSync(empty, "urn,family\n");
    const r = fos(["benchmark", "--families", empty, REGION]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("no school could be placed in a family (1042 schools)");
  });

  it("refuses a year given with a file whose year column says otherwise", () => {
    const r = fos(["validate", `2012=${REGION}`]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(
      "year the file's year column says 2016, 2017, 2018, 2019, but 2012= was given with it: give the file without 2012=, or without its year column",
    );
  });
});

describe("messages in the command line's words", () => {
  it("names the flag the user typed, not the library's option or function", () => {
    const cases: [string[], string][] = [
      [
        ["group", "--max-per-la", "0", REGION],
        "fos: --max-per-la must be a whole number ≥ 1 or a share between 0 and 1, not 0",
      ],
      [["group", "--context-years", "0", REGION], "fos: --context-years must be a whole number ≥ 1, not 0"],
      [["group", "--previous", "x.csv", "--max-churn", "2", REGION], ""],
      [["pairs", "--min-distance-km=-1", REGION], "fos: --min-distance-km must be 0 or more, not -1"],
    ];
    for (const [args, message] of cases) {
      const r = fos(args);
      expect(r.status).toBe(2);
      if (message) expect(r.stderr.split("\n")[0]).toBe(message);
      expect(r.stderr).not.toMatch(/groupFamilies|matchPartners|maxPerLa|contextYears|minDistanceKm/);
    }
  });

  it("says 1 school, not 1 schools", () => {
    const r = fos(["group", "-"], "urn,year,phase,prior_attainment,disadvantage\n1,2019,primary,15,20\n");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^the 1 primary school cannot be split into families of 12–20/);
  });
});
