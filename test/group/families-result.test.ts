import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Grouping, groupFamilies, panel, readSchools, regroupFamilies, type SchoolYear } from "../../src/index.js";
import { fixture } from "../helpers.js";

/** Greater Manchester's schools in 2019 (census context and KS4 Attainment 8 for secondaries). */
const gm = panel(readSchools(fixture("dfe/gm_2019_context.csv")).records).schools;
const withResult = new Set(gm.filter((s) => s.years.some((r) => r.attainment !== undefined)).map((s) => s.urn));
const options = { weights: { disadvantage: 1, eal: 1 }, onInfeasible: "fallback" as const };
const secondary = (g: Grouping) => g.families.filter((f) => f.partition === "secondary");

describe("families count schools with a result", () => {
  it("on Greater Manchester's secondaries (KS4 2019), every family has at least 12 with a published Attainment 8, and the schools without one are placed beyond that count", () => {
    const g = groupFamilies(gm, options);
    const families = secondary(g);
    expect(families.length).toBeGreaterThan(5);
    for (const f of families) {
      const counted = f.members.filter((u) => withResult.has(u)).length;
      expect(counted).toBeGreaterThanOrEqual(12);
      expect(counted).toBeLessThanOrEqual(20);
    }
    // The 10 secondaries with context but no result are all in a family, and the note says how.
    const without = families.flatMap((f) => f.members.filter((u) => !withResult.has(u)));
    expect(without).toHaveLength(10);
    expect(g.notes).toContain(
      'secondary: every family has 12–20 schools with a published result in 2019; 10 secondary schools without one (suppressed or not published) are placed beyond that count, each in its nearest family (to list them as not placed instead: withoutResult "apart", --without-result apart)',
    );
    // Primaries have no result in this file: counted as before, and said.
    expect(g.notes).toContain("primary: no school has a published result in 2019, so families count every school");
  });

  it('with withoutResult "apart", they are listed as not placed, with the reason', () => {
    const g = groupFamilies(gm, { ...options, withoutResult: "apart" });
    for (const f of secondary(g)) {
      expect(f.members.every((u) => withResult.has(u))).toBe(true);
      expect(f.size).toBeGreaterThanOrEqual(12);
    }
    const apart = g.unassigned.filter((u) => u.reason.startsWith("no published result in 2019"));
    expect(apart).toHaveLength(10);
    expect(apart.every((u) => !withResult.has(u.urn))).toBe(true);
    expect(apart[0]?.reason).toBe(
      'no published result in 2019 (suppressed or not published): not placed, so that every family\'s count is of schools with one (withoutResult "apart"; "extra" places it beyond that count)',
    );
    // Every school is still accounted for: in a family or listed.
    const placed = new Set(g.schools.map((s) => s.urn));
    for (const s of gm) expect(placed.has(s.urn) || g.unassigned.some((u) => u.urn === s.urn)).toBe(true);
  });

  it("refuses an unknown rule, and regrouping (whose kept families count every school) refuses the option", () => {
    expect(() => groupFamilies(gm, { ...options, withoutResult: "drop" as "apart" })).toThrow(
      'groupFamilies: withoutResult must be "extra" or "apart", not "drop"',
    );
    expect(() => regroupFamilies(gm, {}, { ...options, withoutResult: "apart" })).toThrow(
      /regroupFamilies: withoutResult is not used when regrouping/,
    );
  });
});

/** The most schools of one authority in each family, over its size. */
function shares(g: Grouping): { most: number; size: number }[] {
  const la = new Map(g.schools.map((s) => [s.urn, s.la]));
  return g.families.map((f) => {
    const counts = new Map<string | undefined, number>();
    for (const u of f.members) counts.set(la.get(u), (counts.get(la.get(u)) ?? 0) + 1);
    return { most: Math.max(...counts.values()), size: f.size };
  });
}

describe("maxPerLa as a share is of each family's own size", () => {
  it("on Greater Manchester's schools (census 2019), no family holds more than a quarter from one authority", () => {
    const { records } = readSchools(fixture("dfe/england_census_2019_context.csv"));
    const { schools } = panel(records.filter((r) => (r.la as string) >= "350" && (r.la as string) <= "359"));
    const g = groupFamilies(schools, { weights: { disadvantage: 1, eal: 1 }, maxPerLa: 0.25 });
    // A share of the mean size (16) allowed 4 in a family of 12 to 15: 24 of 64 families went over a quarter.
    for (const { most, size } of shares(g)) expect(most).toBeLessThanOrEqual(0.25 * size);
  }, 30_000);

  it("holds for any share the bounds allow (at least one school of an authority)", () => {
    const record = (i: number, la: string, prior: number, dis: number): SchoolYear => ({
      urn: String(100000 + i),
      la,
      phase: "primary",
      year: 2019,
      priorAttainment: prior,
      disadvantage: dis,
    });
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom("A", "B", "C", "D", "E"),
            fc.integer({ min: 0, max: 40 }),
            fc.integer({ min: 0, max: 60 }),
          ),
          {
            minLength: 20,
            maxLength: 60,
          },
        ),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        (rows, share) => {
          const records = rows.map(([la, p, d], i) => record(i, la, p / 2, d));
          let g: Grouping;
          try {
            g = groupFamilies(panel(records).schools, { min: 4, max: 8, maxPerLa: share });
          } catch {
            return;
          }
          for (const { most, size } of shares(g)) expect(most).toBeLessThanOrEqual(Math.max(1, share * size));
        },
      ),
      { numRuns: 40 },
    );
  });
});
