import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  decodeBytes,
  describePlaces,
  neighbourhoodClusters,
  panel,
  placeName,
  readGias,
  registerRecords,
  schoolStage,
} from "../../src/index.js";
import { fixture } from "../helpers.js";

describe("schoolStage", () => {
  it("reads infant, junior, first, middle, special and 16 plus from GIAS's phase, ages and type", () => {
    const primary = { giasPhase: "Primary", phase: "primary" };
    expect(schoolStage({ ...primary, lowAge: 4, highAge: 7 })).toBe("infant");
    expect(schoolStage({ ...primary, lowAge: 7, highAge: 11 })).toBe("junior");
    expect(schoolStage({ ...primary, lowAge: 4, highAge: 9 })).toBe("first");
    expect(schoolStage({ ...primary, lowAge: 3, highAge: 11 })).toBe("primary");
    expect(schoolStage({ ...primary })).toBe("primary");
    expect(schoolStage({ giasPhase: "Middle deemed primary", phase: "primary", lowAge: 8, highAge: 12 })).toBe(
      "middle",
    );
    expect(schoolStage({ giasPhase: "Middle deemed secondary", phase: "secondary" })).toBe("middle");
    expect(schoolStage({ giasPhase: "Not applicable", type: "Community special school" })).toBe("special");
    expect(schoolStage({ giasPhase: "Secondary", type: "Academy special converter" })).toBe("special");
    expect(schoolStage({ giasPhase: "Not applicable", type: "Children's centre" })).toBeUndefined();
    expect(schoolStage({})).toBeUndefined();
  });

  it("names every phase of the real Surrey GIAS download", () => {
    const bytes = readFileSync(new URL("../../fixtures/dfe/2021-05_gias_936_excerpt.csv", import.meta.url));
    const { establishments } = readGias(decodeBytes(bytes).text);
    const stages = new Map(establishments.map((e) => [e.urn, schoolStage(e)]));
    expect(stages.get("124911")).toBe("nursery");
    expect(stages.get("124937")).toBe("primary"); // Kingswood Primary, 4–11
    expect(stages.get("125259")).toBe("secondary");
    expect(stages.get("125279")).toBe("all-through");
    expect(stages.get("130822")).toBe("16 plus"); // a further-education college
    expect(stages.get("145004")).toBe("16 plus"); // Godalming College, 16–19
    expect(stages.get("20115")).toBeUndefined(); // a children's centre
  });
});

describe("placeName", () => {
  const manchester = { laName: "Manchester" };
  it("names a place by its hubs' town (not the authority's name on a tie) and its commonest postcode districts", () => {
    const name = placeName(
      [
        { urn: "1", town: "Wythenshawe", postcode: "M22 9RH", ...manchester },
        { urn: "2", town: "Manchester", postcode: "M23 9BP", ...manchester },
        { urn: "3", town: "Manchester", postcode: "M23 0BT", ...manchester },
        { urn: "4", town: "Manchester", postcode: "M22 4FL", ...manchester },
        { urn: "5", town: "Sale", postcode: "M33 4AA", ...manchester },
      ],
      { hubs: new Set(["1", "2"]) },
    );
    // M33 has one school where others have two: left out.
    expect(name).toBe("Wythenshawe (M22, M23)");
  });

  it("prefers a locality to a town, but not a street, and falls back to the other schools", () => {
    expect(placeName([{ urn: "1", locality: "Northenden", town: "Manchester", postcode: "M22 4FL" }])).toBe(
      "Northenden (M22)",
    );
    expect(placeName([{ urn: "1", locality: "London Road", town: "Redhill" }])).toBe("Redhill");
    expect(placeName([{ urn: "1" }, { urn: "2", town: "Bury" }], { hubs: new Set(["1"]) })).toBe("Bury");
    expect(placeName([{ urn: "1", postcode: "BL9 0AA" }])).toBe("BL9");
    expect(placeName([{ urn: "1" }])).toBeUndefined();
  });

  it("names a place by its own authority where its postal town is another's, and not by a county", () => {
    const bury = { laName: "Bury" };
    const prestwich = [
      { urn: "1", town: "Manchester", postcode: "M25 1AA", ...bury },
      { urn: "2", town: "Manchester", postcode: "M25 2AA", ...bury },
    ];
    expect(placeName(prestwich)).toBe("Bury (M25)");
    expect(placeName([{ urn: "1", town: "Lancs", postcode: "BL9 1AA", ...bury }])).toBe("Bury (BL9)");
  });

  it("orders districts as numbers (M9 before M22) and keeps at most three", () => {
    const schools = ["M9 1AA", "M9 2AA", "M22 1AA", "M22 2AA", "M8 1AA", "M8 2AA", "M40 1AA", "M40 2AA"].map(
      (postcode, i) => ({ urn: String(i), postcode, town: "Manchester" }),
    );
    expect(placeName(schools)).toBe("Manchester (M8, M9, M22)");
  });
});

describe("describePlaces on Greater Manchester", () => {
  const gias = readGias(fixture("dfe/2022-07_gias_gm_excerpt.csv")).establishments;
  const places = neighbourhoodClusters(panel(registerRecords(gias, 2022)).schools);
  const named = describePlaces(places, gias);

  it("names every place, and the Wythenshawe Academy's place Wythenshawe, without changing its input", () => {
    expect(named.clusters.every((c) => typeof c.name === "string" && c.name.length > 0)).toBe(true);
    expect(places.clusters.some((c) => c.name !== undefined)).toBe(false);
    const mea = named.clusters.find((c) => c.members.includes("135874")); // Manchester Enterprise Academy
    expect(mea?.name).toMatch(/^Wythenshawe \(M2[23]/);
  });

  it("gives each school its stage: Greater Manchester's infant and junior schools are not 'primary'", () => {
    const stages = new Map(named.clusters.flatMap((c) => c.schools.map((s) => [s.urn, s.stage])));
    const infants = gias.filter((e) => e.giasPhase === "Primary" && (e.highAge ?? 11) <= 7);
    expect(infants.length).toBeGreaterThan(5);
    for (const e of infants) expect(stages.get(e.urn)).toBe("infant");
    const juniors = gias.filter((e) => e.giasPhase === "Primary" && (e.lowAge ?? 0) >= 7);
    expect(juniors.length).toBeGreaterThan(5);
    for (const e of juniors) expect(stages.get(e.urn)).toBe("junior");
  });
});
