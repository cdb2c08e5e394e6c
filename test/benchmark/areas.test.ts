import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { benchmarkFamilies, type Grouping, panel, type SchoolYear } from "../../src/index.js";

const oneFamily = (urns: string[]): Pick<Grouping, "families"> => ({
  families: [{ id: "P01", partition: "primary", size: urns.length, members: [...urns].sort(), centroid: {} }],
});

const rec = (urn: string, year: number, extra: Partial<SchoolYear> = {}): SchoolYear => ({
  urn,
  phase: "primary",
  year,
  attainment: 60,
  cohort: 30,
  ...extra,
});

describe("each school's pupil groups and subjects against its family", () => {
  // Disadvantaged pupils: A 40, 45, 50 (5 a year); B 60 each year (0 a year); C only 2019, 70 (no change a year).
  // Maths progress in 2019: A +1.5, C −0.5; B has none.
  const records = [
    rec("A", 2017, { subgroups: { disadvantaged: 40 } }),
    rec("A", 2018, { subgroups: { disadvantaged: 45 } }),
    rec("A", 2019, { subgroups: { disadvantaged: 50 }, subjects: { maths: 1.5 } }),
    rec("B", 2017, { subgroups: { disadvantaged: 60 } }),
    rec("B", 2018, { subgroups: { disadvantaged: 60 } }),
    rec("B", 2019, { subgroups: { disadvantaged: 60 } }),
    rec("C", 2018),
    rec("C", 2019, { subgroups: { disadvantaged: 70 }, subjects: { maths: -0.5 } }),
  ];
  const f = benchmarkFamilies(oneFamily(["A", "B", "C"]), panel(records).schools).families[0];
  const m = (urn: string) => f?.members.find((x) => x.urn === urn);

  it("gives each member its result, its change a year and its place", () => {
    expect(m("A")?.areas).toEqual({
      subgroups: { disadvantaged: { value: 50, improvement: 5, rank: 3 } },
      subjects: { maths: { value: 1.5, rank: 1 } },
    });
    expect(m("B")?.areas).toEqual({
      subgroups: { disadvantaged: { value: 60, improvement: 0, rank: 2 } },
      subjects: {},
    });
    expect(m("C")?.areas?.subgroups.disadvantaged).toEqual({ value: 70, rank: 1 });
  });

  it("gives the family's mean and upper quartile (type 7) of the results and of their change a year", () => {
    // Results 50, 60, 70: mean 60, upper quartile 65. Changes 5, 0: mean 2.5, upper quartile 0 + 0.75 × 5 = 3.75.
    expect(f?.areas?.subgroups.disadvantaged).toEqual({
      value: { count: 3, mean: 60, upperQuartile: 65 },
      improvement: { count: 2, mean: 2.5, upperQuartile: 3.75 },
    });
    expect(f?.areas?.subjects.maths).toEqual({ value: { count: 2, mean: 0.5, upperQuartile: 1 } });
  });

  it("gives a group with no result this year no change a year either (nothing to improve on)", () => {
    const gone = [...records.filter((r) => !(r.urn === "B" && r.year === 2019)), rec("B", 2019)];
    const g = benchmarkFamilies(oneFamily(["A", "B", "C"]), panel(gone).schools).families[0];
    expect(g?.members.find((x) => x.urn === "B")?.areas?.subgroups).toEqual({});
    expect(g?.areas?.subgroups.disadvantaged?.improvement).toEqual({ count: 1, mean: 5, upperQuartile: 5 });
  });

  it("places are 1 for the highest and shared by ties, whatever the order of the records", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 2, maxLength: 8 }), (values) => {
        const urns = values.map((_, i) => `U${i}`);
        const rs = values.map((v, i) => rec(urns[i] as string, 2019, { subgroups: { girls: v * 10 } })).reverse();
        const fam = benchmarkFamilies(oneFamily(urns), panel(rs).schools).families[0];
        for (const x of fam?.members ?? []) {
          const v = x.areas?.subgroups.girls?.value as number;
          expect(x.areas?.subgroups.girls?.rank).toBe(1 + values.filter((w) => w * 10 > v).length);
        }
      }),
    );
  });
});
