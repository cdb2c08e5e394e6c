// The place report: one self-contained HTML page (no script, no network) of neighbourhood clusters — each with its
// map, its profile beside the places most like it, and its schools.
import type { Benchmarks } from "../benchmark/types.js";
import type { NeighbourhoodClusters } from "../place/clusters.js";
import {
  measureWords,
  type PlaceProfile,
  type ProfileMeasure,
  type ProfileValue,
  placeValue,
  profileValueText,
  type SimilarPlaces,
} from "../place/profile.js";
import { familyChart } from "./chart.js";
import { escapeMarkup as esc, idPart } from "./escape.js";
import { placeMap } from "./map.js";
import { PAGE_STYLE, pageStart } from "./page.js";

/** What {@link placeReport} draws. */
export interface PlaceReportInput {
  places: Pick<NeighbourhoodClusters, "clusters" | "unplaced" | "min" | "max">;
  profiles: readonly PlaceProfile[];
  similar: readonly SimilarPlaces[];
  /**
   * Each place benchmarked with its similar places as a family (`benchmarkFamilies` of `placeFamilies` over
   * `placeRecords`): the report then draws each place's family chart, as for a family of schools. Optional.
   */
  benchmarks?: Pick<Benchmarks, "families">;
  /**
   * When the places came from a list people drew (`listedPlaces`): the list's name, its schools not in the data and
   * the data's schools in no listed place, each with the reason; the report lists them. Optional.
   */
  listed?: {
    file: string;
    notInData: readonly { urn: string; place: string; line?: number; reason: string }[];
    unlisted: readonly { urn: string; reason: string }[];
  };
}

const WORDS: Record<ProfileMeasure, string> = {
  disadvantage: "Disadvantaged pupils (%)",
  eal: "English as an additional language (%)",
  sen: "SEN support (%)",
  ks2Attainment: "KS2: % meeting the expected standard (primaries)",
  ks4Attainment: "KS4: Attainment 8 (secondaries)",
  overallAbsence: "Overall absence (% of sessions; lower is better)",
  persistentAbsence: "Persistently absent pupils (%; lower is better)",
};

/** A profile value: its mean, then its margin and any "n = 2" in a note's type. */
const value = (v: ProfileValue | undefined): string => {
  const text = profileValueText(v);
  const at = text.indexOf(" ");
  return at < 0 ? esc(text) : `${esc(text.slice(0, at))} <span class="note">${esc(text.slice(at + 1))}</span>`;
};

/** The place report's own rules, beside the pages' shared style: a place a section, a section a printed page. */
const PLACE_STYLE = `${PAGE_STYLE}section.place { margin: 32px 0; }
@media print { section.place { break-before: page; } }
`;

/** A place's name with its code in a note's type ("Wythenshawe (M22, M23) 352-20"), or its code alone. */
/** A file's name without its folders, as a reader knows it. */
const fileName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

const placeLabel = (id: string, name: string | undefined): string =>
  name === undefined || name === id ? esc(id) : `${esc(name)} <span class="note">${esc(id)}</span>`;

/** The profile table: this place beside each of its similar places (named), with any measures of one's own. */
function profileTable(p: PlaceProfile, similar: readonly PlaceProfile[], names: ReadonlyMap<string, string>): string {
  const all = [p, ...similar];
  const head = all
    .map((q, i) => {
      const label = placeLabel(q.id, names.get(q.id));
      return `<th scope="col" class="num">${i === 0 ? label : `<a href="#place-${esc(idPart(q.id))}">${label}</a>`}</th>`;
    })
    .join("");
  const own = [...new Set(all.flatMap((q) => Object.keys(q.extra ?? {})))];
  const rows = [
    ...(Object.keys(WORDS) as ProfileMeasure[]).map((m) => ({ m, words: WORDS[m] })),
    ...own.map((m) => ({ m, words: m, note: "your measure" })),
  ]
    .filter(({ m }) => all.some((q) => placeValue(q, m) !== undefined))
    .map(
      ({ m, words, note }: { m: string; words: string; note?: string }) =>
        `<tr><th scope="row">${esc(words)}${note === undefined ? "" : ` <span class="note">${note}</span>`}</th>${all.map((q) => `<td class="num">${value(placeValue(q, m))}</td>`).join("")}</tr>`,
    );
  return `<table><thead><tr><th scope="col">Pupil-weighted average (± 95%)</th>${head}</tr></thead><tbody>${rows.join("")}<tr><th scope="row">Schools (pupils)</th>${[p, ...similar].map((q) => `<td class="num">${q.schools} (${Math.round(q.pupils)})</td>`).join("")}</tr></tbody></table>`;
}

/**
 * One HTML page of places: an index, then each cluster's map (its schools by phase, hubs ringed), its profile beside
 * the places most like it (linked), and its schools with their distance to the nearest hub; then the schools not
 * placed, with the reason. Text is escaped; the page has no script and a Content-Security-Policy of
 * `default-src 'none'`.
 */
export function placeReport(input: PlaceReportInput, options: { title?: string } = {}): string {
  const title = options.title ?? "Neighbourhood clusters of schools";
  const profiles = new Map(input.profiles.map((p) => [p.id, p]));
  const similar = new Map(input.similar.map((s) => [s.id, s.similar]));
  const compared = new Map(input.similar.map((s) => [s.id, s]));
  const names = new Map(input.places.clusters.flatMap((c) => (c.name === undefined ? [] : [[c.id, c.name]])));
  const sections = input.places.clusters.map((c) => {
    const hubs = new Set(c.hubs);
    const p = profiles.get(c.id);
    const near = (similar.get(c.id) ?? []).flatMap((s) =>
      profiles.has(s.id) ? [profiles.get(s.id) as PlaceProfile] : [],
    );
    const map = placeMap(
      c.schools.map((s) => ({ ...s, hub: hubs.has(s.urn) })),
      { title: `${c.name ?? `Place ${c.id}`}: ${c.members.length} schools`, id: c.id },
    );
    const rows = c.schools
      .map(
        (s) =>
          `<tr><td>${esc(s.name ?? s.urn)} <span class="note">(${esc(s.urn)})</span></td><td>${esc(s.stage ?? s.phase)}${hubs.has(s.urn) ? " (hub)" : ""}</td><td>${esc(s.la ?? "")}</td><td class="num">${s.distanceKm.toFixed(1)}</td></tr>`,
      )
      .join("");
    return [
      `<section class="place" id="place-${esc(idPart(c.id))}"><h2>${esc(c.name ?? `Place ${c.id}`)} <span class="note">${c.name === undefined || c.name === c.id ? "" : `${esc(c.id)} · `}${c.source === "listed" ? `as listed in ${esc(fileName(input.listed?.file ?? "your list"))} · ` : ""}${c.members.length} schools, ${c.hubs.length} secondary</span></h2>`,
      `<figure>${map}<figcaption>Schools at their British National Grid locations; ringed: the secondary schools the place is built around.</figcaption></figure>`,
      p
        ? `<h3>Profile, beside the places most like it</h3>${profileTable(p, near, names)}${comparedOn(compared.get(c.id))}`
        : "",
      placeChart(input.benchmarks, c.id),
      `<h3>Schools</h3><table><thead><tr><th scope="col">School</th><th scope="col">Phase</th><th scope="col">LA</th><th scope="col" class="num">km to hub</th></tr></thead><tbody>${rows}</tbody></table>`,
      "</section>",
    ].join("\n");
  });
  const unplaced = input.places.unplaced.length
    ? `<section id="not-placed"><h2>Not placed, and why</h2><ul>${input.places.unplaced.map((u) => `<li>${esc(u.urn)}: ${esc(u.reason)}</li>`).join("")}</ul></section>`
    : "";
  return [
    ...pageStart(title, PLACE_STYLE),
    `<header><h1>${esc(title)}</h1><p class="note">${placesSentence(input)} Profiles are averages over a place's schools weighted by pupils on roll, with 95% margins from the spread between its schools (Student's t: wide where a value rests on few schools, whose number is shown as n = 2).</p></header>`,
    placeIndex(input),
    ...sections,
    unplaced,
    listedApart(input.listed),
    "</body></html>",
    "",
  ].join("\n");
}

/** What a place's similar places were chosen on, or why it has none. */
function comparedOn(s: SimilarPlaces | undefined): string {
  if (!s) return "";
  if (s.note !== undefined) return `<p class="note">No similar places: ${esc(s.note)}.</p>`;
  return `<p class="note">Most like it on ${esc(measureWords(s.measures))} (each as a z-score across the places; a place missing one is compared on the others).</p>`;
}

/** A place's family chart (it and its similar places, as a family of schools is drawn), when its family has positions. */
function placeChart(benchmarks: Pick<Benchmarks, "families"> | undefined, id: string): string {
  const family = benchmarks?.families.find((f) => f.id === id);
  if (!family?.members.some((m) => m.position)) return "";
  return `<h3>Among the places most like it</h3><figure>${familyChart(family, { labels: "urn", title: `Place ${id} and the places most like it, ${family.year}` })}<figcaption>Each point is a place: its schools' results weighted by pupils. Dashed lines: the average of these places. North-east is better and improving faster.</figcaption></figure>`;
}

/** What the places are: computed clusters, or a list's places with computed ones beside them to compare with. */
function placesSentence(input: PlaceReportInput): string {
  const { clusters, min, max } = input.places;
  const listed = clusters.filter((c) => c.source === "listed").length;
  const computed = `${clusters.length - listed} places of ${min}–${max} schools, each built around its secondary schools`;
  if (listed === 0) return `${computed}.`;
  return `${listed} place${listed === 1 ? "" : "s"} as listed in ${esc(fileName(input.listed?.file ?? "your list"))}; beside them, to compare with, ${computed} from the schools in no listed place.`;
}

/** The index of places: the listed ones first, under their own heading, then the computed ones. */
function placeIndex(input: PlaceReportInput): string {
  const item = (c: PlaceReportInput["places"]["clusters"][number]) =>
    `<li><a href="#place-${esc(idPart(c.id))}">${placeLabel(c.id, c.name)}</a> — ${c.members.length} schools</li>`;
  const listed = input.places.clusters.filter((c) => c.source === "listed");
  const computed = input.places.clusters.filter((c) => c.source !== "listed");
  if (listed.length === 0) return `<nav><h2>Places</h2><ul>${computed.map(item).join("")}</ul></nav>`;
  return `<nav><h2>Your places</h2><ul>${listed.map(item).join("")}</ul><h2>Other places, to compare with</h2><ul>${computed.map(item).join("")}</ul></nav>`;
}

/** A list's schools not in the data, and the data's schools in no listed place, each with the reason. */
function listedApart(listed: PlaceReportInput["listed"]): string {
  if (!listed) return "";
  const notInData = listed.notInData.length
    ? `<h3>Listed, but not in the data</h3><ul>${listed.notInData.map((n) => `<li>${esc(n.urn)}${n.line === undefined ? "" : ` (line ${n.line})`}: ${esc(n.reason)}</li>`).join("")}</ul>`
    : "";
  const unlisted = listed.unlisted.length
    ? `<details><summary>${listed.unlisted.length} schools in no place of ${esc(fileName(listed.file))}: each is in one of the other places, computed to compare with</summary><ul>${listed.unlisted.map((u) => `<li>${esc(u.urn)}: ${esc(u.reason)}</li>`).join("")}</ul></details>`
    : "";
  if (notInData === "" && unlisted === "") return "";
  return `<section id="not-listed"><h2>Schools outside your places, and why</h2>${notInData}${unlisted}</section>`;
}
