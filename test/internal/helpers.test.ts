import fc from "fast-check";
import { mean, standardDeviation } from "simple-statistics";
import { describe, expect, it } from "vitest";
import { centroidOf, centroidsOf, joinCost, leaveGain, squaredDistance } from "../../src/internal/geometry.js";
import { byUrn, compareText } from "../../src/internal/order.js";
import { meanAndSd, populationSd, zScore } from "../../src/internal/stats.js";

const values = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 });

describe("statistics written once", () => {
  it("meanAndSd is simple-statistics' mean and population SD, skipping missing values", () => {
    fc.assert(
      fc.property(values, fc.array(fc.boolean(), { maxLength: 40 }), (xs, holes) => {
        const withHoles = xs.flatMap((x, i) => (holes[i] ? [undefined, x] : [x]));
        const got = meanAndSd(withHoles);
        expect(got?.mean).toBe(mean(xs));
        expect(got?.sd ?? 0).toBeCloseTo(standardDeviation(xs), 6);
      }),
    );
    expect(meanAndSd([undefined])).toBeUndefined();
  });

  it("does not overflow where the squares would (prior attainment of 1e200)", () => {
    expect(populationSd([1e200, -1e200], 0, 2)).toBe(1e200);
    const scale = meanAndSd([1e200, 1, 2, 3]);
    expect(Number.isFinite(scale?.sd)).toBe(true);
    expect(zScore(1e200, scale)).toBeCloseTo(Math.sqrt(3), 12);
  });

  it("gives a z-score of 0 when nothing varies, and none when a value is missing", () => {
    expect(zScore(5, { mean: 5, sd: 0 })).toBe(0);
    expect(zScore(undefined, { mean: 5, sd: 1 })).toBeUndefined();
  });
});

describe("geometry written once", () => {
  it("centroidOf and centroidsOf agree, and the SSE is the sum of squared distances to them", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: -10, max: 10, noNaN: true })),
          {
            minLength: 1,
            maxLength: 30,
          },
        ),
        (points) => {
          const coords = Float64Array.from(points.flat());
          const { centroids, sse } = centroidsOf(coords, 2, new Int32Array(points.length), 1);
          const c = centroidOf(points, 2);
          expect(c[0]).toBeCloseTo(centroids[0] as number, 9);
          expect(c[1]).toBeCloseTo(centroids[1] as number, 9);
          expect(sse).toBeCloseTo(
            points.reduce((s, p) => s + squaredDistance(p, c), 0),
            6,
          );
        },
      ),
    );
  });

  it("the move rule is the exact change in SSE", () => {
    // Moving x from A to B changes the SSE by joinCost(|B|, |x − c_B|²) − leaveGain(|A|, |x − c_A|²).
    const sse = (pts: number[][]) => {
      const c = centroidOf(pts, 1);
      return pts.reduce((s, p) => s + squaredDistance(p, c), 0);
    };
    const A = [[0], [1], [5]];
    const B = [[7], [8]];
    const x = [5];
    const before = sse(A) + sse(B);
    const after = sse([[0], [1]]) + sse([[7], [8], [5]]);
    const delta =
      joinCost(B.length, squaredDistance(x, centroidOf(B, 1))) -
      leaveGain(A.length, squaredDistance(x, centroidOf(A, 1)));
    expect(after - before).toBeCloseTo(delta, 12);
    expect(leaveGain(1, 4)).toBe(0);
  });
});

describe("one order of URNs", () => {
  it("orders by code unit, not locale, and is a total order", () => {
    expect(["b", "B", "a", "10", "9"].sort(compareText)).toEqual(["10", "9", "B", "a", "b"]);
    expect([{ urn: "2" }, { urn: "10" }].sort(byUrn).map((s) => s.urn)).toEqual(["10", "2"]);
  });
});
