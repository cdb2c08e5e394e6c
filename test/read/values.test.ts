import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fastNumber } from "../../src/read/values.js";

describe("fastNumber", () => {
  it("gives exactly the double Number() gives, for any plain decimal", () => {
    const decimal = fc
      .tuple(
        fc.constantFrom("", "-", "+"),
        fc.stringMatching(/^[0-9]{1,17}$/),
        fc.option(fc.stringMatching(/^[0-9]{0,17}$/), { nil: undefined }),
      )
      .map(([sign, int, frac]) => `${sign}${int}${frac === undefined ? "" : `.${frac}`}`);
    fc.assert(
      fc.property(decimal, (text) => {
        expect(Object.is(fastNumber(text), Number(text))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it("leaves everything else to the full reader (NaN)", () => {
    for (const text of ["", " 1", "22%", "SUPP", "x", "0x1A", "1e400", "-", ".", "1.2.3", "1,234", "Infinity"]) {
      expect(fastNumber(text)).toBeNaN();
    }
    expect(fastNumber("1e5")).toBe(100000);
    expect(fastNumber(".5")).toBe(0.5);
  });
});
