import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";

const CLI = `${ROOT}dist/cli.js`;

// fos validate on whatever arrives on standard input: an answer with exit 0, 1 or 2, never a stack trace.
describe("fos validate on hostile input (the built CLI)", () => {
  const check = (input: Uint8Array | string, args: readonly string[]) => {
    const r = spawnSync("node", [CLI, "validate", ...args, "2019=-"], { cwd: ROOT, input, encoding: "utf8" });
    expect([0, 1, 2]).toContain(r.status);
    expect(r.stderr).not.toMatch(/unexpected error|\n\s+at /);
  };

  it("arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom([], ["--lenient"], ["--json"]), (bytes, args) =>
        check(bytes, args),
      ),
      { numRuns: 15 },
    );
  });

  it("CSV text with hostile cells, under each preset", () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constantFrom('"', "\u0000", "\u001b[2J", "=cmd|' /C calc'!A0", "1e999", "134%", "__proto__", "-2019"),
    );
    const text = fc
      .array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 })
      .map((rows) => `urn,year,attainment,phase,cohort,lat\n${rows.map((r) => r.join(",")).join("\n")}\n`);
    fc.assert(
      fc.property(text, fc.constantFrom([], ["--preset", "dfe-ks2"], ["--json", "--lenient"]), (t, args) =>
        check(t, args),
      ),
      { numRuns: 15 },
    );
  });
});
