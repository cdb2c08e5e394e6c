import fc from "fast-check";
import { sum } from "simple-statistics";
import { describe, expect, it } from "vitest";
import {
  benchmarkFamilies,
  type Grouping,
  groupFamilies,
  improvement,
  panel,
  readSchools,
  type SchoolYear,
  summarise,
  syntheticRegion,
} from "../../src/index.js";
import { CompensatedSum } from "../../src/internal/compensated.js";
import { fixture } from "../helpers.js";

/** A one-family grouping of the given URNs, so that benchmarks can be worked out by hand. */
function oneFamily(urns: string[]): Grouping {
  return {
    kind: "families",
    features: [{ name: "disadvantage", weight: 1 }],
    standardise: "z",
    min: 1,
    max: 99,
    families: [{ id: "P01", partition: "primary", size: urns.length, members: [...urns].sort(), centroid: {} }],
    schools: [],
    unassigned: [],
    notes: [],
    passes: {},
  };
}

const rec = (
  urn: string,
  year: number,
  attainment: number | undefined,
  cohort: number | undefined,
  extra: Partial<SchoolYear> = {},
): SchoolYear => {
  const r: SchoolYear = { urn, phase: "primary", year, ...extra };
  if (attainment !== undefined) r.attainment = attainment;
  if (cohort !== undefined) r.cohort = cohort;
  return r;
};

describe("a family of one", () => {
  it("is not benchmarked against itself: its school is listed as not placed, with the reason", () => {
    const schools = panel(
      ["1", "2", "3"].flatMap((u, k) => [2017, 2018, 2019].map((y) => rec(u, y, 50 + k + y - 2017, 30))),
    ).schools;
    const grouping = {
      families: [
        { id: "P01", partition: "primary", size: 2, members: ["1", "2"], centroid: {} },
        { id: "P02", partition: "primary", size: 2, members: ["3", "9"], centroid: {} },
      ],
    };
    const b = benchmarkFamilies(grouping, schools);
    expect(b.families.map((f) => f.id)).toEqual(["P01"]);
    expect(b.unplaced).toEqual([
      {
        urn: "3",
        phase: "primary",
        reason: "its family P02 has no other member in the data: a family of one has no average to stand against",
      },
    ]);
  });
});

describe("improvement", () => {
  const years = (values: (number | undefined)[]) => values.map((v, i) => rec("1", 2016 + i, v, 30));

  it("is the least-squares slope per year over the last three years by default", () => {
    // 2017–2019: 50, 56, 58 → slope (58 − 50) / 2 = 4 (the middle year sits on x̄ and has no weight).
    expect(improvement(years([10, 50, 56, 58]))).toEqual({ value: 4, years: [2017, 2018, 2019] });
    // 2016–2019 with window 4: x̄ = 2017.5, Sxx = 5, slope = (−1.5·10 − 0.5·50 + 0.5·56 + 1.5·58) / 5 = 15.
    expect(improvement(years([10, 50, 56, 58]), { window: 4 }).value).toBeCloseTo(15, 12);
    expect(improvement(years([10, 50, 56, 58]), { method: "change" }).value).toBe(4);
  });

  it("skips a missing or suppressed year, and says why when too few remain", () => {
    // 2017 missing: 2018 → 2019 only, 56 → 58: slope 2.
    expect(improvement(years([10, undefined, 56, 58]))).toEqual({ value: 2, years: [2018, 2019] });
    expect(improvement(years([10, undefined, undefined, 58]))).toEqual({
      years: [2019],
      reason: "results for 1 of the 3 years 2017–2019; at least 2 are needed",
    });
  });

  it("carries each year's standard error into the slope's", () => {
    // w = (−½, 0, ½): Var = ¼·4 + 0 + ¼·9 = 3.25.
    const se = new Map([
      [2017, 2],
      [2018, 5],
      [2019, 3],
    ]);
    expect(improvement(years([10, 50, 56, 58]), { standardErrors: se }).standardError).toBeCloseTo(Math.sqrt(3.25), 12);
  });

  it("rejects bad options with its name", () => {
    expect(() => improvement([], { window: 1 })).toThrow("improvement: window must be a whole number ≥ 2, not 1");
    expect(() => improvement([], { window: 2, minYears: 3 })).toThrow(
      "improvement: minYears (3) is larger than window (2)",
    );
  });
});

describe("summarise", () => {
  it("gives mean, cohort-weighted mean, median and quartiles (type 7), skipping missing values", () => {
    expect(summarise([40, 50, undefined, 70], [10, 30, 5, 60])).toEqual({
      count: 3,
      mean: 160 / 3,
      weightedMean: 61,
      median: 50,
      lowerQuartile: 45,
      upperQuartile: 60,
      min: 40,
      max: 70,
    });
    expect(summarise([undefined])).toBeUndefined();
    expect(summarise([1, 2], [5, undefined])).not.toHaveProperty("weightedMean");
  });
});

describe("CompensatedSum", () => {
  it("gives simple-statistics' compensated sum to the last bit, value by value", () => {
    // Doubles of every size, so that the compensation matters (1e16 + 1 − 1e16 is 0 in plain addition).
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 }), { maxLength: 40 }),
        (xs) => {
          const s = new CompensatedSum();
          for (const x of xs) s.add(x);
          expect(Object.is(s.value, sum(xs)) || (s.value === 0 && sum(xs) === 0)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
    const s = new CompensatedSum();
    for (const x of [1e16, 1, -1e16]) s.add(x);
    expect(s.value).toBe(1);
  });
});

describe("benchmarkFamilies — a family worked by hand", () => {
  // Four schools, 2017–2019. Attainment is a % (primary), so standard errors are binomial.
  const records: SchoolYear[] = [
    rec("A", 2017, 50, 40),
    rec("A", 2018, 56, 40),
    rec("A", 2019, 58, 40, {
      subgroups: { boys: 50, girls: 66, disadvantaged: 40, other: 64 },
      subjects: { maths: 1 },
    }),
    rec("B", 2017, 70, 40),
    rec("B", 2018, 70, 40),
    rec("B", 2019, 64, 40, { subgroups: { boys: 70, girls: 58 }, subjects: { maths: 3 } }),
    rec("C", 2017, 40, 40),
    rec("C", 2018, 44, 40),
    rec("C", 2019, 46, 40, { subjects: { maths: -1 } }),
    // D: 2018 suppressed, and a one-pupil cohort in 2019.
    rec("D", 2017, 60, 20),
    rec("D", 2018, undefined, 20),
    rec("D", 2019, 100, 1),
  ];
  // One year's figures, worked by hand: nothing pooled (D's one-pupil cohort would be, by default).
  const b = benchmarkFamilies(oneFamily(["A", "B", "C", "D"]), panel(records).schools, { outcomeYears: 1 });
  const f = b.families[0]!;
  const m = (urn: string) => f.members.find((x) => x.urn === urn)!;

  it("benchmarks the latest year against the year before", () => {
    expect([b.year, b.previousYear]).toEqual([2019, 2018]);
  });

  it("averages attainment and improvement over the family", () => {
    // 2019 attainment: 58, 64, 46, 100 → mean 67, median 61, quartiles 55 and 73 (type 7).
    expect(f.averages.attainment).toMatchObject({
      count: 4,
      mean: 67,
      median: 61,
      lowerQuartile: 55,
      upperQuartile: 73,
      min: 46,
      max: 100,
    });
    // Improvement (slope over 2017–19): A 4, B −3, C 3, D (60 → 100 over two years, 2018 suppressed) 20.
    expect(m("A").improvement).toBe(4);
    expect(m("B").improvement).toBe(-3);
    expect(m("C").improvement).toBe(3);
    expect(m("D").improvement).toBe(20);
    expect(f.averages.improvement?.mean).toBe(6);
    // Cohort-weighted: (58·40 + 64·40 + 46·40 + 100·1) / 121.
    expect(f.averages.attainment?.weightedMean).toBeCloseTo((58 * 40 + 64 * 40 + 46 * 40 + 100) / 121, 12);
  });

  it("places each school against the family average, with bearing and quadrant", () => {
    // A: dx = 58 − 67 = −9, dy = 4 − 6 = −2 → SW; B: dx = −3, dy = −9 → SW; C: −21, −3; D: 33, 14 → NE.
    expect(m("A").position).toMatchObject({ dx: -9, dy: -2, quadrant: "SW" });
    expect(m("D").position).toMatchObject({ dx: 33, dy: 14, quadrant: "NE" });
    expect(m("D").position?.bearing).toBeCloseTo((Math.atan2(33, 14) * 180) / Math.PI, 12);
    expect(m("D").position?.distance).toBeCloseTo(Math.hypot(33, 14), 12);
    // z: dx over the family's (population) standard deviation of attainment.
    const sd = Math.sqrt(((58 - 67) ** 2 + (64 - 67) ** 2 + (46 - 67) ** 2 + (100 - 67) ** 2) / 4);
    expect(m("A").position?.zx).toBeCloseTo(-9 / sd, 12);
  });

  it("gives each difference a standard error and says when it is within noise", () => {
    // A's 2019 SE: p = (40·0.58 + 0.5) / 41, SE = 100·√(p(1−p)/40).
    const se = (n: number, pct: number) => {
      const p = ((n * pct) / 100 + 0.5) / (n + 1);
      return 100 * Math.sqrt((p * (1 - p)) / n);
    };
    expect(m("A").attainmentSE).toBeCloseTo(se(40, 58), 12);
    // dx = x_A − mean: Var = (¾)²·v_A + (¼)²·(v_B + v_C + v_D).
    const v = [se(40, 58), se(40, 64), se(40, 46), se(1, 100)].map((s) => s * s);
    const seX = Math.sqrt(0.75 ** 2 * v[0]! + 0.0625 * (v[1]! + v[2]! + v[3]!));
    expect(m("A").position?.seX).toBeCloseTo(seX, 12);
    expect(m("A").position?.xWithinNoise).toBe(Math.abs(-9) <= 1.96 * seX);
    // D's 100% from one pupil: flagged small, and its huge standard error makes it noise.
    expect(m("D").smallCohort).toBe(true);
    expect(m("D").notes).toContain("small cohort (1 pupils): one year's result is mostly noise");
    expect(m("D").position?.xWithinNoise).toBe(true);
  });

  it("sets targets at the family's upper quartile, and the gap to them", () => {
    expect(m("A").target).toEqual({
      attainment: 73,
      attainmentGap: 15,
      improvement: f.averages.improvement!.upperQuartile,
      improvementGap: f.averages.improvement!.upperQuartile - 4,
    });
    const best = benchmarkFamilies(oneFamily(["A", "B", "C", "D"]), panel(records).schools, {
      target: "best",
      outcomeYears: 1,
    });
    expect(best.families[0]!.members.find((x) => x.urn === "C")!.target?.attainmentGap).toBe(54);
  });

  it("leaves small cohorts out of the averages when asked", () => {
    const ex = benchmarkFamilies(oneFamily(["A", "B", "C", "D"]), panel(records).schools, {
      excludeSmallCohorts: true,
      outcomeYears: 1,
    });
    expect(ex.families[0]!.averages.attainment).toMatchObject({ count: 3, mean: 56 });
    // D still has a position, measured from the average of the others.
    expect(ex.families[0]!.members.find((x) => x.urn === "D")!.position?.dx).toBe(44);
  });

  it("measures movement since the previous year, and the family's", () => {
    // A: 2018 (56, slope 2016–18 over 2017–18 = 6) → 2019 (58, 4): dx 2, dy −2: not north-east.
    expect(m("A").movement).toMatchObject({
      from: { year: 2018, attainment: 56, improvement: 6 },
      dx: 2,
      dy: -2,
      northEast: false,
    });
    // D has no 2018 result: no movement, and the note says why.
    expect(m("D").movement).toBeUndefined();
    expect(m("D").notes).toContain("no movement since 2018: no attainment for 2018 (missing or suppressed)");
    expect(f.movement).toMatchObject({ previousYear: 2018, compared: 3, movedNorthEast: 0, share: 0 });
  });

  it("says this year's gap is why there is no movement when last year was complete", () => {
    // E: 2018 has attainment but no cohort (so no standard error then); 2019 is suppressed.
    const e = [
      rec("E", 2016, 50, 30),
      rec("E", 2017, 52, 30),
      rec("E", 2018, 54, undefined),
      rec("E", 2019, undefined, 30),
    ];
    const row = benchmarkFamilies(
      oneFamily(["A", "E"]),
      panel([...records.filter((r) => r.urn === "A"), ...e]).schools,
      { projections: false }, // (else a note says why E has no projection either)
    ).families[0]!.members.find((x) => x.urn === "E")!;
    expect(row.movement).toBeUndefined();
    expect(row.notes).toEqual([
      "no attainment for 2019 (missing or suppressed)",
      "no movement since 2018: no position this year",
    ]);
  });

  it("finds within-school gaps and the family's leaders", () => {
    expect(m("A").gaps).toEqual({ "girls−boys": 16, "other−disadvantaged": 24 });
    expect(m("B").gaps).toEqual({ "girls−boys": -12 });
    expect(f.gaps["girls−boys"]).toMatchObject({ count: 2, mean: 2 });
    expect(f.leaders.subgroups.girls).toEqual({ urn: "A", value: 66 });
    expect(f.leaders.subjects.maths).toEqual({ urn: "B", value: 3 });
    expect(m("C").subjects).toEqual({ maths: -2 });
  });

  it("reads only a school's own sub-groups, whatever they are called", () => {
    const odd = benchmarkFamilies(
      oneFamily(["X", "Y"]),
      panel([
        rec("X", 2019, 50, 30, { subgroups: { constructor: 40 } as Record<string, number> }),
        rec("Y", 2019, 50, 30, { subgroups: { boys: 40 } }),
      ]).schools,
    );
    expect(odd.families[0]!.leaders.subgroups).toEqual({
      boys: { urn: "Y", value: 40 },
      constructor: { urn: "X", value: 40 },
    });
  });

  it("breaks ties for leader by URN", () => {
    const tie = benchmarkFamilies(
      oneFamily(["X", "Y"]),
      panel([rec("Y", 2019, 50, 30, { subjects: { maths: 2 } }), rec("X", 2019, 50, 30, { subjects: { maths: 2 } })])
        .schools,
    );
    expect(tie.families[0]!.leaders.subjects.maths).toEqual({ urn: "X", value: 2 });
    // With a single year there is no improvement, so no position, and no made-up one.
    expect(tie.families[0]!.members[0]!.position).toBeUndefined();
  });
});

describe("benchmarkFamilies — invariants", () => {
  it("gives every member a row, never mutates, and does not depend on record order", () => {
    const arb = fc.array(
      fc.record({
        urn: fc.constantFrom("1", "2", "3", "4", "5", "6"),
        year: fc.integer({ min: 2016, max: 2019 }),
        att: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
        cohort: fc.integer({ min: 1, max: 60 }),
      }),
      { maxLength: 24 },
    );
    fc.assert(
      fc.property(arb, (rows) => {
        const seen = new Set<string>();
        const records = rows
          .filter((r) => !seen.has(`${r.urn}/${r.year}`) && seen.add(`${r.urn}/${r.year}`))
          .map((r) => rec(r.urn, r.year, r.att, r.cohort, { disadvantage: 20 }));
        if (records.length === 0) return;
        const urns = [...new Set(records.map((r) => r.urn))];
        if (urns.length < 2) return; // a family of one is not benchmarked (see "a family of one")
        const frozen = structuredClone(records);
        const b = benchmarkFamilies(oneFamily(urns), panel(records).schools);
        expect(records).toEqual(frozen);
        expect(b.families[0]!.members.map((x) => x.urn).sort()).toEqual([...urns].sort());
        expect(benchmarkFamilies(oneFamily(urns), panel([...records].reverse()).schools)).toEqual(b);
        for (const x of b.families[0]!.members)
          if (x.position) expect(["NE", "NW", "SE", "SW"]).toContain(x.position.quadrant);
      }),
      { numRuns: 100 },
    );
  });

  it("gives each difference the standard error of xᵢ − Σ wⱼxⱼ, in either kind of average", () => {
    const arb = fc.array(
      fc.record({ att: fc.integer({ min: 0, max: 100 }), cohort: fc.integer({ min: 1, max: 90 }) }),
      { minLength: 2, maxLength: 20 },
    );
    fc.assert(
      fc.property(arb, fc.constantFrom("mean" as const, "weighted" as const), (rows, average) => {
        const urns = rows.map((_, i) => `U${String(i).padStart(2, "0")}`);
        const records = rows.map((r, i) => rec(urns[i]!, 2019, r.att, r.cohort));
        const f = benchmarkFamilies(oneFamily(urns), panel(records).schools, { average }).families[0]!;
        // Each school's binomial SE (as the "works by hand" test spells out), and its weight in the average.
        const se = rows.map((r) => {
          const p = ((r.cohort * r.att) / 100 + 0.5) / (r.cohort + 1);
          return 100 * Math.sqrt((p * (1 - p)) / r.cohort);
        });
        const total = rows.reduce((t, r) => t + r.cohort, 0);
        const w = rows.map((r) => (average === "weighted" ? r.cohort / total : 1 / rows.length));
        // One year only, so no improvement and no position: the standard error is checked through a second year.
        expect(f.members.every((m) => m.position === undefined)).toBe(true);
        const two = benchmarkFamilies(
          oneFamily(urns),
          panel([...records, ...rows.map((r, i) => rec(urns[i]!, 2018, r.att, r.cohort))]).schools,
          { average, outcomeYears: 1 },
        ).families[0]!;
        two.members.forEach((m) => {
          const i = urns.indexOf(m.urn);
          let v = (1 - w[i]!) ** 2 * se[i]! ** 2;
          for (let j = 0; j < rows.length; j++) if (j !== i) v += w[j]! ** 2 * se[j]! ** 2;
          expect(m.position?.seX).toBeCloseTo(Math.sqrt(v), 10);
        });
      }),
      { numRuns: 100 },
    );
  });

  it("benchmarks a family the same whatever else is benchmarked with it", () => {
    // Other families bring other years, sub-groups and subjects (the other phase's); none may leak into this one.
    const { schools } = panel(readSchools(fixture("region/region.csv")).records);
    const grouping = groupFamilies(schools);
    // Two figures are fitted over all the schools given, so they are fixed here: the projections' variances (an
    // empirical-Bayes fit over every school benchmarked) and the national figure for other pupils.
    const fixed = { projections: false, nationalOther: 70 };
    const whole = benchmarkFamilies(grouping, schools, fixed);
    for (const id of ["P03", "S02"]) {
      const family = grouping.families.find((f) => f.id === id)!;
      const alone = benchmarkFamilies(
        { families: [family] },
        schools.filter((s) => family.members.includes(s.urn)),
        fixed,
      );
      expect(alone.families[0]).toEqual(whole.families.find((f) => f.id === id));
    }
  });

  it("runs on the fixture region end to end", () => {
    const records = groupFamiliesRegion();
    expect(records.families.length).toBe(64);
    expect(records.families.every((f) => f.members.length === f.size)).toBe(true);
    // The region's 19 schools that closed before 2019 are not grouped, and are listed with the reason.
    expect(records.unplaced).toHaveLength(19);
    for (const u of records.unplaced)
      expect(u.reason).toMatch(/^no data for 2019, the latest year \(its last is 201[678]\)/);
  });
});

function groupFamiliesRegion() {
  const { schools } = panel(readSchools(fixture("region/region.csv")).records);
  return benchmarkFamilies(groupFamilies(schools), schools);
}

describe("benchmarkFamilies carries the centre it measured from", () => {
  it("each member's position is its value less the family's centre", () => {
    const { schools } = panel(syntheticRegion({ primaries: 60, secondaries: 0, years: 4, seed: 3 }));
    for (const average of ["mean", "weighted"] as const) {
      const b = benchmarkFamilies(groupFamilies(schools, { min: 12, max: 20 }), schools, { average });
      for (const f of b.families) {
        expect(f.centre).toBeDefined();
        for (const m of f.members) {
          if (!m.position || m.attainment === undefined || m.improvement === undefined) continue;
          expect(m.position.dx).toBeCloseTo(m.attainment - (f.centre?.attainment ?? Number.NaN), 12);
          expect(m.position.dy).toBeCloseTo(m.improvement - (f.centre?.improvement ?? Number.NaN), 12);
        }
      }
    }
  });
});
