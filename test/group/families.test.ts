import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeSchools } from "../../src/features/features.js";
import type { ArgumentError } from "../../src/index.js";
import {
  combineReads,
  comparisonGroups,
  explainFamily,
  FamiliesError,
  formatProblem,
  groupFamilies,
  groupingQuality,
  type Problem,
  panel,
  readSchools,
  type SchoolYear,
} from "../../src/index.js";
import { fixture, thrown } from "../helpers.js";

/** A school-year record with just what grouping needs. */
const school = (
  urn: string,
  priorAttainment: number,
  disadvantage: number,
  la = "A",
  phase = "primary",
): SchoolYear => ({
  urn,
  la,
  phase,
  year: 2019,
  priorAttainment,
  disadvantage,
});

/** Two obvious clusters of 12: low prior/high disadvantage and high prior/low disadvantage. */
function twoClusters(): SchoolYear[] {
  const out: SchoolYear[] = [];
  for (let i = 0; i < 12; i++)
    out.push(school(`L${String(i).padStart(2, "0")}`, 14 + (i % 3) * 0.1, 60 + (i % 4), i % 2 ? "A" : "B"));
  for (let i = 0; i < 12; i++)
    out.push(school(`H${String(i).padStart(2, "0")}`, 18 + (i % 3) * 0.1, 8 + (i % 4), i % 2 ? "A" : "B"));
  return out;
}

describe("groupFamilies — worked examples", () => {
  it("finds two obvious clusters of 12, and names them by ascending prior attainment", () => {
    const g = groupFamilies(panel(twoClusters()).schools, { min: 12, max: 20, size: 12 });
    expect(g.families.map((f) => [f.id, f.size])).toEqual([
      ["P01", 12],
      ["P02", 12],
    ]);
    expect(g.families[0]?.members.every((u) => u.startsWith("L"))).toBe(true);
    expect(g.families[1]?.members.every((u) => u.startsWith("H"))).toBe(true);
    expect(g.families[0]?.centroid.priorAttainment).toBeCloseTo(14.1, 10);
    expect(g.families[0]?.centroid.disadvantage).toBeCloseTo(61.5, 10);
    expect(g.unassigned).toEqual([]);
    expect(g.features).toEqual([
      { name: "priorAttainment", weight: 0.5 },
      { name: "disadvantage", weight: 0.5 },
    ]);
  });

  it("groups each phase separately, with its own prefix", () => {
    const records = [...twoClusters(), ...twoClusters().map((r) => ({ ...r, urn: `S${r.urn}`, phase: "secondary" }))];
    const g = groupFamilies(panel(records).schools, { size: 12 });
    expect(g.families.map((f) => f.id)).toEqual(["P01", "P02", "S01", "S02"]);
    expect(
      g.families
        .filter((f) => f.partition === "secondary")
        .flatMap((f) => f.members)
        .every((u) => u.startsWith("S")),
    ).toBe(true);
  });

  it("lists schools missing a feature as unassigned, with the reason, and never drops them", () => {
    const records = twoClusters();
    records.push({ urn: "X1", phase: "primary", year: 2019, disadvantage: 30 });
    records.push({ urn: "X2", phase: "primary", year: 2019 });
    const g = groupFamilies(panel(records).schools, { size: 12 });
    expect(g.unassigned).toEqual([
      { urn: "X1", reason: "no prior attainment in 2019" },
      { urn: "X2", reason: "no prior attainment or disadvantage in 2019" },
    ]);
    expect(g.schools.length + g.unassigned.length).toBe(records.length);
  });

  it("says why bounds are infeasible and what would work, or falls back when asked", () => {
    const records = Array.from({ length: 21 }, (_, i) => school(String(100 + i), 15 + i / 10, 20 + i));
    const error = thrown(() => groupFamilies(panel(records).schools, { min: 12, max: 20 }));
    expect(error).toBeInstanceOf(FamiliesError);
    expect(error.issues).toEqual([
      {
        code: "infeasible-bounds",
        message:
          'the 21 primary schools cannot be split into families of 12–20: 2 families would need at least 24, and 1 family could hold at most 20. Nearest bounds that work: 10–20 (2 families) or 12–21 (1 family); or pass onInfeasible: "fallback"',
        hint: { option: "onInfeasible", value: "fallback" },
      },
    ]);
    const fallback = groupFamilies(panel(records).schools, { min: 12, max: 20, onInfeasible: "fallback" });
    expect(fallback.families.map((f) => f.size)).toEqual([21]);
    expect(fallback.notes).toEqual([
      "primary: 21 schools cannot be split into families of 12–20 (2 families would need at least 24, and 1 family could hold at most 20); made 1 family of 21",
    ]);
  });

  it("rejects bad options with the function's name", () => {
    const error = thrown(() => groupFamilies([], { min: 12, max: 10 })) as unknown as ArgumentError;
    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toBe("groupFamilies: min (12) is larger than max (10)");
    // The function is named as data too, so a front end need not read the message.
    expect(error.functionName).toBe("groupFamilies");
    expect(() => groupFamilies([], { min: 0 })).toThrow(/groupFamilies: min must be a whole number ≥ 1/);
    expect(() => groupFamilies([], { weights: { colour: 1 } as never })).toThrow(
      /groupFamilies: unknown feature 'colour'/,
    );
    expect(() => groupFamilies([], { weights: { priorAttainment: 0 } })).toThrow(
      /give at least one feature a weight above 0/,
    );
    expect(() => groupFamilies([], { maxPerLa: 1.5 })).toThrow(
      /maxPerLa must be a whole number ≥ 1 or a share between 0 and 1/,
    );
  });

  it("keeps to maxPerLa, and says when it cannot", () => {
    // 48 schools, two authorities; without the rule the two clusters would be one authority each.
    const records = Array.from({ length: 48 }, (_, i) =>
      school(
        String(1000 + i),
        i < 24 ? 14 + (i % 5) * 0.1 : 18 + (i % 5) * 0.1,
        i < 24 ? 60 : 10,
        i % 24 < 12 ? "North" : "South",
      ),
    );
    const g = groupFamilies(panel(records).schools, { size: 12, maxPerLa: 6 });
    for (const f of g.families) {
      const counts = new Map<string, number>();
      for (const u of f.members) {
        const la = g.schools.find((s) => s.urn === u)?.la as string;
        counts.set(la, (counts.get(la) ?? 0) + 1);
      }
      expect(Math.max(...counts.values())).toBeLessThanOrEqual(6);
    }
    const oneLa = records.map((r) => ({ ...r, la: "North" }));
    const error = thrown(() => groupFamilies(panel(oneLa).schools, { size: 12, maxPerLa: 6 }));
    expect(error.issues[0]?.message).toBe(
      "North has 48 of the 48 primary schools; 4 families with at most 6 each from one authority can hold only 24: raise maxPerLa to 12 or more",
    );
    // The fix as data, so that the command line can say it with its own flag.
    expect(error.issues[0]?.hint).toEqual({ option: "maxPerLa", value: 12, raise: true });
    expect(formatProblem(error.issues[0] as Problem, { hint: (h) => `raise --max-per-la to ${h.value} or more` })).toBe(
      "North has 48 of the 48 primary schools; 4 families with at most 6 each from one authority can hold only 24: raise --max-per-la to 12 or more",
    );
  });

  it("uses a chosen year's context and any numeric feature", () => {
    const records: SchoolYear[] = twoClusters()
      .flatMap((r) => [
        { ...r, year: 2018, eal: r.urn.startsWith("L") ? 40 : 2 },
        { ...r, year: 2019, priorAttainment: undefined as never },
      ])
      .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as SchoolYear);
    expect(groupFamilies(panel(records).schools, { size: 12 }).unassigned.length).toBe(24);
    const g = groupFamilies(panel(records).schools, { size: 12, year: 2018, weights: { priorAttainment: 2, eal: 1 } });
    expect(g.unassigned).toEqual([]);
    expect(g.schools[0]?.year).toBe(2018);
    expect(g.features.map((f) => [f.name, Number(f.weight.toFixed(4))])).toEqual([
      ["priorAttainment", 0.6667],
      ["eal", 0.3333],
    ]);
  });

  it("groups the real Hampshire excerpt into families within the bounds", () => {
    const files = ["2016-2017", "2017-2018", "2018-2019"].map((y) => `dfe/${y}_850_excerpt_ks2final.csv`);
    const { records } = combineReads(files.map((f) => readSchools(fixture(f), { preset: "dfe-ks2", file: f })));
    const g = groupFamilies(panel(records).schools, { min: 12, max: 20 });
    expect(g.families).toHaveLength(2);
    for (const f of g.families) expect(f.size >= 12 && f.size <= 20).toBe(true);
    expect(g.schools.length + g.unassigned.length).toBe(31);
    expect(g.unassigned).toEqual([]);
    expect(g.schools.every((s) => s.year === 2019)).toBe(true);
    // The lower-prior family is the more disadvantaged one here.
    const [p1, p2] = g.families;
    expect(p1!.centroid.priorAttainment!).toBeLessThan(p2!.centroid.priorAttainment!);
    expect(p1!.centroid.disadvantage!).toBeGreaterThan(p2!.centroid.disadvantage!);
  });
});

describe("groupFamilies — invariants on random schools", () => {
  const recordsArb = fc
    .uniqueArray(
      fc.record({
        urn: fc.stringMatching(/^[0-9]{6}$/),
        prior: fc.double({ min: 10, max: 20, noNaN: true }),
        dis: fc.double({ min: 0, max: 80, noNaN: true }),
        la: fc.constantFrom("A", "B", "C", "D", "E"),
        phase: fc.constantFrom("primary", "secondary"),
      }),
      { selector: (r) => r.urn, minLength: 0, maxLength: 120 },
    )
    .map((rows) => rows.map((r) => school(r.urn, Math.round(r.prior * 10) / 10, Math.round(r.dis), r.la, r.phase)));
  const bounds = fc
    .record({ min: fc.integer({ min: 2, max: 6 }), extra: fc.integer({ min: 0, max: 6 }) })
    .map(({ min, extra }) => ({ min, max: min + extra }));

  it("puts every school in exactly one family or unassigned, within bounds, the same in any order, without mutating", () => {
    fc.assert(
      fc.property(recordsArb, bounds, fc.nat(), (records, { min, max }, seed) => {
        const frozen = structuredClone(records);
        let g: ReturnType<typeof groupFamilies>;
        try {
          g = groupFamilies(panel(records).schools, { min, max });
        } catch (error) {
          // Only infeasible bounds may stop a grouping, and then with the typed error.
          expect(error).toBeInstanceOf(FamiliesError);
          expect((error as FamiliesError).issues.every((i) => i.code === "infeasible-bounds")).toBe(true);
          return;
        }
        expect(records).toEqual(frozen);
        const placed = g.families.flatMap((f) => f.members);
        expect(new Set(placed).size).toBe(placed.length);
        expect(placed.length + g.unassigned.length).toBe(records.length);
        for (const f of g.families) {
          expect(f.size).toBeGreaterThanOrEqual(min);
          expect(f.size).toBeLessThanOrEqual(max);
        }
        const shuffled = [...records].sort(
          (a, b) => ((a.urn.charCodeAt(seed % 6) * 31 + seed) % 97) - ((b.urn.charCodeAt(seed % 6) * 31 + seed) % 97),
        );
        expect(groupFamilies(panel(shuffled).schools, { min, max })).toEqual(g);
      }),
      { numRuns: 60 },
    );
  });

  it("never breaks maxPerLa when it succeeds", () => {
    fc.assert(
      fc.property(recordsArb, fc.integer({ min: 1, max: 4 }), (records, cap) => {
        let g: ReturnType<typeof groupFamilies>;
        try {
          g = groupFamilies(panel(records).schools, { min: 4, max: 8, maxPerLa: cap });
        } catch (error) {
          expect(error).toBeInstanceOf(FamiliesError);
          expect(
            (error as FamiliesError).issues.every((i) => i.code === "infeasible-bounds" || i.code === "max-per-la"),
          ).toBe(true);
          return;
        }
        for (const f of g.families) {
          const counts = new Map<string, number>();
          for (const u of f.members)
            counts.set(
              g.schools.find((s) => s.urn === u)!.la!,
              (counts.get(g.schools.find((s) => s.urn === u)!.la!) ?? 0) + 1,
            );
          expect(Math.max(...counts.values())).toBeLessThanOrEqual(cap);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe("groupFamilies — effort", () => {
  const { records } = readSchools(fixture("region/region.csv"));
  const { schools } = panel(records);

  it("thorough families are within the bounds, the same on every run, and never looser than standard ones", () => {
    const options = { by: "none" as const, min: 12, max: 20 };
    const standard = groupFamilies(schools.slice(0, 400), options);
    const thorough = groupFamilies(schools.slice(0, 400), { ...options, effort: "thorough" });
    for (const f of thorough.families) expect(f.size >= 12 && f.size <= 20).toBe(true);
    expect(thorough.families.length).toBe(standard.families.length);
    expect(groupingQuality(thorough).sse).toBeLessThanOrEqual(groupingQuality(standard).sse + 1e-9);
    expect(groupFamilies(schools.slice(0, 400), { ...options, effort: "thorough" })).toEqual(thorough);
  });

  it("holds maxPerLa with either effort (the exact polish is not used under the cap)", () => {
    const g = groupFamilies(schools, { maxPerLa: 4, effort: "thorough" });
    for (const f of g.families) {
      const counts = new Map<string, number>();
      for (const u of f.members) {
        const la = g.schools.find((s) => s.urn === u)?.la as string;
        counts.set(la, (counts.get(la) ?? 0) + 1);
      }
      expect(Math.max(...counts.values())).toBeLessThanOrEqual(4);
    }
  });

  it("refuses an unknown effort, naming the option", () => {
    const error = thrown(() => groupFamilies(schools, { effort: "max" as "thorough" }));
    expect(error.message).toBe('groupFamilies: effort must be "standard" or "thorough", not "max"');
  });
});

describe("groupingQuality and explainFamily", () => {
  it("measure a worked example exactly", () => {
    const g = groupFamilies(panel(twoClusters()).schools, { size: 12 });
    const q = groupingQuality(g);
    const bySchools = g.schools.reduce((s, x) => s + x.distance ** 2, 0);
    expect(q.sse).toBeCloseTo(bySchools, 12);
    expect(q.sizes).toEqual({ smallest: 12, largest: 12, mean: 12, counts: { "12": 24 / 12 } });
    expect(q.families.map((f) => f.id)).toEqual(["P01", "P02"]);
    // On two clean clusters the families are the k-means clusters, and far tighter than a sort-and-chop.
    expect(q.baselines?.kMeans.ratio).toBeCloseTo(1, 9);
    expect(q.baselines?.sortAndChop.ratio).toBeLessThanOrEqual(1);
  });

  it("flags a school far from its family's centre as an outlier and explains its place", () => {
    const records = twoClusters();
    records[0] = school("L00", 16.5, 35, "B");
    const g = groupFamilies(panel(records).schools, { size: 12 });
    const q = groupingQuality(g, { baselines: false });
    expect(q.baselines).toBeUndefined();
    expect(q.outliers.map((o) => o.urn)).toEqual(["L00"]);
    const why = explainFamily(g, "L00");
    expect(why.outlier).toBe(true);
    expect(why.rank).toBe(12);
    expect(why.features.map((f) => [f.name, f.value])).toEqual([
      ["priorAttainment", 16.5],
      ["disadvantage", 35],
    ]);
    expect(why.nearestMembers).toHaveLength(5);
    expect(why.nextFamily?.id).toBe(why.family === "P01" ? "P02" : "P01");
    expect(() => explainFamily(g, "nope")).toThrow("explainFamily: no school nope in this grouping");
  });
});

/** The k nearest of point i by brute force, on the very coordinates the library groups on (same arithmetic, so ties are exact), ties by URN. */
function bruteNearest(
  pts: readonly { urn: string }[],
  c: Float64Array,
  i: number,
  k: number,
): { urn: string; d2: number }[] {
  return pts
    .map((p, j) => ({ urn: p.urn, d2: (c[2 * j]! - c[2 * i]!) ** 2 + (c[2 * j + 1]! - c[2 * i + 1]!) ** 2, j }))
    .filter((x) => x.j !== i)
    .sort((a, b) => a.d2 - b.d2 || (a.urn < b.urn ? -1 : 1))
    .slice(0, k);
}

describe("comparisonGroups", () => {
  it("gives each school its k nearest, as a brute-force search would, ties by URN", () => {
    // Small integer grids: many schools share a point or lie equally far, so the tie rule is tested hard.
    const arb = fc.uniqueArray(
      fc.record({
        urn: fc.stringMatching(/^[0-9]{4}$/),
        prior: fc.integer({ min: 0, max: 4 }),
        dis: fc.integer({ min: 0, max: 4 }),
      }),
      { selector: (r) => r.urn, minLength: 2, maxLength: 60 },
    );
    fc.assert(
      fc.property(arb, fc.integer({ min: 1, max: 12 }), (rows, k) => {
        const records = rows.map((r) => school(r.urn, r.prior, r.dis));
        const result = comparisonGroups(panel(records).schools, { k });
        const [part] = describeSchools("test", panel(records).schools, {}).partitions;
        const pts = part!.points;
        const c = part!.coords;
        for (const g of result.groups) {
          const expected = bruteNearest(
            pts,
            c,
            pts.findIndex((p) => p.urn === g.urn),
            k,
          );
          expect(g.neighbours).toEqual(expected.map((e) => e.urn));
          expect(g.distances).toEqual(expected.map((e) => Math.sqrt(e.d2)));
        }
        expect(result.groups.map((g) => g.urn)).toEqual(rows.map((r) => r.urn).sort());
      }),
      { numRuns: 150 },
    );
  });

  it("agrees with a brute-force search on hundreds of scattered schools (a deep tree, where searches are bounded)", () => {
    // Each search is bounded by the one before it (see comparisonGroups): a wrong bound would lose a neighbour here.
    const arb = fc.array(
      fc.record({
        prior: fc.double({ min: 20, max: 32, noNaN: true }),
        dis: fc.double({ min: 0, max: 80, noNaN: true }),
      }),
      { minLength: 100, maxLength: 400 },
    );
    fc.assert(
      fc.property(arb, fc.integer({ min: 1, max: 60 }), (rows, k) => {
        const records = rows.map((r, i) => school(String(100000 + i), r.prior, r.dis));
        const result = comparisonGroups(panel(records).schools, { k });
        const [part] = describeSchools("test", panel(records).schools, {}).partitions;
        const pts = part!.points;
        const c = part!.coords;
        const at = new Map(pts.map((p, j) => [p.urn, j]));
        for (const g of result.groups) {
          const expected = bruteNearest(pts, c, at.get(g.urn)!, k);
          expect(g.neighbours).toEqual(expected.map((e) => e.urn));
        }
      }),
      { numRuns: 25 },
    );
  });

  it("agrees with a brute-force search with three features (the k-d tree; two are searched in a plane grid)", () => {
    const arb = fc.array(
      fc.record({
        prior: fc.integer({ min: 0, max: 5 }),
        dis: fc.double({ min: 0, max: 80, noNaN: true }),
        eal: fc.integer({ min: 0, max: 3 }),
      }),
      { minLength: 2, maxLength: 300 },
    );
    const weights = { priorAttainment: 1, disadvantage: 1, eal: 1 };
    fc.assert(
      fc.property(arb, fc.integer({ min: 1, max: 40 }), (rows, k) => {
        const records = rows.map((r, i) => ({ ...school(String(100000 + i), 20 + r.prior, r.dis), eal: 5 * r.eal }));
        const result = comparisonGroups(panel(records).schools, { k, weights });
        const [part] = describeSchools("test", panel(records).schools, { weights }).partitions;
        const pts = part!.points;
        const c = part!.coords;
        const at = new Map(pts.map((p, j) => [p.urn, j]));
        for (const g of result.groups) {
          const i = at.get(g.urn)!;
          const expected = pts
            .map((p, j) => ({
              urn: p.urn,
              j,
              d2: [0, 1, 2].reduce((s, f) => s + (c[3 * j + f]! - c[3 * i + f]!) ** 2, 0),
            }))
            .filter((x) => x.j !== i)
            .sort((a, b) => a.d2 - b.d2 || (a.urn < b.urn ? -1 : 1))
            .slice(0, k);
          expect(g.neighbours).toEqual(expected.map((e) => e.urn));
        }
      }),
      { numRuns: 40 },
    );
  });

  it("finds the nearest in the plane grid when every school is at one place, or all lie on a line", () => {
    const together = Array.from({ length: 30 }, (_, i) => school(String(200000 + i), 25, 40));
    const one = comparisonGroups(panel(together).schools, { k: 5 }).groups;
    expect(one.map((g) => g.neighbours.length)).toEqual(Array(30).fill(5));
    // At one place every other school is as near: the five with the lowest URNs (but itself).
    expect(one[0]?.neighbours).toEqual(["200001", "200002", "200003", "200004", "200005"]);
    expect(one[3]?.neighbours).toEqual(["200000", "200001", "200002", "200004", "200005"]);
    const line = Array.from({ length: 40 }, (_, i) => school(String(300000 + i), 20 + i * 0.25, 30));
    const onLine = comparisonGroups(panel(line).schools, { k: 2 }).groups;
    // On a line of evenly spaced schools, each school's nearest are the two beside it (one end: the next two).
    expect(onLine[10]?.neighbours.slice().sort()).toEqual(["300009", "300011"]);
    expect(onLine[0]?.neighbours).toEqual(["300001", "300002"]);
  });

  it("returns every other school when the phase has k or fewer, and checks k", () => {
    const records = twoClusters().slice(0, 5);
    expect(comparisonGroups(panel(records).schools, { k: 50 }).groups[0]?.neighbours).toHaveLength(4);
    expect(() => comparisonGroups(panel(records).schools, { k: 0 })).toThrow(
      "comparisonGroups: k must be a whole number ≥ 1, not 0",
    );
  });
});
