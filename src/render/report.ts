import type { Benchmarks, FamilyBenchmark, MemberBenchmark } from "../benchmark/types.js";
import { ArgumentError } from "../errors.js";
import { accuracyOf, familyPredictions, randomGroupError } from "../evaluate/accuracy.js";
import { formatNumber, formatSigned } from "../internal/format.js";
import type { Pair, Partners } from "../partner/types.js";
import { type FamilyChartOptions, familyCentre, familyChart } from "./chart.js";
import { escapeMarkup as esc, idPart } from "./escape.js";
import { budgetWords, type FrontierInput, frontierChart, percent, sharePercent } from "./frontier.js";
import { placeMap } from "./map.js";
import { PAGE_STYLE, type Paper, pageEnd, pageStart } from "./page.js";
import { areaKinds, inOrder, type SchoolSectionContext, schoolName, schoolSection } from "./school.js";

/** Options for {@link familyReport}. */
export interface FamilyReportOptions {
  /** The page's title. Default "Families of Schools, {year}". */
  title?: string;
  /** Partner pairs from `matchPartners`, shown under each supported school's family. Default: none. */
  partners?: Pick<Partners, "pairs" | "unmatched">;
  /** Options for every family's chart. Default `{ arrows: true }`. */
  chart?: FamilyChartOptions;
  /** Only these families (by id), in this order. Default: all. */
  families?: readonly string[];
  /**
   * The regrouping these families came from (`regroupFamilies`' result): the report then shows what the churn
   * budget bought, and what other budgets would have, as a small chart and a table. Default: none.
   */
  stability?: FrontierInput;
  /** Each school's own section (`id="school-URN"`) after its family's: its pupil groups, subjects, gaps and partner. Default `true`. */
  schools?: boolean;
  /**
   * More HTML for a school's section, put at its end in a `<div class="school-extra">` (for example a fragment on the
   * school's disadvantaged pupils). The caller escapes what it puts in. Default: nothing.
   */
  schoolExtra?: (school: MemberBenchmark, family: FamilyBenchmark) => string;
  /** The printed page: `A4` (default) or `Letter`. */
  paper?: Paper;
  /**
   * The file each family's section is in, for the index's links and each school's link to its family
   * (`familyHref(f)#family-ID`), when they are put on separate pages by hand (`familyReportPages` does it for you).
   * Default: this page ("").
   */
  familyHref?: (family: FamilyBenchmark) => string;
}

const num = (v: number | undefined, digits = 1): string => esc(formatNumber(v, digits));
const signed = (v: number | undefined, digits = 1): string => esc(formatSigned(v, digits));

/** Where a school's section is, as a link's href (`#school-URN` on the same page), or undefined for no link. */
export type SchoolHref = (urn: string) => string | undefined;

const link = (href: string | undefined, text: string): string =>
  href === undefined ? text : `<a href="${esc(href)}">${text}</a>`;

function membersTable(family: FamilyBenchmark, schoolHref: SchoolHref | undefined): string {
  // Absence is benchmarked as attendance (higher is better); the table shows the absence it stands for.
  const absence = family.measure === "absence";
  const head = [
    ["#", "num"],
    ["School", ""],
    ["LA", ""],
    ["Cohort", "num"],
    ["Disadvantaged %", "num"],
    ["Prior attainment", "num"],
    [absence ? "Overall absence %" : "Attainment", "num"],
    [absence ? "Change in absence a year" : "Improvement a year", "num"],
    ["Quadrant", ""],
    ["Gap to target", "num"],
  ]
    .map(
      ([label, cls], i) =>
        `<th scope="col"${cls ? ` class="${cls}"` : ""} aria-sort="${i === 0 ? "ascending" : "none"}">${label}</th>`,
    )
    .join("");
  const rows = family.members.map((m, i) => {
    const q = m.position?.quadrant;
    const noisy = m.position?.withinNoise === true;
    const quadrant = q
      ? `<span class="q q-${q}">${q}</span>${noisy ? ' <span class="note within">(within noise)</span>' : ""}`
      : `<span class="note">${esc(m.notes[0] ?? "no position")}</span>`;
    return `<tr${noisy ? ' class="noise"' : ""} data-urn="${esc(m.urn)}"><td class="num">${i + 1}</td><td>${link(schoolHref?.(m.urn), esc(m.name ?? "(no name)"))} <span class="note">${esc(m.urn)}</span>${m.smallCohort ? ' <span class="note">small cohort</span>' : ""}</td><td>${esc(m.laName ?? m.la ?? "–")}</td><td class="num">${num(m.cohort, 0)}</td><td class="num">${num(m.disadvantage)}</td><td class="num">${num(m.priorAttainment)}</td><td class="num">${num(absence && m.attainment !== undefined ? 100 - m.attainment : m.attainment)}</td><td class="num">${signed(absence && m.improvement !== undefined ? -m.improvement : m.improvement)}</td><td>${quadrant}</td><td class="num">${signed(m.target?.attainmentGap)}</td></tr>`;
  });
  return `<table class="members"><thead><tr>${head}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function movementText(family: FamilyBenchmark): string {
  const mv = family.movement;
  if (mv.compared === 0)
    return `No member has positions in both ${mv.previousYear} and ${family.year}, so movement cannot be measured.`;
  const share = mv.share === undefined ? "" : ` (${Math.round(mv.share * 100)}%)`;
  // Units as the accuracy note gives them: KS2's and absence's percentages move in percentage points.
  const unit = family.partition === "primary" || family.measure === "absence" ? "percentage points" : "points";
  const centre = mv.centroid
    ? ` The family average moved ${signed(mv.centroid.dx)} ${unit} in attainment and ${signed(mv.centroid.dy)} ${unit} a year in improvement.`
    : "";
  return `${mv.compared} of ${family.size} members can be compared with ${mv.previousYear}: ${mv.movedNorthEast} moved north-east by more than chance${share}; ${mv.leftSouthWest} left the SW quarter.${centre}`;
}

/** Where the family is working well: for each pupil group and subject, the member with the highest result, named. */
function leadersList(family: FamilyBenchmark): string {
  const byUrn = new Map(family.members.map((m) => [m.urn, m]));
  const kinds = areaKinds(family);
  const rows = (["subgroups", "subjects"] as const).flatMap((bag) =>
    inOrder(Object.keys(family.leaders[bag])).flatMap((name) => {
      const l = family.leaders[bag][name] as { urn: string; value: number };
      const kind = kinds[bag];
      const average = family.areas?.[bag][name]?.value?.mean;
      // Where every member has the same result, nobody leads.
      if (average !== undefined && l.value <= average) return [];
      return `<tr><th scope="row">${esc(kind.words(name))}</th><td>${esc(schoolName(byUrn.get(l.urn), l.urn))}</td><td class="num">${esc(kind.units.value(l.value))}</td><td class="num">${esc(kind.units.value(average))}</td></tr>`;
    }),
  );
  return rows.length === 0
    ? '<p class="note">No pupil-group or subject results in the data.</p>'
    : `<table class="leaders"><thead><tr><th scope="col"></th><th scope="col">Highest in the family</th><th scope="col" class="num">Its result</th><th scope="col" class="num">Family average (of its schools)</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

type PartnerList = Pick<Partners, "pairs" | "unmatched">;
const bySupported = new WeakMap<PartnerList, Map<string, number[]>>();

/**
 * The pairs whose supported school is in the family, and its members without a partner, in the partners' order. The
 * pairs' places by supported school are found once for all the families (each family searching every pair was
 * O(families × pairs)).
 */
function ofFamily(family: FamilyBenchmark, partners: PartnerList) {
  let index = bySupported.get(partners);
  if (!index) {
    index = new Map();
    for (const [i, p] of partners.pairs.entries()) index.set(p.supported, [...(index.get(p.supported) ?? []), i]);
    bySupported.set(partners, index);
  }
  const at = family.members.flatMap((m) => index.get(m.urn) ?? []).sort((a, b) => a - b);
  const inFamily = new Set(family.members.map((m) => m.urn));
  return {
    pairs: [...new Set(at)].map((i) => partners.pairs[i] as Pair),
    unmatched: partners.unmatched.filter((u) => inFamily.has(u.urn)),
  };
}

function pairsList(
  family: FamilyBenchmark,
  partners: Pick<Partners, "pairs" | "unmatched">,
  names: ReadonlyMap<string, MemberBenchmark>,
  schoolHref: SchoolHref | undefined,
): string {
  const { pairs, unmatched } = ofFamily(family, partners);
  if (pairs.length === 0 && unmatched.length === 0) return '<p class="note">No member needed a partner.</p>';
  // The reasons are on each school's own page; here one line a pair, so that the family stays on one page.
  const pairItem = (p: Pair) =>
    `<li data-supported="${esc(p.supported)}" data-supporter="${esc(p.supporter)}">${link(schoolHref?.(p.supported), esc(schoolName(names.get(p.supported), p.supported)))} supported by ${link(schoolHref?.(p.supporter), esc(schoolName(names.get(p.supporter), p.supporter)))}${p.pinned ? " (pinned)" : ""}, score ${num(p.score, 2)}</li>`;
  const lonely = unmatched.map(
    (u) => `<li><strong>${esc(schoolName(names.get(u.urn), u.urn))}</strong>: no partner — ${esc(u.reason)}</li>`,
  );
  return `<ul class="pairs">${pairs.map(pairItem).join("")}${lonely.join("")}</ul>`;
}

/** The schools in no family, and why: a report leaves nobody out without saying so. */
export function notPlaced(unplaced: Benchmarks["unplaced"]): string {
  const rows = unplaced.map(
    (u) =>
      `<tr><td>${esc(u.name ?? "(no name)")}</td><td>${esc(u.urn)}</td><td>${esc(u.laName ?? u.la ?? "")}</td><td>${esc(u.phase)}</td><td>${esc(u.reason)}</td></tr>`,
  );
  return [
    `<section class="family" id="not-placed"><h2>Not placed, and why</h2>`,
    `<p>${unplaced.length} school${unplaced.length === 1 ? " is" : "s are"} in no family, so ${unplaced.length === 1 ? "it has" : "they have"} no chart or benchmark here.</p>`,
    `<table><thead><tr><th scope="col">School</th><th scope="col">URN</th><th scope="col">LA</th><th scope="col">Phase</th><th scope="col">Why</th></tr></thead><tbody>${rows.join("")}</tbody></table>`,
    "</section>",
  ].join("\n");
}

/** What every page of a family report is drawn with: the families, their title, and lookups built once. */
export interface ReportParts {
  families: FamilyBenchmark[];
  title: string;
  unplaced: Benchmarks["unplaced"];
  chartOptions: FamilyChartOptions;
  /** Every school of the benchmarks by URN, for partners' names. */
  names: Map<string, MemberBenchmark>;
  populations: Map<string, number[]>;
  options: FamilyReportOptions;
}

/** The families asked for (all by default), checked, and what every page needs. */
export function reportParts(benchmarks: Benchmarks, options: FamilyReportOptions, caller: string): ReportParts {
  const byId = new Map(benchmarks.families.map((f) => [f.id, f]));
  const families = options.families
    ? options.families.map((id) => {
        const f = byId.get(id);
        if (!f) throw new ArgumentError(caller, `family ${JSON.stringify(id)} is not in the benchmarks`);
        return f;
      })
    : [...benchmarks.families];
  return {
    families,
    title: options.title ?? `Families of Schools, ${benchmarks.year}`,
    // Benchmarks saved as JSON before `unplaced` existed have none.
    unplaced: benchmarks.unplaced ?? [],
    chartOptions: { arrows: true, ...options.chart },
    names: new Map(benchmarks.families.flatMap((f) => f.members.map((m) => [m.urn, m] as const))),
    populations: attainmentByPartition(benchmarks.families),
    options,
  };
}

/** The report's heading and its summary in a sentence or two; `notPlacedHref` is where the schools in no family are listed. */
export function reportHeader(benchmarks: Benchmarks, parts: ReportParts, notPlacedHref: string): string {
  const { title, unplaced, families } = parts;
  const targetWords = {
    upperQuartile: "the family's upper quartile",
    median: "the family's median",
    mean: "the family's mean",
    best: "the family's best",
  }[benchmarks.target];
  return `<header><h1>${esc(title)}</h1><p class="lead">${families.length} families. Attainment in ${benchmarks.year}; improvement is the change a year over the last three years; positions against the family ${benchmarks.average === "weighted" ? "average weighted by cohort" : "average (each school counts once)"}; targets at ${targetWords}; movement since ${benchmarks.previousYear}.${unplaced.length > 0 ? ` ${unplaced.length} school${unplaced.length === 1 ? " is" : "s are"} in no family: see <a href="${esc(notPlacedHref)}">Not placed, and why</a>.` : ""}</p></header>`;
}

/** The index of families: one row each, its id linked to `familyHref(family)` + `#family-ID`. */
export function familyIndex(families: readonly FamilyBenchmark[], familyHref: (f: FamilyBenchmark) => string): string {
  const rows = families.map((f) => {
    const c = familyCentre(f);
    return `<tr><td><a href="${esc(familyHref(f))}#family-${esc(idPart(f.id))}">${esc(f.id)}</a></td><td>${esc(f.partition)}</td><td class="num">${f.size}</td><td class="num">${num(c?.x)}</td><td class="num">${signed(c?.y)}</td><td class="num">${f.members.filter((m) => m.position?.quadrant === "SW").length}</td><td class="num">${f.movement.movedNorthEast} of ${f.movement.compared}</td></tr>`;
  });
  return `<nav><h2>Families</h2><table class="index"><thead><tr><th scope="col" aria-sort="ascending">Family</th><th scope="col" aria-sort="none">Phase</th><th scope="col" class="num" aria-sort="none">Schools</th><th scope="col" class="num" aria-sort="none">Average attainment</th><th scope="col" class="num" aria-sort="none">Average improvement</th><th scope="col" class="num" aria-sort="none">In SW</th><th scope="col" class="num" aria-sort="none">Moved NE</th></tr></thead><tbody>${rows.join("")}</tbody></table></nav>`;
}

/**
 * One family's section, without its schools': its chart and map, members' table, how well it predicts its members,
 * movement, leaders and partner pairs; schools named in the table and the pairs linked by `schoolHref` (not linked
 * when it is undefined: the report has no school sections).
 */
export function familySection(f: FamilyBenchmark, parts: ReportParts, schoolHref: SchoolHref | undefined): string {
  const { options, chartOptions } = parts;
  const anchor = `family-${idPart(f.id)}`;
  const partners = options.partners
    ? `<h3>Partner pairs</h3>${pairsList(f, options.partners, parts.names, schoolHref)}`
    : "";
  return [
    `<section class="family" id="${esc(anchor)}" data-family="${esc(f.id)}" data-members="${f.members.length}">`,
    `<h2>Family ${esc(f.id)} <span class="note">${esc(f.partition)}, ${f.size} schools</span></h2>`,
    `<div class="figures"><figure class="chart">${familyChart(f, chartOptions)}<figcaption>Each number is a school in the table below. Dashed lines: the family average. North-east is higher attainment and faster improvement; faded points (≈ in a printed table) cannot be told from the average at 95%.${chartOptions.arrows ? ` Arrows: movement since ${f.movement.previousYear}.` : ""}</figcaption></figure>${familyMap(f)}</div>`,
    membersTable(f, schoolHref),
    accuracySentence(f, parts.populations.get(f.partition)),
    `<h3>Movement since ${f.movement.previousYear}</h3><p>${movementText(f)}</p>`,
    `<h3>Where it is working well</h3>${leadersList(f)}`,
    partners,
    "</section>",
  ].join("\n");
}

/** Each school's section, on the page its family's is on (`familyHref`: that page's file, "" for this one). */
export function schoolSections(f: FamilyBenchmark, parts: ReportParts, familyHref = ""): string[] {
  if (parts.options.schools === false) return [];
  const context: SchoolSectionContext = {
    partners: parts.options.partners,
    names: parts.names,
    extra: parts.options.schoolExtra,
    familyHref,
  };
  return f.members.map((m, i) => schoolSection(f, m, i + 1, context));
}

const sameSchoolPage: SchoolHref = (urn) => `#school-${urn}`;

/**
 * One self-contained HTML page for a set of families, to show a room of head teachers or print as the booklets
 * were: an index of families; for each, its chart (see `familyChart`), a table of its members (number, school,
 * LA, cohort, disadvantage, prior attainment, attainment, improvement, quadrant, gap to target), its movement,
 * where it is working well (leaders by subject and sub-group) and its partner pairs with their reasons.
 * Inline CSS and SVG only: no script, no network, no external fonts (a Content-Security-Policy says so to the
 * browser); a print stylesheet starts each family on a new page. Text from the data is escaped. O(n).
 * For England's size, where one page would be too heavy to open, see `familyReportPages`.
 *
 * @param benchmarks - From `benchmarkFamilies`. Not mutated.
 * @param options - See {@link FamilyReportOptions}.
 * @returns The page, as a string starting `<!doctype html>`.
 * @throws {RangeError} when `options.families` names a family that is not in the benchmarks.
 * @example
 * familyReport(benchmarks, { partners: matchPartners(benchmarks) }).startsWith("<!doctype html>");
 * // => true
 */
export function familyReport(benchmarks: Benchmarks, options: FamilyReportOptions = {}): string {
  const parts = reportParts(benchmarks, options, "familyReport");
  const familyHref = options.familyHref ?? (() => "");
  const linked = options.schools === false ? undefined : sameSchoolPage;
  const sections = parts.families.map((f) =>
    [familySection(f, parts, linked), ...schoolSections(f, parts, familyHref(f))].join("\n"),
  );
  return [
    ...pageStart(parts.title, PAGE_STYLE, options.paper),
    reportHeader(benchmarks, parts, "#not-placed"),
    ...(options.stability ? [stabilitySection(options.stability)] : []),
    familyIndex(parts.families, familyHref),
    ...sections,
    ...(parts.unplaced.length > 0 ? [notPlaced(parts.unplaced)] : []),
    ...pageEnd(),
  ].join("\n");
}

/** What the churn budget bought: a sentence, the frontier chart, and its figures as a table. */
export function stabilitySection(r: FrontierInput): string {
  const c = r.churn;
  const rows = r.stability.frontier.map(
    (p) =>
      `<tr${p.maxChurn === c.maxChurn ? ' class="q"' : ""}><td>${esc(budgetWords(p.maxChurn))}</td><td class="num">${p.charged}</td><td class="num">${percent(p.recovered)}</td><td class="num">${num(p.ratio, 2)}×</td></tr>`,
  );
  return [
    '<section id="stability"><h2>Stability: what changed since last year</h2>',
    `<p>${c.continuing - c.moved} of ${c.continuing} continuing schools stay in last year's family. ${c.charged} moved to make the families tighter, within a budget of ${c.budget} (${esc(sharePercent(c.maxChurn))}); ${c.forced} moved because family sizes forced it; ${c.joined.length} joined and ${c.left.length} left. The moves recovered ${percent(r.stability.recovered)} of the tightness lost by keeping every family unchanged.</p>`,
    `<figure>${frontierChart(r)}<figcaption>Each point is a churn budget: the schools it would move, and the share of the lost tightness it would recover (100%: as tight as families made afresh). The filled point is this grouping.</figcaption></figure>`,
    `<table><thead><tr><th scope="col">Budget</th><th scope="col" class="num">Moves</th><th scope="col" class="num">Recovered</th><th scope="col" class="num">Spread ÷ fresh</th></tr></thead><tbody>${rows.join("")}</tbody></table>`,
    "</section>",
  ].join("\n");
}

/** Every member's attainment, by partition: the schools a random group of the same phase is drawn from. */
function attainmentByPartition(families: readonly FamilyBenchmark[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const f of families) {
    const list = out.get(f.partition) ?? [];
    for (const m of f.members) if (m.attainment !== undefined) list.push(m.attainment);
    out.set(f.partition, list);
  }
  return out;
}

/**
 * How well the family predicts its members, in one plain sentence: each member's attainment against the average of
 * the other members (leave-one-out, as `groupingAccuracy`), as a root mean squared error; beside it, like with like,
 * what the average of a random group of as many other schools of the same phase would be expected to miss these same
 * members by (`randomGroupError`: their distance from the phase's average, and the random group's own sampling
 * noise). "Better" or "worse" only where the two differ as printed.
 */
function accuracySentence(family: FamilyBenchmark, population: readonly number[] | undefined): string {
  const values = new Map(
    family.members.flatMap((m) => (m.attainment === undefined ? [] : [[m.urn, m.attainment] as const])),
  );
  const m = values.size;
  if (m < 3 || population === undefined) return "";
  const loo = familyPredictions([family.members.map((x) => x.urn)], values);
  const { rmse } = accuracyOf(loo.actual, loo.predicted);
  const random = randomGroupError([...values.values()], population, m - 1);
  if (random === undefined) return "";
  const unit = family.partition === "primary" || family.measure === "absence" ? " percentage points" : " points";
  const [ours, theirs] = [num(rmse), num(random)];
  const verdict = ours === theirs ? "about as well as" : rmse < random ? "better than" : "worse than";
  return `<p class="note">How well this family predicts its members: the average of the other members predicts a school's ${family.measure === "absence" ? "absence" : "attainment"} to within ±${ours}${unit} (root mean squared error), ${verdict} the average of ${m - 1} other ${esc(family.partition)} schools drawn at random would for these same schools (±${theirs}${unit}, its expected error).</p>`;
}

/** A small map of the family's members where they have British National Grid locations: how they spread across places. */
function familyMap(family: FamilyBenchmark): string {
  const located = family.members.flatMap((m, i) =>
    m.easting === undefined || m.northing === undefined
      ? []
      : [{ urn: m.urn, name: `${i + 1}`, phase: m.phase, easting: m.easting, northing: m.northing }],
  );
  if (located.length < 2) return "";
  const las = new Set(family.members.map((m) => m.la).filter((la) => la !== undefined)).size;
  return `<figure class="map">${placeMap(located, { width: 420, height: 300, title: `Where family ${family.id}'s schools are`, labels: true, id: family.id })}<figcaption>Each number is a school in the table below${las > 1 ? `, across ${las} local authorities` : ""}.</figcaption></figure>`;
}
