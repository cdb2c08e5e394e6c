import { describe, expect, it } from "vitest";
import { benchmarkFamilies, panel, type SchoolYear } from "../../src/index.js";
import { disadvantagedParagraph } from "../../src/render/disadvantaged.js";

const rec = (urn: string, name: string, year: number, att: number, d: number, nd: number, o: number, no: number) =>
  ({
    urn,
    name,
    phase: "primary",
    year,
    cohort: nd + no,
    attainment: att,
    subgroups: { disadvantaged: d, other: o },
    disadvantagedCohort: nd,
    otherCohort: no,
  }) satisfies SchoolYear;

describe("the disadvantaged pupils' paragraph", () => {
  const records = [
    rec("A", "Ash <Primary>", 2019, 62.5, 40, 10, 70, 30),
    rec("B", "Beech Primary", 2019, 70, 60, 20, 80, 20),
    rec("C", "Cedar Primary", 2019, 56.25, 50, 30, 75, 10),
    rec("A", "Ash <Primary>", 2018, 60, 40, 10, 70, 30),
    rec("B", "Beech Primary", 2018, 70, 60, 20, 80, 20),
    rec("C", "Cedar Primary", 2018, 55, 50, 30, 75, 10),
  ];
  const family = {
    families: [{ id: "P01", partition: "primary", size: 3, members: ["A", "B", "C"], centroid: {} }],
  };
  const b = benchmarkFamilies(family, panel(records).schools, { nationalOther: 71 });
  const html = disadvantagedParagraph(b.families[0]!, "A");

  it("says, in plain words, how the school's disadvantaged pupils do against the family and other pupils", () => {
    // Family: (40·10 + 60·20 + 50·30) / 60 = 51.7%; other pupils in the family 74.2%; nationally 71%.
    expect(html).toContain("Of its 10 disadvantaged pupils, 40% met the expected standard.");
    expect(html).toContain("reached 52% (60 pupils in 3 schools): this school is 12 percentage points below them");
    expect(html).toContain("34 percentage points below other pupils in schools like it (74%)");
    expect(html).toContain("31 percentage points below other pupils nationally (71%)");
  });

  it("names the family members whose disadvantaged pupils do best, and escapes names", () => {
    expect(html).toContain("do best at Beech Primary (60% of 20) and Cedar Primary (50% of 30)");
    expect(disadvantagedParagraph(b.families[0]!, "B")).not.toContain("do best at");
    expect(html).not.toContain("<Primary>");
  });

  it("is empty for a school whose disadvantaged pupils have no result", () => {
    expect(disadvantagedParagraph(b.families[0]!, "Z")).toBe("");
  });
});
