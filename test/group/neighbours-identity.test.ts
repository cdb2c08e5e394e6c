/// <reference types="node" />
// comparisonGroups' whole output pinned by a checksum (issue 28): made on the code before its rework for speed and
// memory, so that any change to a group, its order, a distance (to the last bit) or a mutual flag shows here. The
// plain counts beside each checksum say what the output is, for a reader checking that the pin is not of nonsense.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type ComparisonGroups, comparisonGroups, panel, readSchools, syntheticRegion } from "../../src/index.js";
import { fixture } from "../helpers.js";

/** Every field of the result, distances written so that they read back to the same double. */
function checksum(result: ComparisonGroups): string {
  const hash = createHash("sha256");
  hash.update(JSON.stringify([result.kind, result.features, result.standardise, result.k, result.unassigned]));
  for (const g of result.groups) {
    const distances = Array.from(g.distances, (x) => x.toString()).join(",");
    const mutual = Array.from(g.mutual, (m) => (m ? "1" : "0")).join("");
    hash.update(`${g.urn}\t${g.partition}\t${Array.from(g.neighbours).join(",")}\t${distances}\t${mutual}\n`);
  }
  return hash.digest("hex").slice(0, 16);
}

/** Counts a reader can check by other means: groups, links, mutual links. */
function counts(result: ComparisonGroups): { groups: number; links: number; mutual: number } {
  let links = 0;
  let mutual = 0;
  for (const g of result.groups) {
    links += g.neighbours.length;
    for (const m of g.mutual) if (m) mutual++;
  }
  return { groups: result.groups.length, links, mutual };
}

describe("comparisonGroups' output, pinned", () => {
  const region = panel(readSchools(fixture("region/region.csv")).records).schools;
  // The data of `node bench/scale.mjs 20000`.
  const n = 20_000;
  const scale = panel(
    syntheticRegion({
      primaries: Math.round(n * 0.83),
      secondaries: n - Math.round(n * 0.83),
      years: 1,
      detail: false,
      changes: false,
      seed: 11,
    }),
  ).schools;

  it.each([
    [
      "the fixture region, k 50",
      () => comparisonGroups(region, { k: 50 }),
      "2eb6c5ad6e905225",
      { groups: 1023, links: 51150, mutual: 41488 },
    ],
    [
      "the fixture region, k 7, symmetric",
      () => comparisonGroups(region, { k: 7, symmetric: true }),
      "65fddcbb7973fb28",
      { groups: 1023, links: 8612, mutual: 8612 },
    ],
    [
      "20,000 synthetic schools, k 50",
      () => comparisonGroups(scale, { k: 50 }),
      "dd735b05d380e4e2",
      { groups: 20000, links: 1000000, mutual: 893324 },
    ],
    [
      "20,000 synthetic schools, k 50, symmetric",
      () => comparisonGroups(scale, { k: 50, symmetric: true }),
      "0e95bd828f8c56c5",
      { groups: 20000, links: 1106676, mutual: 1106676 },
    ],
  ])("%s", (_, run, sum, count) => {
    const result = run();
    expect(counts(result)).toEqual(count);
    expect(checksum(result)).toBe(sum);
  });
});
