import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  FamiliesError,
  groupFamilies,
  panel,
  readSchools,
  regroupFamilies,
  type School,
  type SchoolYear,
} from "../../src/index.js";
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

/** The schools with data up to `year`. */
const upTo = (schools: readonly School[], year: number): School[] =>
  schools
    .filter((s) => s.years.some((r) => r.year <= year))
    .map((s) => ({ ...s, years: s.years.filter((r) => r.year <= year) }));
const familiesOf = (g: { schools: { urn: string; family: string }[] }): Record<string, string> =>
  Object.fromEntries(g.schools.map((s) => [s.urn, s.family]));

describe("regroupFamilies", () => {
  it("keeps every school that did not change in its family", () => {
    const r = regroupFamilies(panel(twoClusters()).schools, previous);
    expect(r.churn).toMatchObject({ continuing: 26, moved: 0, share: 0, charged: 0, forced: 0, budget: 2 });
    expect(r.churn).toMatchObject({ moves: [], joined: [], left: [] });
    expect(r.families.map((f) => [f.id, f.size])).toEqual([
      ["P01", 13],
      ["P02", 13],
    ]);
    expect(r.stability.recovered).toBe(1);
  });

  it("moves a school whose intake changed when the budget allows, lets a new school join, and lists a closed one", () => {
    const data = twoClusters().filter((r) => r.urn !== "B12");
    // A00's intake is now like B's; N01 is new and like A's.
    data[0] = at("A00", 18.05, 11);
    data.push(at("N01", 15.1, 51));
    const r = regroupFamilies(panel(data).schools, previous, { maxChurn: 0.1 });
    expect(r.churn.moves).toEqual([{ urn: "A00", from: "P01", to: "P02", reason: "tighter" }]);
    expect(r.churn).toMatchObject({ charged: 1, forced: 0, budget: 2 });
    expect(r.churn.joined).toEqual([{ urn: "N01", family: "P01" }]);
    expect(r.churn.left).toEqual([{ urn: "B12", family: "P02" }]);
    expect(r.churn.share).toBeCloseTo(1 / 25, 12);
    // With no budget, A00 stays where it was; the new school is still placed.
    const kept = regroupFamilies(panel(data).schools, previous, { maxChurn: 0 });
    expect(kept.churn.moves).toEqual([]);
    expect(kept.stability.sse).toBeCloseTo(kept.stability.keepSse, 9);
    expect(r.stability.sse).toBeLessThan(kept.stability.sse);
  });

  it("reports moves that sizes force apart, and does not charge them", () => {
    // 24 schools were in P01 last year: 4 must leave it (max 20), even with no budget at all.
    const data = Array.from({ length: 24 }, (_, i) => at(`C${String(i).padStart(2, "0")}`, 15 + i * 0.01, 50 + i));
    const before = Object.fromEntries(data.map((r) => [r.urn, "P01"]));
    const r = regroupFamilies(panel(data).schools, before, { maxChurn: 0 });
    expect(r.churn).toMatchObject({ continuing: 24, moved: 12, forced: 12, charged: 0, budget: 0 });
    expect(r.churn.moves.every((m) => m.reason === "size")).toBe(true);
    expect(r.families.map((f) => f.size).sort()).toEqual([12, 12]);
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
    const { schools } = panel(readSchools(fixture("region/region.csv")).records);
    let prev = familiesOf(groupFamilies(upTo(schools, 2017), { contextYears: 3 }));
    for (const year of [2018, 2019]) {
      const data = upTo(schools, year);
      const fresh = groupFamilies(data, { year, contextYears: 3 });
      const r = regroupFamilies(data, prev, { year, contextYears: 3 });
      const urns = r.families.flatMap((f) => f.members);
      expect(new Set(urns).size).toBe(urns.length);
      expect([...urns].sort()).toEqual(fresh.schools.map((s) => s.urn));
      expect(r.unassigned).toEqual(fresh.unassigned);
      for (const f of r.families) {
        expect(f.size).toBeGreaterThanOrEqual(12);
        expect(f.size).toBeLessThanOrEqual(20);
      }
      // Every continuing school that moved is listed once with a reason; the counts are what they say.
      expect(r.churn.moved).toBe(r.churn.moves.length);
      expect(r.churn.charged).toBe(r.churn.moves.filter((m) => m.reason === "tighter").length);
      expect(r.churn.charged).toBeLessThanOrEqual(Math.floor(0.1 * r.churn.continuing));
      expect(r.churn.share).toBeCloseTo(r.churn.moved / r.churn.continuing, 12);
      expect(r.stability.ratio).toBeGreaterThanOrEqual(0.99);
      expect(r.stability.recovered).toBeGreaterThan(0.3);
      prev = familiesOf(r);
    }
  });

  it("rejects a bad budget, and says what replaced the retired options", () => {
    const schools = panel(twoClusters()).schools;
    expect(() => regroupFamilies(schools, previous, { maxChurn: 1.5 })).toThrow(
      "regroupFamilies: maxChurn must be a share between 0 and 1, not 1.5",
    );
    expect(() => regroupFamilies(schools, previous, { movePenalty: 2 } as never)).toThrow(
      "regroupFamilies: movePenalty was retired: moves are now chosen by what they gain, within maxChurn",
    );
    expect(() => regroupFamilies(schools, previous, { outlierQuantile: 0.9 } as never)).toThrow(
      "regroupFamilies: outlierQuantile was retired",
    );
  });
});

/** A small two-year region from plain numbers: each school's context drifts; some close and some open. */
const regionArb = fc
  .array(
    fc.record({
      prior: fc.double({ min: 10, max: 20, noNaN: true }),
      dis: fc.double({ min: 0, max: 60, noNaN: true }),
      driftPrior: fc.double({ min: -2, max: 2, noNaN: true }),
      driftDis: fc.double({ min: -15, max: 15, noNaN: true }),
      la: fc.constantFrom("A", "B", "C", "D"),
      life: fc.constantFrom("both", "both", "both", "both", "both", "closed", "new"),
    }),
    { minLength: 30, maxLength: 90 },
  )
  .map((rows) =>
    rows.flatMap((r, i): SchoolYear[] => {
      const urn = String(100000 + i);
      const base = { urn, la: r.la, phase: "primary" };
      const y1 = { ...base, year: 2019, priorAttainment: r.prior, disadvantage: r.dis };
      const y2 = { ...base, year: 2020, priorAttainment: r.prior + r.driftPrior, disadvantage: r.dis + r.driftDis };
      return r.life === "both" ? [y1, y2] : r.life === "closed" ? [y1] : [y2];
    }),
  );

/** The region's families of 2019 (sizes 4–8) and its schools, or undefined when 2019 cannot be split so. */
function setUp(records: SchoolYear[]): { schools: School[]; before: Record<string, string> } | undefined {
  const { schools } = panel(records);
  try {
    return { schools, before: familiesOf(groupFamilies(upTo(schools, 2019), { min: 4, max: 8, year: 2019 })) };
  } catch (error) {
    expect(error).toBeInstanceOf(FamiliesError);
    return undefined;
  }
}

/** regroupFamilies in 2020 with sizes 4–8, or undefined when 2020 cannot be split so. */
function regroup(schools: School[], before: Record<string, string>, options: { maxChurn?: number; maxPerLa?: number }) {
  try {
    return regroupFamilies(schools, before, { min: 4, max: 8, year: 2020, ...options });
  } catch (error) {
    expect(error).toBeInstanceOf(FamiliesError);
    return undefined;
  }
}

describe("regroupFamilies within a churn budget (property tests)", () => {
  it("never exceeds the budget, and a larger budget never gives looser families", () => {
    fc.assert(
      fc.property(
        regionArb,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (records, x, y) => {
          const start = setUp(records);
          if (!start) return;
          const [small, large] = x <= y ? [x, y] : [y, x];
          const a = regroup(start.schools, start.before, { maxChurn: small });
          const b = regroup(start.schools, start.before, { maxChurn: large });
          if (!a || !b) return;
          for (const r of [a, b]) {
            expect(r.churn.charged).toBeLessThanOrEqual(r.churn.budget);
            expect(r.churn.budget).toBe(Math.floor(r.churn.maxChurn * r.churn.continuing + 1e-9));
            for (const f of r.families) expect(f.size).toBeGreaterThanOrEqual(4);
            for (const f of r.families) expect(f.size).toBeLessThanOrEqual(8);
            // The frontier is the same sequence seen at fixed budgets: never looser as the budget grows.
            for (let i = 1; i < r.stability.frontier.length; i++) {
              const [p, q] = [r.stability.frontier[i - 1]!, r.stability.frontier[i]!];
              expect(q.sse).toBeLessThanOrEqual(p.sse + 1e-9);
              expect(q.charged).toBeLessThanOrEqual(q.budget);
            }
          }
          expect(b.stability.sse).toBeLessThanOrEqual(a.stability.sse + 1e-9);
          expect(a.stability.sse).toBeLessThanOrEqual(a.stability.keepSse + 1e-9);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("reports every forced move apart and never charges it; every move has one reason", () => {
    fc.assert(
      fc.property(regionArb, (records) => {
        const start = setUp(records);
        if (!start) return;
        const r = regroup(start.schools, start.before, { maxChurn: 0 });
        if (!r) return;
        expect(r.churn.charged).toBe(0);
        expect(r.churn.moves.every((m) => m.reason === "size")).toBe(true);
        expect(r.churn.forced).toBe(r.churn.moved);
        const free = regroup(start.schools, start.before, { maxChurn: 1 });
        if (!free) return;
        // A move forced with a free budget is forced with none too, unless the school found its way back home there
        // (the schools placed without a charge — new ones, forced ones — can make room in its old family).
        const forcedAtZero = new Set(r.churn.moves.filter((m) => m.reason !== "tighter").map((m) => m.urn));
        const homeAtZero = new Set(r.schools.filter((s) => start.before[s.urn] === s.family).map((s) => s.urn));
        for (const m of free.churn.moves.filter((x) => x.reason !== "tighter"))
          expect(forcedAtZero.has(m.urn) || homeAtZero.has(m.urn)).toBe(true);
        expect(free.churn.charged + free.churn.forced).toBe(free.churn.moved);
      }),
      { numRuns: 30 },
    );
  });

  it("is deterministic, whatever the order of the schools, and holds maxPerLa", () => {
    fc.assert(
      fc.property(regionArb, fc.nat(), (records, seed) => {
        const start = setUp(records);
        if (!start) return;
        const a = regroup(start.schools, start.before, { maxChurn: 0.2, maxPerLa: 3 });
        const shuffled = [...start.schools].sort(
          (x, y) => ((x.urn.charCodeAt(5) * 31 + seed) % 7) - ((y.urn.charCodeAt(5) * 31 + seed) % 7),
        );
        const b = regroup(shuffled, start.before, { maxChurn: 0.2, maxPerLa: 3 });
        expect(JSON.stringify(b)).toBe(JSON.stringify(a));
        if (!a) return;
        for (const f of a.families) {
          const counts = new Map<string, number>();
          for (const u of f.members) {
            const la = a.schools.find((s) => s.urn === u)?.la as string;
            counts.set(la, (counts.get(la) ?? 0) + 1);
          }
          expect(Math.max(...counts.values())).toBeLessThanOrEqual(3);
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe("regroupFamilies on real data", () => {
  it("Hampshire KS2 2017 → 2019: keeps every school once, within 12–20, and gives academies their predecessor's family", () => {
    const { records } = readSchools(fixture("dfe/hampshire_ks2_2017-2019.csv"));
    const { schools, joined } = panel(records);
    expect(joined.length).toBeGreaterThan(0);
    // Last time's grouping was made from 2017's file alone, so it names schools by their 2017 URNs.
    const y2017 = groupFamilies(panel(records.filter((r) => r.year === 2017)).schools, { year: 2017 });
    const r = regroupFamilies(schools, familiesOf(y2017), { year: 2019 });
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
    expect(r.churn.charged).toBeLessThanOrEqual(r.churn.budget);
  });

  it("North Yorkshire census 2018 → 2019: 10% of moves recover more than half of the lost tightness", () => {
    const { schools } = panel(readSchools(fixture("dfe/north_yorkshire_census_2018-2019.csv")).records);
    const weights = { disadvantage: 1, eal: 1 };
    const before = familiesOf(groupFamilies(upTo(schools, 2018), { year: 2018, weights }));
    const r = regroupFamilies(schools, before, { year: 2019, weights, maxChurn: 0.1 });
    expect(r.churn.charged / r.churn.continuing).toBeLessThanOrEqual(0.1);
    expect(r.stability.recovered).toBeGreaterThanOrEqual(0.5);
    expect(r.stability.frontier.map((p) => p.maxChurn)).toEqual([0, 0.025, 0.05, 0.1, 0.2, 1]);
  });
});
