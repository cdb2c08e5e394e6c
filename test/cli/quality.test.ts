import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";

const fos = (args: string[]) => spawnSync("node", [`${ROOT}dist/cli.js`, ...args], { cwd: ROOT, encoding: "utf8" });

describe("fos quality (the built CLI)", () => {
  it("prints the accuracy of the families beside the 50 nearest and every baseline, as a table and as JSON", () => {
    const table = fos(["quality", "fixtures/region/region.csv"]);
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/^How well a school's group predicts its attainment in 2019 \(leave-one-out/);
    for (const row of [
      "families \\(this grouping\\)",
      "50 nearest",
      "k-means, sizes free",
      "sort and chop",
      "financial",
      "random families",
    ])
      expect(table.stdout).toMatch(
        new RegExp(`^ {2}${row}.* +\\d+\\.\\d\\d +\\d+\\.\\d\\d +-?\\d\\.\\d{3} +\\d+$`, "m"),
      );
    const r = fos(["quality", "--json", "--measure", "improvement", "fixtures/region/region.csv"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ measure: "improvement", year: 2019 });
    expect(Object.keys(out.baselines)).toEqual(["kMeans", "sortAndChop", "nearest50", "financial", "random"]);
    for (const a of [out.families, out.neighbours, ...Object.values(out.baselines)])
      expect(Object.keys(a as object)).toEqual(["rmse", "mae", "r2", "n"]);
    expect(out.weights).toEqual({ priorAttainment: 0.5, disadvantage: 0.5 });
  });

  it("groups as 'fos group' does: --max-per-la changes the families it scores", () => {
    const rmse = (args: string[]) =>
      JSON.parse(fos(["quality", "--json", ...args, "fixtures/region/region.csv"]).stdout).families.rmse;
    expect(rmse(["--max-per-la", "3"])).not.toBe(rmse([]));
  });

  it("with --fit-weights, learns the weights and judges them on held-out folds; --weights fit groups with them", () => {
    const r = fos(["quality", "--json", "--fit-weights", "fixtures/dfe/hampshire_ks2_2017-2019.csv"]);
    expect(r.status).toBe(0);
    const { fit } = JSON.parse(r.stdout);
    expect(Object.keys(fit.weights).sort()).toEqual(["disadvantage", "priorAttainment"]);
    expect(fit.equal.n).toBeGreaterThan(250);
    expect(fit.folds).toHaveLength(5);
    const g = fos(["group", "--weights", "fit", "--csv", "fixtures/dfe/hampshire_ks2_2017-2019.csv"]);
    expect(g.status).toBe(0);
    expect(g.stderr).toMatch(
      /^weights fitted to attainment \(2019\): priorAttainment \d\.\d\d, disadvantage \d\.\d\d$/m,
    );
  });

  it("exits 2 for a bad measure", () => {
    const r = fos(["quality", "--measure", "progress", "fixtures/region/region.csv"]);
    expect(r.status).toBe(2);
    expect(r.stderr.split("\n")[0]).toBe("fos: --measure must be attainment or improvement, not 'progress'");
  });
});
