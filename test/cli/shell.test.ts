import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";

const CLI = `${ROOT}dist/cli.js`;
const fos = (args: string[], input?: string) =>
  spawnSync("node", [CLI, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    ...(input === undefined ? {} : { input }),
  });
const REGION = "fixtures/region/region.csv";

describe("the fos shell: what it does with its own input and output", () => {
  it("says plainly why it cannot write --out, naming the path, with no stack trace", () => {
    const dir = mkdtempSync(join(tmpdir(), "fos-out-"));
    const locked = join(dir, "locked");
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    const cases: [string, RegExp][] = [
      [
        join(dir, "no-such-folder", "families.csv"),
        /cannot write .*no-such-folder\/families\.csv: its folder does not exist/,
      ],
      [dir, /cannot write .*: it is a folder; give a file name/],
      ["", /--out needs a file name \(or - for standard output\)/],
    ];
    // Root can write anywhere, so a read-only folder only stops other users.
    if (process.getuid?.() !== 0) cases.push([join(locked, "x.csv"), /cannot write .*x\.csv: permission denied/]);
    for (const [out, message] of cases) {
      const r = fos(["group", "--csv", "--out", out, REGION]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/unexpected error| {4}at /);
    }
  });

  it("writes to standard output for --out -, and makes no file named -", () => {
    const r = fos(["group", "--csv", "--out", "-", REGION]);
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("urn,family");
    expect(() => readFileSync(join(ROOT, "-"))).toThrow();
    expect(r.stderr).not.toMatch(/written to -/);
  });

  it("takes no object property for a feature (--weights constructor=1, __proto__=1)", () => {
    for (const weights of ["constructor=1", "__proto__=1", "toString=1"]) {
      const r = fos(["group", "--weights", weights, REGION]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`--weights: cannot read '${weights}'`);
      expect(r.stderr).not.toMatch(/function|\[object/);
    }
  });

  it("lists 130,000 problems without running out of stack", () => {
    const rows = Array.from({ length: 130_000 }, (_, i) => `${100000 + i},2019,thirty`);
    const r = fos(["validate", "-"], `urn,year,cohort\n${rows.join("\n")}\n`);
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(/Maximum call stack|unexpected error/);
    expect(r.stdout.split("\n").filter((l) => l.includes("'thirty' is not a number")).length).toBe(130_000);
  });

  it("prints the library's hints with the command line's flags", () => {
    const r = fos(["group", "--min", "40", "--max", "50", "fixtures/bad/bad-values.csv", "--lenient"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/; or add --fallback\n$/);
    expect(r.stderr).not.toMatch(/onInfeasible/);
  });
});
