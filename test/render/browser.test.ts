// The family report for the fixture region, opened in a real browser: Debian's Chromium driven by
// playwright-core. CI installs Chromium (.ci/run) and sets FOS_REQUIRE_BROWSER=1, so there the test cannot skip.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join, normalize } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import {
  benchmarkFamilies,
  clusterProfile,
  familyReport,
  groupFamilies,
  matchPartners,
  neighbourhoodClusters,
  panel,
  placeReport,
  readGias,
  readSchools,
  registerRecords,
  similarPlaces,
} from "../../src/index.js";
import { found, launch } from "../chromium.js";
import { fixture, ROOT } from "../helpers.js";

const HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', 'Smith & Jones "Academy"'];

describe.skipIf(!found)("the family report in headless Chromium", () => {
  it("shows every family's members, runs nothing from the data and logs no errors", async () => {
    const { records } = readSchools(fixture("region/region.csv"));
    // Three schools get names that would run script if they were not escaped.
    const victims = [...new Set(records.map((r) => r.urn))].slice(0, 3);
    const named = records.map((r) =>
      victims.includes(r.urn) ? { ...r, name: HOSTILE[victims.indexOf(r.urn)] as string } : r,
    );
    const { schools } = panel(named);
    const benchmarks = benchmarkFamilies(groupFamilies(schools), schools);
    // Families only: each school's own section is opened in report-print.test.ts (1,000 of them would take minutes).
    const html = familyReport(benchmarks, { partners: matchPartners(benchmarks), schools: false });
    const dir = join(ROOT, "test-output");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "report.html");
    writeFileSync(file, html);

    const browser = await launch();
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
      const errors: string[] = [];
      const dialogs: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("dialog", async (d) => {
        dialogs.push(d.message());
        await d.dismiss();
      });
      await page.goto(pathToFileURL(file).href, { waitUntil: "load" });

      // Every family's section (the section of schools not placed has no family).
      const shown = await page.$$eval("section.family[data-family]", (sections) =>
        sections.map((s) => ({
          id: s.getAttribute("data-family"),
          points: s.querySelectorAll("svg g.point").length,
          unplaced: s.querySelectorAll("svg .unplaced").length,
          rows: s.querySelectorAll("table.members tbody tr").length,
        })),
      );
      expect(shown.map((s) => s.id)).toEqual(benchmarks.families.map((f) => f.id));
      for (const [i, f] of benchmarks.families.entries()) {
        const s = shown[i];
        const placed = f.members.filter((m) => m.position).length;
        expect({ id: s?.id, points: s?.points, unplaced: s?.unplaced, rows: s?.rows }).toEqual({
          id: f.id,
          points: placed,
          unplaced: f.members.length - placed,
          rows: f.members.length,
        });
      }
      // Nothing from the data became an element or ran.
      // Its one script is its own (the sorting, allowed by its hash).
      expect(await page.$$eval("script", (e) => e.length)).toBe(1);
      expect(await page.$$eval("img, iframe, object", (e) => e.length)).toBe(0);
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);
      // The names show as the plain text they are.
      const cells = await page.$$eval("table.members td:nth-child(2)", (tds) => tds.map((td) => td.textContent ?? ""));
      for (const name of HOSTILE) expect(cells.some((t) => t.startsWith(name))).toBe(true);

      const first = benchmarks.families[0]?.id ?? "";
      await page
        .locator(`section.family[data-family="${first}"]`)
        .screenshot({ path: join(dir, `report-${first}.png`) });
      await page.locator("nav").screenshot({ path: join(dir, "report-index.png") });
      expect(existsSync(join(dir, `report-${first}.png`))).toBe(true);
    } finally {
      await browser.close();
    }
  }, 120_000);
});

describe.skipIf(!found)("the browser page of docs/runtimes.md (the core through an import map)", () => {
  it("draws a family's chart from the built package and its dependencies, with no error", async () => {
    const readme = readFileSync(join(ROOT, "docs/runtimes.md"), "utf8");
    const at = readme.indexOf("**A browser page or notebook**");
    const page = /```html\n([\s\S]*?)```/.exec(readme.slice(at))?.[1];
    expect(page).toContain('<script type="importmap">');
    // A static server laid out as a user's project: node_modules/families-of-schools is this package (dist/).
    const server = createServer((req, res) => {
      const path = normalize(decodeURIComponent((req.url ?? "/").split("?")[0] as string));
      const own = "/node_modules/families-of-schools/";
      const file = path.startsWith(own) ? join(ROOT, path.slice(own.length)) : join(ROOT, path);
      if (path === "/") {
        res.writeHead(200, { "content-type": "text/html" }).end(page);
      } else if (path.startsWith("/node_modules/") && !path.includes("..") && existsSync(file)) {
        res.writeHead(200, { "content-type": "text/javascript" }).end(readFileSync(file));
      } else if (path === "/favicon.ico") {
        res.writeHead(204).end(); // the browser asks; a 404 would log an error
      } else res.writeHead(404).end();
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    const browser = await launch();
    try {
      const tab = await browser.newPage();
      const errors: string[] = [];
      tab.on("pageerror", (e) => errors.push(e.message));
      tab.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      await tab.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      await tab.waitForSelector("body > svg", { timeout: 30_000 });
      expect(await tab.$$eval("svg g.point", (g) => g.length)).toBeGreaterThanOrEqual(12);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      server.close();
    }
  }, 120_000);
});

describe.skipIf(!found)("the place report in headless Chromium", () => {
  it("opens Greater Manchester's places, each with its map of schools, and logs no errors", async () => {
    const gias = readGias(fixture("dfe/2022-07_gias_gm_excerpt.csv"));
    const { schools } = panel(registerRecords(gias.establishments, 2019));
    const places = neighbourhoodClusters(schools);
    const byUrn = new Map(schools.map((s) => [s.urn, s]));
    const profiles = places.clusters.map((c) => clusterProfile(c, byUrn));
    const html = placeReport({ places, profiles, similar: similarPlaces(profiles) });
    const dir = join(ROOT, "test-output");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "places.html");
    writeFileSync(file, html);
    const browser = await launch();
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
      const errors: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
      const shown = await page.$$eval("section.place", (sections) =>
        sections.map((s) => ({
          schools: s.querySelectorAll("svg g.school").length,
          rows: s.querySelectorAll("table:last-of-type tbody tr").length,
          box: s.querySelector("svg")?.getBoundingClientRect().width ?? 0,
        })),
      );
      expect(shown).toHaveLength(places.clusters.length);
      for (const [i, c] of places.clusters.entries()) {
        expect(shown[i]?.schools).toBe(c.members.length);
        expect(shown[i]?.box).toBeGreaterThan(300);
      }
      expect(errors).toEqual([]);
      await page
        .locator("section.place")
        .first()
        .screenshot({ path: join(dir, "place-first.png") });
      expect(existsSync(join(dir, "place-first.png"))).toBe(true);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
