import { describe, expect, it } from "vitest";
import { benchmarkFamilies, familyChart, familyReport, panel, type SchoolYear } from "../../src/index.js";

/** A school's three years of overall absence (%), falling by `fall` points a year. */
const school = (urn: string, absence: number, fall: number): SchoolYear[] =>
  [2017, 2018, 2019].map((year, i) => ({
    urn,
    phase: "primary",
    year,
    pupils: 400,
    overallAbsence: absence + (2 - i) * fall,
  }));

describe("benchmarkFamilies with measure absence (lower is better)", () => {
  const records = [
    ...school("A", 3, 0.5), // lowest absence, falling fastest: the favourable quarter
    ...school("B", 6, -0.5), // highest absence, rising
    ...school("C", 4.5, 0),
    ...school("D", 4.4, 0.1),
  ];
  const { schools } = panel(records);
  const family = { id: "P01", partition: "primary", size: 4, members: ["A", "B", "C", "D"], centroid: {} };
  const b = benchmarkFamilies({ families: [family] }, schools, { measure: "absence" });
  const members = new Map(b.families[0]?.members.map((m) => [m.urn, m]));

  it("keeps the favourable quarter north-east: low and falling absence is NE, high and rising SW", () => {
    expect(b.measure).toBe("absence");
    expect(members.get("A")?.position?.quadrant).toBe("NE");
    expect(members.get("B")?.position?.quadrant).toBe("SW");
    // Attendance (100 − absence) and its change a year: higher is better.
    expect(members.get("A")?.attainment).toBeCloseTo(97, 9);
    expect(members.get("A")?.improvement).toBeCloseTo(0.5, 9);
    expect(members.get("B")?.improvement).toBeCloseTo(-0.5, 9);
  });

  it("labels the chart and the report in absence, lower to the right and falling to the top", () => {
    const svg = familyChart(b.families[0] as never);
    expect(svg).toContain("Overall absence: % of sessions missed, lower to the right");
    expect(svg).toContain("Change in absence: points a year, falling to the top");
    expect(svg).toContain("NE: lower absence, falling faster");
    // Ticks say absence: the axis runs from high absence (west) to low (east).
    const ticks = [
      ...svg.matchAll(/<text x="([\d.]+)" y="[\d.]+" text-anchor="middle" fill="#333">([\d.]+)<\/text>/g),
    ].map((m) => [Number(m[1]), Number(m[2])] as const);
    expect(ticks.length).toBeGreaterThan(2);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]?.[1]).toBeLessThan(ticks[i - 1]?.[1] as number);
    const html = familyReport(b);
    expect(html).toContain(">Overall absence %</th>");
    // School A: 3% absence, falling half a point a year.
    expect(html).toMatch(/<td class="num">3<\/td><td class="num">−0\.5<\/td>/);
  });

  it("rejects an unknown measure", () => {
    expect(() => benchmarkFamilies({ families: [family] }, schools, { measure: "attendance" as never })).toThrow(
      'benchmarkFamilies: measure must be "attainment", "absence" or "disadvantaged", not "attendance"',
    );
  });
});
