import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  accuracyBaselines,
  comparisonGroups,
  fitWeights,
  groupFamilies,
  groupingAccuracy,
  panel,
  type SchoolYear,
  syntheticRegion,
} from "../../src/index.js";

const school = (urn: string, attainment: number, extra: Partial<SchoolYear> = {}): SchoolYear => ({
  urn,
  phase: "primary",
  year: 2019,
  attainment,
  priorAttainment: 15,
  disadvantage: 20,
  ...extra,
});

describe("groupingAccuracy", () => {
  it("predicts each school by the mean of the other members (a worked example)", () => {
    const schools = panel([
      school("1", 10),
      school("2", 20),
      school("3", 30),
      school("4", 40),
      school("5", 50),
    ]).schools;
    const grouping = {
      kind: "families" as const,
      families: [
        { id: "A", partition: "primary", size: 3, members: ["1", "2", "3"], centroid: {} },
        { id: "B", partition: "primary", size: 2, members: ["4", "5"], centroid: {} },
      ],
    };
    // Predictions 25, 20, 15 | 50, 40: errors −15, 0, 15, −10, 10; squared 650 against a spread of 1,000 around 30.
    const a = groupingAccuracy(grouping, schools);
    expect(a).toMatchObject({ measure: "attainment", year: 2019, kind: "families", n: 5 });
    expect(a.rmse).toBeCloseTo(Math.sqrt(130), 12);
    expect(a.mae).toBeCloseTo(10, 12);
    expect(a.r2).toBeCloseTo(0.35, 12);
  });

  it("scores comparison groups by the mean of each school's neighbours", () => {
    const schools = panel([school("1", 10), school("2", 20), school("3", 60)]).schools;
    const groups = {
      kind: "neighbours" as const,
      groups: [
        { urn: "1", neighbours: ["2"] },
        { urn: "2", neighbours: ["1", "3"] },
        { urn: "3", neighbours: ["2"] },
      ],
    };
    // Predictions 20, 35, 20: errors −10, −15, 40.
    const a = groupingAccuracy(groups as never, schools);
    expect(a.rmse).toBeCloseTo(Math.sqrt((100 + 225 + 1600) / 3), 12);
    expect(a.n).toBe(3);
  });

  it("gives R² = 1 to a perfect grouping of a noiseless measure, and the same whatever the order of the schools", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 3, maxLength: 8 }),
        fc.nat(),
        (levels, seed) => {
          // Each family's schools share one attainment; families differ.
          const records = levels.flatMap((level, f) =>
            Array.from({ length: 4 }, (_, i) =>
              school(`${f}-${i}`, level + f * 100, { priorAttainment: f, disadvantage: f }),
            ),
          );
          const schools = panel(records).schools;
          const grouping = {
            kind: "families" as const,
            families: levels.map((_, f) => ({
              id: `F${f}`,
              partition: "primary",
              size: 4,
              members: Array.from({ length: 4 }, (_, i) => `${f}-${i}`),
              centroid: {},
            })),
          };
          const a = groupingAccuracy(grouping, schools);
          expect(a.r2).toBeCloseTo(1, 12);
          expect(a.rmse).toBeCloseTo(0, 12);
          const shuffled = [...schools].sort(
            (x, y) => ((x.urn.length * 7 + seed) % 5) - ((y.urn.length * 3 + seed) % 5),
          );
          expect(groupingAccuracy(grouping, shuffled)).toEqual(a);
        },
      ),
      { numRuns: 30 },
    );
  });

  it("scores 160,000 school-years (more values than a spread into Math.max can take)", () => {
    const schools = Array.from({ length: 40_000 }, (_, i) => ({
      urn: String(i),
      urns: [String(i)],
      phase: "primary",
      years: [2016, 2017, 2018, 2019].map((year) => ({ urn: String(i), phase: "primary", year, attainment: i % 2 })),
    }));
    const grouping = {
      kind: "families" as const,
      families: [0, 1].map((odd) => ({
        id: `F${odd}`,
        partition: "primary",
        size: 20_000,
        members: schools.filter((_, i) => i % 2 === odd).map((s) => s.urn),
        centroid: {},
      })),
    };
    expect(groupingAccuracy(grouping, schools)).toMatchObject({ year: 2019, n: 40_000, r2: 1 });
  });

  it("rejects an unknown measure", () => {
    expect(() => groupingAccuracy({ kind: "families", families: [] }, [], { measure: "progress" as never })).toThrow(
      'groupingAccuracy: measure must be "attainment" or "improvement", not "progress"',
    );
  });
});

describe("accuracyBaselines", () => {
  it("random families score near 0; families on context beat them; the 50 nearest and k-means are scored too", () => {
    const schools = panel(syntheticRegion({ detail: false })).schools;
    const g = groupFamilies(schools);
    const ours = groupingAccuracy(g, schools);
    const b = accuracyBaselines(g, schools);
    expect(Math.abs(b.random.r2)).toBeLessThan(0.15);
    expect(ours.r2).toBeGreaterThan(b.random.r2 + 0.3);
    for (const v of Object.values(b)) expect(v.n).toBeGreaterThan(900);
    expect(b.nearest50.r2).toBeGreaterThan(0.3);
    expect(b.kMeans.r2).toBeGreaterThan(0.3);
  });
});

describe("comparisonGroups' reciprocity", () => {
  it("marks mutual neighbours, and with symmetric every link goes both ways", () => {
    const schools = panel(syntheticRegion({ primaries: 60, secondaries: 0, years: 1, changes: false })).schools;
    const plain = comparisonGroups(schools, { k: 5 });
    const groups = new Map(plain.groups.map((g) => [g.urn, g]));
    for (const g of plain.groups)
      for (const [i, u] of g.neighbours.entries()) expect(g.mutual[i]).toBe(groups.get(u)?.neighbours.includes(g.urn));
    expect(plain.groups.some((g) => g.mutual.includes(false))).toBe(true);
    const sym = comparisonGroups(schools, { k: 5, symmetric: true });
    const symGroups = new Map(sym.groups.map((g) => [g.urn, g]));
    for (const g of sym.groups) {
      expect(g.mutual.every(Boolean)).toBe(true);
      expect(g.neighbours.length).toBeGreaterThanOrEqual(5);
      for (const u of g.neighbours) expect(symGroups.get(u)?.neighbours).toContain(g.urn);
      for (let i = 1; i < g.distances.length; i++)
        expect(g.distances[i]).toBeGreaterThanOrEqual(g.distances[i - 1] as number);
    }
  });
});

describe("fitWeights", () => {
  it("weighs the feature that drives the outcome most, and says so on held-out folds", () => {
    // Attainment follows prior attainment closely and disadvantage not at all.
    const records: SchoolYear[] = [];
    for (let i = 0; i < 400; i++) {
      const prior = 10 + ((i * 37) % 100) / 10;
      const dis = (i * 53) % 60;
      records.push(
        school(String(100000 + i), 20 + 4 * prior + ((i * 7) % 5) * 0.2, { priorAttainment: prior, disadvantage: dis }),
      );
    }
    const f = fitWeights(panel(records).schools, { features: ["priorAttainment", "disadvantage"] });
    expect(f.weights.priorAttainment).toBeGreaterThan(0.8);
    expect((f.weights.priorAttainment ?? 0) + (f.weights.disadvantage ?? 0)).toBeCloseTo(1, 12);
    expect(f.shares.priorAttainment).toBeGreaterThan(0.9);
    expect(f.fitted.r2).toBeGreaterThan(f.equal.r2);
    expect(f.folds).toHaveLength(5);
  });
});
