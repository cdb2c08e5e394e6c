import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { groupFamilies, panel, readFamilies, readSchools } from "../../src/index.js";
import { fixture, ROOT, thrown } from "../helpers.js";

// Each school's pupil groups and subjects make the JSON larger than spawnSync's default 1 MB buffer.
const fos = (args: string[]) =>
  spawnSync("node", [`${ROOT}dist/cli.js`, ...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });

describe("fos benchmark (the built CLI)", () => {
  it("benchmarks every school, grouping first, as JSON", () => {
    const r = fos(["benchmark", "fixtures/region/region.csv"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.year).toBe(2019);
    expect(out.schools).toHaveLength(1023);
    expect(out.unplaced).toHaveLength(19);
    const placed = out.schools.filter((s: { quadrant: string | null }) => s.quadrant !== null);
    expect(placed.length).toBeGreaterThan(1000);
    for (const s of placed) expect(["NE", "NW", "SE", "SW"]).toContain(s.quadrant);
    expect(out.families[0]).toMatchObject({ id: "P01", phase: "primary" });
    expect(r.stderr).toBe(
      "1023 schools benchmarked in 64 families for 2019; 19 schools in no family (listed with the reason)\n",
    );
  });

  it("reuses a saved grouping and gives the same figures as grouping again", () => {
    const dir = mkdtempSync(join(tmpdir(), "fos-"));
    const saved = join(dir, "families.csv");
    expect(fos(["group", "--csv", "--out", saved, "fixtures/region/region.csv"]).status).toBe(0);
    const again = fos(["benchmark", "--csv", "fixtures/region/region.csv"]);
    const reused = fos(["benchmark", "--csv", "--families", saved, "fixtures/region/region.csv"]);
    expect(reused.status).toBe(0);
    // Then each pupil group's and subject's columns (see test/cli/areas.test.ts).
    expect(reused.stdout.split("\n")[0]).toMatch(
      /^urn,name,la,la_name,family,attainment,improvement,dx,dy,quadrant,withinNoise,targetGap,reason,disadvantaged,disadvantaged_pupils,disadvantaged_vs_family,disadvantaged_family_gap,disadvantaged_gap,pooled_years,projection_year,projection,projection_low,projection_high,subgroup_/,
    );
    // The same rows for every school in a family (a school in none says why in its own words: not in the file).
    const sort = (t: string) =>
      t
        .trim()
        .split("\n")
        .slice(1)
        .filter((l) => !l.includes("not placed in a family"))
        .sort();
    expect(sort(reused.stdout)).toEqual(sort(again.stdout));
    expect(sort(reused.stdout)).toHaveLength(1023);
    expect(readFileSync(saved, "utf8").split("\n")).toHaveLength(1025);
  });

  it("exits 2 for a missing saved grouping or a bad target", () => {
    expect(fos(["benchmark", "--families", "no/such.csv", "fixtures/region/region.csv"]).status).toBe(2);
    expect(fos(["benchmark", "--target", "top", "fixtures/region/region.csv"]).stderr).toMatch(
      /^fos: --target must be upperQuartile, median, mean or best, not 'top'/,
    );
  });
});

describe("fos benchmark: disadvantaged pupils, pooled years and projections", () => {
  const files = ["2016-2017", "2017-2018", "2018-2019"].map((y) => `fixtures/dfe/${y}_850_excerpt_ks2final.csv`);

  it("gives each school's disadvantaged pupils against its family and the nation, and a projection", () => {
    const r = fos(["benchmark", "--preset", "dfe-ks2", "--min", "5", "--max", "9", ...files]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.outcomeYears).toBe("auto");
    // The 2018/19 file's own national row for state-funded schools (RECTYPE 5): other pupils 71%.
    expect(out.disadvantaged).toEqual({ nationalOther: 71, nationalSource: "given" });
    const withDis = out.schools.filter((s: { disadvantaged?: unknown }) => s.disadvantaged);
    expect(withDis.length).toBeGreaterThan(10);
    for (const s of withDis) {
      const d = s.disadvantaged;
      expect(Object.keys(d)).toEqual(
        expect.arrayContaining(["attainment", "pupils", "familyAverage", "gap", "familyGap", "se"]),
      );
      expect(d.gap).toBeCloseTo(d.attainment - out.disadvantaged.nationalOther, 9);
    }
    const projected = out.schools.filter((s: { projection?: { year: number } }) => s.projection);
    expect(projected.length).toBeGreaterThan(10);
    for (const s of projected) expect(s.projection.year).toBe(2020);
  });

  it("pools every school over --outcome-years, and refuses a bad one", () => {
    const r = fos(["benchmark", "--preset", "dfe-ks2", "--min", "5", "--max", "9", "--outcome-years", "3", ...files]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.outcomeYears).toBe(3);
    expect(out.schools.some((s: { outcome?: { years: number[] } }) => s.outcome?.years.length === 3)).toBe(true);
    expect(fos(["benchmark", "--outcome-years", "0", ...files]).stderr).toMatch(
      /--outcome-years must be a whole number/,
    );
  });
});

describe("readFamilies", () => {
  const { records } = readSchools(fixture("region/region.csv"));

  it("reads back what groupFamilies made, and names what does not match the data", () => {
    const g = groupFamilies(panel(records).schools);
    const csv = ["urn,family", ...g.schools.map((s) => `${s.urn},${s.family}`), "999999,P01"].join("\n");
    const saved = readFamilies(csv, panel(records).schools);
    expect(saved.families.map((f) => [f.id, f.members])).toEqual(
      g.families.map((f) => [f.id, f.members]).sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1)),
    );
    expect(saved.notInData).toEqual(["999999"]);
    expect(saved.notInFile).toEqual(g.unassigned.map((u) => u.urn));
  });

  it("says when a school is in two families, or a column is missing", () => {
    const error = thrown(() => readFamilies("urn,family\n1,P01\n1,P02\n", panel(records).schools, { file: "f.csv" }));
    expect(error.issues[0]?.message).toBe(
      "school 1 is in family P01 on line 2 and in P02 here: a school belongs to one family",
    );
    expect(() => readFamilies("urn,group\n1,P01\n", panel(records).schools)).toThrow(
      /needs the columns urn and family/,
    );
  });
});
