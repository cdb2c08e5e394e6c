import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as fos from "../../src/index.js";
import { fixture, ROOT } from "../helpers.js";
import { readmeChart } from "./readme-chart.mjs";

describe("the README's family chart (fixtures/readme/family-chart.svg)", () => {
  it("is what the library draws today from the shipped Hampshire excerpts (regenerate: node fixtures/readme-chart.mjs)", () => {
    const ks2 = Object.fromEntries(
      ["2016-2017", "2017-2018", "2018-2019"].map((y) => [
        `${y}_850_excerpt_ks2final.csv`,
        fixture(`dfe/${y}_850_excerpt_ks2final.csv`),
      ]),
    );
    const links = fos.decodeBytes(readFileSync(join(ROOT, "fixtures/dfe/2021_giaslinks_excerpt.csv"))).text;
    const svg = readmeChart(fos, ks2, fixture("dfe/2022-04-20_gias_850_excerpt.csv"), links);
    expect(svg).toMatch(/^<svg /);
    expect(readFileSync(join(ROOT, "fixtures/readme/family-chart.svg"), "utf8")).toBe(svg);
    // The README shows it.
    expect(readFileSync(join(ROOT, "README.md"), "utf8")).toContain("](fixtures/readme/family-chart.svg)");
  });
});
