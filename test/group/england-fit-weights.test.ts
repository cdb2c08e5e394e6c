// England-sized: fitted weights on every secondary school in England (in the "figures" project, not the unit tests).
import { describe, expect, it } from "vitest";
import { fitWeights, panel, readSchools } from "../../src/index.js";
import { fixture } from "../helpers.js";

describe("fitWeights on England", () => {
  it("on every secondary school in England (KS4 2018/19), fitted weights predict held-out schools better than equal ones", () => {
    const { schools } = panel(readSchools(fixture("dfe/england_ks4_2019.csv")).records);
    const f = fitWeights(schools, { features: ["disadvantage", "eal", "sen"] });
    expect(f.fitted.n).toBeGreaterThan(3000);
    expect(f.fitted.r2).toBeGreaterThan(f.equal.r2);
  }, 60_000);
});
