import { describe, expect, it } from "vitest";
import { groupFamilies, panel, readSchools, regroupFamilies, type SchoolYear } from "../../src/index.js";
import { fixture } from "../helpers.js";

/** A school at (prior, disadvantage) in 2020. */
const at = (urn: string, prior: number, disadvantage: number, extra: Partial<SchoolYear> = {}): SchoolYear => ({
  urn,
  phase: "primary",
  year: 2020,
  priorAttainment: prior,
  disadvantage,
  ...extra,
});

/** Two obvious clusters of 13: A around (15, 50), B around (18, 10). */
function twoClusters(): SchoolYear[] {
  const out: SchoolYear[] = [];
  for (let i = 0; i < 13; i++) out.push(at(`A${String(i).padStart(2, "0")}`, 15 + (i % 3) * 0.1, 50 + (i % 4)));
  for (let i = 0; i < 13; i++) out.push(at(`B${String(i).padStart(2, "0")}`, 18 + (i % 3) * 0.1, 10 + (i % 4)));
  return out;
}
const previous = Object.fromEntries(twoClusters().map((r) => [r.urn, r.urn.startsWith("A") ? "P01" : "P02"]));

describe("regroupFamilies", () => {
  it("keeps every school that did not change in its family", () => {
    const r = regroupFamilies(panel(twoClusters()).schools, previous);
    expect(r.churn).toMatchObject({ continuing: 26, moved: 0, share: 0, moves: [], joined: [], left: [] });
    expect(r.families.map((f) => [f.id, f.size])).toEqual([
      ["P01", 13],
      ["P02", 13],
    ]);
  });

  it("moves a school that has become an outlier, lets a new school join, and lists a closed one", () => {
    const data = twoClusters().filter((r) => r.urn !== "B12");
    // A00's intake is now like B's; N01 is new and like A's.
    data[0] = at("A00", 18.05, 11);
    data.push(at("N01", 15.1, 51));
    const r = regroupFamilies(panel(data).schools, previous);
    expect(r.churn.moves).toEqual([{ urn: "A00", from: "P01", to: "P02", reason: "outlier" }]);
    expect(r.churn.joined).toEqual([{ urn: "N01", family: "P01" }]);
    expect(r.churn.left).toEqual([{ urn: "B12", family: "P02" }]);
    expect(r.churn.share).toBeCloseTo(1 / 25, 12);
    for (const f of r.families) expect(f.size).toBeGreaterThanOrEqual(12);
  });

  it("gives an academy its predecessor's family", () => {
    const data = twoClusters().map((r) => (r.urn === "B05" ? { ...r, year: 2019, successor: "C05" } : r));
    data.push(at("C05", 18.1, 11));
    const { schools } = panel(data);
    const r = regroupFamilies(schools, previous);
    expect(r.schools.find((s) => s.urn === "C05")?.family).toBe("P02");
    expect(r.churn.joined).toEqual([{ urn: "C05", family: "P02", successorOf: "B05" }]);
    expect(r.churn.moved).toBe(0);
  });

  it("on the fixture region, year on year: no school lost or duplicated, every family within 12–20", () => {
    const { records } = readSchools(fixture("region/region.csv"));
    const { schools } = panel(records);
    const upTo = (y: number) =>
      schools
        .filter((s) => s.years.some((r) => r.year <= y))
        .map((s) => ({ ...s, years: s.years.filter((r) => r.year <= y) }));
    let prev: Record<string, string> = Object.fromEntries(
      groupFamilies(upTo(2017), { contextYears: 3 }).schools.map((s) => [s.urn, s.family]),
    );
    for (const year of [2018, 2019]) {
      const data = upTo(year);
      const fresh = groupFamilies(data, { year, contextYears: 3 });
      const r = regroupFamilies(data, prev, { year, contextYears: 3, movePenalty: 0.5 });
      const urns = r.families.flatMap((f) => f.members);
      expect(new Set(urns).size).toBe(urns.length);
      expect([...urns].sort()).toEqual(fresh.schools.map((s) => s.urn));
      expect(r.unassigned).toEqual(fresh.unassigned);
      for (const f of r.families) {
        expect(f.size).toBeGreaterThanOrEqual(12);
        expect(f.size).toBeLessThanOrEqual(20);
      }
      // Every continuing school that moved is listed once with a reason; the share is what it says.
      expect(r.churn.moved).toBe(r.churn.moves.length);
      expect(r.churn.share).toBeCloseTo(r.churn.moved / r.churn.continuing, 12);
      expect(r.stability.ratio).toBeGreaterThanOrEqual(0.99);
      prev = Object.fromEntries(r.schools.map((s) => [s.urn, s.family]));
    }
  });

  it("rejects a bad threshold", () => {
    expect(() => regroupFamilies(panel(twoClusters()).schools, previous, { outlierQuantile: 0 })).toThrow(
      "regroupFamilies: outlierQuantile must be above 0 and at most 1, not 0",
    );
  });
});

describe("regroupFamilies on real data (Hampshire KS2, 2017 → 2019)", () => {
  it("keeps every school once, within 12–20, and gives academies their predecessor's family", () => {
    const { records } = readSchools(fixture("dfe/hampshire_ks2_2017-2019.csv"));
    const { schools, joined } = panel(records);
    expect(joined.length).toBeGreaterThan(0);
    // Last time's grouping was made from 2017's file alone, so it names schools by their 2017 URNs.
    const y2017 = groupFamilies(panel(records.filter((r) => r.year === 2017)).schools, { year: 2017 });
    const r = regroupFamilies(schools, Object.fromEntries(y2017.schools.map((s) => [s.urn, s.family])), { year: 2019 });
    const urns = r.families.flatMap((f) => f.members);
    expect(new Set(urns).size).toBe(urns.length);
    for (const f of r.families) expect(f.size).toBeGreaterThanOrEqual(12);
    for (const f of r.families) expect(f.size).toBeLessThanOrEqual(20);
    // Academies that converted after 2017 kept their predecessor's family unless they moved for a reason.
    const successors = r.churn.joined.filter((j) => j.successorOf !== undefined);
    expect(successors.length).toBeGreaterThan(0);
    for (const j of successors) {
      const before = y2017.schools.find((s) => s.urn === j.successorOf)?.family;
      const moved = r.churn.moves.find((m) => m.urn === j.urn);
      expect(moved ? moved.from : j.family).toBe(before);
    }
    expect(r.churn.share).toBeLessThan(1);
  });
});
