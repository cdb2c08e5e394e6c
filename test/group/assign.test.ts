import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exactAssignment as slowReference } from "../../bench/reference/constrained-kmeans.js";
import { exactAssignment } from "../../src/group/assign.js";
import { seededRandom } from "../../src/internal/random.js";
import { costOf, expectOptimal, smallCases } from "./brute-force.js";

// groupFamilies' polish and the benchmark's reference both rest on this step being the true optimum: checked here
// against every possible assignment on small cases, and against the first reference (Bellman–Ford over the
// centres, recomputed from scratch for each point) on larger ones.
const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

describe("exactAssignment (successive shortest paths over the centres)", () => {
  it("finds the optimum on every small case, within the size bounds", () => {
    fc.assert(
      fc.property(smallCases, (c) => {
        const labels = exactAssignment({
          coords: Float64Array.from(c.coords),
          d: 2,
          points: all(c.coords.length / 2),
          centres: Float64Array.from(c.centres),
          lo: c.min,
          hi: c.max,
        });
        expectOptimal(c, labels);
      }),
      { numRuns: 300 },
    );
  });

  it("gives the first reference's optimum on 300 points, 20 centres, in three dimensions", () => {
    for (const seed of [1, 2, 3]) {
      const r = seededRandom(seed);
      const n = 300;
      const k = 20;
      const coords = Float64Array.from({ length: 3 * n }, () => r.next() * 4 + (r.next() < 0.3 ? 6 : 0));
      const centres = Float64Array.from({ length: 3 * k }, () => r.next() * 8);
      const ours = exactAssignment({ coords, d: 3, points: all(n), centres, lo: 12, hi: 20 });
      const theirs = slowReference(coords, 3, centres, k, 12, 20);
      expect(costOf(coords, centres, ours, 3)).toBeCloseTo(costOf(coords, centres, theirs, 3), 8);
    }
  });

  it("assigns only the points it is given, by their indices", () => {
    const coords = Float64Array.from([0, 0, 10, 10, 1, 1, 9, 9, 50, 50]);
    const labels = exactAssignment({
      coords,
      d: 2,
      points: Int32Array.from([3, 0, 2, 1]),
      centres: Float64Array.from([10, 10, 0, 0]),
      lo: 2,
      hi: 2,
    });
    expect([...labels]).toEqual([0, 1, 1, 0]);
  });
});
