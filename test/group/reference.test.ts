import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exactAssignment } from "../../bench/reference/constrained-kmeans.js";
import { bruteForce } from "./brute-force.js";

// The benchmark judges groupFamilies against this reference, so the reference itself must be right:
// its assignment step must be the true optimum, checked here against every possible assignment.
describe("the benchmark's exact size-constrained assignment (reference)", () => {
  it("finds the optimum on every small case", () => {
    const point = fc.double({ min: -5, max: 5, noNaN: true });
    fc.assert(
      fc.property(
        fc
          .integer({ min: 4, max: 8 })
          .chain((n) =>
            fc.tuple(
              fc.array(point, { minLength: 2 * n, maxLength: 2 * n }),
              fc.constantFrom(2, 3),
              fc.array(point, { minLength: 6, maxLength: 6 }),
            ),
          ),
        ([coords, k, cs]) => {
          const n = coords.length / 2;
          const min = Math.floor(n / k) - (n % k === 0 ? 1 : 0) || 1;
          const max = Math.ceil(n / k) + 1;
          const centroids = cs.slice(0, 2 * k);
          const labels = exactAssignment(Float64Array.from(coords), 2, Float64Array.from(centroids), k, min, max);
          const sizes = new Array<number>(k).fill(0);
          let cost = 0;
          labels.forEach((l, p) => {
            sizes[l]!++;
            cost += (coords[2 * p]! - centroids[2 * l]!) ** 2 + (coords[2 * p + 1]! - centroids[2 * l + 1]!) ** 2;
          });
          expect(sizes.every((s) => s >= min && s <= max)).toBe(true);
          expect(cost).toBeCloseTo(bruteForce(coords, k, min, max, centroids), 9);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("effort thorough against the reference", () => {
  it("is never looser than the reference's best of five (its starts are the reference's own, with the search on top)", async () => {
    const { groupFamilies, groupingQuality, panel, syntheticRegion } = await import("../../src/index.js");
    const { describeSchools } = await import("../../src/group/features.js");
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
