import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";

// Issue 23 point 6 and issue 24 row 8: a command that would write nothing (no family, group, benchmark, pair, place
// or score) exits 1 with the reason and the fix; schools left out are named on stderr whatever the output's format.
const fos = (args: string[]) => spawnSync("node", [`${ROOT}dist/cli.js`, ...args], { cwd: ROOT, encoding: "utf8" });
const NO_PRIOR = "fixtures/bad/no-prior.csv";
const SMALL = ["--min", "4", "--max", "8"];
const tmp = () => mkdtempSync(join(tmpdir(), "fos-empty-"));

describe("no families: exit 1 with the reason and the fix", () => {
  it("a file without prior attainment (the default feature) names the features it has, as --weights", () => {
    for (const command of ["group", "benchmark", "pairs", "report", "quality"]) {
      const r = fos([command, ...SMALL, NO_PRIOR]);
      expect(r.status, command).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain("no families: none of the 14 schools could be placed\n");
      expect(r.stderr).toContain(
        `no prior attainment in ${NO_PRIOR}: choose features the data has with --weights disadvantage=1,eal=1\n`,
      );
      expect(r.stderr).toContain("  no prior attainment in 2019 — 14 schools: 201, 202,");
    }
    // The fix it gives works.
    expect(fos(["group", ...SMALL, "--weights", "disadvantage=1,eal=1", NO_PRIOR]).status).toBe(0);
  });

  it("--csv writes no header-only file and still says why", () => {
    const out = join(tmp(), "families.csv");
    const r = fos(["group", ...SMALL, "--csv", "--out", out, NO_PRIOR]);
    expect(r.status).toBe(1);
    expect(() => readFileSync(out)).toThrow();
  });

  it("--year with no data, and a feature the data lacks", () => {
    const year = fos(["group", ...SMALL, "--weights", "disadvantage=1", "--year", "1990", NO_PRIOR]);
    expect(year.status).toBe(1);
    expect(year.stderr).toContain(
      "no school in fixtures/bad/no-prior.csv has data for 1990 (--year 1990): the data's years are 2018–2019",
    );
    const absence = fos(["group", ...SMALL, "--weights", "absence=1", "--csv", NO_PRIOR]);
    expect(absence.status).toBe(1);
    expect(absence.stdout).toBe("");
    expect(absence.stderr).toContain("no overall absence in fixtures/bad/no-prior.csv: choose features");
  });

  it("a latest year without the features (as a provisional KS4 file) names the year that has them, as --year", () => {
    // North Yorkshire's 2018/19 provisional KS4 file has no prior attainment or disadvantage; its 2017/18 file has.
    const file = join(tmp(), "provisional.csv");
    const rows = ["urn,year,prior_attainment,disadvantage,attainment"];
    for (let i = 0; i < 8; i++)
      rows.push(`${300 + i},2018,${40 + i},${10 + i},${45 + i}`, `${300 + i},2019,,,${46 + i}`);
    writeFileSync(file, `${rows.join("\n")}\n`);
    const r = fos(["group", ...SMALL, file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      `no prior attainment or disadvantage for 2019 in ${file}, though 2018 has them: group on 2018 with --year 2018, or add 2019's context (the school census, with --map)\n`,
    );
    // The fix it gives works.
    expect(fos(["group", ...SMALL, "--year", "2018", file]).status).toBe(0);
  });

  it("all priors blank, by --method neighbours too", () => {
    const r = fos(["group", "--method", "neighbours", "--k", "3", "--csv", NO_PRIOR]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("no comparison groups: none of the 14 schools could be placed\n");
  });
});

describe("schools left out are named on stderr, in every format", () => {
  it("group --csv names each unassigned school with its reason (the CSV has no row for them)", () => {
    const csv = fos(["group", "--csv", "fixtures/bad/unplaced.csv", "--min", "2", "--max", "4"]);
    const json = fos(["group", "--json", "fixtures/bad/unplaced.csv", "--min", "2", "--max", "4"]);
    expect(csv.status).toBe(0);
    const unassigned = JSON.parse(json.stdout).unassigned as { urn: string; reason: string }[];
    expect(unassigned.length).toBeGreaterThan(0);
    for (const u of unassigned) {
      expect(csv.stdout).not.toMatch(new RegExp(`^${u.urn},`, "m"));
      expect(csv.stderr).toContain(u.reason);
      expect(csv.stderr).toMatch(new RegExp(`[: ]${u.urn}(,|\\n)`));
      expect(json.stderr).toMatch(new RegExp(`[: ]${u.urn}(,|\\n)`));
    }
  });
});

describe("nothing to benchmark, no pairs, nothing to score", () => {
  it("a latest year without attainment: benchmark exits 1 naming the years that have it", () => {
    const file = join(tmp(), "no-attainment-2019.csv");
    const lines = readFileSync(`${ROOT}fixtures/bad/no-prior.csv`, "utf8").trim().split("\n");
    const header = "urn,name,la,phase,year,prior_attainment,disadvantage,eal,attainment";
    const rows = lines.slice(1).map((l) => {
      const c = l.split(",");
      return [...c.slice(0, 5), String(15 + (Number(c[0]) % 4)), ...c.slice(5, 7), c[4] === "2019" ? "" : c[7]].join(
        ",",
      );
    });
    writeFileSync(file, `${[header, ...rows].join("\n")}\n`);
    const r = fos(["benchmark", ...SMALL, "--csv", file]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("nothing to benchmark: none of the 14 schools in families has attainment in 2019\n");
    expect(r.stderr).toContain("the data has attainment for 2018: benchmark one of those years with --benchmark-year");
  });

  it("a misspelt attainment header: noted with the nearest name, and nothing to benchmark", () => {
    const r = fos(["benchmark", ...SMALL, "fixtures/bad/misspelt-header.csv"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("'attainmnet' (did you mean attainment?)");
    expect(r.stderr).toContain("column 9 has no header but holds values, which are not read");
    expect(r.stderr).toContain("nothing to benchmark");
  });

  it("one school: quality says there is nothing to score (no stack trace)", () => {
    const file = join(tmp(), "one.csv");
    writeFileSync(file, "urn,phase,year,prior_attainment,disadvantage,attainment\n101,primary,2019,16,11,51\n");
    const r = fos(["quality", "--fallback", file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("nothing to score");
    expect(r.stderr).not.toMatch(/unexpected error|RangeError/);
  });
});

describe("fos places: no places is a problem", () => {
  const GIAS = "fixtures/dfe/2022-04-20_gias_850_excerpt.csv";

  it("--la with no school there names the codes the file has", () => {
    const r = fos(["places", "--gias", GIAS, "--la", "999", "--json"]);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).problems[0]).toMatchObject({ code: "empty-result" });
    expect(r.stderr).toContain(`no places: no school in this GIAS file (${GIAS}) is in local authority 999 (--la)`);
    expect(r.stderr).toContain("codes include 850");
  });

  it("--la written backwards is a usage error naming the flag", () => {
    const r = fos(["places", "--gias", GIAS, "--la", "359-350", "--json"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--la 359-350 runs backwards: write the smaller code first (350-359)");
  });

  it("a GIAS file without LA codes (the slim download) says so and what to use", () => {
    const file = join(tmp(), "slim.csv");
    writeFileSync(
      file,
      "URN,EstablishmentName,PhaseOfEducation (name),Easting,Northing\n100000,The Aldgate School,Primary,533498,181201\n",
    );
    const r = fos(["places", "--gias", file, "--la", "201", "--json"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`has no LA codes (no 'LA (code)' column), so --la 201 selects no school`);
    expect(r.stderr).toContain("use the full GIAS download");
  });
});
