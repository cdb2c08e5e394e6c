import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as fos from "../../src/index.js";
import { fixture, ROOT } from "../helpers.js";
import { wythenshawe } from "./wythenshawe-example.mjs";

describe("the Wythenshawe example of docs/places.md", () => {
  it("is what the library makes today: the map file and the profile table", () => {
    const { svg, table, here } = wythenshawe(
      fos,
      fixture("dfe/2022-07_gias_gm_excerpt.csv"),
      fixture("dfe/gm_2019_context.csv"),
    );
    expect(here.length).toBeGreaterThanOrEqual(1);
    expect(here.length).toBeLessThanOrEqual(2);
    expect(readFileSync(join(ROOT, "fixtures/readme/wythenshawe.svg"), "utf8")).toBe(svg);
    const readme = readFileSync(join(ROOT, "docs/places.md"), "utf8");
    // Biome lays out the tables; compare cell by cell.
    const cells = (text: string) =>
      text
        .split("\n")
        .filter((l) => l.startsWith("|") && !/^\|[-| ]+\|$/.test(l))
        .map((l) => l.split("|").map((c) => c.trim()));
    const at = readme.indexOf("| 2019, pupil-weighted");
    expect(at).toBeGreaterThan(0);
    const block = readme.slice(at, readme.indexOf("\n\n", at));
    expect(cells(block)).toEqual(cells(table));
  });
});
