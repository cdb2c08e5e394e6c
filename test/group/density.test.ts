import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bisectByShares } from "../../src/group/bisect.js";
import { familyShares } from "../../src/group/density.js";
import { selectByWeight } from "../../src/internal/kdtree.js";
import { seededRandom } from "../../src/internal/random.js";

// The density start: each point's share of a family (dense places want large families, sparse ones small), and a
// bisection whose cuts follow the shares while every leaf stays within the bounds.
describe("selectByWeight", () => {
  it("puts first exactly the points that lie, by weight, before the target, as a full sort would", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.double({ min: 0.01, max: 3, noNaN: true })), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (rows, fraction) => {
          // One dimension with many ties (broken by index), each point with its weight.
          const coords = Float64Array.from(rows, ([x]) => x);
          const weights = Float64Array.from(rows, ([, w]) => w);
          const total = weights.reduce((s, w) => s + w, 0);
          const target = fraction * total;
          const order = Int32Array.from(rows, (_, i) => i);
          const end = selectByWeight(order, coords, 1, 0, 0, rows.length - 1, weights, target);
          const sorted = [...order].sort((a, b) => coords[a]! - coords[b]! || a - b);
          let expected = 0;
          for (let acc = 0; expected < sorted.length && acc + weights[sorted[expected]!]! / 2 < target; expected++)
            acc += weights[sorted[expected]!]!;
          expect(end).toBe(expected);
          expect(new Set(order.subarray(0, end))).toEqual(new Set(sorted.slice(0, expected)));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("familyShares and bisectByShares", () => {
  // A dense cluster and a sparse one of the same number of points.
  const r = seededRandom(3);
  const n = 800;
  const coords = Float64Array.from({ length: 2 * n }, (_, j) => {
    const dense = Math.floor(j / 2) < n / 2;
    return (dense ? 0 : 20) + (r.next() - 0.5) * (dense ? 2 : 16);
  });
  const k = 50;

  it("give dense places larger families, every share within 1/max–1/min, summing to k", () => {
    const shares = familyShares(coords, 2, k, 12, 20);
    expect(shares.every((s) => s >= 1 / 20 - 1e-12 && s <= 1 / 12 + 1e-12)).toBe(true);
    expect(shares.reduce((s, x) => s + x, 0)).toBeCloseTo(k, 6);
    const mean = (from: number, to: number) => shares.slice(from, to).reduce((s, x) => s + x, 0) / (to - from);
    expect(mean(0, n / 2)).toBeLessThan(mean(n / 2, n));
  });

  it("cut into k leaves of min–max points each, fewer of them where the points are dense", () => {
    const labels = new Int32Array(n);
    const order = Int32Array.from({ length: n }, (_, i) => i);
    const shares = familyShares(coords, 2, k, 12, 20);
    bisectByShares({ coords, d: 2, order, labels, shares, min: 12, max: 20 }, 0, n, k, 0);
    const sizes = new Array<number>(k).fill(0);
    for (const l of labels) sizes[l]!++;
    expect(sizes.every((s) => s >= 12 && s <= 20)).toBe(true);
    const inDense = new Set(Array.from(labels.subarray(0, n / 2)));
    expect(inDense.size).toBeLessThan(k / 2);
  });
});
