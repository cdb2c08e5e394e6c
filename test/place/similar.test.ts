// similarPlaces measures places on the measures their profiles have. Before, on a GIAS file and the DfE's absence
// file alone (the README's example), no place had disadvantage, EAL or SEN, so every place was at distance 0 from
// every other and got the same five places. Distances here are re-derived with plain loops.
/// <reference types="node" />
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  clusterProfile,
  neighbourhoodClusters,
  type PlaceProfile,
  type ProfileMeasure,
  panel,
  readGias,
  readSchools,
  registerRecords,
  type SchoolYear,
  similarPlaces,
} from "../../src/index.js";
import { fixture, ROOT } from "../helpers.js";

const RESULTS = readFileSync(`${ROOT}bench/RESULTS.md`, "utf8");

/** Greater Manchester's places from the GIAS excerpt, with the DfE's absence rows (2018/19) over it when asked. */
function gmProfiles(withAbsence: boolean): PlaceProfile[] {
  const base = new Map(
    registerRecords(readGias(fixture("dfe/2022-07_gias_gm_excerpt.csv")).establishments, 2019).map((r) => [r.urn, r]),
  );
  if (withAbsence) {
    const absence = readSchools(fixture("dfe/2018-2019_gm_abs_excerpt.csv"), {
      mapping: { urn: "URN", overallAbsence: "PERCTOT", persistentAbsence: "PPERSABS10" },
      year: 2019,
      mode: "lenient",
    });
    for (const r of absence.records) {
      const was = base.get(r.urn);
      if (was) base.set(r.urn, { ...was, overallAbsence: r.overallAbsence, persistentAbsence: r.persistentAbsence });
    }
  }
  const { schools } = panel([...base.values()] as SchoolYear[]);
  const byUrn = new Map(schools.map((s) => [s.urn, s]));
  return neighbourhoodClusters(schools).clusters.map((c) => clusterProfile(c, byUrn));
}

/** Every other place's distance from place i, by plain loops: z-scores over the places that have each measure. */
function distancesFrom(profiles: readonly PlaceProfile[], measures: readonly ProfileMeasure[], i: number) {
  const z: (number | undefined)[][] = profiles.map(() => []);
  for (let j = 0; j < measures.length; j++) {
    const m = measures[j] as ProfileMeasure;
    let n = 0;
    let sum = 0;
    for (const p of profiles) {
      const v = p.measures[m];
      if (v !== undefined) {
        n++;
        sum += v.mean;
      }
    }
    const mean = sum / n;
    let ss = 0;
    for (const p of profiles) {
      const v = p.measures[m];
      if (v !== undefined) ss += (v.mean - mean) * (v.mean - mean);
    }
    const sd = Math.sqrt(ss / (n - 1));
    for (let q = 0; q < profiles.length; q++) {
      const v = (profiles[q] as PlaceProfile).measures[m];
      (z[q] as (number | undefined)[])[j] = v === undefined ? undefined : (v.mean - mean) / sd;
    }
  }
  const out: { id: string; distance: number }[] = [];
  for (let q = 0; q < profiles.length; q++) {
    const p = profiles[i] as PlaceProfile;
    const o = profiles[q] as PlaceProfile;
    if (q === i || o.las[0] === p.las[0]) continue;
    let ss = 0;
    let shared = 0;
    for (let j = 0; j < measures.length; j++) {
      const a = (z[i] as (number | undefined)[])[j];
      const b = (z[q] as (number | undefined)[])[j];
      if (a === undefined || b === undefined) continue;
      ss += (a - b) * (a - b);
      shared++;
    }
    if (shared > 0) out.push({ id: o.id, distance: Math.sqrt(ss / shared) });
  }
  return out.sort((a, b) => a.distance - b.distance || (a.id < b.id ? -1 : 1));
}

describe("similarPlaces on Greater Manchester's GIAS file and absence file (the README's example)", () => {
  const profiles = gmProfiles(true);
  const similar = similarPlaces(profiles);

  it("compares places on the absence measures they have, not at distance 0 on measures none has", () => {
    expect(profiles.length).toBeGreaterThan(100);
    const lists = new Set(similar.map((s) => s.similar.map((q) => q.id).join(",")));
    // Before: one list for every place outside Bury, another for Bury's, all at distance 0.
    expect(lists.size).toBeGreaterThan(100);
    for (const s of similar) {
      expect(s.measures).toEqual(["overallAbsence", "persistentAbsence"]);
      expect(s.similar).toHaveLength(5);
      for (const q of s.similar) expect(q.measures).toEqual(["overallAbsence", "persistentAbsence"]);
    }
    expect(similar.filter((s) => s.similar.every((q) => q.distance === 0))).toEqual([]);
  });

  it("gives each place its five nearest elsewhere, as plain loops find them", () => {
    for (const [i, s] of similar.entries()) {
      const want = distancesFrom(profiles, ["overallAbsence", "persistentAbsence"], i).slice(0, 5);
      expect(s.similar.map((q) => q.id)).toEqual(want.map((q) => q.id));
      for (const [r, q] of s.similar.entries()) expect(q.distance).toBeCloseTo(want[r]?.distance as number, 12);
    }
  });

  it("has the figures bench/RESULTS.md prints: schools and places counted from the file, lists and distances by plain loops", () => {
    // Schools: the excerpt's rows, counted by a plain split of the file (every one open and mainstream).
    const rows = fixture("dfe/2022-07_gias_gm_excerpt.csv").trim().split("\n").length - 1;
    const members = profiles.reduce((t, p) => t + p.schools, 0);
    expect([rows, members, profiles.length]).toEqual([1026, 1026, 112]);
    expect(RESULTS).toContain("1,026 open mainstream\n  schools in 112 places of 6–16 schools");
    const lists = new Set(similar.map((s) => s.similar.map((q) => q.id).join(",")));
    const all = profiles.flatMap((_, i) =>
      distancesFrom(profiles, ["overallAbsence", "persistentAbsence"], i)
        .slice(0, 5)
        .map((q) => q.distance),
    );
    const span = `${Math.min(...all).toFixed(2)}–${Math.max(...all).toFixed(2)}`;
    expect(`${lists.size} different lists, distances ${span}`).toBe("110 different lists, distances 0.01–0.84");
    expect(RESULTS).toContain(`${lists.size} different lists, distances ${span}`);
  });

  it("refuses, with a note and no list, when the places have no measure to compare on (GIAS alone)", () => {
    const bare = similarPlaces(gmProfiles(false));
    for (const s of bare) {
      expect(s.similar).toEqual([]);
      expect(s.measures).toEqual([]);
      expect(s.note).toBe("no measure in its profile: nothing to compare it on");
    }
    const asked = similarPlaces(gmProfiles(false), { measures: ["disadvantage", "eal", "sen"] });
    expect(asked[0]?.note).toBe("no disadvantage, EAL or SEN in its profile: nothing to compare it on");
  });
});

describe("similarPlaces: a worked example", () => {
  const place = (id: string, la: string, values: Partial<Record<ProfileMeasure, number>>): PlaceProfile => ({
    id,
    schools: 6,
    pupils: 1000,
    las: [la],
    measures: Object.fromEntries(
      Object.entries(values).map(([m, mean]) => [m, { mean, schools: 6, pupils: 1000 }]),
    ) as PlaceProfile["measures"],
  });
  // Disadvantage 10, 20, 30, 40: mean 25, SD √(500/3) = 12.91, so z = −1.16, −0.39, 0.39, 1.16.
  // EAL 5, 5, 15 for A, B, D (C has none): mean 25/3, SD 5.77, so z = −0.58, −0.58, 1.15.
  const profiles = [
    place("A", "1", { disadvantage: 10, eal: 5 }),
    place("B", "2", { disadvantage: 20, eal: 5 }),
    place("C", "3", { disadvantage: 30 }),
    place("D", "4", { disadvantage: 40, eal: 15 }),
  ];
  const result = similarPlaces(profiles, { k: 3 });

  it("measures each pair on the measures both have, as the root mean square of z differences", () => {
    const sd = Math.sqrt(500 / 3);
    // A–B: disadvantage differs by 10 (0.775 SD), EAL by 0: √((0.775² + 0²)/2) = 0.548.
    const a = result[0];
    expect(a?.measures).toEqual(["disadvantage", "eal"]);
    expect(a?.similar.map((q) => [q.id, q.measures.length])).toEqual([
      ["B", 2],
      ["C", 1],
      ["D", 2],
    ]);
    expect(a?.similar[0]?.distance).toBeCloseTo(Math.sqrt((10 / sd) ** 2 / 2), 12);
    // A–C on disadvantage alone: 20 apart, 1.549 SD.
    expect(a?.similar[1]?.distance).toBeCloseTo(20 / sd, 12);
    // C has no EAL: it is compared on disadvantage alone, and says so.
    expect(result[2]?.measures).toEqual(["disadvantage"]);
    expect(result[2]?.similar.every((q) => q.measures.join() === "disadvantage")).toBe(true);
  });

  it("keeps to other authorities, and notes a place with none to compare with", () => {
    const sameLa = similarPlaces([place("A", "1", { sen: 10 }), place("B", "1", { sen: 12 })]);
    expect(sameLa[0]).toEqual({
      id: "A",
      measures: ["sen"],
      similar: [],
      note: "no place in another local authority has SEN to compare it with",
    });
    const anywhere = similarPlaces([place("A", "1", { sen: 10 }), place("B", "1", { sen: 12 })], { elsewhere: false });
    // SEN 10 and 12: SD √2, so z = ∓0.707 and the distance √2.
    expect(anywhere[0]?.similar.map((q) => [q.id, q.measures])).toEqual([["B", ["sen"]]]);
    expect(anywhere[0]?.similar[0]?.distance).toBeCloseTo(Math.SQRT2, 12);
    expect(() => similarPlaces(profiles, { measures: ["fsm" as ProfileMeasure] })).toThrow(
      "similarPlaces: measures must be among disadvantage, eal, sen, ks2Attainment, ks4Attainment, overallAbsence, persistentAbsence, not 'fsm'",
    );
  });
});
