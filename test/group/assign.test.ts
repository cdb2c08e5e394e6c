import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exactAssignment as slowReference } from "../../bench/reference/constrained-kmeans.js";
import { exactAssignment } from "../../src/group/assign.js";
import { seededRandom } from "../../src/internal/random.js";
import { bruteForce } from "./brute-force.js";

// groupFamilies' polish and the benchmark's reference both rest on this step being the true optimum: checked here
// against every possible assignment on small cases, and against the first reference (Bellman–Ford over the
// centres, recomputed from scratch for each point) on larger ones.
const costOf = (coords: ArrayLike<number>, centres: ArrayLike<number>, labels: Int32Array, d: number): number => {
  let cost = 0;
  labels.forEach((l, p) => {
    for (let j = 0; j < d; j++) cost += (coords[d * p + j]! - centres[d * l + j]!) ** 2;
  });
  return cost;
};

const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

describe("exactAssignment (successive shortest paths over the centres)", () => {
  it("finds the optimum on every small case, within the size bounds", () => {
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
          const centres = cs.slice(0, 2 * k);
          const labels = exactAssignment({
            coords: Float64Array.from(coords),
            d: 2,
            points: all(n),
            centres: Float64Array.from(centres),
            lo: min,
            hi: max,
          });
          const sizes = new Array<number>(k).fill(0);
          for (const l of labels) sizes[l]!++;
          expect(sizes.every((s) => s >= min && s <= max)).toBe(true);
          expect(costOf(coords, centres, labels, 2)).toBeCloseTo(bruteForce(coords, k, min, max, centres), 9);
        },
      ),
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
