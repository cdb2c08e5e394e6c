import { describe, expect, it } from "vitest";
import {
  benchmarkFamilies,
  comparisonGroups,
  explainFamily,
  familyChart,
  groupFamilies,
  improvement,
  matchPartners,
  panel,
  readSchools,
  regroupFamilies,
  syntheticRegion,
} from "../src/index.js";

const { schools } = panel(syntheticRegion({ primaries: 40, secondaries: 0, years: 3, seed: 5 }));
const grouping = groupFamilies(schools);
const benchmarks = benchmarkFamilies(grouping, schools);

// A bad argument's message starts with the public function the user called, even when the check is made by a
// function it calls in turn (groupFamilies inside regroupFamilies, the improvement window inside benchmarkFamilies).
describe("every public function's argument errors name it", () => {
  const cases: [string, () => unknown][] = [
    ["readSchools", () => readSchools("urn\n1\n", { mode: "loose" as "strict" })],
    ["groupFamilies", () => groupFamilies(schools, { min: 20, max: 12 })],
    ["regroupFamilies", () => regroupFamilies(schools, {}, { min: 20, max: 12 })],
    ["regroupFamilies", () => regroupFamilies(schools, {}, { weights: { eal: -1 } })],
    ["comparisonGroups", () => comparisonGroups(schools, { k: 0 })],
    ["comparisonGroups", () => comparisonGroups(schools, { contextYears: 0 })],
    ["benchmarkFamilies", () => benchmarkFamilies(grouping, schools, { window: 1 })],
    ["benchmarkFamilies", () => benchmarkFamilies(grouping, schools, { target: "top" as "best" })],
    ["improvement", () => improvement(schools[0]?.years ?? [], { window: 1 })],
    ["matchPartners", () => matchPartners(benchmarks, { capacity: 0 })],
    ["familyChart", () => familyChart(benchmarks.families[0] as never, { width: 10 })],
    ["explainFamily", () => explainFamily(grouping, "no-such-school")],
    ["syntheticRegion", () => syntheticRegion({ primaries: -1 })],
    // Stages after panel take its schools: records are refused with what to do, not silently re-paneled.
    ["groupFamilies", () => groupFamilies(syntheticRegion({ primaries: 3, years: 1 }) as never)],
    ["benchmarkFamilies", () => benchmarkFamilies(grouping, syntheticRegion({ primaries: 3, years: 1 }) as never)],
    ["comparisonGroups", () => comparisonGroups(syntheticRegion({ primaries: 3, years: 1 }) as never)],
  ];
  it("tells a user who passes records to call panel first", () => {
    expect(() => groupFamilies(syntheticRegion({ primaries: 3, years: 1 }) as never)).toThrow(
      /groupFamilies: expected schools from panel\(records\)\.schools, not school-year records: call panel\(records\) first/,
    );
  });
  for (const [name, call] of cases) {
    it(`${name}: ${call.toString().slice(6, 70)}`, () => {
      expect(call).toThrow(new RegExp(`^${name}: `));
    });
  }
});

describe("problem codes", () => {
  it("are listed in docs/data-model.md once each, with the meaning the code gives them", async () => {
    const { readFileSync } = await import("node:fs");
    const { PROBLEM_CODES } = await import("../src/index.js");
    const readme = readFileSync(new URL("../docs/data-model.md", import.meta.url), "utf8");
    for (const [code, meaning] of Object.entries(PROBLEM_CODES)) {
      // A table row, whatever padding the formatter gives its cells.
      const rows = readme
        .split("\n")
        .map((l) => l.split("|").map((c) => c.trim()))
        .filter((cells) => cells[1] === `\`${code}\``);
      expect(rows.map((cells) => cells[2])).toEqual([meaning]);
    }
  });
});

describe("numbers too large to square, and pairs naming unknown schools", () => {
  it("a prior attainment of 1e200 does not zero the feature for every school", () => {
    const records = Array.from({ length: 24 }, (_, i) => ({
      urn: String(100 + i),
      phase: "primary",
      year: 2019,
      priorAttainment: i === 0 ? 1e200 : 15 + (i % 5),
      disadvantage: 10 + i,
    }));
    const g = groupFamilies(panel(records).schools, { min: 12, max: 12 });
    const priors = g.schools.map((s) => s.coordinates[0] as number);
    expect(priors.every(Number.isFinite)).toBe(true);
    expect(new Set(priors).size).toBeGreaterThan(1);
  });

  it("a forbidden pair naming a school not in the benchmarks is refused, as a pin is", () => {
    const urn = benchmarks.families[0]?.members[0]?.urn as string;
    expect(() => matchPartners(benchmarks, { forbid: [{ supporter: "nowhere", supported: urn }] })).toThrow(
      "matchPartners: forbidden supporter nowhere is not in the benchmarks",
    );
    expect(() => matchPartners(benchmarks, { pins: [{ supporter: urn, supported: urn }] })).toThrow(
      `matchPartners: school ${urn} is pinned to itself: a partner is another school`,
    );
  });
});
