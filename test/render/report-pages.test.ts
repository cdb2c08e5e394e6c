// The family report as a folder of pages (`familyReportPages`, `fos report --out-dir`): every page self-contained,
// every link to a page of the set, every family and school once, and a family too large for a page split into its
// schools' pages.
import { describe, expect, it } from "vitest";
import {
  benchmarkFamilies,
  familyReport,
  familyReportPages,
  groupFamilies,
  matchPartners,
  panel,
  syntheticRegion,
} from "../../src/index.js";
import { brokenLinks, CSP_META } from "../helpers.js";

const { schools } = panel(syntheticRegion({ primaries: 90, secondaries: 0, years: 4, seed: 3 }));
const benchmarks = benchmarkFamilies(groupFamilies(schools, { min: 12, max: 20 }), schools);
const partners = matchPartners(benchmarks);
const urns = benchmarks.families.flatMap((f) => f.members.map((m) => m.urn));
const count = (pages: { html: string }[], pattern: RegExp) =>
  pages.reduce((n, p) => n + (p.html.match(pattern)?.length ?? 0), 0);

describe("familyReportPages", () => {
  it("writes an index, a page for each family with its schools' sections, and links that all lead to a page", () => {
    const before = JSON.stringify(benchmarks);
    const pages = familyReportPages(benchmarks, { partners, title: "Region <test>" });
    expect(JSON.stringify(benchmarks)).toBe(before);
    expect(benchmarks.families.length).toBeGreaterThan(3);
    expect(partners.pairs.length).toBeGreaterThan(0);
    expect(pages.map((p) => p.path)).toEqual([
      "index.html",
      ...benchmarks.families.map((f) => `family-${f.id}.html`),
      ...(benchmarks.unplaced.length > 0 ? ["not-placed.html"] : []),
    ]);
    for (const p of pages) {
      expect(p.html.startsWith("<!doctype html>")).toBe(true);
      expect(p.html).toContain(CSP_META);
      expect(p.html).toContain("@media print");
    }
    expect(brokenLinks(pages)).toEqual([]);
    // The index names every family, linked to its page; each family's section and each school's section is on one page.
    const index = pages[0]?.html ?? "";
    for (const f of benchmarks.families) expect(index).toContain(`<a href="family-${f.id}.html#family-${f.id}">`);
    expect(index).toContain("<title>Region &lt;test&gt;</title>");
    expect(index).not.toContain('<section class="family"');
    expect(count(pages, /<section class="family" id="family-/g)).toBe(benchmarks.families.length);
    expect(count(pages, /<section class="school"/g)).toBe(urns.length);
    for (const f of benchmarks.families) {
      const own = pages.find((p) => p.path === `family-${f.id}.html`)?.html ?? "";
      for (const m of f.members) expect(own).toContain(`id="school-${m.urn}"`);
      // A pair's supported school's family lists it, the partner named on both schools' sections.
      for (const pair of partners.pairs.filter((p) => f.members.some((m) => m.urn === p.supported)))
        expect(own).toContain(`data-supported="${pair.supported}" data-supporter="${pair.supporter}"`);
    }
    // The same family sections as the single page, links apart.
    const single = familyReport(benchmarks, { partners, title: "Region <test>" });
    const chart = (html: string) => /<figure class="chart">[\s\S]*?<\/figure>/.exec(html)?.[0];
    expect(chart(pages[1]?.html ?? "")).toBe(chart(single));
  });

  it("gives each school its own page where a family's page with them would be over maxPageBytes", () => {
    const whole = familyReportPages(benchmarks, { partners });
    const sizes = whole.slice(1, 1 + benchmarks.families.length).map((p) => p.html.length);
    // Just under the largest family's page: that family alone is split.
    const max = Math.max(...sizes) - 1;
    const big = benchmarks.families[sizes.indexOf(Math.max(...sizes))];
    const pages = familyReportPages(benchmarks, { partners, maxPageBytes: max });
    const schoolPages = pages.filter((p) => p.path.startsWith("school-"));
    expect(schoolPages.map((p) => p.path)).toEqual(big?.members.map((m) => `school-${m.urn}.html`));
    expect(brokenLinks(pages)).toEqual([]);
    expect(count(pages, /<section class="school"/g)).toBe(urns.length);
    const family = pages.find((p) => p.path === `family-${big?.id}.html`)?.html ?? "";
    expect(family).not.toContain('<section class="school"');
    expect(family).toContain(`<a href="school-${big?.members[0]?.urn}.html">`);
    for (const p of schoolPages) expect(p.html).toContain(`<a href="family-${big?.id}.html#family-${big?.id}">`);
    // Every family split: still every link leads somewhere, every school once.
    const all = familyReportPages(benchmarks, { partners, maxPageBytes: 1 });
    expect(all.filter((p) => p.path.startsWith("school-"))).toHaveLength(urns.length);
    expect(brokenLinks(all)).toEqual([]);
  });

  it("counts a page's size in bytes of UTF-8, not characters", () => {
    const named = {
      ...benchmarks,
      families: benchmarks.families.map((f) => ({
        ...f,
        members: f.members.map((m) => ({ ...m, name: "Ysgol 😀 ŵ" })),
      })),
    };
    const pages = familyReportPages(named);
    const page = pages[1]?.html ?? "";
    const bytes = new TextEncoder().encode(page).length;
    expect(bytes).toBeGreaterThan(page.length);
    // Between its length and its bytes: too large by bytes, so split; at its bytes, not.
    expect(
      familyReportPages(named, { maxPageBytes: bytes - 1, families: [benchmarks.families[0]?.id ?? ""] }).length,
    ).toBeGreaterThan(2);
    expect(
      familyReportPages(named, { maxPageBytes: bytes, families: [benchmarks.families[0]?.id ?? ""] }).map(
        (p) => p.path,
      ),
    ).toEqual([
      "index.html",
      `family-${benchmarks.families[0]?.id}.html`,
      ...(benchmarks.unplaced.length > 0 ? ["not-placed.html"] : []),
    ]);
  });

  it("without school sections, the members are not linked, and bad options are refused by name", () => {
    const pages = familyReportPages(benchmarks, { partners, schools: false });
    expect(count(pages, /<section class="school"/g)).toBe(0);
    expect(brokenLinks(pages)).toEqual([]);
    expect(() => familyReportPages(benchmarks, { maxPageBytes: 0 })).toThrow(
      "familyReportPages: maxPageBytes must be a positive number of bytes, not 0",
    );
    expect(() => familyReportPages(benchmarks, { families: ["nope"] })).toThrow(
      'familyReportPages: family "nope" is not in the benchmarks',
    );
  });
});
