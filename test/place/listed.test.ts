import { describe, expect, it } from "vitest";
import {
  clusterProfile,
  listedPlaces,
  panel,
  readGias,
  readPlaceList,
  readSchoolMeasures,
  readSchools,
  registerRecords,
  type School,
  type SchoolYear,
  similarPlaces,
} from "../../src/index.js";
import { fixture } from "../helpers.js";

const school = (urn: string, phase: string, at?: [number, number], more: Partial<SchoolYear> = {}): School =>
  panel([{ urn, phase, year: 2019, ...(at ? { easting: at[0], northing: at[1] } : {}), ...more } as SchoolYear])
    .schools[0] as School;

describe("listedPlaces", () => {
  const schools = [
    school("1", "secondary", [380000, 390000]),
    school("2", "primary", [383000, 394000]),
    school("3", "primary"),
    school("4", "primary", [390000, 390000]),
    school("5", "primary", [391000, 390000]),
  ];
  const list = [
    { urn: "2", place: "North", line: 3 },
    { urn: "1", place: "North", line: 2 },
    { urn: "3", place: "North", line: 4 },
    { urn: "9", place: "North", line: 5 },
    { urn: "4", place: "East", line: 6 },
    { urn: "8", place: "Nowhere", line: 7 },
  ];
  const result = listedPlaces(list, schools, "places.csv");

  it("makes a place of each name, its hubs its secondaries and distances (km) to the nearest hub", () => {
    expect(result.clusters.map((c) => [c.id, c.name, c.source, c.hubs, c.members])).toEqual([
      ["East", "East", "listed", [], ["4"]],
      ["North", "North", "listed", ["1"], ["1", "2", "3"]],
    ]);
    const north = result.clusters[1];
    // 3 km east and 4 km north of the hub: 5 km.
    expect(north?.schools.map((s) => [s.urn, s.distanceKm])).toEqual([
      ["1", 0],
      ["2", 5],
    ]);
  });

  it("drops nothing silently: not in the data, on no map, in no listed place, a place with no school found", () => {
    expect(result.notInData.map((n) => [n.urn, n.place, n.line])).toEqual([
      ["8", "Nowhere", 7],
      ["9", "North", 5],
    ]);
    expect(result.notInData[0]?.reason).toMatch(/^listed in places\.csv under Nowhere, but not in the data/);
    expect(result.unplaced).toEqual([{ urn: "3", reason: expect.stringMatching(/in North's profile, but on no map/) }]);
    expect(result.unlisted).toEqual(["5"]);
    expect(result.notes).toEqual([
      "East (places.csv) has no secondary school: its distances are to its schools' centre",
      "Nowhere (places.csv): none of its schools is in the data, so it is not a place here",
    ]);
  });

  it("gives the same places for the list in any order, and leaves its inputs alone", () => {
    const copy = structuredClone(list);
    expect(listedPlaces([...list].reverse(), schools, "places.csv")).toEqual(result);
    expect(list).toEqual(copy);
  });
});

describe("a Wythenshawe of its leaders' drawing, with measures of one's own", () => {
  const gias = readGias(fixture("dfe/2022-07_gias_gm_excerpt.csv")).establishments;
  const byUrn = new Map(registerRecords(gias, 2019).map((r) => [r.urn, r]));
  for (const r of readSchools(fixture("dfe/gm_2019_context.csv")).records)
    byUrn.set(r.urn, { ...(byUrn.get(r.urn) as SchoolYear), ...r, phase: byUrn.get(r.urn)?.phase ?? r.phase });
  const { schools } = panel([...byUrn.values()]);
  const list = readPlaceList(fixture("places/wythenshawe.csv"), { file: "wythenshawe.csv" }).rows;
  const measures = readSchoolMeasures(fixture("places/gm_measures.csv"));
  const listed = listedPlaces(list, schools, "wythenshawe.csv");

  it("takes all 22 listed schools, three of them secondaries, and every other school as unlisted", () => {
    expect(listed.clusters).toHaveLength(1);
    expect(listed.clusters[0]?.members).toHaveLength(22);
    expect(listed.clusters[0]?.hubs).toEqual(["135874", "139456", "148965"]);
    expect(listed.notInData).toEqual([]);
    expect(listed.unlisted).toHaveLength(schools.length - 22);
  });

  it("adds each measure's pupil-weighted mean to the profile, and compares places on it", () => {
    const wythenshawe = listed.clusters[0] as { id: string; members: string[] };
    const profile = clusterProfile(wythenshawe, schools, { measures });
    const fsm = profile.extra?.["FSM now (%)"];
    // By hand: Σ pupils × FSM / Σ pupils over the 22 schools' GIAS rows.
    const rows = gias.filter((e) => wythenshawe.members.includes(e.urn) && e.fsm !== undefined);
    const weights = rows.map((e) => Math.max(1, byUrn.get(e.urn)?.pupils ?? 1));
    const expected =
      rows.reduce((t, e, i) => t + (weights[i] as number) * (e.fsm as number), 0) / weights.reduce((t, w) => t + w, 0);
    expect(fsm?.mean).toBeCloseTo(expected, 10);
    expect(fsm?.schools).toBe(rows.length);
    expect(rows.length).toBeGreaterThan(15);
    expect(profile.measures.disadvantage?.schools).toBeGreaterThan(15);
    const other = clusterProfile(
      { id: "Bolton", members: gias.filter((e) => e.la === "350").map((e) => e.urn) },
      schools,
      { measures },
    );
    const similar = similarPlaces([profile, other], { k: 1 });
    expect(similar[0]?.measures).toEqual(["disadvantage", "eal", "sen", "FSM now (%)", "places filled (%)"]);
    expect(similarPlaces([profile, other], { k: 1, measures: ["FSM now (%)"] })[0]?.similar[0]?.measures).toEqual([
      "FSM now (%)",
    ]);
    expect(() => similarPlaces([profile, other], { measures: ["IDACI"] })).toThrow(/not 'IDACI'/);
  });
});
