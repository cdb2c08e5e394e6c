/// <reference types="node" />
import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Benchmarks,
  type FamilyBenchmark,
  familyChart,
  familyReport,
  type MemberBenchmark,
  type Partners,
} from "../../src/index.js";
import { SORT_SCRIPT, SORT_SCRIPT_HASH } from "../../src/render/page.js";

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
  window: 3,
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

/** The numbered discs of a chart: centre and radius. */
function discs(svg: string): { x: number; y: number; r: number }[] {
  return [...svg.matchAll(/<circle class="label" cx="([-\d.]+)" cy="([-\d.]+)" r="([\d.]+)"/g)].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
    r: Number(m[3]),
  }));
}

/** The pairs of discs that overlap (by more than the 0.1 px the coordinates are rounded to). */
function overlapping(d: readonly { x: number; y: number; r: number }[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < d.length; i++)
    for (let j = i + 1; j < d.length; j++) {
      const a = d[i] as (typeof d)[0];
      const b = d[j] as (typeof d)[0];
      if (Math.hypot(a.x - b.x, a.y - b.y) < a.r + b.r - 0.2) out.push([i, j]);
    }
  return out;
}

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

  it("says the improvement window the benchmarks used, not always three years", () => {
    expect(familyChart(family)).toContain("Improvement: percentage points a year, over three years");
    expect(familyChart({ ...family, window: 5 })).toContain("Improvement: percentage points a year, over 5 years");
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

  it("moves a number that would cover another to a free place, with a line back to its school", () => {
    // Two schools at the same place: the first keeps it, the second moves and gets a leader line and a dot.
    const twins: FamilyBenchmark = {
      ...family,
      members: [member("100001", "A", 50, -2), member("100002", "B", 50, -2)],
    };
    const drawn = familyChart(twins);
    expect(drawn.match(/class="leader"/g)).toHaveLength(1);
    expect(/data-urn="100002"[\s\S]*?class="leader"/.test(drawn)).toBe(true);
    expect(discs(drawn)).toHaveLength(2);
    expect(overlapping(discs(drawn))).toEqual([]);
  });

  it("never lets two numbers overlap, nor leaves the plotting area, for families of up to 25 (property)", () => {
    const point = fc.record({ a: fc.integer({ min: 40, max: 80 }), i: fc.integer({ min: -10, max: 10 }) });
    fc.assert(
      fc.property(fc.array(point, { minLength: 2, maxLength: 25 }), (points) => {
        const many: FamilyBenchmark = {
          ...family,
          size: points.length,
          members: points.map((p, k) => member(String(100001 + k), `S${k}`, p.a, p.i)),
        };
        const drawn = familyChart(many, { highlight: "100001" });
        const d = discs(drawn);
        expect(d).toHaveLength(points.length);
        expect(overlapping(d)).toEqual([]);
      }),
      { numRuns: 60 },
    );
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

  it("is one self-contained page: only its own sorting script (allowed by its hash), no network, printed on A4", () => {
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain(
      `content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src '${SORT_SCRIPT_HASH}'"`,
    );
    expect(SORT_SCRIPT_HASH).toBe(`sha256-${createHash("sha256").update(SORT_SCRIPT, "utf8").digest("base64")}`);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain(`<script>${SORT_SCRIPT}</script>`);
    expect(html).not.toMatch(/<img|<link|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html).toContain("@media print");
    expect(html).toContain("section.family, section.school { break-before: page;");
    expect(html).toContain("@page { size: A4; margin: 12mm; }");
    expect(familyReport(benchmarks, { paper: "Letter" })).toContain("@page { size: letter; margin: 12mm; }");
    // In print the sort arrows go.
    expect(html).toMatch(/@media print \{[^@]*th\[aria-sort\]::after \{ content: none; \}/);
  });

  it("gives each school its own section, with a place for more (e.g. its disadvantaged pupils)", () => {
    expect(html.match(/<section class="school" id="school-\d+"/g)).toHaveLength(4);
    // Names from the data are escaped there too.
    const school = html.slice(html.indexOf('<section class="school" id="school-100001"'));
    expect(school).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(school).not.toMatch(/<script>alert|<img src=x/);
    const extra = familyReport(benchmarks, { schoolExtra: (m) => `<p class="x">more on ${m.urn}</p>` });
    expect(extra).toContain('<div class="school-extra"><p class="x">more on 100002</p></div>');
    expect(familyReport(benchmarks, { schools: false })).not.toContain('<section class="school"');
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
