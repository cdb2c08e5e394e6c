import { describe, expect, it } from "vitest";
import { betaBinomialInterval } from "../../src/internal/beta-binomial.js";

describe("betaBinomialInterval", () => {
  it("a school of 10 projected at 80% with variance 3200/11 %²: 40%–100%, where a normal interval says 47%–100%", () => {
    // By hand. Binomial variance at p = 0.8, n = 10: 0.016 (160 %²); 3200/11 %² is 20/11 of it, so
    // 1 + 9ρ = 20/11, ρ = 1/11, a + b = 1/ρ − 1 = 10: a = 8, b = 2.
    // P(0) = C(10,0) B(8, 12)/B(8, 2) = 72 · 7! 11!/19! = 72/604,656 = 1/8398 = 0.000119;
    // P(k+1)/P(k) = (10 − k)(8 + k)/((k + 1)(11 − k)): 80/11, 81/20, 80/27, 77/32, so
    // P(1) = 0.000866, P(2) = 0.003507, P(3) = 0.010392, P(4) = 0.025005:
    // P(X ≤ 3) = 0.0149 ≤ 0.025 < P(X ≤ 4) = 0.0399, so low = 4 of 10.
    // P(10) = 72 · 17! 1!/19! = 72/342 = 0.21 > 0.025, so high = 10 of 10.
    expect(betaBinomialInterval(80, 3200 / 11, 10)).toEqual({ low: 40, high: 100 });
    // The symmetric interval with the same variance, 80 ± 1.96 · 17.06, clipped: 46.6–100.
    const se = Math.sqrt(3200 / 11);
    expect(80 - 1.959964 * se).toBeCloseTo(46.57, 2);
  });

  it("is the binomial's when the variance is no more than the binomial's", () => {
    // n = 10, p = 0.5: P(X ≤ 1) = 11/1024 = 0.011, P(X ≤ 2) = 56/1024 = 0.055, symmetric above.
    expect(betaBinomialInterval(50, 250, 10)).toEqual({ low: 20, high: 80 });
    expect(betaBinomialInterval(50, 100, 10)).toEqual({ low: 20, high: 80 });
  });

  it("rounds outwards to whole percentages, as the DfE publishes them", () => {
    // n = 7, p = 0.5, binomial: P(X ≤ 0) = 1/128 = 0.008, P(X ≤ 1) = 8/128 = 0.0625: 1/7 = 14.3% → 14; 6/7 → 86.
    expect(betaBinomialInterval(50, 0, 7)).toEqual({ low: 14, high: 86 });
  });

  it("spans 0–100 when the variance is as large as a single pupil's, and for a cohort of one", () => {
    expect(betaBinomialInterval(80, 1600, 30)).toEqual({ low: 0, high: 100 });
    expect(betaBinomialInterval(80, 100, 1)).toEqual({ low: 0, high: 100 });
  });

  it("keeps a projection of 0% or 100% half a pupil off the edge, so the far side still has room", () => {
    const top = betaBinomialInterval(100, 200, 20);
    expect(top.high).toBe(100);
    expect(top.low).toBeGreaterThan(0);
    expect(top.low).toBeLessThan(100);
    expect(betaBinomialInterval(0, 200, 20)).toEqual({ low: 100 - top.high, high: 100 - top.low });
  });

  it("refuses a cohort under one", () => {
    expect(() => betaBinomialInterval(50, 100, 0)).toThrow(/^betaBinomialInterval: n must be at least 1/);
  });
});
