// The house's layers (docs/design.md, Architecture): each folder of src/ imports only from itself and the folders
// below it; no files import each other in a circle; no folder holds more than 2,500 lines.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";

/** From the top down, as docs/design.md's table lists them; a folder may import any folder after it. */
const LAYERS = [
  "cli",
  "node",
  "index.ts",
  "render",
  "saved",
  "evaluate",
  "partner",
  "place",
  "benchmark",
  "regroup",
  "comparison",
  "group",
  "assign",
  "features",
  "read",
  "panel",
  "synthetic",
  "text",
  "schema.ts",
  "errors.ts",
  "fields.ts",
  "internal",
];
const MAX_FOLDER_LINES = 2500;
const SRC = join(ROOT, "src");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

const files = sources(SRC);
const layerOf = (file: string): string => relative(SRC, file).split("/")[0] as string;
/** Each file's imports of other files of src/ (relative specifiers), as absolute .ts paths. */
const imports = new Map(
  files.map((f) => [
    f,
    [...readFileSync(f, "utf8").matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)].map((m) =>
      resolve(dirname(f), (m[1] as string).replace(/\.js$/, ".ts")),
    ),
  ]),
);

describe("the house's layers", () => {
  it("has every folder of src/ in the table", () => {
    expect([...new Set(files.map(layerOf))].filter((l) => !LAYERS.includes(l))).toEqual([]);
  });

  it("has no import that runs back up", () => {
    const up: string[] = [];
    for (const [file, targets] of imports)
      for (const target of targets)
        if (LAYERS.indexOf(layerOf(target)) < LAYERS.indexOf(layerOf(file)))
          up.push(`${relative(ROOT, file)} → ${relative(ROOT, target)}`);
    expect(up).toEqual([]);
  });

  it("has no circle of files", () => {
    const state = new Map<string, "open" | "done">();
    const circles: string[] = [];
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "open") {
        circles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(SRC, f)).join(" → "));
        return;
      }
      state.set(file, "open");
      for (const t of imports.get(file) ?? []) visit(t, [...path, file]);
      state.set(file, "done");
    };
    for (const f of files) visit(f, []);
    expect(circles).toEqual([]);
  });

  it(`has no folder over ${MAX_FOLDER_LINES} lines`, () => {
    const lines = new Map<string, number>();
    for (const f of files)
      lines.set(layerOf(f), (lines.get(layerOf(f)) ?? 0) + readFileSync(f, "utf8").split("\n").length);
    expect([...lines].filter(([, n]) => n > MAX_FOLDER_LINES)).toEqual([]);
  });
});
