// Bad arguments to the library's functions: an ArgumentError naming the option, never a TypeError or hours of work.
import { describe, expect, it } from "vitest";
import {
  ArgumentError,
  comparisonGroups,
  fitWeights,
  groupFamilies,
  groupingAccuracy,
  panel,
  readSchools,
  type School,
} from "../../src/index.js";
import { fixture } from "../helpers.js";

const { schools } = panel(readSchools(fixture("region/region.csv")).records);
const primaries = schools.filter((s) => s.phase === "primary").slice(0, 60);

/** The ArgumentError `fn` throws, or a failure. */
function argumentError(fn: () => unknown): ArgumentError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ArgumentError);
    return error as ArgumentError;
  }
  throw new Error("expected an ArgumentError");
}

describe("bad arguments", () => {
  it("options that are not an object", () => {
    const e = argumentError(() => groupFamilies(primaries, null as never));
    expect([e.functionName, e.option]).toEqual(["groupFamilies", "options"]);
    expect(e.message).toBe("groupFamilies: options must be an object of options (or left out), not null");
    expect(argumentError(() => comparisonGroups(primaries, 5 as never)).option).toBe("options");
    expect(argumentError(() => fitWeights(primaries, null as never)).option).toBe("options");
  });

  it("no schools to score or fit", () => {
    const g = groupFamilies(primaries);
    const e = argumentError(() => groupingAccuracy(g, []));
    expect(e.message).toBe("groupingAccuracy: schools is empty: give the schools (from panel) to score");
    expect(argumentError(() => fitWeights([])).option).toBe("schools");
  });

  it("an unknown measure", () => {
    const e = argumentError(() => fitWeights(primaries, { measure: "x" as never }));
    expect(e.message).toBe('fitWeights: measure must be "attainment" or "improvement", not "x"');
  });

  it("the same school twice, or two schools with one URN", () => {
    const twice = [...primaries, primaries[3] as School];
    const e = argumentError(() => groupFamilies(twice));
    expect(e.message).toBe(
      `groupFamilies: schools holds school ${primaries[3]?.urn} twice (items 3 and 60): give each school once`,
    );
    expect(argumentError(() => comparisonGroups(twice)).option).toBe("schools");
    const g = groupFamilies(primaries);
    expect(argumentError(() => groupingAccuracy(g, twice)).option).toBe("schools");
  });

  it("work options beyond their documented maxima", () => {
    const e = argumentError(() => groupFamilies(primaries, { starts: 1e9 }));
    expect(e.message).toBe("groupFamilies: starts must be a whole number from 1 to 1000, not 1000000000");
    expect(argumentError(() => groupFamilies(primaries, { maxPasses: 1e7 })).option).toBe("maxPasses");
    expect(groupFamilies(primaries, { starts: 50 }).families.length).toBeGreaterThan(0);
  });
});
