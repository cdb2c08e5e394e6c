import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers.js";

const README = readFileSync(join(ROOT, "README.md"), "utf8");

describe("the README, for users", () => {
  it("is at most 400 lines, with users' Install before contributors' Set up", () => {
    expect(README.split("\n").length).toBeLessThanOrEqual(400);
    expect(README.indexOf("## Install")).toBeGreaterThan(0);
    expect(README.indexOf("## Install")).toBeLessThan(README.indexOf("## Set up"));
    expect(README).not.toMatch(/What works today|on its way/);
    // CI runs these two; they stay.
    expect(README).toContain("npm ci && npm run demo");
    expect(README).toContain("npm ci && npm test");
  });

  it("links only to files that exist (docs/, bench/, fixtures/)", () => {
    const links = [...README.matchAll(/\]\(([^)#:]+)(#[^)]*)?\)/g)].map((m) => m[1] as string);
    expect(links.length).toBeGreaterThanOrEqual(8);
    for (const link of links) expect(existsSync(join(ROOT, link)), link).toBe(true);
  });

  it("names where to download the data", () => {
    for (const address of [
      "https://www.compare-school-performance.service.gov.uk/download-data",
      "https://get-information-schools.service.gov.uk/Downloads",
      "https://explore-education-statistics.service.gov.uk",
    ])
      expect(README).toContain(address);
  });
});
