import { describe, expect, it } from "vitest";
import { comparisonGroups, groupFamilies, panel, readSchools } from "../../src/index.js";
import { fixture } from "../helpers.js";

// Real data at the size of England: every state-funded school in the January 2019 census, grouped on
// disadvantage and EAL (the census has no prior attainment). See fixtures/README.md.
describe("groupFamilies and comparisonGroups on every state-funded school in England (census 2019)", () => {
  const read = readSchools(fixture("dfe/england_census_2019_context.csv"));
  const { schools } = panel(read.records);
  const weights = { disadvantage: 1, eal: 1 };
  const g = groupFamilies(schools, { weights });

  it("reads every school, and puts each in one family or says why not", () => {
    expect(read.rejected).toEqual([]);
    expect(schools).toHaveLength(20_217);
    const placed = g.families.flatMap((f) => f.members);
    expect(new Set(placed).size).toBe(placed.length);
    expect(placed.length + g.unassigned.length).toBe(schools.length);
    // The census leaves some schools' percentages blank (NA): those are unassigned, each with its reason.
    const missing = schools
      .filter((s) => s.years[0]!.disadvantage === undefined || s.years[0]!.eal === undefined)
      .map((s) => s.urn)
      .sort();
    expect(g.unassigned.map((u) => u.urn).sort()).toEqual(missing);
    expect(g.unassigned.every((u) => /disadvantage|eal/.test(u.reason))).toBe(true);
  });

  it("keeps every family within 12–20 schools and one phase, numbered by the centroid", () => {
    expect(g.families.every((f) => f.size >= 12 && f.size <= 20 && f.members.length === f.size)).toBe(true);
    const phaseOf = new Map(schools.map((s) => [s.urn, s.phase]));
    for (const f of g.families) expect(new Set(f.members.map((u) => phaseOf.get(u)))).toEqual(new Set([f.partition]));
    expect(g.families.filter((f) => f.partition === "primary").map((f) => f.id)[0]).toBe("P0001");
  });

  it("gives each placed school 50 neighbours of its own phase, nearest first", () => {
    const c = comparisonGroups(schools, { k: 50, weights });
    expect(c.groups.length + c.unassigned.length).toBe(schools.length);
    const phaseOf = new Map(schools.map((s) => [s.urn, s.phase]));
    // One expectation over all 20,000 groups (an expect per value would take most of a minute).
    const wrong = c.groups.filter(
      (group) =>
        group.neighbours.length !== 50 ||
        group.neighbours.includes(group.urn) ||
        group.neighbours.some((u) => phaseOf.get(u) !== group.partition) ||
        group.distances.some((d, i) => i > 0 && d < group.distances[i - 1]!),
    );
    expect(wrong.map((group) => group.urn)).toEqual([]);
  });
});
