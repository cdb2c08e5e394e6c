// Places at the size of England: neighbourhoodClusters and similarPlaces on every open mainstream school in
// England's number (20,188 in the 2022 GIAS file), laid out as the synthetic region lays out schools (its own
// authorities, repeated across the grid), since the full register is not in the repository. Printed first: the
// Greater Manchester run on the real excerpt (fixtures/dfe/2022-07_gias_gm_excerpt.csv).
import { readFileSync } from "node:fs";
import { bench, describe } from "vitest";
import {
  clusterProfile,
  neighbourhoodClusters,
  panel,
  readGias,
  registerRecords,
  type SchoolYear,
  similarPlaces,
  syntheticRegion,
} from "../src/index.js";

const gm = panel(
  registerRecords(
    readGias(readFileSync(new URL("../fixtures/dfe/2022-07_gias_gm_excerpt.csv", import.meta.url), "utf8"))
      .establishments,
    2019,
  ),
).schools;
const gmPlaces = neighbourhoodClusters(gm);
console.log(
  `Greater Manchester: ${gm.length} schools in ${gmPlaces.clusters.length} places, sizes ${Math.min(...gmPlaces.clusters.map((c) => c.members.length))}–${Math.max(...gmPlaces.clusters.map((c) => c.members.length))}, ${gmPlaces.unplaced.length} not placed`,
);

// England's size: 20 copies of a 1,010-school synthetic region, each moved to its own square of the grid.
const tile = syntheticRegion({ primaries: 845, secondaries: 165, years: 1, detail: false, changes: false });
const england: SchoolYear[] = [];
for (let t = 0; t < 20; t++)
  for (const r of tile)
    england.push({
      ...r,
      urn: `${t}-${r.urn}`,
      la: `${t}-${r.la}`,
      easting: (r.easting ?? 0) + (t % 5) * 60_000 - 100_000,
      northing: (r.northing ?? 0) + Math.floor(t / 5) * 60_000 - 200_000,
    });
const schools = panel(england).schools;
const places = neighbourhoodClusters(schools);
const byUrn = new Map(schools.map((s) => [s.urn, s]));
const profiles = places.clusters.map((c) => clusterProfile(c, byUrn));
console.log(
  `England-sized: ${schools.length} schools in ${places.clusters.length} places; ${places.unplaced.length} not placed`,
);

describe("places at the size of England", () => {
  bench(
    "neighbourhoodClusters (20,200 schools)",
    () => {
      neighbourhoodClusters(schools);
    },
    { iterations: 5 },
  );
  bench("similarPlaces (every place, k = 5)", () => {
    similarPlaces(profiles);
  });
});
