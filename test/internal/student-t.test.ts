import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { margin95, studentTCdf, studentTQuantile } from "../../src/internal/student-t.js";

describe("studentTQuantile", () => {
  it("gives the printed table's values (and R's qt to nine digits)", () => {
    // Two-sided 95% points from any t table; the long values are R's qt(p, df).
    const cases: [number, number, number][] = [
      [0.975, 1, 12.706204736174707],
      [0.975, 2, 4.302652729911275],
      [0.975, 3, 3.182446305284263],
      [0.975, 5, 2.570581835636314],
      [0.975, 10, 2.228138851986274],
      [0.975, 30, 2.042272456301238],
      [0.995, 4, 4.604094871415897],
      [0.95, 7, 1.894578605090228],
    ];
    for (const [p, df, want] of cases) expect(studentTQuantile(p, df)).toBeCloseTo(want, 9);
    expect(studentTQuantile(0.975, 1).toFixed(3)).toBe("12.706");
    expect(studentTQuantile(0.975, 5).toFixed(3)).toBe("2.571");
    // Many degrees of freedom: the normal's 1.96.
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.959964, 5);
  });

  it("inverts the CDF, is symmetric, and falls as the degrees of freedom grow", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        fc.double({ min: 0.2, max: 500, noNaN: true }),
        (p, df) => {
          const t = studentTQuantile(p, df);
          expect(studentTCdf(t, df)).toBeCloseTo(p, 9);
          expect(studentTQuantile(1 - p, df)).toBeCloseTo(-t, 6);
          if (p > 0.5) expect(studentTQuantile(p, df + 1)).toBeLessThanOrEqual(t + 1e-9);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("rejects what has no quantile", () => {
    expect(() => studentTQuantile(1, 3)).toThrow("studentTQuantile: p must be between 0 and 1, not 1");
    expect(() => studentTQuantile(0.5, 0)).toThrow("studentTQuantile: df must be above 0, not 0");
  });
});

describe("margin95", () => {
  it("is t(0.975, n − 1) standard errors, and none below two", () => {
    expect(margin95(1, 2)).toBeCloseTo(12.706, 3);
    expect(margin95(0.5, 6)).toBeCloseTo(0.5 * 2.570581835636314, 9);
    expect(margin95(1, 1)).toBeUndefined();
  });
});
