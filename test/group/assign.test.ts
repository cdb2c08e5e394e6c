import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exactAssignment as slowReference } from "../../bench/reference/constrained-kmeans.js";
import { exactAssignment, pricedAssignment } from "../../src/assign/assign.js";
import { seededRandom } from "../../src/internal/random.js";
import { bruteForce, costOf, expectOptimal, smallCases } from "./brute-force.js";

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

  it("finds the optimum from any prices, and when each point is offered only its cheapest centre", () => {
    // One candidate a point: the first search cannot meet the bounds, and the ones after start from the prices it
    // reached, with more candidates; any prices (a warm start) leave the optimum where it is.
    const price = fc.double({ min: -20, max: 20, noNaN: true });
    fc.assert(
      fc.property(smallCases, fc.array(price, { minLength: 3, maxLength: 3 }), fc.boolean(), (c, prices, one) => {
        const labels = exactAssignment({
          coords: Float64Array.from(c.coords),
          d: 2,
          points: all(c.coords.length / 2),
          centres: Float64Array.from(c.centres),
          lo: c.min,
          hi: c.max,
          prices: Float64Array.from(prices.slice(0, c.k)),
          ...(one ? { candidates: 1 } : {}),
        });
        // The check against every centre allows each point 1e-9 of slack (rounding), so the cost is within p·1e-9.
        const n = c.coords.length / 2;
        const sizes = new Array<number>(c.k).fill(0);
        for (const l of labels) sizes[l]!++;
        expect(sizes.every((size) => size >= c.min && size <= c.max)).toBe(true);
        const best = bruteForce(c.coords, c.k, c.min, c.max, c.centres);
        expect(Math.abs(costOf(c.coords, c.centres, labels, 2) - best)).toBeLessThanOrEqual(n * 1e-9);
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
      const theirs = costOf(coords, centres, slowReference(coords, 3, centres, k, 12, 20), 3);
      // Every centre offered (up to 64, the default), and only the 3 nearest at first.
      for (const candidates of [undefined, 3]) {
        const ours = exactAssignment({
          coords,
          d: 3,
          points: all(n),
          centres,
          lo: 12,
          hi: 20,
          ...(candidates ? { candidates } : {}),
        });
        expect(costOf(coords, centres, ours, 3)).toBeCloseTo(theirs, 8);
      }
    }
  });

  it("gives the first reference's optimum with more than 64 centres (candidate lists, checked against all)", () => {
    const r = seededRandom(7);
    const n = 400;
    const k = 80;
    // Points crowded to one side and centres spread: most points must travel past their nearest centres.
    const coords = Float64Array.from({ length: 2 * n }, () => r.next() ** 3 * 10);
    const centres = Float64Array.from({ length: 2 * k }, () => r.next() * 10);
    const { labels, prices } = pricedAssignment({ coords, d: 2, points: all(n), centres, lo: 3, hi: 7 });
    const theirs = costOf(coords, centres, slowReference(coords, 2, centres, k, 3, 7), 2);
    expect(costOf(coords, centres, labels, 2)).toBeCloseTo(theirs, 8);
    // The prices prove it: each point's centre is its cheapest after the prices.
    const reduced = (i: number, c: number) =>
      (coords[2 * i]! - centres[2 * c]!) ** 2 + (coords[2 * i + 1]! - centres[2 * c + 1]!) ** 2 - prices[c]!;
    for (let i = 0; i < n; i++)
      for (let c = 0; c < k; c++) expect(reduced(i, labels[i]!)).toBeLessThanOrEqual(reduced(i, c) + 1e-9);
    // Started from those prices, the search finds the same assignment.
    const again = exactAssignment({ coords, d: 2, points: all(n), centres, lo: 3, hi: 7, prices });
    expect(costOf(coords, centres, again, 2)).toBeCloseTo(theirs, 8);
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
