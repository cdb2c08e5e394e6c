import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Benchmarks,
  benchmarkFamilies,
  type FamilyBenchmark,
  groupFamilies,
  type MemberBenchmark,
  matchPartners,
  type Partners,
  panel,
  type Quadrant,
  readSchools,
} from "../../src/index.js";
import { fixture, thrown } from "../helpers.js";

interface Spec {
  urn: string;
  la: string;
  /** Kilometres east, on one line (so distances are easy to read). */
  km: number;
  quadrant: Quadrant;
  noise?: boolean;
  attainment: number;
  improvement?: number;
  disadvantage?: number;
  prior?: number;
  maths?: number | undefined;
  phase?: string;
}

function member(s: Spec): MemberBenchmark {
  const dy = s.quadrant.startsWith("N") ? 1 : -1;
  const dx = s.quadrant.endsWith("E") ? 1 : -1;
  return {
    urn: s.urn,
    la: s.la,
    phase: s.phase ?? "primary",
    easting: 380_000 + s.km * 1000,
    northing: 400_000,
    disadvantage: s.disadvantage ?? 30,
    priorAttainment: s.prior ?? 16,
    attainment: s.attainment,
    improvement: s.improvement ?? dy,
    smallCohort: false,
    position: { dx, dy, bearing: 0, distance: 1, quadrant: s.quadrant, withinNoise: s.noise ?? false },
    gaps: {},
    subjects: s.maths === undefined ? {} : { maths: s.maths },
    notes: [],
  };
}

function family(id: string, specs: Spec[]): FamilyBenchmark {
  const members = specs.map(member);
  return {
    id,
    partition: "primary",
    size: members.length,
    window: 3,
    year: 2019,
    averages: { byYear: {} },
    members,
    movement: { previousYear: 2018, compared: 0, movedNorthEast: 0, leftSouthWest: 0 },
    gaps: {},
    subjects: {
      maths: { count: members.length, mean: 50, median: 50, lowerQuartile: 50, upperQuartile: 50, min: 50, max: 50 },
    },
    leaders: { subgroups: {}, subjects: {} },
  };
}

const bench = (...families: FamilyBenchmark[]): Benchmarks => ({
  year: 2019,
  previousYear: 2018,
  average: "mean",
  target: "upperQuartile",
  families,
  unplaced: [],
});

describe("matchPartners: a worked example", () => {
  // Family P01 on one east–west line. A and E need support; B, C, D can give it.
  const p01 = family("P01", [
    { urn: "A", la: "Bolton", km: 0, quadrant: "SW", attainment: 40, maths: -4 },
    { urn: "B", la: "Bolton", km: 19, quadrant: "NE", attainment: 70, maths: 1 },
    { urn: "C", la: "Oldham", km: 18, quadrant: "NE", attainment: 72, maths: 3 },
    { urn: "D", la: "Wigan", km: 2, quadrant: "NE", attainment: 69, maths: 0 },
    { urn: "E", la: "Oldham", km: 20, quadrant: "SW", attainment: 45, maths: -1 },
    // Within noise: neither needs nor gives support.
    { urn: "F", la: "Bury", km: 40, quadrant: "NE", noise: true, attainment: 80, maths: 5 },
  ]);
  const result = matchPartners(bench(p01));

  it("pairs each school with a stronger partner in another authority at least 5 km away", () => {
    // A (Bolton, km 0): B is in Bolton, D is 2 km away, so only C (Oldham, 18 km).
    // E (Oldham, km 20): C is in Oldham, B is 1 km away, so only D (Wigan, 18 km).
    expect(result.pairs.map((p) => [p.supported, p.supporter])).toEqual([
      ["A", "C"],
      ["E", "D"],
    ]);
    expect(result.unmatched).toEqual([]);
    expect(result.needing).toBe(2);
    expect(result.supporters).toBe(3);
    expect(result.method).toBe("exact");
  });

  it("says why in plain words that are true of the pair", () => {
    const ac = result.pairs[0];
    expect(ac?.reasons).toEqual([
      "similar intake: 30% vs 30% disadvantaged, prior attainment 16 vs 16 (same family P01)",
      "different local authority (Bolton / Oldham), 18 km apart",
      "partner's attainment 72 against 40 here (32 points higher); improvement +1 against −1 points a year",
      "partner is 7 points stronger in maths, this school's weakest subject",
    ]);
    expect(ac?.facts.weakest).toEqual({ area: "maths", kind: "subject", supported: 46, supporter: 53, advantage: 7 });
    expect(ac?.facts.distanceKm).toBe(18);
    // Identical intakes: the context part is 1 (distance 0).
    expect(ac?.parts.context).toBe(1);
    expect(ac?.score).toBeGreaterThan(0);
    expect(ac?.score).toBeLessThanOrEqual(1);
  });

  it("lists a school with no eligible supporter, and why", () => {
    const p02 = family("P02", [
      { urn: "H", la: "Bolton", km: 0, quadrant: "SW", attainment: 40 },
      { urn: "I", la: "Bolton", km: 30, quadrant: "NE", attainment: 70 },
      { urn: "J", la: "Bury", km: 3, quadrant: "NE", attainment: 70 },
    ]);
    const r = matchPartners(bench(p02));
    expect(r.pairs).toEqual([]);
    expect(r.unmatched).toEqual([
      {
        urn: "H",
        family: "P02",
        reason:
          "no eligible supporter: of the supporters considered, 1 closer than 5 km; 1 in the same local authority",
      },
    ]);
  });

  it("keeps partners within 50 km by default, and names the schools it leaves unmatched for that", () => {
    // N (Bolton, km 0) has two stronger schools: O 60 km away, P 3 km away. Neither is allowed by default.
    const far = family("P04", [
      { urn: "N", la: "Bolton", km: 0, quadrant: "SW", attainment: 40 },
      { urn: "O", la: "Leeds", km: 60, quadrant: "NE", attainment: 70 },
      { urn: "P", la: "Bury", km: 3, quadrant: "NE", attainment: 70 },
    ]);
    const r = matchPartners(bench(far));
    expect(r.pairs).toEqual([]);
    expect(r.unmatched).toEqual([
      {
        urn: "N",
        family: "P04",
        reason: "no eligible supporter: of the supporters considered, 1 closer than 5 km; 1 farther than 50 km",
      },
    ]);
    // 60 km is allowed at maxKm 60 (the limit is inclusive), and with no limit.
    expect(matchPartners(bench(far), { maxKm: 60 }).pairs.map((p) => p.supported + p.supporter)).toEqual(["NO"]);
    const free = matchPartners(bench(far), { maxKm: Number.POSITIVE_INFINITY });
    expect(free.pairs[0]?.facts.distanceKm).toBe(60);
    expect(free.pairs[0]?.reasons[1]).toBe("different local authority (Bolton / Leeds), 60 km apart");
    // A pinned pair beyond the limit is kept, and says so.
    const pinned = matchPartners(bench(far), { pins: [{ supporter: "O", supported: "N" }] });
    expect(pinned.pairs[0]?.reasons[1]).toBe("kept although the partner is farther than 50 km (60 km apart)");
    expect(() => matchPartners(bench(far), { maxKm: 4 })).toThrow(
      "matchPartners: maxKm must be at least minDistanceKm (5), not 4",
    );
  });

  it("lists a school whose only supporter went to another, and gives the pair to the better score", () => {
    const p03 = family("P03", [
      { urn: "K", la: "Bolton", km: 0, quadrant: "SW", attainment: 40, maths: -5 },
      { urn: "L", la: "Bolton", km: 1, quadrant: "SW", attainment: 40, maths: -1 },
      { urn: "M", la: "Oldham", km: 20, quadrant: "NE", attainment: 70, maths: 5 },
    ]);
    const r = matchPartners(bench(p03));
    // M helps K more: K is weaker in maths, so complementarity is higher.
    expect(r.pairs.map((p) => p.supported + p.supporter)).toEqual(["KM"]);
    expect(r.unmatched).toEqual([
      { urn: "L", family: "P03", reason: expect.stringMatching(/^its only eligible supporter is at capacity/) },
    ]);
    // With capacity 2, both get M.
    expect(matchPartners(bench(p03), { capacity: 2 }).pairs.map((p) => p.supported + p.supporter)).toEqual([
      "KM",
      "LM",
    ]);
  });

  it("keeps pinned pairs whatever the rules say, and never makes forbidden ones", () => {
    const pinned = matchPartners(bench(p01), { pins: [{ supporter: "B", supported: "A" }] });
    const ab = pinned.pairs.find((p) => p.supported === "A");
    expect(ab?.supporter).toBe("B");
    expect(ab?.pinned).toBe(true);
    expect(ab?.reasons.slice(0, 2)).toEqual([
      "pinned by the coordinator (an existing partnership)",
      "kept although the partner is in the same local authority",
    ]);
    const forbid = matchPartners(bench(p01), { forbid: [{ supporter: "C", supported: "A" }] });
    expect(forbid.pairs.map((p) => p.supported + p.supporter)).toEqual(["ED"]);
    expect(forbid.unmatched[0]).toEqual({
      urn: "A",
      family: "P01",
      reason: expect.stringContaining("1 forbidden by the coordinator"),
    });
    expect(() => matchPartners(bench(p01), { pins: [{ supporter: "Z", supported: "A" }] })).toThrow(
      "matchPartners: pinned supporter Z is not in the benchmarks",
    );
    expect(() =>
      matchPartners(bench(p01), {
        pins: [
          { supporter: "C", supported: "A" },
          { supporter: "C", supported: "E" },
        ],
      }),
    ).toThrow("matchPartners: supporter C is pinned to 2 schools but capacity is 1");
  });

  it("refuses a pair both pinned and forbidden, and two schools pinned to support each other, naming both places", () => {
    const both = thrown(() =>
      matchPartners(bench(p01), {
        pins: [{ supporter: "B", supported: "A", file: "pins.csv", line: 2 }],
        forbid: [
          { supporter: "C", supported: "E" },
          { supporter: "B", supported: "A", file: "forbid.csv", line: 3 },
        ],
      }),
    );
    expect(both.name).toBe("FamiliesError");
    expect(both.issues).toEqual([
      {
        code: "pair-conflict",
        file: "pins.csv",
        line: 2,
        value: "B,A",
        message: "B supporting A is pinned (pins.csv:2) and forbidden (forbid.csv:3); remove one of the two lines",
      },
    ]);
    const mutual = thrown(() =>
      matchPartners(bench(p01), {
        pins: [
          { supporter: "B", supported: "A" },
          { supporter: "D", supported: "E" },
          { supporter: "A", supported: "B" },
        ],
      }),
    );
    expect(mutual.issues.map((p) => [p.code, p.message])).toEqual([
      [
        "pair-conflict",
        "A and B are pinned to support each other (pins[0] and pins[2]); a school that gives support does not need it, so remove one of the two lines",
      ],
    ]);
  });

  it("uses an attainment floor and replaceable rules", () => {
    const floor = matchPartners(bench(p01), { attainmentFloor: 70 });
    // D (69) is below the floor now, so it needs support rather than giving it.
    expect(floor.needing).toBe(3);
    const custom = matchPartners(bench(p01), { needsSupport: (m) => m.urn === "A", canSupport: (m) => m.urn === "F" });
    expect(custom.pairs.map((p) => p.supported + p.supporter)).toEqual(["AF"]);
  });

  it("rejects bad options with the function's name", () => {
    expect(() => matchPartners(bench(p01), { capacity: 0 })).toThrow(
      "matchPartners: capacity must be a whole number of at least 1, not 0",
    );
    expect(() => matchPartners(bench(p01), { crossPhase: true })).toThrow(/crossPhase needs context to be a distance/);
    expect(() => matchPartners(bench(p01), { weights: { context: 0, complementarity: 0, gap: 0 } })).toThrow(
      /at least one weight/,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Small random cases against a brute-force optimum, and the rules under random inputs.

const LAS = ["Bolton", "Bury", "Oldham"];
const specArb = fc.record({
  la: fc.constantFrom(...LAS),
  km: fc.integer({ min: 0, max: 30 }),
  attainment: fc.integer({ min: 20, max: 90 }),
  disadvantage: fc.integer({ min: 0, max: 60 }),
  prior: fc.integer({ min: 12, max: 20 }),
  maths: fc.option(fc.integer({ min: -6, max: 6 }), { nil: undefined }),
});
const caseArb = fc.record({
  needing: fc.array(specArb, { minLength: 1, maxLength: 8 }),
  supporting: fc.array(specArb, { minLength: 1, maxLength: 8 }),
  capacity: fc.integer({ min: 1, max: 2 }),
  k: fc.integer({ min: 1, max: 2 }),
  priority: fc.constantFrom("coverage" as const, "score" as const),
  split: fc.boolean(),
});

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function caseBenchmarks(c: Case): Benchmarks {
  const specs: (Spec & { fam: string })[] = [
    ...c.needing.map((s, i) => ({
      ...s,
      urn: `N${i}`,
      quadrant: "SW" as const,
      fam: c.split && i % 2 ? "P02" : "P01",
    })),
    ...c.supporting.map((s, i) => ({
      ...s,
      urn: `S${i}`,
      quadrant: "NE" as const,
      fam: c.split && i % 2 ? "P02" : "P01",
    })),
  ];
  const ids = [...new Set(specs.map((s) => s.fam))].sort();
  return bench(
    ...ids.map((id) =>
      family(
        id,
        specs.filter((s) => s.fam === id),
      ),
    ),
  );
}

/** Every eligible pair with its score: with no limits, the matching takes them all. */
function allEligible(b: Benchmarks): Map<string, number> {
  const r = matchPartners(b, { capacity: 99, k: 99 });
  return new Map(r.pairs.map((p) => [`${p.supported} ${p.supporter}`, p.score]));
}

/** The best (pairs, score) by dynamic programming over the needing schools and the supporters' remaining capacity. */
function bruteForce(
  b: Benchmarks,
  capacity: number,
  k: number,
  priority: "coverage" | "score",
): { pairs: number; score: number } {
  const eligible = allEligible(b);
  const members = b.families.flatMap((f) => f.members);
  const needing = members.filter((m) => m.urn.startsWith("N")).map((m) => m.urn);
  const supporting = members.filter((m) => m.urn.startsWith("S")).map((m) => m.urn);
  const better = (a: { pairs: number; score: number }, c: { pairs: number; score: number }) =>
    priority === "coverage"
      ? a.pairs > c.pairs || (a.pairs === c.pairs && a.score > c.score + 1e-9)
      : a.score > c.score + 1e-9;
  const memo = new Map<string, { pairs: number; score: number }>();
  const go = (i: number, caps: number[]): { pairs: number; score: number } => {
    if (i === needing.length) return { pairs: 0, score: 0 };
    const key = `${i}|${caps.join(",")}`;
    const known = memo.get(key);
    if (known) return known;
    const options = supporting
      .map((s, j) => ({ j, score: eligible.get(`${needing[i]} ${s}`) }))
      .filter((o) => o.score !== undefined && (caps[o.j] as number) > 0);
    // Choose up to k of the options.
    let best = go(i + 1, caps);
    const choose = (from: number, left: number, picked: { j: number; score: number }[]) => {
      if (picked.length > 0) {
        const next = [...caps];
        for (const p of picked) next[p.j] = (next[p.j] as number) - 1;
        const rest = go(i + 1, next);
        const total = {
          pairs: rest.pairs + picked.length,
          score: rest.score + picked.reduce((t, p) => t + p.score, 0),
        };
        if (better(total, best)) best = total;
      }
      if (left === 0) return;
      for (let x = from; x < options.length; x++)
        choose(x + 1, left - 1, [...picked, options[x] as { j: number; score: number }]);
    };
    choose(0, k, []);
    memo.set(key, best);
    return best;
  };
  return go(
    0,
    supporting.map(() => capacity),
  );
}

function checkRules(b: Benchmarks, r: Partners, capacity: number, k: number, minKm = 5): void {
  const byUrn = new Map(b.families.flatMap((f) => f.members.map((m) => [m.urn, { m, family: f.id }] as const)));
  const taken = new Map<string, number>();
  const given = new Map<string, number>();
  for (const p of r.pairs) {
    const sup = byUrn.get(p.supporter);
    const need = byUrn.get(p.supported);
    expect(sup && need).toBeTruthy();
    if (!sup || !need) continue;
    if (!p.pinned) {
      expect(sup.family).toBe(need.family);
      expect(sup.m.la).not.toBe(need.m.la);
      const km =
        Math.hypot((sup.m.easting ?? 0) - (need.m.easting ?? 0), (sup.m.northing ?? 0) - (need.m.northing ?? 0)) / 1000;
      expect(km).toBeGreaterThanOrEqual(minKm);
      // The reasons name the true authorities and distance.
      expect(p.reasons).toContain(`different local authority (${need.m.la} / ${sup.m.la}), ${km.toFixed(0)} km apart`);
    }
    taken.set(p.supported, (taken.get(p.supported) ?? 0) + 1);
    given.set(p.supporter, (given.get(p.supporter) ?? 0) + 1);
  }
  for (const n of taken.values()) expect(n).toBeLessThanOrEqual(k);
  for (const n of given.values()) expect(n).toBeLessThanOrEqual(capacity);
  // Every school needing support has k partners or is listed as unmatched, never both, never neither.
  const unmatched = new Set(r.unmatched.map((u) => u.urn));
  for (const [urn, { m }] of byUrn) {
    const needs = m.position?.quadrant === "SW" && m.position.withinNoise === false;
    if (!needs) {
      expect(taken.has(urn)).toBe(false);
      continue;
    }
    expect(unmatched.has(urn)).toBe((taken.get(urn) ?? 0) < k);
  }
}

describe("matchPartners: exact on small random cases", () => {
  it("equals a brute-force optimum (n ≤ 8 on each side)", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const b = caseBenchmarks(c);
        const r = matchPartners(b, { capacity: c.capacity, k: c.k, priority: c.priority });
        const best = bruteForce(b, c.capacity, c.k, c.priority);
        // The candidates are exactly the pairs the rules allow: same family, another authority, 5 km or more apart.
        const rule = b.families.flatMap((f) =>
          f.members.flatMap((n) =>
            f.members
              .filter(
                (s) =>
                  n.urn.startsWith("N") &&
                  s.urn.startsWith("S") &&
                  s.la !== n.la &&
                  Math.abs((s.easting ?? 0) - (n.easting ?? 0)) >= 5000,
              )
              .map((s) => `${n.urn} ${s.urn}`),
          ),
        );
        expect([...allEligible(b).keys()].sort()).toEqual(rule.sort());
        if (c.priority === "coverage") expect(r.pairs.length).toBe(best.pairs);
        expect(r.totalScore).toBeCloseTo(best.score, 9);
        checkRules(b, r, c.capacity, c.k);
      }),
      { numRuns: 300 },
    );
  });

  it("greedy never breaks a rule and says it is greedy", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const b = caseBenchmarks(c);
        const r = matchPartners(b, { capacity: c.capacity, k: c.k, method: "greedy" });
        expect(r.method).toBe("greedy");
        expect(r.totalScore).toBeLessThanOrEqual(bruteForce(b, c.capacity, c.k, "score").score + 1e-9);
        checkRules(b, r, c.capacity, c.k);
      }),
      { numRuns: 100 },
    );
  });

  it("gives the same pairs whatever the order of families and members, and does not change its input", () => {
    fc.assert(
      fc.property(caseArb, fc.integer(), (c, seed) => {
        const b = caseBenchmarks(c);
        const frozen = JSON.stringify(b);
        const r = matchPartners(b, { capacity: c.capacity, k: c.k, priority: c.priority });
        expect(JSON.stringify(b)).toBe(frozen);
        const shuffled = bench(
          ...[...b.families].reverse().map((f) => ({
            ...f,
            members: [...f.members].sort(
              (x, y) => ((x.urn.charCodeAt(1) * seed) % 7) - ((y.urn.charCodeAt(1) * seed) % 7),
            ),
          })),
        );
        expect(matchPartners(shuffled, { capacity: c.capacity, k: c.k, priority: c.priority })).toEqual(r);
      }),
      { numRuns: 100 },
    );
  });
});

describe("matchPartners on the fixture region", () => {
  const { records } = readSchools(fixture("region/region.csv"));
  const { schools } = panel(records);
  const b = benchmarkFamilies(groupFamilies(schools), schools);

  it("pairs schools across authorities by the rules, and accounts for every school that needs support", () => {
    const r = matchPartners(b);
    expect(r.needing).toBeGreaterThan(50);
    expect(r.pairs.length).toBeGreaterThan(r.needing / 2);
    checkRules(b, r, 1, 1);
    for (const p of r.pairs) {
      expect(p.facts.supportedFamily).toBe(p.facts.supporterFamily);
      expect(p.reasons.length).toBeGreaterThanOrEqual(4);
    }
  });

  it("by intake distance, may pair across families but never beyond the distance", () => {
    const r = matchPartners(b, { context: 0.5 });
    for (const p of r.pairs) {
      expect(p.facts.contextDistance).toBeLessThanOrEqual(0.5);
      expect(p.facts.supportedPhase).toBe(p.facts.supporterPhase);
      expect(p.facts.supportedLa).not.toBe(p.facts.supporterLa);
    }
    const cross = matchPartners(b, { context: 0.5, crossPhase: true });
    expect(cross.pairs.some((p) => p.facts.supportedPhase !== p.facts.supporterPhase)).toBe(true);
    expect(cross.pairs.find((p) => p.facts.supportedPhase !== p.facts.supporterPhase)?.reasons).toContainEqual(
      expect.stringMatching(/^cross-phase: a \w+ school supporting a \w+ school$/),
    );
  });
});
