// The family report as many pages, for England's size (#26): one page of 20,000 schools is well over 100 MB, too heavy
// for a browser. An index page, a page for each family with its schools' sections, and, where a family's page would
// be too large with them, a page for each of its schools; every page self-contained, every link relative.
import type { Benchmarks, FamilyBenchmark } from "../benchmark/types.js";
import { ArgumentError } from "../errors.js";
import { utf8Length } from "../internal/utf8.js";
import { escapeMarkup as esc, idPart } from "./escape.js";
import { PAGE_STYLE, pageEnd, pageStart } from "./page.js";
import {
  type FamilyReportOptions,
  familyIndex,
  familySection,
  notPlaced,
  type ReportParts,
  reportHeader,
  reportParts,
  type SchoolHref,
  schoolSections,
  stabilitySection,
} from "./report.js";

/** One file of a report written as pages: its path, relative to the report's folder, and its HTML. */
export interface ReportPage {
  /** The file's name, e.g. `index.html`, `family-P01.html`, `school-100001.html`. */
  path: string;
  /** The whole page, starting `<!doctype html>`. */
  html: string;
}

/** Options for {@link familyReportPages}: those of `familyReport` (but `familyHref`, which this sets), and a size. */
export interface FamilyReportPagesOptions extends Omit<FamilyReportOptions, "familyHref"> {
  /**
   * The largest a family's page with its schools' sections may be, in bytes of UTF-8; a family whose page would be
   * larger gets a page for each of its schools instead. Default 2,000,000 (2 MB).
   */
  maxPageBytes?: number;
}

/** Where each family and each school is written. */
interface Layout {
  familyFile: Map<FamilyBenchmark, string>;
  /** The family each school of the report is in. */
  familyOf: Map<string, FamilyBenchmark>;
  /** The schools that have their own page, with its file. */
  schoolFile: Map<string, string>;
}

/** Whether `html` is over `max` bytes of UTF-8: counted only when its length (1 to 3 bytes a character) leaves it open. */
function tooLarge(html: string, max: number): boolean {
  if (html.length > max) return true;
  return html.length * 3 > max && utf8Length(html) > max;
}

/** `base.html`, or `base-2.html`, `base-3.html`… where ids that differ only in other characters meet. */
function uniqueFile(base: string, used: Set<string>): string {
  let name = `${base}.html`;
  for (let i = 2; used.has(name); i++) name = `${base}-${i}.html`;
  used.add(name);
  return name;
}

/** A link to a school's section from the page `from`: `#school-URN` on the same page; undefined for a school with none. */
function schoolHrefFrom(layout: Layout, from: string, withSchools: boolean): SchoolHref | undefined {
  if (!withSchools) return undefined;
  return (urn) => {
    const own = layout.schoolFile.get(urn);
    if (own !== undefined) return own;
    const family = layout.familyOf.get(urn);
    if (family === undefined) return undefined;
    const file = layout.familyFile.get(family) as string;
    return `${file === from ? "" : file}#school-${urn}`;
  };
}

/** A page: its title, a line back to the index, the body, and the frame every page shares. */
function page(parts: ReportParts, title: string, back: string, body: readonly string[]): string {
  return [
    ...pageStart(title, PAGE_STYLE, parts.options.paper),
    // Not printed: on paper the family starts the first page, as in the single page's booklet.
    `<header class="back"><p class="lead">${back}</p></header>`,
    ...body,
    ...pageEnd(),
  ].join("\n");
}

const toIndex = (parts: ReportParts): string => `<a href="index.html">${esc(parts.title)}: all families</a>`;

/** A family's page, with its schools' sections (`split` false) or links to their own pages. */
function familyPage(f: FamilyBenchmark, parts: ReportParts, layout: Layout, split: boolean): string {
  const file = layout.familyFile.get(f) as string;
  const withSchools = parts.options.schools !== false;
  const section = familySection(f, parts, schoolHrefFrom(layout, file, withSchools));
  const schools = split
    ? ['<p class="note">Each school\'s own section is on a page of its own: linked from the table above.</p>']
    : schoolSections(f, parts);
  return page(parts, `Family ${f.id} — ${parts.title}`, toIndex(parts), [section, ...schools]);
}

/**
 * The family report as a folder of pages, for a country's worth of schools: `index.html` (the title, a summary, the
 * churn budget's section when `stability` is given, and the families listed with links), a page for each family
 * (`family-ID.html`: its chart, members, movement, leaders, partner pairs, then its schools' own sections), and
 * `not-placed.html` when some schools are in no family. A family whose page with its schools would be over
 * `maxPageBytes` (measured) gets a page for each school instead (`school-URN.html`), linked from its table. Each page is
 * self-contained, with the same Content-Security-Policy, style and print layout as `familyReport`'s; every link is
 * relative, to another page of the result. Partner pairs are listed on the supported school's family's page, and
 * each partner named on both schools' sections. Text from the data is escaped. O(n) in the schools; a family split
 * into school pages is drawn twice.
 *
 * @param benchmarks - From `benchmarkFamilies`. Not mutated.
 * @param options - See {@link FamilyReportPagesOptions}.
 * @returns The pages, index first, then each family's with its schools' pages, in the families' order.
 * @throws {RangeError} when `options.families` names a family that is not in the benchmarks, or `maxPageBytes` is
 *   not a positive number.
 * @example
 * familyReportPages(benchmarks, { partners: matchPartners(benchmarks) }).map((p) => p.path).slice(0, 2);
 * // => ["index.html", "family-P01.html"]
 */
export function familyReportPages(benchmarks: Benchmarks, options: FamilyReportPagesOptions = {}): ReportPage[] {
  const max = options.maxPageBytes ?? 2_000_000;
  if (!(max > 0))
    throw new ArgumentError("familyReportPages", `must be a positive number of bytes, not ${max}`, "maxPageBytes");
  const parts = reportParts(benchmarks, options, "familyReportPages");
  const used = new Set(["index.html", "not-placed.html"]);
  const layout: Layout = { familyFile: new Map(), familyOf: new Map(), schoolFile: new Map() };
  for (const f of parts.families) {
    layout.familyFile.set(f, uniqueFile(`family-${idPart(f.id)}`, used));
    for (const m of f.members) layout.familyOf.set(m.urn, f);
  }
  // Each family's page with its schools, measured; a family too large for one page is split into school pages.
  const pages = new Map(parts.families.map((f) => [f, familyPage(f, parts, layout, false)]));
  const split = parts.families.filter(
    (f) => options.schools !== false && f.members.length > 0 && tooLarge(pages.get(f) as string, max),
  );
  for (const f of split)
    for (const m of f.members) layout.schoolFile.set(m.urn, uniqueFile(`school-${idPart(m.urn)}`, used));
  const schoolPages = new Map(split.map((f) => [f, splitSchools(f, parts, layout)]));
  // The split families' pages, and those whose pairs name a school of theirs, are drawn again with the new links.
  for (const f of redrawn(parts, layout)) pages.set(f, familyPage(f, parts, layout, schoolPages.has(f)));
  return [
    indexPage(benchmarks, parts, layout),
    ...parts.families.flatMap((f) => [
      { path: layout.familyFile.get(f) as string, html: pages.get(f) as string },
      ...(schoolPages.get(f) ?? []),
    ]),
    ...(parts.unplaced.length > 0
      ? [
          {
            path: "not-placed.html",
            html: page(parts, `Not placed — ${parts.title}`, toIndex(parts), [notPlaced(parts.unplaced)]),
          },
        ]
      : []),
  ];
}

/** The pages of a family's schools, each linked back to its family's page. */
function splitSchools(f: FamilyBenchmark, parts: ReportParts, layout: Layout): ReportPage[] {
  const file = layout.familyFile.get(f) as string;
  const sections = schoolSections(f, parts, file);
  return f.members.map((m, i) => ({
    path: layout.schoolFile.get(m.urn) as string,
    html: page(parts, `${m.name ?? m.urn} — ${parts.title}`, toIndex(parts), [sections[i] as string]),
  }));
}

/** The families whose page links to a school that now has its own page: their own, or one in a pair they list. */
function redrawn(parts: ReportParts, layout: Layout): FamilyBenchmark[] {
  if (layout.schoolFile.size === 0) return [];
  const out = new Set<FamilyBenchmark>();
  for (const [urn] of layout.schoolFile) out.add(layout.familyOf.get(urn) as FamilyBenchmark);
  for (const p of parts.options.partners?.pairs ?? []) {
    const family = layout.familyOf.get(p.supported);
    if (family && (layout.schoolFile.has(p.supported) || layout.schoolFile.has(p.supporter))) out.add(family);
  }
  return parts.families.filter((f) => out.has(f));
}

/** The index page: title, summary, the churn budget's section, and the families with links to their pages. */
function indexPage(benchmarks: Benchmarks, parts: ReportParts, layout: Layout): ReportPage {
  const html = [
    ...pageStart(parts.title, PAGE_STYLE, parts.options.paper),
    reportHeader(benchmarks, parts, "not-placed.html"),
    ...(parts.options.stability ? [stabilitySection(parts.options.stability)] : []),
    familyIndex(parts.families, (f) => layout.familyFile.get(f) as string),
    ...pageEnd(),
  ].join("\n");
  return { path: "index.html", html };
}
