import { describe, expect, it } from "vitest";
import { exactAssignment } from "../../src/assign/assign.js";
import { comparisonGroups, FamiliesError, groupFamilies, panel, type SchoolYear } from "../../src/index.js";

// Issue 24 rows 1 and 3: a school alone in its phase, and values a distance cannot be measured from, through the
// library: a plain answer or a FamiliesError, never a RangeError, a hang or NaN distances.
const school = (urn: number, prior: number, disadvantage = 10 + urn): SchoolYear => ({
  urn: String(urn),
  phase: "primary",
  year: 2019,
  priorAttainment: prior,
  disadvantage,
});

describe("one school", () => {
  it("comparisonGroups: no group, and the school listed with the reason (not a RangeError)", () => {
    const r = comparisonGroups(panel([school(1, 16)]).schools, { k: 5 });
    expect(r.groups).toEqual([]);
    expect(r.unassigned).toEqual([{ urn: "1", reason: "no other school of its phase (primary) to compare it with" }]);
  });

  it("a lone secondary beside primaries is listed; the primaries keep their groups", () => {
    const lone = { ...school(9, 30), phase: "secondary" };
    const r = comparisonGroups(panel([school(1, 16), school(2, 17), school(3, 18), lone]).schools, { k: 5 });
    expect(r.groups.map((g) => [g.urn, g.neighbours.length])).toEqual([
      ["1", 2],
      ["2", 2],
      ["3", 2],
    ]);
    expect(r.unassigned.map((u) => u.urn)).toEqual(["9"]);
  });
});

describe("non-finite and overflowing features", () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => school(100 + i, 14 + (i % 5)));

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    "%s as a feature is refused with a FamiliesError naming the school and field",
    (bad) => {
      const schools = panel([...many(20), school(999, bad)]).schools;
      for (const call of [() => groupFamilies(schools, { min: 4, max: 8 }), () => comparisonGroups(schools)]) {
        let error: unknown;
        try {
          call();
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(FamiliesError);
        const issue = (error as FamiliesError).issues[0];
        expect(issue).toMatchObject({ code: "invalid-record", column: "priorAttainment", value: String(bad) });
        expect(issue?.message).toContain("school 999 in 2019: priorAttainment is");
      }
    },
  );

  it("two prior attainments of 9e307 (their sum overflows): families made, finite distances", () => {
    const schools = panel([...many(22), school(997, 9e307), school(998, 9e307)]).schools;
    const g = groupFamilies(schools, { min: 4, max: 8 });
    expect(g.schools).toHaveLength(24);
    for (const f of g.families) for (const c of Object.values(f.centroid)) expect(Number.isFinite(c)).toBe(true);
    for (const s of g.schools) expect(Number.isFinite(s.distance)).toBe(true);
    const n = comparisonGroups(schools, { k: 3 });
    for (const group of n.groups) for (const d of group.distances) expect(Number.isFinite(d)).toBe(true);
    // The two giants are each other's nearest.
    expect(n.groups.find((x) => x.urn === "997")?.neighbours[0]).toBe("998");
  });

  it("an exact assignment that cannot place a point throws instead of searching for ever", () => {
    const coords = Float64Array.from([0, 1, Number.NaN, 3]);
    const problem = {
      coords,
      d: 1,
      points: Int32Array.from([0, 1, 2, 3]),
      centres: Float64Array.from([Number.NaN, Number.NaN]),
      lo: 2,
      hi: 2,
    };
    expect(() => exactAssignment(problem)).toThrow(/no assignment found/);
  });
});
