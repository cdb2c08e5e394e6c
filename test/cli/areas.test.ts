// fos benchmark carries each school's pupil groups and subjects against its family: nested in the JSON, columns in
// the CSV. On the real Hampshire KS2 excerpts (three years, with pupil groups and subjects).
import { spawnSync } from "node:child_process";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";

const fos = (args: string[]) => spawnSync("node", [`${ROOT}dist/cli.js`, ...args], { cwd: ROOT, encoding: "utf8" });
const KS2 = ["2016-2017", "2017-2018", "2018-2019"].map((y) => `fixtures/dfe/${y}_850_excerpt_ks2final.csv`);

interface Row {
  value: number | null;
  familyMean: number | null;
  familyUpperQuartile: number | null;
  place: number | null;
  improvement: number | null;
}
interface School {
  urn: string;
  family: string;
  subgroups: Record<string, Row>;
  subjects: Record<string, Row>;
  gaps: Record<string, { value: number | null; familyMean: number | null }>;
}

describe("fos benchmark: each school's pupil groups and subjects", () => {
  const json = fos(["benchmark", "--preset", "dfe-ks2", ...KS2]);
  const out = JSON.parse(json.stdout) as { schools: School[] };

  it("gives every school every group and subject its family has, beside the family's mean", () => {
    expect(json.status).toBe(0);
    expect(out.schools.length).toBeGreaterThan(20);
    for (const s of out.schools) {
      expect(Object.keys(s.subgroups)).toEqual(expect.arrayContaining(["boys", "girls", "disadvantaged", "other"]));
      expect(Object.keys(s.subjects).sort()).toEqual(["maths", "reading", "writing"]);
    }
    // The family's mean is the mean of its members' values; places run from 1 for the highest.
    for (const family of new Set(out.schools.map((s) => s.family))) {
      const members = out.schools.filter((s) => s.family === family);
      const values = members.map((s) => s.subjects.maths?.value).filter((v): v is number => v !== null);
      const mean = values.reduce((t, v) => t + v, 0) / values.length;
      for (const s of members) expect(s.subjects.maths?.familyMean).toBeCloseTo(mean, 5);
      const top = Math.max(...values);
      expect(members.find((s) => s.subjects.maths?.value === top)?.subjects.maths?.place).toBe(1);
    }
    // A school's gap is its girls' result less its boys'.
    const both = out.schools.find((s) => s.subgroups.girls?.value !== null && s.subgroups.boys?.value !== null);
    expect(both?.gaps["girls−boys"]?.value).toBeCloseTo(
      (both?.subgroups.girls?.value as number) - (both?.subgroups.boys?.value as number),
      9,
    );
  });

  it("writes the same as columns in the CSV", () => {
    const csv = fos(["benchmark", "--preset", "dfe-ks2", "--csv", ...KS2]);
    expect(csv.status).toBe(0);
    const rows = parse(csv.stdout, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0] ?? {})).toEqual(
      expect.arrayContaining([
        "subgroup_disadvantaged",
        "subgroup_disadvantaged_family_mean",
        "subgroup_disadvantaged_family_upper_quartile",
        "subgroup_disadvantaged_place",
        "subgroup_disadvantaged_improvement",
        "subject_reading_family_improvement_mean",
        "gap_girls_boys",
        "gap_girls_boys_family_mean",
      ]),
    );
    for (const r of rows) {
      const s = out.schools.find((x) => x.urn === r.urn);
      const v = s?.subgroups.disadvantaged?.familyMean;
      expect(r.subgroup_disadvantaged_family_mean === "" ? null : Number(r.subgroup_disadvantaged_family_mean)).toBe(
        v === null || v === undefined ? null : Math.round(v * 1e6) / 1e6,
      );
    }
  });
});
