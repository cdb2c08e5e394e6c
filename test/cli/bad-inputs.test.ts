import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";

// Issue 24 rows 1, 3, 4, 5 and 7 through the built CLI: each answers in plain words with exit 0, 1 or 2.
const fos = (args: string[]) =>
  spawnSync("node", [`${ROOT}dist/cli.js`, ...args], { cwd: ROOT, encoding: "utf8", timeout: 30_000 });
const tmp = () => mkdtempSync(join(tmpdir(), "fos-bad-"));
const HEADER = "urn,name,la,phase,year,prior_attainment,disadvantage,attainment";

describe("row 1: one school", () => {
  it("group --method neighbours says it has no neighbours (no RangeError, no stack trace)", () => {
    const file = join(tmp(), "one.csv");
    writeFileSync(file, `${HEADER}\n101,S1,LA1,primary,2019,16,11,51\n`);
    const r = fos(["group", "--method", "neighbours", file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("no comparison groups: the one school could not be placed");
    expect(r.stderr).toContain("no other school of its phase (primary) to compare it with — 1 school: 101");
    expect(r.stderr).not.toMatch(/unexpected error|RangeError|\n\s+at /);
  });
});

describe("row 3: two prior attainments of 9e307", () => {
  it("group and benchmark finish (they hung), with every school placed", () => {
    const file = join(tmp(), "huge.csv");
    const rows = Array.from({ length: 30 }, (_, i) =>
      [100 + i, `S${i}`, `LA${i % 3}`, "primary", 2019, i < 2 ? "9e307" : 15 + (i % 5), 10 + i, 50 + i].join(","),
    );
    writeFileSync(file, `${HEADER}\n${rows.join("\n")}\n`);
    const g = fos(["group", "--min", "5", "--max", "10", "--json", file]);
    expect(g.status).toBe(0);
    const out = JSON.parse(g.stdout) as { families: { members: string[] }[] };
    expect(out.families.flatMap((f) => f.members)).toHaveLength(30);
    const n = fos(["group", "--method", "neighbours", "--k", "3", "--csv", file]);
    expect(n.status).toBe(0);
    // Every distance written: none blank (NaN), none Infinity.
    for (const line of n.stdout.trim().split("\n").slice(1)) expect(line).toMatch(/,\d+(\.\d+)?$/);
    expect(fos(["benchmark", "--min", "5", "--max", "10", file]).status).toBe(0);
  });
});

describe("row 4: successor links that drop records", () => {
  it("a cycle (A → B → C → A): validate fails naming the cycle and each record left out; group notes them", () => {
    const v = fos(["validate", "fixtures/bad/links-cycle.csv"]);
    expect(v.status).toBe(1);
    expect(v.stdout).toContain("the links form a cycle (101 → 102 → 103)");
    expect(v.stdout).toContain("fixtures/bad/links-cycle.csv:4 school 102's 2018 record is left out");
    expect(v.stdout).toContain("fixtures/bad/links-cycle.csv:5 school 102's 2019 record is left out");
    const g = fos(["group", "--min", "1", "--max", "5", "--csv", "fixtures/bad/links-cycle.csv"]);
    expect(g.status).toBe(0);
    expect(g.stderr).toContain("note: fixtures/bad/links-cycle.csv, line 4: school 102's 2018 record is left out");
    expect(g.stderr).toContain("note: the links form a cycle (101 → 102 → 103)");
  });

  it("a converter's empty row beside the old URN's with the results: said in a note, and validate passes", () => {
    // As the DfE's 2018/19 KS2 file has Oakfield Primary: 115993 with the results, 147021 (its academy) empty.
    const dir = tmp();
    const data = join(dir, "2018-2019_data.csv");
    writeFileSync(
      data,
      [
        `${HEADER},successor`,
        "115993,Oakfield Primary School,850,primary,2018,15.4,25,32,147021",
        "115993,Oakfield Primary School,850,primary,2019,16.5,21,62,147021",
        "147021,Oakfield Primary School,850,primary,2019,,,,",
        "",
      ].join("\n"),
    );
    const v = fos(["validate", data]);
    expect(v.status).toBe(0);
    expect(v.stderr).toContain(
      `note: ${data}, line 4: school 147021's 2019 row is empty and left out; its history continues with 115993's 2019 record, which has the results`,
    );
    const g = fos(["group", "--min", "1", "--max", "5", "--csv", data]);
    expect(g.status).toBe(0);
    expect(g.stdout).toMatch(/^147021,/m);
  });

  it("a links file merging a live school onto another: its years both have are named, and validate fails", () => {
    const dir = tmp();
    const data = join(dir, "data.csv");
    writeFileSync(
      data,
      `${HEADER}\n201,A,LA1,primary,2018,16,11,51\n201,A,LA1,primary,2019,16,11,52\n202,B,LA1,primary,2018,17,12,53\n202,B,LA1,primary,2019,17,12,54\n`,
    );
    const links = join(dir, "links.csv");
    writeFileSync(links, "URN,LinkURN,LinkType\n201,202,Successor\n");
    const plain = fos(["validate", data]);
    expect(plain.status).toBe(0);
    const v = fos(["validate", "--links", links, data]);
    expect(v.status).toBe(1);
    expect(v.stdout).toContain(`${data}:2 school 201's 2018 record is left out`);
    expect(v.stdout).toContain(`${data}:3 school 201's 2019 record is left out`);
    const g = fos(["group", "--links", links, "--min", "1", "--max", "3", "--csv", data]);
    expect(g.stderr).toContain("school 201's 2019 record is left out");
  });
});

describe("row 5: RECTYPE written 1.0 (as pandas writes it)", () => {
  const KS2 = "fixtures/dfe/2018-2019_850_excerpt_ks2final.csv";

  it("is read as 1: the same schools as the file as published", () => {
    const file = join(tmp(), "2018-2019_850_ks2final.csv");
    writeFileSync(file, readFileSync(`${ROOT}${KS2}`, "utf8").replace(/^(\ufeff?)(\d)(?=,)/gm, "$1$2.0"));
    expect(readFileSync(file, "utf8").split("\n")[1]).toMatch(/^1\.0,/);
    const want = JSON.parse(fos(["validate", "--preset", "dfe-ks2", "--json", KS2]).stdout);
    const got = JSON.parse(fos(["validate", "--preset", "dfe-ks2", "--json", file]).stdout);
    expect(want.schools).toBeGreaterThan(20);
    expect(got.schools).toBe(want.schools);
    expect(got.ok).toBe(true);
  });

  it("a file with no school rows (only totals) is a problem, exit 1", () => {
    const file = join(tmp(), "2018-2019_totals_ks2final.csv");
    const lines = readFileSync(`${ROOT}${KS2}`, "utf8").split("\n");
    writeFileSync(
      file,
      `${lines[0]}\n${lines
        .slice(1)
        .filter((l) => /^[345],/.test(l))
        .join("\n")}\n`,
    );
    const r = fos(["validate", "--preset", "dfe-ks2", file]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("no school rows: all");
    expect(r.stdout).toContain("were skipped as not schools");
    expect(fos(["group", "--preset", "dfe-ks2", file]).status).toBe(1);
  });
});

describe("row 7: columns nothing reads", () => {
  it("validate notes a misspelt header with the nearest name, and a column of values under no header", () => {
    const r = fos(["validate", "fixtures/bad/misspelt-header.csv"]);
    expect(r.stderr).toContain(
      "note: fixtures/bad/misspelt-header.csv: 1 column is not read, being none of the generic layout's: 'attainmnet' (did you mean attainment?)",
    );
    expect(r.stderr).toContain("column 9 has no header but holds values, which are not read; give it a name");
  });

  it("a trailing empty column with no values is not noted", () => {
    const file = join(tmp(), "trailing.csv");
    writeFileSync(file, "urn,year,attainment,\n1,2019,50,\n2,2019,51,\n");
    expect(fos(["validate", file]).stderr).not.toContain("note:");
  });
});
