import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exactLloyd, sizeConstrainedClusters } from "../../src/group/cluster.js";
import { blocksOf, constrainedLloyd, polishInBlocks } from "../../src/group/polish.js";
import { centroidsOf } from "../../src/internal/geometry.js";
import { seededRandom } from "../../src/internal/random.js";

// The exact block polish: size-constrained Lloyd steps region by region. Each step solves an exact assignment for
// fixed centres and then moves the centres to their means, so it can never loosen the families or break a bound.
describe("polishInBlocks", () => {
  it("never raises the SSE, keeps every size within the bounds and every point in a cluster", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 12 }),
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 2 * 12 * 12, maxLength: 2 * 12 * 12 }),
        fc.integer({ min: 1, max: 5 }),
        (k, values, block) => {
          const n = 8 * k;
          const coords = Float64Array.from(values.slice(0, 2 * n));
          // A feasible start: points in index order, 8 to a cluster (bounds 6–10).
          const labels = Int32Array.from({ length: n }, (_, i) => Math.floor(i / 8));
          const before = centroidsOf(coords, 2, labels, k).sse;
          const after = polishInBlocks({ coords, d: 2, k, min: 6, max: 10 }, labels, block, 3);
          expect(after).toBeLessThanOrEqual(before + 1e-9);
          expect(centroidsOf(coords, 2, labels, k).sse).toBeCloseTo(after, 9);
          const sizes = new Array<number>(k).fill(0);
          for (const l of labels) sizes[l]!++;
          expect(sizes.every((s) => s >= 6 && s <= 10)).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("splits the clusters into blocks of about the size asked, borders moving with the angle", () => {
    const centres = Float64Array.from({ length: 2 * 64 }, (_, i) => (i % 2 === 0 ? i % 16 : Math.floor(i / 16)));
    const a = blocksOf(centres, 2, 64, 16, 0);
    const b = blocksOf(centres, 2, 64, 16, 1);
    const sizes = new Array<number>(4).fill(0);
    for (const x of a) sizes[x]!++;
    expect(sizes).toEqual([16, 16, 16, 16]);
    expect([...a]).not.toEqual([...b]);
  });
});

describe("constrainedLloyd and exactLloyd", () => {
  // Many schools share their values (census percentages to one decimal): 300 points on 30 places.
  const r = seededRandom(5);
  const places = Array.from({ length: 30 }, () => [r.next() * 10, r.next() ** 2 * 10]);
  const coords = Float64Array.from({ length: 600 }, (_, j) => places[Math.floor(j / 2) % 30]![j % 2]!);

  it("settles where points share a place, whichever of them each step's flow moved", () => {
    // Steps after the first start from the last step's prices, and may move other points of a shared place than a
    // fresh search would: the labels are handed out again in index order, so that they settle.
    const seeds = Float64Array.from({ length: 40 }, () => r.next() * 10);
    const run = constrainedLloyd(coords, 2, 20, 12, 20, seeds, 100, Number.NEGATIVE_INFINITY);
    expect(run.iterations).toBeLessThan(100);
    const sizes = centroidsOf(coords, 2, run.labels, 20).sizes;
    expect([...sizes].every((s) => s >= 12 && s <= 20)).toBe(true);
  });

  it("moves the families as a whole without loosening them or breaking a bound", () => {
    const problem = { coords, d: 2, k: 20, min: 12, max: 20 };
    const start = sizeConstrainedClusters(problem);
    const before = start.sse;
    const moved = exactLloyd(problem, start);
    expect(moved.sse).toBeLessThanOrEqual(before + 1e-9);
    expect(start.sse).toBe(before);
    expect(centroidsOf(coords, 2, moved.labels, 20).sse).toBeCloseTo(moved.sse, 9);
    expect([...moved.sizes].every((s) => s >= 12 && s <= 20)).toBe(true);
  });
});
