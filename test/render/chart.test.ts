import { describe, expect, it } from "vitest";
import {
  type Benchmarks,
  type FamilyBenchmark,
  familyChart,
  familyReport,
  type MemberBenchmark,
  type Partners,
} from "../../src/index.js";

const HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', 'Smith & Jones "Academy"'];

function member(
  urn: string,
  name: string,
  attainment: number | undefined,
  improvement: number | undefined,
  extra: Partial<MemberBenchmark> = {},
): MemberBenchmark {
  const m: MemberBenchmark = {
    urn,
    name,
    la: "Bolton",
    phase: "primary",
    smallCohort: false,
    gaps: {},
    subjects: {},
    notes: [],
    ...extra,
  };
  if (attainment !== undefined) m.attainment = attainment;
  if (improvement !== undefined) m.improvement = improvement;
  if (attainment !== undefined && improvement !== undefined) {
    // The family average is (60, 0).
    const dx = attainment - 60;
    const dy = improvement;
    m.position = {
      dx,
      dy,
      bearing: 0,
      distance: Math.hypot(dx, dy),
      quadrant: `${dy >= 0 ? "N" : "S"}${dx >= 0 ? "E" : "W"}` as "NE",
      withinNoise: Math.abs(dx) < 5,
    };
  }
  return m;
}

const family: FamilyBenchmark = {
  id: "P01",
  partition: "primary",
  size: 4,
  year: 2019,
  // The chart draws the centre the benchmarks carry; it no longer works it back out of a member's position.
  centre: { attainment: 60, improvement: 0 },
  averages: { byYear: {} },
  members: [
    member("100001", HOSTILE[0] as string, 50, -2),
    member("100002", HOSTILE[1] as string, 70, 3, {
      movement: { from: { year: 2018, attainment: 62, improvement: 1 }, dx: 8, dy: 2, bearing: 76, northEast: true },
    }),
    member("100003", HOSTILE[2] as string, 62, 1),
    member("100004", "No Data Primary", undefined, undefined, {
      notes: ["no attainment for 2019 (missing or suppressed)"],
    }),
  ],
  movement: { previousYear: 2018, compared: 1, movedNorthEast: 0, leftSouthWest: 0 },
  gaps: {},
  subjects: {},
  leaders: { subgroups: {}, subjects: {} },
};

describe("familyChart", () => {
  const svg = familyChart(family, { arrows: true, highlight: "100003" });

  it("draws one numbered point per placed member and lists the others", () => {
    expect(svg.match(/<g class="point[ "]/g)).toHaveLength(3);
    expect(svg).toContain('<tspan class="unplaced" data-urn="100004">4</tspan>');
    expect(svg).toContain("Not shown (no attainment or improvement)");
    // The family average as crosshairs at attainment 60, improvement 0, and the quarters named.
    expect(svg).toContain("Family average: attainment 60, improvement 0 a year");
    for (const q of [
      "NE: higher attainment, improving faster",
      "NW: lower attainment, improving faster",
      "SE: higher attainment, improving slower",
      "SW: lower attainment, improving slower",
    ])
      expect(svg).toContain(q);
    // An arrow for the one school that has moved, the highlight ringed and named.
    expect(svg.match(/marker-end=/g)).toHaveLength(1);
    expect(svg).toContain('class="point within-noise highlight" data-urn="100003"');
  });

  it("is accessible: role img, a title and a description", () => {
    expect(svg).toMatch(
      /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 720 520"[^>]* role="img" aria-labelledby="fos-P01-title fos-P01-desc"/,
    );
    expect(svg).toContain('<title id="fos-P01-title">Family P01: attainment and improvement, 2019</title>');
    expect(svg).toContain(
      '<desc id="fos-P01-desc">4 schools; family average attainment 60, improvement 0 a year. NE 2, NW 0, SE 0, SW 1; 1 within noise of the average. 1 without a position, not shown.</desc>',
    );
  });

  it("escapes every name from the data", () => {
    expect(svg).not.toContain("<script");
    expect(svg).not.toContain("<img");
    expect(svg).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(svg).toContain("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
    expect(svg).toContain("Smith &amp; Jones &quot;Academy&quot;");
  });

  it("is the same text every time, and matches the picture checked by eye", async () => {
    expect(familyChart(family, { arrows: true, highlight: "100003" })).toBe(svg);
    await expect(svg).toMatchFileSnapshot("__snapshots__/chart-small.svg");
  });

  it("rejects a chart too small to read", () => {
    expect(() => familyChart(family, { width: 100 })).toThrow(
      "familyChart: the chart must be at least 200 × 160, not 100 × 520",
    );
  });
});

describe("familyReport", () => {
  const benchmarks: Benchmarks = {
    year: 2019,
    previousYear: 2018,
    average: "mean",
    target: "upperQuartile",
    families: [family],
    unplaced: [{ urn: "100009", name: "<i>Unplaced</i> School", phase: "primary", reason: "no disadvantage for 2019" }],
  };
  const partners: Pick<Partners, "pairs" | "unmatched"> = {
    pairs: [],
    unmatched: [{ urn: "100001", family: "P01", reason: "no eligible supporter: <b>none</b>" }],
  };
  const html = familyReport(benchmarks, { partners });

  it("is one self-contained page: no script, no network, a print stylesheet", () => {
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).not.toMatch(/<script|<img|<link|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html).toContain("@media print");
    expect(html).toContain("section.family { break-before: page;");
  });

  it("has an index, the chart, a row per member and the unmatched school with its reason, all escaped", () => {
    expect(html).toContain('<a href="#family-P01">P01</a>');
    expect(html.match(/<tr( class="noise")? data-urn=/g)).toHaveLength(4);
    expect(html).toContain(
      "&lt;script&gt;alert(1)&lt;/script&gt; (100001)</strong>: no partner — no eligible supporter: &lt;b&gt;none&lt;/b&gt;",
    );
    expect(html).toContain("no attainment for 2019 (missing or suppressed)");
  });

  it("says which family is unknown", () => {
    expect(() => familyReport(benchmarks, { families: ["P99"] })).toThrow(
      'familyReport: family "P99" is not in the benchmarks',
    );
  });
});
