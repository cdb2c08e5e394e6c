// The least cost of assigning points (2-d, flat) to fixed centres with every centre taking min..max of them, by
// trying every assignment: the oracle both exact assignments are checked against on small cases.
import fc from "fast-check";
import { expect } from "vitest";

export function bruteForce(coords: number[], k: number, min: number, max: number, centres: number[]): number {
  const n = coords.length / 2;
  let best = Number.POSITIVE_INFINITY;
  const labels = new Array<number>(n).fill(0);
  const visit = (i: number): void => {
    if (i === n) {
      const sizes = new Array<number>(k).fill(0);
      for (const l of labels) sizes[l]!++;
      if (sizes.some((s) => s < min || s > max)) return;
      let cost = 0;
      for (const [p, l] of labels.entries())
        cost += (coords[2 * p]! - centres[2 * l]!) ** 2 + (coords[2 * p + 1]! - centres[2 * l + 1]!) ** 2;
      best = Math.min(best, cost);
      return;
    }
    for (let c = 0; c < k; c++) {
      labels[i] = c;
      visit(i + 1);
    }
  };
  visit(0);
  return best;
}

/** A small case: 4–8 points and 2 or 3 centres in 2-d, with bounds around n / k that some assignment meets. */
export interface SmallCase {
  coords: number[];
  k: number;
  min: number;
  max: number;
  centres: number[];
}

const point = fc.double({ min: -5, max: 5, noNaN: true });

/** Small cases for the property tests of both exact assignments. */
export const smallCases: fc.Arbitrary<SmallCase> = fc
  .integer({ min: 4, max: 8 })
  .chain((n) =>
    fc.tuple(
      fc.array(point, { minLength: 2 * n, maxLength: 2 * n }),
      fc.constantFrom(2, 3),
      fc.array(point, { minLength: 6, maxLength: 6 }),
    ),
  )
  .map(([coords, k, cs]) => {
    const n = coords.length / 2;
    return {
      coords,
      k,
      min: Math.floor(n / k) - (n % k === 0 ? 1 : 0) || 1,
      max: Math.ceil(n / k) + 1,
      centres: cs.slice(0, 2 * k),
    };
  });

/** The total squared distance of points (flat, d each) to the centres their labels name. */
export function costOf(
  coords: ArrayLike<number>,
  centres: ArrayLike<number>,
  labels: ArrayLike<number>,
  d: number,
): number {
  let cost = 0;
  for (let p = 0; p < labels.length; p++)
    for (let j = 0; j < d; j++) cost += (coords[d * p + j]! - centres[d * labels[p]! + j]!) ** 2;
  return cost;
}

/** Asserts that labels keep every centre within the case's bounds, at the brute-force least cost. */
export function expectOptimal(c: SmallCase, labels: ArrayLike<number>): void {
  const sizes = new Array<number>(c.k).fill(0);
  for (let p = 0; p < labels.length; p++) sizes[labels[p]!]!++;
  expect(sizes.every((s) => s >= c.min && s <= c.max)).toBe(true);
  expect(costOf(c.coords, c.centres, labels, 2)).toBeCloseTo(bruteForce(c.coords, c.k, c.min, c.max, c.centres), 9);
}
