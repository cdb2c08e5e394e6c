import { sampleCorrelation } from "simple-statistics";
import { describe, expect, it } from "vitest";
import { panel, readSchools, schoolsToCsv, syntheticRegion } from "../src/index.js";
import { fixture } from "./helpers.js";

describe("the fixture region", () => {
  const text = fixture("region/region.csv");

  it("is exactly what the seeded generator makes (regenerate with npm run fixtures)", () => {
    expect(schoolsToCsv(syntheticRegion()) === text).toBe(true);
  });

  it("is the same for the same seed and different for another", () => {
    const a = syntheticRegion({ primaries: 30, secondaries: 5, seed: 1 });
    expect(syntheticRegion({ primaries: 30, secondaries: 5, seed: 1 })).toEqual(a);
    expect(syntheticRegion({ primaries: 30, secondaries: 5, seed: 2 })).not.toEqual(a);
  });

  it("gives each school one record a year however large the region (academies' new URNs never meet the others')", () => {
    const records = syntheticRegion({ primaries: 34_000, secondaries: 6_000, years: 3, detail: false, seed: 5 });
    const keys = new Set(records.map((r) => `${r.urn}/${r.year}`));
    expect(keys.size).toBe(records.length);
    expect(records.some((r) => r.successor !== undefined)).toBe(true);
  });

  it("has the shape of a Greater Manchester–like region", () => {
    const { records, report } = readSchools(text, { file: "region.csv" });
    expect(report.years).toEqual([2016, 2017, 2018, 2019]);
    const { schools, joined } = panel(records);
    const primary = schools.filter((s) => s.phase === "primary");
    const secondary = schools.filter((s) => s.phase === "secondary");
    expect(primary.length).toBeGreaterThan(800);
    expect(primary.length).toBeLessThan(900);
    expect(secondary.length).toBeGreaterThan(165);
    expect(secondary.length).toBeLessThan(195);
    expect(new Set(schools.map((s) => s.la)).size).toBe(10);
    expect(joined.length).toBeGreaterThan(5);
    // Some schools close and some open part-way through.
    expect(schools.some((s) => s.years[s.years.length - 1]!.year < 2019)).toBe(true);
    expect(schools.some((s) => s.years[0]!.year > 2016)).toBe(true);
    for (const phase of ["primary", "secondary"]) {
      const latest = records.filter((r) => r.year === 2019 && r.phase === phase);
      const d = latest.map((r) => r.disadvantage!);
      const a = latest.map((r) => r.attainment!);
      const p = latest.map((r) => r.priorAttainment!);
      expect(Math.min(...d)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...d)).toBeLessThanOrEqual(80);
      expect(sampleCorrelation(d, a)).toBeLessThan(-0.5);
      expect(sampleCorrelation(d, p)).toBeLessThan(-0.4);
      expect(sampleCorrelation(p, a)).toBeGreaterThan(0.4);
      const cohorts = latest.map((r) => r.cohort!);
      const [lo, hi] = phase === "primary" ? [15, 90] : [80, 300];
      expect(Math.min(...cohorts)).toBeGreaterThanOrEqual(lo);
      expect(Math.max(...cohorts)).toBeLessThanOrEqual(hi);
      const e = latest.map((r) => r.easting!);
      expect(Math.max(...e) - Math.min(...e)).toBeGreaterThan(35_000);
      expect(Math.max(...e) - Math.min(...e)).toBeLessThan(70_000);
    }
    // Small sub-groups are suppressed (missing), as in the DfE's files.
    expect(report.missing["subgroups.disadvantaged"]).toBeGreaterThan(0);
  });
});

describe("the Bury and Rochdale excerpts the package ships for fos demo", () => {
  // Made by fixtures/bury-rochdale.mjs from the Greater Manchester excerpts: the same lines, those two authorities only.
  const lines = (path: string) => fixture(path).split("\n").filter(Boolean);

  it("are every line of Bury's and Rochdale's schools in the Greater Manchester files, and nothing else", () => {
    const gm = lines("dfe/2022-07_gias_gm_excerpt.csv");
    const gias = lines("dfe/2022-07_gias_351_354_excerpt.csv");
    expect(gias[0]).toBe(gm[0]);
    // The LA code is the second cell of every row (URN first; neither is quoted).
    expect(gias.slice(1)).toEqual(gm.slice(1).filter((l) => /^\d+,35[14],/.test(l)));
    expect(gias.length - 1).toBe(159);
    const urns = new Set(gias.slice(1).map((l) => l.split(",")[0]));
    const context = lines("dfe/gm_2019_context.csv");
    const small = lines("dfe/351_354_2019_context.csv");
    expect(small[0]).toBe(context[0]);
    expect(small.slice(1)).toEqual(context.slice(1).filter((l) => urns.has(l.split(",")[0] as string)));
    // Small enough to ship.
    expect(fixture("dfe/2022-07_gias_351_354_excerpt.csv").length).toBeLessThan(60_000);
  });
});
