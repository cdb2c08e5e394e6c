/// <reference lib="dom" />
// The family report as a head teacher gets it: real Hampshire KS2 results (three years, with pupil groups and
// subjects) opened in headless Chromium, on screen and printed on A4. Every school has its own section; each family
// and each school prints on one page; no two labels of a chart or map overlap; the tables sort on screen.
// With FOS_README_SCREENSHOTS=1 the screenshots go to fixtures/readme/ (the README's), else to test-output/.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  benchmarkFamilies,
  clusterProfile,
  combineReads,
  describePlaces,
  familyReport,
  groupFamilies,
  joinRegister,
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

const OUT = join(ROOT, "test-output");
const SHOTS = process.env.FOS_README_SCREENSHOTS ? join(ROOT, "fixtures", "readme") : OUT;

/** A4 less the report's 12 mm margins, in CSS pixels (96 to the inch). */
const A4 = { width: ((210 - 24) / 25.4) * 96, height: ((297 - 24) / 25.4) * 96 };

function hampshireReport() {
  const years = ["2016-2017", "2017-2018", "2018-2019"];
  const reads = years.map((y) =>
    readSchools(fixture(`dfe/${y}_850_excerpt_ks2final.csv`), { preset: "dfe-ks2", file: y }),
  );
  const register = readGias(fixture("dfe/2022-04-20_gias_850_excerpt.csv"));
  const records = joinRegister(combineReads(reads).records, register.establishments).records;
  const { schools } = panel(records);
  const benchmarks = benchmarkFamilies(groupFamilies(schools), schools);
  const partners = matchPartners(benchmarks, { differentLa: false, minDistanceKm: 2 });
  return { benchmarks, partners, html: familyReport(benchmarks, { partners }) };
}

/** Every pair of boxes (left, top, right, bottom) in each group that overlap by more than half a pixel. */
async function overlaps(page: Page, svgs: string, labels: string) {
  return page.$$eval(
    svgs,
    (all, sel) =>
      all.flatMap((svg, k) => {
        const boxes = Array.from(svg.querySelectorAll(sel)).map((e) => e.getBoundingClientRect());
        const out: string[] = [];
        for (let i = 0; i < boxes.length; i++)
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i] as DOMRect;
            const b = boxes[j] as DOMRect;
            const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
            const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
            if (w > 0.5 && h > 0.5) out.push(`svg ${k}: labels ${i} and ${j}`);
          }
        return out;
      }),
    labels,
  );
}

describe.skipIf(!found)("the family report of real Hampshire schools, on screen and on A4", () => {
  it("gives every school its section, fits each section on a page, overlaps no labels and sorts", async () => {
    const { benchmarks, partners, html } = hampshireReport();
    mkdirSync(OUT, { recursive: true });
    mkdirSync(SHOTS, { recursive: true });
    const file = join(OUT, "report-hampshire.html");
    writeFileSync(file, html);
    const members = benchmarks.families.flatMap((f) => f.members);
    expect(members.length).toBeGreaterThan(20);
    expect(partners.pairs.length).toBeGreaterThan(0);

    const browser = await launch();
    try {
      const page = await browser.newPage({ viewport: { width: 1000, height: 1200 } });
      const errors: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(pathToFileURL(file).href, { waitUntil: "load" });

      // Every school's section, with its pupil groups and subjects.
      for (const m of members) {
        const s = page.locator(`section.school#school-${m.urn}`);
        expect(await s.count()).toBe(1);
        expect(await s.locator("table.subgroups tbody tr").count()).toBeGreaterThanOrEqual(5);
        expect(await s.locator("table.subjects tbody tr").count()).toBe(3);
      }
      // A school with a result for disadvantaged pupils says it in words, with its unit.
      const said = await page.$$eval('table.subgroups tr[data-area="disadvantaged"] th', (t) =>
        t.map((x) => x.textContent),
      );
      expect(said.every((t) => t === "Disadvantaged pupils")).toBe(true);
      expect(await page.locator("section.school ul.visit li").count()).toBeGreaterThan(10);

      // No two numbers of a chart, and no two names of a map, overlap.
      expect(await overlaps(page, "svg.fos-chart", "g.point circle.label")).toEqual([]);
      expect(await overlaps(page, "figure.map svg", "g.school text")).toEqual([]);

      // Clicking a header sorts its table: attainment ascending, then descending.
      const table = page.locator("section.family table.members").first();
      const attainment = async () =>
        (await table.locator("tbody tr td:nth-child(7)").allTextContents()).map((t) => Number(t.replace("−", "-")));
      await table.locator("thead th:nth-child(7)").click();
      const up = await attainment();
      expect(up).toEqual([...up].sort((a, b) => a - b));
      await table.locator("thead th:nth-child(7)").click();
      const down = await attainment();
      expect(down).toEqual([...up].sort((a, b) => b - a));
      expect(errors).toEqual([]);

      await page.setViewportSize({ width: 1000, height: 1200 });
      const first = benchmarks.families[0]?.id as string;
      await page.locator(`section.family[data-family="${first}"]`).screenshot({ path: join(SHOTS, "family.png") });
      const lead = members.find((m) => partners.pairs.some((p) => p.supported === m.urn)) ?? members[0];
      await page.locator(`#school-${lead?.urn}`).screenshot({ path: join(SHOTS, "school.png") });

      // Printed: A4, no sort arrows, every family's and every school's section within one page.
      await page.emulateMedia({ media: "print" });
      await page.setViewportSize({ width: Math.floor(A4.width), height: Math.floor(A4.height) });
      const arrows = await page.$$eval("th[aria-sort]", (ths) =>
        ths.map((th) => getComputedStyle(th, "::after").content).filter((c) => c !== "none" && c !== "normal"),
      );
      expect(arrows).toEqual([]);
      const heights = await page.$$eval("section.family, section.school", (ss) =>
        ss.map((s) => ({ id: s.id, height: s.getBoundingClientRect().height })),
      );
      expect(heights.length).toBe(benchmarks.families.length + members.length);
      expect(heights.filter((h) => h.height > A4.height)).toEqual([]);
      // One page for the title and index, then one a family and one a school.
      const pdf = (await page.pdf({ preferCSSPageSize: true })).toString("latin1");
      expect(pdf.match(/\/Type\s*\/Page\b/g)?.length).toBe(1 + benchmarks.families.length + members.length);
    } finally {
      await browser.close();
    }
  }, 300_000);
});

// Greater Manchester's Wythenshawe and North Solihull (Chelmsley Wood, B37): the Challenge's two place partnerships.
const AREAS = [
  { area: "Greater Manchester", file: "dfe/2022-07_gias_gm_excerpt.csv", shot: "place-map.png", postcode: "M22" },
  { area: "Solihull", file: "dfe/2022-07_gias_solihull_excerpt.csv", shot: "place-map-solihull.png", postcode: "B37" },
];

describe.skipIf(!found)("a place map", () => {
  it.each(AREAS)(
    "of $area names its schools without overlap and within the map",
    async ({ file: input, shot, postcode }) => {
      const gias = readGias(fixture(input));
      const { schools } = panel(registerRecords(gias.establishments, 2019));
      // Named and staged as fos places does (infant, junior, primary, secondary …).
      const places = describePlaces(neighbourhoodClusters(schools), gias.establishments);
      const byUrn = new Map(schools.map((s) => [s.urn, s]));
      const profiles = places.clusters.map((c) => clusterProfile(c, byUrn));
      const html = placeReport({ places, profiles, similar: similarPlaces(profiles) });
      mkdirSync(OUT, { recursive: true });
      const file = join(OUT, `places-${shot.replace(".png", "")}.html`);
      writeFileSync(file, html);
      const browser = await launch();
      try {
        const page = await browser.newPage({ viewport: { width: 1000, height: 1200 } });
        await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
        expect(await overlaps(page, "section.place svg", "g.school text")).toEqual([]);
        // No name runs past its map's edge.
        const cut = await page.$$eval(
          "section.place svg",
          (svgs) =>
            svgs.flatMap((svg) => {
              const edge = svg.getBoundingClientRect();
              return Array.from(svg.querySelectorAll("g.school text"))
                .map((t) => t.getBoundingClientRect())
                .filter((b) => b.left < edge.left - 0.5 || b.right > edge.right + 0.5);
            }).length,
        );
        expect(cut).toBe(0);
        // The place with most of its schools in the partnership's postcode district, for the README.
        const inDistrict = (c: (typeof places.clusters)[number]) =>
          c.members.filter((u) => gias.establishments.find((e) => e.urn === u)?.postcode?.startsWith(`${postcode} `))
            .length;
        const place = [...places.clusters].sort((a, b) => inDistrict(b) - inDistrict(a))[0];
        expect(place).toBeDefined();
        const target = place ? `#place-${place.id.replace(/[^A-Za-z0-9_-]/g, "_")}` : "section.place";
        await page
          .locator(target)
          .first()
          .locator("svg")
          .first()
          .screenshot({ path: join(SHOTS, shot) });
      } finally {
        await browser.close();
      }
    },
    300_000,
  );
});
