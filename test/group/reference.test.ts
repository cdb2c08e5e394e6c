import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exactAssignment } from "../../bench/reference/constrained-kmeans.js";
import { expectOptimal, smallCases } from "./brute-force.js";

// The benchmark judges groupFamilies against this reference, so the reference itself must be right:
// its assignment step must be the true optimum, checked here against every possible assignment.
describe("the benchmark's exact size-constrained assignment (reference)", () => {
  it("finds the optimum on every small case", () => {
    fc.assert(
      fc.property(smallCases, (c) => {
        const centroids = Float64Array.from(c.centres);
        expectOptimal(c, exactAssignment(Float64Array.from(c.coords), 2, centroids, c.k, c.min, c.max));
      }),
      { numRuns: 150 },
    );
  });
});

describe("effort thorough against the reference", () => {
  it("is never looser than the reference's best of five (its starts are the reference's own, with the search on top)", async () => {
    const { groupFamilies, groupingQuality, panel, syntheticRegion } = await import("../../src/index.js");
    const { describeSchools } = await import("../../src/features/features.js");
    const { constrainedKMeans } = await import("../../bench/reference/constrained-kmeans.js");
    for (const seed of [3, 4]) {
      const records = syntheticRegion({
        primaries: 300,
        secondaries: 0,
        years: 1,
        detail: false,
        changes: false,
        seed,
      });
      const { schools } = panel(records);
      const g = groupFamilies(schools, { by: "none", effort: "thorough" });
      const set = describeSchools("test", schools, { by: "none" });
      const part = set.partitions[0]!;
      let reference = Number.POSITIVE_INFINITY;
      for (let s = 1; s <= 5; s++)
        reference = Math.min(reference, constrainedKMeans(part.coords, 2, g.families.length, 12, 20, s).sse);
      expect(groupingQuality(g).sse).toBeLessThanOrEqual(reference + 1e-9);
    }
  });
});
