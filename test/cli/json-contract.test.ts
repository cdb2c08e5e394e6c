// One JSON contract (#27): under --json every command answers on standard output, success or failure, with
// { ok, problems: [{ code, message, file, line, column, value }], … }, and exits 0, 1 or 2 as without it.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";

const fos = (args: string[]) =>
  spawnSync("node", [`${ROOT}dist/cli.js`, ...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });

const COMMANDS = ["validate", "group", "quality", "benchmark", "pairs", "report", "places", "demo"];
const KEYS = ["code", "file", "line", "column", "value", "message"];

describe("the JSON contract of every command (the built CLI)", () => {
  it.each(COMMANDS)("fos %s missing.csv --json: JSON with a code, exit 2", (command) => {
    const r = fos([command, "missing.csv", "--json"]);
    expect(r.status).toBe(2);
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(false);
    expect(out.total).toBe(out.problems.length);
    expect(out.problems.length).toBeGreaterThan(0);
    for (const p of out.problems) expect(Object.keys(p)).toEqual(KEYS);
    expect(out.problems[0].code).toBe("usage");
    expect(out.problems[0].message).toMatch(/missing\.csv|has no option --json/);
  });

  it("answers ok: true with no problems, then the command's own fields, on success", () => {
    const region = "fixtures/region/region.csv";
    for (const args of [
      ["group", region],
      ["benchmark", region],
      ["pairs", region],
      ["quality", region],
    ]) {
      const r = fos([...args, "--json"]);
      expect(r.status, args.join(" ")).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(Object.keys(out).slice(0, 2)).toEqual(["ok", "problems"]);
      expect(out).toMatchObject({ ok: true, problems: [] });
    }
    expect(JSON.parse(fos(["validate", region, "--json"]).stdout)).toMatchObject({ ok: true, total: 0, problems: [] });
    const places = JSON.parse(
      fos(["places", "--gias", "fixtures/dfe/2022-07_gias_351_354_excerpt.csv", "--json"]).stdout,
    );
    expect(Object.keys(places).slice(0, 2)).toEqual(["ok", "problems"]);
  });

  it("gives every problem in the data as JSON, with its place, exit 1", () => {
    const r = fos(["group", "fixtures/bad/bad-values.csv", "--json"]);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(false);
    expect(out.problems.length).toBeGreaterThan(1);
    for (const p of out.problems) {
      expect(p.file).toBe("fixtures/bad/bad-values.csv");
      expect(p.line).toBeGreaterThan(1);
      expect(p.message.length).toBeGreaterThan(0);
    }
    // The same problems validate finds.
    const v = JSON.parse(fos(["validate", "fixtures/bad/bad-values.csv", "--json"]).stdout);
    expect(out.problems).toEqual(v.problems);
  });

  it("says an empty result as JSON too (exit 1), with the reason and the fix", () => {
    const r = fos(["group", "fixtures/bad/no-prior.csv", "--json"]);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.problems).toHaveLength(1);
    expect(out.problems[0].code).toBe("empty-result");
    expect(out.problems[0].message).toMatch(/^no families: .*\n.*--weights disadvantage=1/);
  });
});
