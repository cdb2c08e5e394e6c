// Each school's own page of the family report: its pupil groups and subjects against the family's average and upper
// quartile, its gaps within the school against the family's, where it is furthest behind and which members of the
// family do best there (named, so a head knows whom to visit), and its partner.
import type { AreaFamily, AreaResult } from "../benchmark/areas.js";
import type { FamilyBenchmark, MemberBenchmark } from "../benchmark/types.js";
import { formatNumber, formatSigned } from "../internal/format.js";
import type { Partners } from "../partner/types.js";
import { disadvantagedParagraph } from "./disadvantaged.js";
import { escapeMarkup as esc, idPart } from "./escape.js";

/** What a school's section is drawn with, beside its family. */
export interface SchoolSectionContext {
  partners?: Pick<Partners, "pairs" | "unmatched"> | undefined;
  /** Every school of the report by URN, for partners' names. */
  names: ReadonlyMap<string, MemberBenchmark>;
  /** HTML to put at the end of the section (see `FamilyReportOptions.schoolExtra`). */
  extra?: ((school: MemberBenchmark, family: FamilyBenchmark) => string) | undefined;
  /** The file the family's section is in, for links ("" when it is on the same page). */
  familyHref?: string;
}

/** How one kind of result is written: a value, a difference, and the unit a difference is in. */
interface Units {
  value: (v: number | undefined) => string;
  difference: string;
  /** The difference's unit, short, for a table's header. */
  short: string;
}

const PERCENT: Units = {
  value: (v) => (v === undefined ? "–" : `${formatNumber(v)}%`),
  difference: "percentage points",
  short: "% points",
};
const POINTS: Units = { value: (v) => formatNumber(v), difference: "points", short: "points" };
const PROGRESS: Units = { value: (v) => formatSigned(v), difference: "points", short: "points" };

/** Pupil groups in words a head teacher uses. */
const GROUP_WORDS: Record<string, string> = {
  boys: "Boys",
  girls: "Girls",
  disadvantaged: "Disadvantaged pupils",
  other: "Pupils not disadvantaged",
  eal: "Pupils with English as an additional language",
  low: "Pupils with low prior attainment",
  middle: "Pupils with middle prior attainment",
  high: "Pupils with high prior attainment",
};
const PRIMARY_SUBJECTS: Record<string, string> = {
  reading: "Reading progress",
  writing: "Writing progress",
  maths: "Maths progress",
};
const SECONDARY_SUBJECTS: Record<string, string> = {
  english: "English (Attainment 8 points)",
  maths: "Maths (Attainment 8 points)",
  ebacc: "EBacc subjects (Attainment 8 points)",
  open: "Other qualifications (Attainment 8 'open' points)",
};
/** The within-school gaps: the group ahead when positive, the other, in words. */
const GAP_WORDS: Record<string, [string, string]> = {
  "girls−boys": ["girls", "boys"],
  "other−disadvantaged": ["pupils not disadvantaged", "disadvantaged pupils"],
};

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Whether the family's results are KS2's (percentages meeting the standard, progress scores) or points. */
export function isPrimaryFamily(family: FamilyBenchmark): boolean {
  return family.partition === "primary" || family.members.every((m) => m.phase === "primary");
}

/** The words and units of a family's pupil groups and subjects. */
export function areaKinds(family: FamilyBenchmark) {
  const primary = isPrimaryFamily(family);
  return {
    subgroups: {
      title: primary ? "Pupil groups: % meeting the expected standard in reading, writing and maths" : "Pupil groups",
      words: (name: string) => GROUP_WORDS[name] ?? capital(name),
      units: primary ? PERCENT : POINTS,
    },
    subjects: {
      title: primary ? "Subjects: progress scores (0 is the national average)" : "Subjects",
      words: (name: string) => (primary ? PRIMARY_SUBJECTS : SECONDARY_SUBJECTS)[name] ?? capital(name),
      units: primary ? PROGRESS : POINTS,
    },
  };
}

type Kind = ReturnType<typeof areaKinds>["subgroups"];

/** The school's name as a heading or list item gives it: "Name (URN)". */
export function schoolName(m: Pick<MemberBenchmark, "name" | "urn"> | undefined, urn: string): string {
  return m?.name ? `${m.name} (${urn})` : urn;
}

/** The names of a kind in the order people read them (known groups and subjects first, as listed above), then the rest. */
export function inOrder(names: readonly string[]): string[] {
  const known = [...Object.keys(GROUP_WORDS), ...Object.keys(PRIMARY_SUBJECTS), ...Object.keys(SECONDARY_SUBJECTS)];
  const at = (n: string) => (known.includes(n) ? known.indexOf(n) : known.length);
  return [...names].sort((a, b) => at(a) - at(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** One row of a school's table of pupil groups or subjects. */
function areaRow(kind: Kind, name: string, f: AreaFamily, r: AreaResult | undefined): string {
  const u = kind.units;
  const versus = r?.value !== undefined && f.value ? formatSigned(r.value - f.value.mean) : "no result";
  const change = (v: number | undefined) => (v === undefined ? "–" : formatSigned(v));
  return `<tr data-area="${esc(name)}"><th scope="row">${esc(kind.words(name))}</th><td class="num">${esc(u.value(r?.value))}</td><td class="num">${esc(u.value(f.value?.mean))}</td><td class="num">${esc(u.value(f.value?.upperQuartile))}</td><td class="num">${esc(versus)}</td><td class="num">${esc(r?.rank === undefined ? "–" : `${r.rank} of ${f.value?.count ?? "–"}`)}</td><td class="num">${esc(change(r?.improvement))}</td><td class="num">${esc(change(f.improvement?.mean))}</td></tr>`;
}

/** The table of one kind (pupil groups or subjects): every name the family has a result for. */
function areaTable(
  kind: Kind,
  family: Record<string, AreaFamily>,
  school: Record<string, AreaResult> | undefined,
  cls: string,
): string {
  const names = inOrder(Object.keys(family));
  if (names.length === 0) return "";
  const rows = names.map((n) => areaRow(kind, n, family[n] as AreaFamily, school?.[n]));
  const unit = kind.units.short;
  return `<h3>${esc(kind.title)}</h3><table class="areas ${cls}"><thead><tr><th scope="col"></th><th scope="col" class="num">This school</th><th scope="col" class="num">Family average (of its schools)</th><th scope="col" class="num">Family upper quartile</th><th scope="col" class="num">Against the average (${unit})</th><th scope="col" class="num">Place in family</th><th scope="col" class="num">Change a year (${unit})</th><th scope="col" class="num">Family's change a year</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

/** The within-school gaps, each against the family's average gap, in sentences. */
function gapsList(family: FamilyBenchmark, m: MemberBenchmark, units: Units): string {
  const items = Object.entries(GAP_WORDS).flatMap(([name, [a, b]]) => {
    const own = m.gaps[name];
    const theirs = family.gaps[name]?.mean;
    if (own === undefined && theirs === undefined) return [];
    const gap = (v: number) =>
      v === 0
        ? `${a} and ${b} do equally well`
        : `${v > 0 ? a : b} are ${formatNumber(Math.abs(v))} ${units.difference} ahead of ${v > 0 ? b : a}`;
    const here = own === undefined ? "no result here" : `here ${gap(own)}`;
    const there = theirs === undefined ? "" : `; across the family, on average, ${gap(theirs)}`;
    return [`<li data-gap="${esc(name)}">${esc(capital(`${here}${there}.`))}</li>`];
  });
  return items.length === 0 ? "" : `<h3>Gaps within the school</h3><ul class="gaps">${items.join("")}</ul>`;
}

/** A school's pupil groups and subjects where it stands lowest in its family (below the average), worst first. */
function weakest(family: FamilyBenchmark, m: MemberBenchmark, most = 3) {
  const out: { bag: "subgroups" | "subjects"; name: string; r: AreaResult; f: AreaFamily; share: number }[] = [];
  for (const bag of ["subgroups", "subjects"] as const) {
    for (const [name, f] of Object.entries(family.areas?.[bag] ?? {})) {
      const r = m.areas?.[bag][name];
      if (r?.value === undefined || r.rank === undefined || !f.value || f.value.count < 2) continue;
      if (r.value >= f.value.mean) continue;
      out.push({ bag, name, r, f, share: r.rank / f.value.count });
    }
  }
  out.sort((a, b) => b.share - a.share || (a.r.value as number) - (b.r.value as number) || (a.name < b.name ? -1 : 1));
  return out.slice(0, most);
}

/** Where the school is furthest behind, and the family's members who do best there: whom to visit. */
function whomToVisit(family: FamilyBenchmark, m: MemberBenchmark): string {
  const kinds = areaKinds(family);
  const items = weakest(family, m).map(({ bag, name, r, f }) => {
    const kind = kinds[bag];
    const best = family.members
      .filter((o) => o.urn !== m.urn && o.areas?.[bag][name]?.value !== undefined)
      .sort(
        (a, b) =>
          (b.areas?.[bag][name]?.value as number) - (a.areas?.[bag][name]?.value as number) || (a.urn < b.urn ? -1 : 1),
      )
      .slice(0, 2)
      .map((o) => `${schoolName(o, o.urn)}, ${kind.units.value(o.areas?.[bag][name]?.value)}`);
    const behind = formatNumber((f.value?.mean as number) - (r.value as number));
    return `<li data-area="${esc(name)}"><strong>${esc(kind.words(name))}</strong>: ${esc(kind.units.value(r.value))} here against ${esc(kind.units.value(f.value?.mean))} on average in the family (${esc(behind)} ${esc(kind.units.difference)} below; ${r.rank} of ${f.value?.count}). Highest in the family: ${esc(best.join("; ") || "none")}.</li>`;
  });
  return items.length === 0
    ? '<h3>Where it is furthest behind</h3><p class="note">Nowhere below the family average in the pupil groups and subjects the data has.</p>'
    : `<h3>Where it is furthest behind, and whom to visit</h3><ul class="visit">${items.join("")}</ul>`;
}

type PartnerList = Pick<Partners, "pairs" | "unmatched">;
type PartnerIndex = {
  pairs: Map<string, PartnerList["pairs"][number]>;
  unmatched: Map<string, PartnerList["unmatched"][number]>;
};
const partnerIndexes = new WeakMap<PartnerList, PartnerIndex>();

/**
 * Each school's first pair (as supported or supporter) and its reason for having none, by URN: built once for a
 * report's partners, as a search of every pair for each of 20,000 schools took a quarter of the drawing.
 */
function partnerIndex(partners: PartnerList): PartnerIndex {
  let index = partnerIndexes.get(partners);
  if (index) return index;
  index = { pairs: new Map(), unmatched: new Map() };
  for (const p of partners.pairs)
    for (const urn of [p.supported, p.supporter]) if (!index.pairs.has(urn)) index.pairs.set(urn, p);
  for (const u of partners.unmatched) if (!index.unmatched.has(u.urn)) index.unmatched.set(u.urn, u);
  partnerIndexes.set(partners, index);
  return index;
}

/** The school's partner, or why it has none; nothing when partners were not matched or it needed none. */
function partnerOf(m: MemberBenchmark, ctx: SchoolSectionContext): string {
  if (!ctx.partners) return "";
  const index = partnerIndex(ctx.partners);
  const item = index.pairs.get(m.urn);
  if (item) {
    const other = item.supported === m.urn ? item.supporter : item.supported;
    const role = item.supported === m.urn ? "Supported by" : "Supports";
    return `<h3>Partner</h3><p class="partner" data-partner="${esc(other)}">${role} <strong>${esc(schoolName(ctx.names.get(other), other))}</strong>${item.pinned ? " (pinned)" : ""}.</p><ul class="reasons">${item.reasons.map((r) => `<li>${esc(r)}</li>`).join("")}</ul>`;
  }
  const lonely = index.unmatched.get(m.urn);
  return lonely ? `<h3>Partner</h3><p class="partner">No partner: ${esc(lonely.reason)}</p>` : "";
}

/** The headline in words: attainment and improvement against the family's average and upper quartile. */
function headline(family: FamilyBenchmark, m: MemberBenchmark): string {
  const absence = family.measure === "absence";
  const primary = isPrimaryFamily(family);
  const a = family.averages.attainment;
  const i = family.averages.improvement;
  const flip = (v: number | undefined) => (absence && v !== undefined ? 100 - v : v);
  const units = absence || primary ? PERCENT : POINTS;
  const what = absence
    ? "Overall absence"
    : primary
      ? "Pupils meeting the expected standard in reading, writing and maths"
      : "Attainment 8";
  const att = `${what}: ${units.value(flip(m.attainment))}, against ${units.value(flip(a?.mean))} on average in the family and ${units.value(flip(a?.upperQuartile))} at its ${absence ? "best quarter" : "upper quartile"}.`;
  const change = (v: number | undefined) =>
    `${formatSigned(absence && v !== undefined ? -v : v)} ${units === PERCENT ? "percentage points" : "points"} a year`;
  const imp =
    m.improvement === undefined
      ? "No change a year can be worked out (too few years)."
      : `Change: ${change(m.improvement)}, against ${change(i?.mean)} on average (upper quartile ${change(i?.upperQuartile)}).`;
  return `<p class="headline">${esc(att)} ${esc(imp)}</p>`;
}

/**
 * One school's section of the family report (`id="school-URN"`), a printed page: its headline against the family,
 * its pupil groups and subjects (this school, family average and upper quartile, place, change a year), its gaps
 * within the school against the family's, where it is furthest behind with the members who do best there, its
 * partner, and then whatever `ctx.extra` adds. Text from the data is escaped.
 */
export function schoolSection(
  family: FamilyBenchmark,
  m: MemberBenchmark,
  n: number,
  ctx: SchoolSectionContext,
): string {
  const kinds = areaKinds(family);
  const areas = family.areas ?? { subgroups: {}, subjects: {} };
  const tables = [
    areaTable(kinds.subgroups, areas.subgroups, m.areas?.subgroups, "subgroups"),
    areaTable(kinds.subjects, areas.subjects, m.areas?.subjects, "subjects"),
  ].join("");
  const extra = ctx.extra?.(m, family) ?? "";
  const href = `${ctx.familyHref ?? ""}#family-${esc(idPart(family.id))}`;
  return [
    `<section class="school" id="school-${esc(m.urn)}" data-urn="${esc(m.urn)}" data-family="${esc(family.id)}">`,
    `<h2>${esc(m.name ?? "(no name)")} <span class="note">URN ${esc(m.urn)}${(m.laName ?? m.la) ? `, ${esc(m.laName ?? m.la ?? "")}` : ""}; number ${n} in <a href="${href}">family ${esc(family.id)}</a></span></h2>`,
    headline(family, m),
    // Its disadvantaged pupils first: the purpose the EEF built its families for.
    disadvantagedParagraph(family, m.urn),
    tables || '<p class="note">The data has no pupil-group or subject results for this family.</p>',
    gapsList(family, m, kinds.subgroups.units),
    tables ? whomToVisit(family, m) : "",
    partnerOf(m, ctx),
    // The place for more about the school (e.g. its disadvantaged pupils): see FamilyReportOptions.schoolExtra.
    extra ? `<div class="school-extra">${extra}</div>` : "",
    "</section>",
  ].join("\n");
}
