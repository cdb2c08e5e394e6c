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

  it("says why a row has no result, and when the 50 nearest are nearly everyone (Hampshire's KS2 excerpt: 31 schools, no SEN)", () => {
    const files = ["2016-2017", "2017-2018", "2018-2019"].map((y) => `fixtures/dfe/${y}_850_excerpt_ks2final.csv`);
    const table = fos(["quality", "--preset", "dfe-ks2", ...files]);
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(
      /^ {2}financial benchmarking, 30 nearest +— +— +— +0\n {6}no result: no school has SEN in this data: the comparators need pupils, disadvantage and SEN$/m,
    );
    expect(table.stdout).toMatch(
      /^ {2}50 nearest .+ 31\n {6}note: only 31 primary schools: each school's 50 nearest are all the other 30, the average of everyone else \(not a comparison group\)$/m,
    );
    const out = JSON.parse(fos(["quality", "--json", "--preset", "dfe-ks2", ...files]).stdout);
    expect(out.baselines.financial.note).toBe(
      "no school has SEN in this data: the comparators need pupils, disadvantage and SEN",
    );
    expect(out.neighbours.note).toMatch(/^only 31 primary schools/);
    expect(out.baselines.nearest50.note).toBe(out.neighbours.note);
    // Rows with a result and nothing to add say nothing.
    expect(out.families.note).toBeUndefined();
    // A file without the measure: nothing to score is a problem, said with what to do.
    const none = fos([
      "quality",
      "--json",
      "--measure",
      "improvement",
      "--weights",
      "disadvantage=1",
      "--preset",
      "dfe-ks2",
      files[2] as string,
    ]);
    expect(none.status).toBe(1);
    expect(JSON.parse(none.stdout)).toMatchObject({ ok: false, problems: [{ code: "empty-result" }] });
    expect(none.stderr).toMatch(/^nothing to score: no school in a family has its improvement in 2019/);
    expect(none.stderr).toMatch(/give the earlier years' files too/);
  });

  it("exits 2 for a bad measure", () => {
    const r = fos(["quality", "--measure", "progress", "fixtures/region/region.csv"]);
    expect(r.status).toBe(2);
    expect(r.stderr.split("\n")[0]).toBe("fos: --measure must be attainment or improvement, not 'progress'");
  });
});
