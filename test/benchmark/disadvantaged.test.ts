import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Z95 } from "../../src/benchmark/uncertainty.js";
import {
  benchmarkFamilies,
  type Grouping,
  groupFamilies,
  nationalOtherPupils,
  panel,
  pooledOutcome,
  type SchoolYear,
  syntheticRegion,
} from "../../src/index.js";
import { betaBinomialInterval } from "../../src/internal/beta-binomial.js";
import { fixture } from "../helpers.js";

/** A one-family grouping of the given URNs, so that figures can be worked out by hand. */
function oneFamily(urns: string[]): Pick<Grouping, "families"> {
  return {
    families: [{ id: "P01", partition: "primary", size: urns.length, members: [...urns].sort(), centroid: {} }],
  };
}

/** A primary school's year with its disadvantaged and other pupils. */
const rec = (urn: string, year: number, att: number | undefined, cohort: number, extra: Partial<SchoolYear> = {}) => {
  const r: SchoolYear = { urn, phase: "primary", year, cohort, ...extra };
  if (att !== undefined) r.attainment = att;
  return r;
};
const groups = (d: number | undefined, nd: number, o: number | undefined, no: number): Partial<SchoolYear> => {
  const subgroups: Record<string, number> = {};
  if (d !== undefined) subgroups.disadvantaged = d;
  if (o !== undefined) subgroups.other = o;
  return { subgroups, disadvantagedCohort: nd, otherCohort: no };
};

describe("disadvantaged pupils against the family — worked by hand", () => {
  // Three schools of 40 pupils in 2019 (and 2018, for a position):
  //   A: disadvantaged 40% of 10, other 70% of 30;  B: 60% of 20, 80% of 20;  C: 50% of 30, 75% of 10.
  const records = [
    rec("A", 2019, 62.5, 40, groups(40, 10, 70, 30)),
    rec("B", 2019, 70, 40, groups(60, 20, 80, 20)),
    rec("C", 2019, 56.25, 40, groups(50, 30, 75, 10)),
    rec("A", 2018, 60, 40),
    rec("B", 2018, 70, 40),
    rec("C", 2018, 55, 40),
  ];
  const b = benchmarkFamilies(oneFamily(["A", "B", "C"]), panel(records).schools, { nationalOther: 71 });
  const f = b.families[0]!;
  const m = (urn: string) => f.members.find((x) => x.urn === urn)!;

  it("averages the family's disadvantaged and other pupils by pupils, not by schools", () => {
    // Disadvantaged: (40·10 + 60·20 + 50·30) / 60 = 3100 / 60; other: (70·30 + 80·20 + 75·10) / 60 = 4450 / 60.
    expect(f.disadvantaged!.average).toBeCloseTo(3100 / 60, 12);
    expect(f.disadvantaged!.other).toBeCloseTo(4450 / 60, 12);
    expect(f.disadvantaged).toMatchObject({ pupils: 60, otherPupils: 60, members: 3 });
  });

  it("gives each school's disadvantaged pupils against (a) the family's, (b) its other pupils, (c) the nation's", () => {
    const a = m("A").disadvantaged!;
    expect(a).toMatchObject({ attainment: 40, pupils: 10, nationalOther: 71, gap: -31, withinSchoolGap: -30 });
    expect(a.vsFamily).toBeCloseTo(40 - 3100 / 60, 12);
    expect(a.familyGap).toBeCloseTo(40 - 4450 / 60, 12);
    // Binomial with p nudged to (np + ½)/(n + 1): p = 4.5/11.
    const p = 4.5 / 11;
    const se = 100 * Math.sqrt((p * (1 - p)) / 10);
    expect(a.se).toBeCloseTo(se, 12);
    expect(a.gapSE).toBeCloseTo(se, 12);
    // Against the family's average, which holds A at weight 10/60: (1 − w)²·seA² + Σ others' w²·se².
    const seOf = (pct: number, n: number) => {
      const q = ((n * pct) / 100 + 0.5) / (n + 1);
      return 100 * Math.sqrt((q * (1 - q)) / n);
    };
    const v = (50 / 60) ** 2 * se ** 2 + (20 / 60) ** 2 * seOf(60, 20) ** 2 + (30 / 60) ** 2 * seOf(50, 30) ** 2;
    expect(a.vsFamilySE).toBeCloseTo(Math.sqrt(v), 12);
    // Against the family's other pupils: independent pupils, so the variances add.
    const vo =
      (30 / 60) ** 2 * seOf(70, 30) ** 2 + (20 / 60) ** 2 * seOf(80, 20) ** 2 + (10 / 60) ** 2 * seOf(75, 10) ** 2;
    expect(a.familyGapSE).toBeCloseTo(Math.sqrt(se ** 2 + vo), 12);
  });

  it("names the members whose disadvantaged pupils do best", () => {
    expect(f.disadvantaged!.best.map((x) => [x.urn, x.attainment])).toEqual([
      ["B", 60],
      ["C", 50],
      ["A", 40],
    ]);
  });

  it("without a national figure, uses the schools given, pupil-weighted, and says so", () => {
    const own = benchmarkFamilies(oneFamily(["A", "B", "C"]), panel(records).schools);
    expect(own.disadvantaged!.nationalSource).toBe("schools in the data");
    expect(own.disadvantaged!.nationalOther).toBeCloseTo(4450 / 60, 12);
    expect(b.disadvantaged).toEqual({ nationalOther: 71, nationalSource: "given" });
  });

  it("draws the family chart for disadvantaged pupils with measure: disadvantaged", () => {
    const d = benchmarkFamilies(oneFamily(["A", "B", "C"]), panel(records).schools, { measure: "disadvantaged" });
    expect(d.measure).toBe("disadvantaged");
    expect(d.families[0]!.members.map((x) => [x.urn, x.attainment, x.cohort])).toEqual([
      ["A", 40, 10],
      ["B", 60, 20],
      ["C", 50, 30],
    ]);
    // The chart's centre is the mean of the three (as for attainment): 50.
    expect(d.families[0]!.averages.attainment?.mean).toBe(50);
  });
});

describe("pooled outcome years", () => {
  // A small primary: 2017 suppressed, 2 pupils in 2019.
  const years = [
    rec("S", 2015, 50, 8, groups(25, 4, 75, 4)),
    rec("S", 2016, 100, 6, groups(50, 2, 100, 4)),
    rec("S", 2017, undefined, 5),
    rec("S", 2018, 25, 4, groups(100, 1, 0, 3)),
    rec("S", 2019, 50, 2, groups(undefined, 1, 100, 1)),
  ];
  const school = panel(years).schools[0]!;

  it("is the pupil-weighted mean over the years with a result, skipping suppressed ones and saying so", () => {
    const p = pooledOutcome(school, 2019, { outcomeYears: 5 })!;
    // (8·50 + 6·100 + 4·25 + 2·50) / 20 = 60; disadvantaged (4·25 + 2·50 + 1·100) / 7; other by the other pupils.
    expect(p.record.attainment).toBe(60);
    expect(p.record.cohort).toBe(20);
    expect(p.record.subgroups?.disadvantaged).toBeCloseTo(300 / 7, 12);
    expect(p.record.disadvantagedCohort).toBe(7);
    expect(p.record.subgroups?.other).toBeCloseTo((4 * 75 + 4 * 100 + 3 * 0 + 1 * 100) / 12, 12);
    expect(p.years).toEqual([2015, 2016, 2018, 2019]);
    expect(p.skipped).toEqual([2017]);
  });

  it("pools automatically where the year's cohort is small (EEF: five years for a primary), and says which", () => {
    // A second member like it, since a family of one has no average to stand against.
    const b = benchmarkFamilies(oneFamily(["S", "T"]), [school, { ...school, urn: "T" }], { projections: false });
    const s = b.families[0]!.members.find((m) => m.urn === "S")!;
    expect(b.outcomeYears).toBe("auto");
    expect(s.attainment).toBe(60);
    expect(s.outcome).toEqual({ years: [2015, 2016, 2018, 2019], skipped: [2017] });
    expect(s.notes.join("\n")).toContain("results pooled over 2015, 2016, 2018 and 2019");
    expect(s.notes.join("\n")).toContain("2017 skipped: missing or suppressed");
    // Improvement stays the slope of the yearly results over 2017–2019: 25 → 50 over one year.
    expect(s.improvement).toBe(25);
    // Not pooled when asked for one year.
    const single = benchmarkFamilies(oneFamily(["S", "T"]), [school, { ...school, urn: "T" }], { outcomeYears: 1 });
    expect(single.families[0]!.members.find((m) => m.urn === "S")!.attainment).toBe(50);
  });

  it("leaves a school with a big enough cohort as it is", () => {
    const big = panel([rec("B", 2018, 40, 30), rec("B", 2019, 60, 30)]).schools[0]!;
    expect(pooledOutcome(big, 2019)).toMatchObject({ pooled: false, years: [2019] });
    expect(pooledOutcome(big, 2019, { outcomeYears: 2 })?.record.attainment).toBe(50);
  });

  it("pooling N copies of the same year changes nothing", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.integer({ min: 1, max: 100 }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.integer({ min: 1, max: 100 }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (n, cohort, att, nd, d, no, o) => {
          const copies = Array.from({ length: n }, (_, k) => rec("X", 2019 - k, att, cohort, groups(d, nd, o, no)));
          const p = pooledOutcome(panel(copies).schools[0]!, 2019, { outcomeYears: n })!;
          expect(p.record.attainment).toBeCloseTo(att, 9);
          expect(p.record.subgroups?.disadvantaged).toBeCloseTo(d, 9);
          expect(p.record.subgroups?.other).toBeCloseTo(o, 9);
          expect(p.years).toHaveLength(n);
        },
      ),
    );
  });
});

describe("projections", () => {
  const { schools } = panel(syntheticRegion({ primaries: 240, secondaries: 0, years: 4, seed: 5 }));
  const b = benchmarkFamilies(groupFamilies(schools), schools);
  const members = b.families.flatMap((f) => f.members);

  it("projects the next year with an interval around it, for every school with two years", () => {
    expect(b.projections!.year).toBe(b.year + 1);
    expect(b.projections!.fits).toHaveLength(1);
    const projected = members.filter((m) => m.projection);
    expect(projected.length).toBeGreaterThan(0.9 * members.length);
    for (const m of projected) {
      const p = m.projection!;
      expect(p.year).toBe(b.year + 1);
      expect(p.low).toBeLessThanOrEqual(p.attainment);
      expect(p.high).toBeGreaterThanOrEqual(p.attainment);
      expect(p.weight).toBeGreaterThanOrEqual(0);
      expect(p.weight).toBeLessThanOrEqual(1);
    }
  });

  it("gives a percentage the beta-binomial interval for its latest cohort, and a score the normal one", () => {
    const projected = members.filter((m) => m.projection);
    for (const m of projected.slice(0, 40)) {
      const p = m.projection!;
      const school = schools.find((s) => s.urn === m.urn)!;
      const latest = [...school.years].reverse().find((r) => r.year <= b.year && r.cohort !== undefined)!;
      expect({ low: p.low, high: p.high }).toEqual(betaBinomialInterval(p.attainment, p.se ** 2, latest.cohort!));
    }
    const scored = benchmarkFamilies(groupFamilies(schools), schools, { attainmentKind: "score" });
    const q = scored.families.flatMap((f) => f.members).find((m) => m.projection)!.projection!;
    expect(q.low).toBeCloseTo(Math.max(0, q.attainment - Z95 * q.se), 9);
    expect(q.high).toBeCloseTo(q.attainment + Z95 * q.se, 9);
  });

  it("leans less on a small school's own record, and gives it a wider interval", () => {
    const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
    const small = members.filter((m) => m.projection && (m.cohort ?? 0) < 20);
    const big = members.filter((m) => m.projection && (m.cohort ?? 0) >= 45);
    expect(small.length).toBeGreaterThan(5);
    expect(big.length).toBeGreaterThan(5);
    expect(mean(small.map((m) => m.projection!.weight))).toBeLessThan(mean(big.map((m) => m.projection!.weight)));
    expect(mean(small.map((m) => m.projection!.se))).toBeGreaterThan(mean(big.map((m) => m.projection!.se)));
  });

  it("does not extrapolate a noisy jump: a small school from 20% to 80% is projected nearer its family", () => {
    const jump = [...schools, ...panel([rec("J", b.year - 1, 20, 8), rec("J", b.year, 80, 8)]).schools];
    const fam = b.families[0]!;
    const grouping = {
      families: b.families.map((f) =>
        f.id === fam.id
          ? {
              id: f.id,
              partition: f.partition,
              size: f.size + 1,
              members: [...f.members.map((x) => x.urn), "J"],
              centroid: {},
            }
          : { id: f.id, partition: f.partition, size: f.size, members: f.members.map((x) => x.urn), centroid: {} },
      ),
    };
    const j = benchmarkFamilies(grouping, jump, { outcomeYears: 1 }).families.find((f) => f.id === fam.id)!;
    const p = j.members.find((x) => x.urn === "J")!.projection!;
    // Its own straight line would say 140% (clipped to 100); the family average is far below.
    expect(p.attainment).toBeLessThan(80);
    expect(p.high - p.low).toBeGreaterThan(40);
  });
});

describe("nationalOtherPupils", () => {
  it("reads the DfE file's national row for state-funded schools", () => {
    // KS2 2018/19: RECTYPE 5's PTRWM_EXP_NotFSM6CLA1A is 71%; 2016/17: 67%.
    expect(nationalOtherPupils(fixture("dfe/2018-2019_850_excerpt_ks2final.csv"), "dfe-ks2")).toBe(71);
    expect(nationalOtherPupils(fixture("dfe/2016-2017_850_excerpt_ks2final.csv"), "dfe-ks2")).toBe(67);
    // KS4 2017/18: RECTYPE 7's ATT8SCR_NFSM6CLA1A is 50.1.
    expect(nationalOtherPupils(fixture("dfe/2017-2018_815_excerpt_ks4final.csv"), "dfe-ks4")).toBe(50.1);
    expect(nationalOtherPupils("URN,RECTYPE\n1,1\n", "dfe-ks2")).toBeUndefined();
  });
});
