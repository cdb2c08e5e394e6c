// The house's size rule, in the repository so that CI checks it on any machine: no file of src/ over 450 lines
// (no function over 120 is Biome's noExcessiveLinesPerFunction, in biome.json).
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";

const MAX_FILE_LINES = 450;

/** Every .ts file below `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

describe("the house's size rule", () => {
  it(`has no file of src/ over ${MAX_FILE_LINES} lines`, () => {
    const files = sources(join(ROOT, "src"));
    expect(files.length).toBeGreaterThan(50);
    const over = files
      .map((f) => {
        const text = readFileSync(f, "utf8");
        return { file: relative(ROOT, f), lines: text.split("\n").length - (text.endsWith("\n") ? 1 : 0) };
      })
      .filter((f) => f.lines > MAX_FILE_LINES);
    expect(over).toEqual([]);
  });
});
