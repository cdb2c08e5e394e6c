// What fos does with inputs that cannot be right: an --out that is an input, flags that contradict each other.
import { spawnSync } from "node:child_process";
import { copyFileSync, linkSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";

const fos = (args: string[]) => spawnSync("node", [`${ROOT}dist/cli.js`, ...args], { cwd: ROOT, encoding: "utf8" });

describe("an --out that is one of the inputs (the built CLI)", () => {
  const dir = mkdtempSync(join(tmpdir(), "fos-inputs-"));
  const data = join(dir, "region.csv");
  copyFileSync(`${ROOT}fixtures/region/region.csv`, data);
  const gias = join(dir, "gias.csv");
  copyFileSync(`${ROOT}fixtures/dfe/2022-07_gias_gm_excerpt.csv`, gias);
  const families = join(dir, "families.csv");
  const made = fos(["group", data, "--csv", "--out", families]);
  const before = new Map([data, gias, families].map((p) => [p, readFileSync(p, "utf8")]));
  symlinkSync(data, join(dir, "link.csv"));
  linkSync(gias, join(dir, "hard.csv"));

  it.each([
    [["group", data, "--out", data], `--out ${data} is a data file: writing it would destroy that input`],
    [
      ["benchmark", data, "--families", families, "--out", families],
      `--out ${families} is the --families file: writing it`,
    ],
    [["report", `2019=${data}`, "--out", `${dir}/../${dir.split("/").pop()}/region.csv`], `is a data file (${data})`],
    [["report", data, "--out", join(dir, "link.csv")], `--out ${join(dir, "link.csv")} is a data file (${data})`],
    [["places", "--gias", gias, "--out", join(dir, "hard.csv")], `is the --gias file (${gias})`],
    [["group", data, "--previous", families, "--out", families], "is the --previous file"],
  ])("fos %j is refused, exit 2, and the input is unchanged", (args, message) => {
    expect(made.status).toBe(0);
    const r = fos(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain("choose another --out");
    for (const [path, text] of before) expect(readFileSync(path, "utf8")).toBe(text);
  });

  it("writes an --out that is a new file, or another file, as before", () => {
    const r = fos(["group", data, "--csv", "--out", join(dir, "other.csv")]);
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, "other.csv"), "utf8")).toBe(before.get(families));
  });
});

describe("flags that cannot mean anything (the built CLI)", () => {
  const R = "fixtures/region/region.csv";
  it.each([
    [
      ["places", "--gias", "fixtures/dfe/2022-07_gias_gm_excerpt.csv", "--json", "--outcome", "bogus"],
      "--outcome must be ks2, ks4 or absence, not 'bogus'",
    ],
    [["group", R, "--max-churn", "0.2"], "--max-churn needs --previous"],
    [["report", R, "--max-churn", "0.2"], "--max-churn needs --previous"],
    [
      ["group", R, "--method", "neighbours", "--previous", "fixtures/region/region.csv"],
      "--method neighbours makes no families to keep",
    ],
    [["group", R, "--min", "-3"], "--min must be a whole number ≥ 1, not -3"],
  ])("fos %j exits 2 naming the flag and why", (args, message) => {
    const r = fos(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toContain("needs a value");
  });
});

describe("data in messages (the built CLI)", () => {
  it("shows a terminal's escape codes in an authority's code and a phase as \\u001b, never raw", () => {
    const dir = mkdtempSync(join(tmpdir(), "fos-escape-"));
    const rows = ["urn,la,phase,year,prior_attainment,disadvantage,attainment"];
    for (let i = 0; i < 30; i++)
      rows.push(
        `${100000 + i},${i < 25 ? "\u001b[2J\u001b[31mLA" : "B"},${i < 3 ? "odd\u001b[2Jphase" : "primary"},2019,${20 + (i % 7)},${i},${50 + i}`,
      );
    const file = join(dir, "escape.csv");
    writeFileSync(file, `${rows.join("\n")}\n`);
    const r = fos(["group", file, "--max-per-la", "2", "--min", "4", "--max", "6"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("\\u001b[2J\\u001b[31mLA");
    expect(r.stderr).not.toContain("\u001b");
    const bounds = fos(["group", file, "--min", "12", "--max", "20"]);
    expect(bounds.stderr).toContain("odd\\u001b[2jphase"); // phases are read in lower case
    expect(bounds.stderr).not.toContain("\u001b");
  });
});

describe("a saved grouping with a family of one (the built CLI)", () => {
  it("benchmarks the others and lists that school with the reason", () => {
    const dir = mkdtempSync(join(tmpdir(), "fos-alone-"));
    const made = fos(["group", "fixtures/region/region.csv", "--csv"]);
    const lines = made.stdout.trim().split("\n");
    const lone = lines[1]?.split(",")[0] as string;
    const families = join(dir, "families.csv");
    writeFileSync(
      families,
      [lines[0], ...lines.slice(1).map((l, i) => (i === 0 ? l.replace(/,[^,]+$/, ",ALONE") : l))].join("\n"),
    );
    const r = fos(["benchmark", "fixtures/region/region.csv", "--families", families, "--csv"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`${lone},`);
    const row = r.stdout.split("\n").find((l) => l.startsWith(`${lone},`));
    expect(row).toMatch(
      /,not placed in a family: its family ALONE has no other member in the data: a family of one has no average to stand against(,|$)/,
    );
  });
});
