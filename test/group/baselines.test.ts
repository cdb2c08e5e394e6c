import { describe, expect, it } from "vitest";
import { needSigns, outcomeSigns, sortAndChop } from "../../src/evaluate/baselines.js";
import {
  accuracyBaselines,
  groupFamilies,
  groupingAccuracy,
  groupingQuality,
  panel,
  readSchools,
} from "../../src/index.js";
import { fixture } from "../helpers.js";

describe("sortAndChop ranks on need", () => {
  it("signs each feature by its direction of need: prior attainment minus disadvantage (a worked example)", () => {
    // Four schools (prior, disadvantage), already z-scored: high prior with high disadvantage must not sit beside
    // low prior with low disadvantage, as an unsigned sum (0 for both) would put them.
    const coords = Float64Array.from([1, 1, -1, -1, 1, -1, -1, 1]);
    expect(needSigns(["priorAttainment", "disadvantage"])).toEqual([1, -1]);
    expect(needSigns(["disadvantage", "eal", "sen", "mobility", "overallAbsence"])).toEqual([-1, -1, -1, -1, -1]);
    // Composite prior − disadvantage: 0, 0, 2, −2 → order 3, 0, 1, 2 → families {3, 0} and {1, 2}.
    expect(Array.from(sortAndChop(coords, 2, 2, [1, -1]))).toEqual([0, 1, 1, 0]);
    // Unsigned: 2, −2, 0, 0 → order 1, 2, 3, 0: the advantaged-and-disadvantaged school 0 with school 3.
    expect(Array.from(sortAndChop(coords, 2, 2))).toEqual([1, 0, 0, 1]);
  });

  it("takes the signs from the outcome where there is one, skipping schools without it", () => {
    // EAL rises with the outcome here, prior attainment falls with it: both signs from the data.
    const coords = Float64Array.from([0, 0, 1, 1, 2, 2, 5, -5]);
    expect(outcomeSigns(coords, ["priorAttainment", "eal"], [30, 20, 10, undefined])).toEqual([-1, -1]);
    expect(outcomeSigns(coords, ["priorAttainment", "eal"], [10, 20, 30, undefined])).toEqual([1, 1]);
    // No outcome, or none that varies: the need signs.
    expect(outcomeSigns(coords, ["priorAttainment", "eal"], [undefined, 5, undefined, undefined])).toEqual([1, -1]);
    expect(outcomeSigns(coords, ["priorAttainment", "eal"], [5, 5, 5, 5])).toEqual([1, -1]);
  });

  it("on Hampshire's primaries (KS2 2019), sort-and-chop predicts nearly as well as the families (it scored below 0 when prior attainment and disadvantage cancelled)", () => {
    const { schools } = panel(readSchools(fixture("dfe/hampshire_ks2_2017-2019.csv")).records);
    const g = groupFamilies(schools);
    const families = groupingAccuracy(g, schools);
    const b = accuracyBaselines(g, schools);
    expect(b.sortAndChop.n).toBe(309);
    // Unsigned, it was −0.054: no better than random families (−0.057).
    expect(b.sortAndChop.r2).toBeGreaterThan(0.25);
    expect(b.sortAndChop.r2).toBeLessThan(families.r2 + 0.05);
    expect(b.sortAndChop.r2).toBeGreaterThan(b.random.r2 + 0.3);
    // Tightness on the same space: families beat a ranking, but not by the orders of magnitude the unsigned one gave.
    const q = groupingQuality(g);
    expect(q.baselines?.sortAndChop.ratio).toBeGreaterThan(0.1);
    expect(q.baselines?.sortAndChop.ratio).toBeLessThan(1);
  });
});
