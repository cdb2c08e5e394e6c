import { describe, expect, it } from "vitest";
import {
  clusterProfile,
  neighbourhoodClusters,
  panel,
  placeFamilies,
  placeMap,
  placeRecords,
  readGias,
  readSchools,
  registerRecords,
  type School,
  type SchoolYear,
  similarPlaces,
} from "../../src/index.js";
import { fixture } from "../helpers.js";

/** Greater Manchester from the GIAS excerpt, with the 2019 context file's values over it. */
function greaterManchester(): { schools: School[]; postcodes: Map<string, string> } {
  const gias = readGias(fixture("dfe/2022-07_gias_gm_excerpt.csv"));
  const base = new Map(registerRecords(gias.establishments, 2019).map((r) => [r.urn, r]));
  for (const r of readSchools(fixture("dfe/gm_2019_context.csv")).records) {
    const was = base.get(r.urn);
    if (was) base.set(r.urn, { ...was, ...r, phase: was.phase });
  }
  return {
    schools: panel([...base.values()]).schools,
    postcodes: new Map(gias.establishments.map((e) => [e.urn, e.postcode ?? ""])),
  };
}

const HUBS = new Set(["secondary", "all-through"]);

describe("neighbourhoodClusters on Greater Manchester (GIAS 2022, LAs 350–359)", () => {
  const { schools, postcodes } = greaterManchester();
  const result = neighbourhoodClusters(schools);

  it("puts every located school in exactly one cluster, each with a secondary and within 6–16", () => {
    const members = result.clusters.flatMap((c) => c.members);
    expect(new Set(members).size).toBe(members.length);
    expect(members.length + result.unplaced.length).toBe(schools.length);
    expect(result.unplaced).toEqual([]);
    const phase = new Map(schools.map((s) => [s.urn, s.phase]));
    for (const c of result.clusters) {
      expect(c.members.length).toBeGreaterThanOrEqual(6);
      expect(c.members.length).toBeLessThanOrEqual(16);
      expect(c.hubs.length).toBeGreaterThanOrEqual(1);
      for (const h of c.hubs) expect(HUBS.has(phase.get(h) as string)).toBe(true);
      for (const s of c.schools) expect(s.distanceKm).toBeLessThan(15);
    }
    expect(result.notes).toEqual([]);
  });

  it("keeps Wythenshawe (M22, M23) together: one or two clusters made mostly of its own schools", () => {
    const wythenshawe = new Set([...postcodes].filter(([, p]) => /^M2[23] /.test(p)).map(([u]) => u));
    expect(wythenshawe.size).toBe(22);
    const theirs = result.clusters.filter(
      (c) => c.members.filter((u) => wythenshawe.has(u)).length * 2 > c.members.length,
    );
    expect(theirs.length).toBeGreaterThanOrEqual(1);
    expect(theirs.length).toBeLessThanOrEqual(2);
    const held = theirs.reduce((t, c) => t + c.members.filter((u) => wythenshawe.has(u)).length, 0);
    // Most of Wythenshawe's schools, in clusters that are mostly Wythenshawe.
    expect(held / wythenshawe.size).toBeGreaterThanOrEqual(0.7);
    // bench/RESULTS.md: "places 352-19 (6 schools) and 352-20 (11) are made wholly of its schools and hold 17 of the 22".
    const whole = result.clusters.filter((c) => c.members.every((u) => wythenshawe.has(u)));
    expect(whole.map((c) => `${c.id} (${c.members.length})`)).toEqual(["352-19 (6)", "352-20 (11)"]);
    expect(held).toBe(17);
  });

  it("is deterministic, whatever the order of the schools; --same-la keeps each cluster in one authority", () => {
    expect(neighbourhoodClusters([...schools].reverse())).toEqual(result);
    const within = neighbourhoodClusters(schools, { sameLa: true });
    const la = new Map(schools.map((s) => [s.urn, s.la]));
    for (const c of within.clusters) expect(new Set(c.members.map((u) => la.get(u))).size).toBe(1);
  });

  it("profiles each cluster by pupils, and finds similar places elsewhere", () => {
    const byUrn = new Map(schools.map((s) => [s.urn, s]));
    const profiles = result.clusters.map((c) => clusterProfile(c, byUrn));
    for (const p of profiles) {
      expect(p.measures.disadvantage?.schools).toBeGreaterThan(0);
      expect(p.measures.overallAbsence?.mean).toBeGreaterThan(0);
    }
    const similar = similarPlaces(profiles, { k: 3 });
    for (const [i, s] of similar.entries()) {
      expect(s.similar).toHaveLength(3);
      for (const q of s.similar) {
        const other = profiles.find((p) => p.id === q.id);
        expect(other?.las[0]).not.toBe(profiles[i]?.las[0]);
      }
      for (let j = 1; j < s.similar.length; j++)
        expect(s.similar[j]?.distance).toBeGreaterThanOrEqual(s.similar[j - 1]?.distance as number);
    }
  });
});

const at = (
  urn: string,
  phase: string,
  easting: number,
  northing: number,
  extra: Partial<SchoolYear> = {},
): SchoolYear => ({
  urn,
  phase,
  year: 2019,
  easting,
  northing,
  ...extra,
});

describe("neighbourhoodClusters, worked examples", () => {
  it("groups primaries with their nearest secondary; pupil flows override distance; schools without location are listed", () => {
    const records = [
      at("S1", "secondary", 0, 0),
      at("S2", "secondary", 10_000, 0),
      ...[1, 2, 3, 4, 5].map((i) => at(`P1${i}`, "primary", 500 * i, 300)),
      ...[1, 2, 3, 4, 5].map((i) => at(`P2${i}`, "primary", 10_000 - 500 * i, 300)),
      { urn: "P99", phase: "primary", year: 2019 },
    ];
    const r = neighbourhoodClusters(panel(records).schools);
    expect(r.clusters.map((c) => [c.hubs, c.members.length])).toEqual([
      [["S1"], 6],
      [["S2"], 6],
    ]);
    expect(r.unplaced).toEqual([{ urn: "P99", reason: expect.stringMatching(/^no location/) }]);
    // P15 (2.5 km from S1) sends its pupils to S2: it joins S2's cluster.
    const flows = neighbourhoodClusters(panel(records).schools, {
      transitions: [{ primary: "P15", secondary: "S2", pupils: 20 }],
      min: 5,
      max: 7,
    });
    expect(flows.clusters.find((c) => c.hubs.includes("S2"))?.members).toContain("P15");
  });

  it("weights a place's profile by pupils, with the spread between its schools as its uncertainty", () => {
    const records = [
      at("S1", "secondary", 0, 0, { pupils: 1000, disadvantage: 20 }),
      at("P1", "primary", 100, 0, { pupils: 200, disadvantage: 50 }),
      at("P2", "primary", 200, 0, { pupils: 200, disadvantage: 50 }),
    ];
    const schools = panel(records).schools;
    const p = clusterProfile({ id: "x", members: ["S1", "P1", "P2"] }, schools);
    // (1000·20 + 200·50 + 200·50) / 1400 = 28.57…
    expect(p.measures.disadvantage?.mean).toBeCloseTo(40_000 / 1400, 9);
    expect(p.measures.disadvantage?.pupils).toBe(1400);
    expect(p.measures.disadvantage?.se).toBeGreaterThan(0);
    expect(p.pupils).toBe(1400);
  });
});

describe("placeRecords and placeFamilies", () => {
  it("makes each place one record a year, its schools' outcome weighted by pupils, for a family of places", () => {
    const records = [2018, 2019].flatMap((year) => [
      at("S1", "secondary", 0, 0, { year, pupils: 1000, attainment: 40 + (year - 2018) }),
      at("P1", "primary", 100, 0, { year, pupils: 300, attainment: 60, overallAbsence: 4 }),
      at("P2", "primary", 200, 0, { year, pupils: 100, attainment: 80, overallAbsence: 8 }),
    ]);
    const schools = panel(records).schools;
    const place = { id: "350-01", members: ["P1", "P2", "S1"] };
    const ks2 = placeRecords([place], schools, "ks2");
    expect(ks2.map((r) => [r.urn, r.year, r.attainment, r.pupils, r.phase])).toEqual([
      ["350-01", 2018, 65, 1400, "place"],
      ["350-01", 2019, 65, 1400, "place"],
    ]);
    expect(placeRecords([place], schools, "ks4").map((r) => r.attainment)).toEqual([40, 41]);
    expect(placeRecords([place], schools, "absence")[0]?.overallAbsence).toBe(5);
    expect(placeFamilies([{ id: "350-01", similar: [{ id: "351-02" }] }])).toEqual([
      { id: "350-01", partition: "place", size: 2, members: ["350-01", "351-02"], centroid: {} },
    ]);
  });
});

describe("placeMap", () => {
  it("draws schools at their grid places with a scale bar, a north arrow and escaped names", () => {
    const svg = placeMap(
      [
        { urn: "1", name: '<script>alert(1)</script> & "Co"', phase: "primary", easting: 380_000, northing: 390_000 },
        { urn: "2", name: "Hub", phase: "secondary", easting: 384_000, northing: 392_000, hub: true },
      ],
      { title: "Test <map>", id: "t" },
    );
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;");
    expect(svg).toContain('<title id="map-t-title">Test &lt;map&gt;</title>');
    // 4 km wide: a 500 m bar (a round length near a fifth of the width).
    expect(svg).toMatch(/<g class="scale">.*>500 m<\/text>/);
    expect(svg).toContain('<g class="north"');
    expect(svg.match(/<g class="school"/g)).toHaveLength(2);
    // North up: the hub (farther north) is drawn higher.
    const ys = [...svg.matchAll(/<circle cx="[\d.]+" cy="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(ys[1]).toBeLessThan(ys[0] as number);
  });
});
