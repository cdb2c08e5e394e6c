import { FamiliesError, type Problem } from "../errors.js";
import { LA_NAMES } from "../internal/la-names.js";
import { compareText } from "../internal/order.js";
import type { SchoolYear } from "../schema.js";
import { readNamedColumns } from "../text/table.js";

/** `urn` continues as `successor` (e.g. a school that converted to an academy and got a new URN). */
export interface SuccessorLink {
  urn: string;
  successor: string;
  /** Where the link came from: a record's own successor field, or a links table. */
  source: "record" | "table";
}

/** One school with all its years, oldest first; a converted school's earlier URNs are kept in `urns`. */
export interface School {
  /** The school's current URN: the last in its chain that has data. */
  urn: string;
  /** Every URN of the school that has data, oldest first, ending with `urn`. */
  urns: string[];
  name?: string;
  la?: string;
  /**
   * The local authority's name: a record's own (e.g. joined from GIAS), else the DfE's name for its LA code (the
   * DfE's LA code list, 2016/17–2018/19, is built in), else none.
   */
  laName?: string;
  phase: string;
  /** One record per year, ascending; each keeps the URN it was published under. */
  years: SchoolYear[];
}

/** A link that was not followed, and why. */
export interface IgnoredLink {
  urn: string;
  successor: string;
  /**
   * Why, as data: `no-data` (the successor has no records), `split` (several successors have records) or `cycle`
   * (the links lead back to the school; the histories on the cycle are joined under its smallest URN).
   */
  kind: "no-data" | "split" | "cycle";
  reason: string;
}

/** The result of {@link panel}. */
export interface Panel {
  /** Ordered by URN. */
  schools: School[];
  /** Links that joined two URNs' histories. */
  joined: SuccessorLink[];
  /** Links that were not followed, with the reason. */
  ignored: IgnoredLink[];
  /** Records left out of a joined history: the school has another record for the same year, kept as the one that publishes more (its result, then its intake), else as its later URN's. */
  overlapping: { urn: string; year: number; keptUrn: string }[];
}

/** Options for {@link panel}. */
export interface PanelOptions {
  /** Extra successor links, e.g. from {@link readLinks} (the GIAS links file). Default: none. */
  links?: readonly Pick<SuccessorLink, "urn" | "successor">[];
}

/**
 * Gathers school-year records into one entry per school with its years in order, following successor
 * links (a record's `successor`, e.g. the KS2 `URN_AC` column, or a links table) so that a school that
 * converted to an academy keeps its history under its new URN. A link is followed only when the successor
 * has data; chains (A → B → C) are followed to the end; a URN with two different successors (a split) is not
 * followed and is listed in `ignored`. Runs in O(n log n) for n records.
 *
 * @param records - School-year records (not mutated).
 * @param options - See {@link PanelOptions}.
 * @returns `{ schools, joined, ignored, overlapping }`; every record is in exactly one school or listed in `overlapping`.
 * @example
 * panel([
 *   { urn: "1", phase: "primary", year: 2017, successor: "2" },
 *   { urn: "2", phase: "primary", year: 2018 },
 * ]).schools.map((s) => [s.urn, s.urns]);
 * // => [["2", ["1", "2"]]]
 */
export function panel(records: readonly SchoolYear[], options: PanelOptions = {}): Panel {
  const byUrnRecords = new Map<string, SchoolYear[]>();
  for (const r of records) {
    const list = byUrnRecords.get(r.urn);
    if (list) list.push(r);
    else byUrnRecords.set(r.urn, [r]);
  }
  const ignored: IgnoredLink[] = [];
  const next = chooseLinks(candidateLinks(records, options.links ?? []), byUrnRecords, ignored);
  const finalOf = rootFinder(next, ignored);
  const groups = new Map<string, string[]>();
  for (const urn of [...byUrnRecords.keys()].sort(compareText)) {
    const end = finalOf(urn);
    const g = groups.get(end);
    if (g) g.push(urn);
    else groups.set(end, [urn]);
  }
  const joined: SuccessorLink[] = [];
  for (const [urn, link] of [...next.entries()].sort((a, b) => compareText(a[0], b[0]))) {
    if (byUrnRecords.has(urn)) joined.push(link);
  }
  const overlapping: Panel["overlapping"] = [];
  const schools: School[] = [];
  for (const [end, urns] of [...groups.entries()].sort((a, b) => compareText(a[0], b[0]))) {
    schools.push(schoolOf(end, urns, byUrnRecords, next, overlapping));
  }
  return { schools, joined, ignored, overlapping };
}

/** Every link from a school to its successor, from the records and the links table (a record's first). */
function candidateLinks(
  records: readonly SchoolYear[],
  links: readonly { urn: string; successor: string }[],
): Map<string, Map<string, SuccessorLink>> {
  const candidates = new Map<string, Map<string, SuccessorLink>>();
  const addLink = (link: SuccessorLink): void => {
    if (link.urn === link.successor) return;
    let set = candidates.get(link.urn);
    if (!set) {
      set = new Map();
      candidates.set(link.urn, set);
    }
    if (!set.has(link.successor)) set.set(link.successor, link);
  };
  for (const r of records)
    if (r.successor !== undefined) addLink({ urn: r.urn, successor: r.successor, source: "record" });
  for (const l of links) addLink({ urn: l.urn, successor: l.successor, source: "table" });
  return candidates;
}

/** The one successor each school continues as: the one with data; none (and why) when no or several have data. */
function chooseLinks(
  candidates: ReadonlyMap<string, ReadonlyMap<string, SuccessorLink>>,
  byUrnRecords: ReadonlyMap<string, SchoolYear[]>,
  ignored: IgnoredLink[],
): Map<string, SuccessorLink> {
  const next = new Map<string, SuccessorLink>();
  for (const urn of [...candidates.keys()].sort(compareText)) {
    const set = candidates.get(urn);
    if (!set) continue;
    const links = [...set.values()].sort((a, b) => compareText(a.successor, b.successor));
    const withData = links.filter((l) => byUrnRecords.has(l.successor));
    for (const l of links) {
      if (!byUrnRecords.has(l.successor) && byUrnRecords.has(urn)) {
        ignored.push({
          urn,
          successor: l.successor,
          kind: "no-data",
          reason: `no data for successor ${l.successor}, so ${urn} keeps its own history`,
        });
      }
    }
    if (withData.length === 1 && withData[0]) next.set(urn, withData[0]);
    else if (withData.length > 1) {
      for (const l of withData) {
        ignored.push({
          urn,
          successor: l.successor,
          kind: "split",
          reason: `${urn} has ${withData.length} successors with data (${withData
            .map((x) => x.successor)
            .sort(compareText)
            .join(", ")}): a split school's history is not given to any one of them`,
        });
      }
    }
  }
  return next;
}

/** A function from a URN to the URN its chain of successors ends at (a cycle ends at its smallest URN). */
function rootFinder(next: ReadonlyMap<string, SuccessorLink>, ignored: IgnoredLink[]): (urn: string) => string {
  const root = new Map<string, string>();
  return (urn: string): string => {
    const known = root.get(urn);
    if (known !== undefined) return known;
    const path: string[] = [];
    const onPath = new Set<string>();
    let at = urn;
    while (next.has(at) && !onPath.has(at) && !root.has(at)) {
      path.push(at);
      onPath.add(at);
      at = next.get(at)?.successor ?? at;
    }
    let end = root.get(at) ?? at;
    if (onPath.has(at)) {
      // A cycle of links: treat the smallest URN on it as the school's URN rather than looping.
      const cycle = path.slice(path.indexOf(at));
      end = [...cycle].sort(compareText)[0] ?? at;
      for (const u of cycle) {
        const link = next.get(u);
        if (link)
          ignored.push({
            urn: u,
            successor: link.successor,
            kind: "cycle",
            reason: `the links form a cycle (${cycle.join(" → ")}); the histories are joined under ${end}`,
          });
      }
    }
    for (const u of path) root.set(u, end);
    root.set(at, end);
    return end;
  };
}

/**
 * How much a record of a year publishes: its result first, then its intake. A school that converts during a year may
 * have two rows for it, the new URN's empty and the old one's with the results: the one with results is the year's.
 */
function published(r: SchoolYear): number {
  return (
    (r.attainment === undefined ? 0 : 2) + (r.priorAttainment === undefined && r.disadvantage === undefined ? 0 : 1)
  );
}

/**
 * One school from the records of every URN in its chain; a year both published is the one with more published
 * ({@link published}), else the successor's. Its name, authority and phase are its latest URN's.
 */
function schoolOf(
  end: string,
  urns: readonly string[],
  byUrnRecords: ReadonlyMap<string, SchoolYear[]>,
  next: ReadonlyMap<string, SuccessorLink>,
  overlapping: Panel["overlapping"],
): School {
  const rank = chainRank(end, urns, next);
  const byYear = new Map<number, SchoolYear>();
  // (Loops, not flatMap or Sets: this runs once per school and flatMap is slow in V8.)
  const all: SchoolYear[] = [];
  for (const u of urns) for (const r of byUrnRecords.get(u) ?? []) all.push(r);
  if (urns.length > 1 || !all.every((r, i) => i === 0 || (all[i - 1] as SchoolYear).year < r.year))
    all.sort(
      (a, b) =>
        a.year - b.year ||
        published(b) - published(a) ||
        (rank.get(b.urn) ?? 0) - (rank.get(a.urn) ?? 0) ||
        compareText(a.urn, b.urn),
    );
  for (const r of all) {
    const kept = byYear.get(r.year);
    if (kept) overlapping.push({ urn: r.urn, year: r.year, keptUrn: kept.urn });
    else byYear.set(r.year, r);
  }
  const years = [...byYear.values()];
  // The school as it is now: its final URN's latest record, where it has one (its row may be the empty one dropped).
  let latest = years[years.length - 1];
  for (const r of all) if (r.urn === end && (latest === undefined || r.year >= latest.year)) latest = r;
  const ordered: string[] = [];
  for (const y of years) if (!ordered.includes(y.urn)) ordered.push(y.urn);
  if (!ordered.includes(end)) ordered.push(end);
  const laName = latest?.laName ?? (latest?.la === undefined ? undefined : LA_NAMES.get(latest.la));
  return {
    urn: end,
    urns: ordered,
    ...(latest?.name === undefined ? {} : { name: latest.name }),
    ...(latest?.la === undefined ? {} : { la: latest.la }),
    ...(laName === undefined ? {} : { laName }),
    phase: latest?.phase ?? "all",
    years,
  };
}

/** How late in the chain each URN stands: the final URN ranks highest. */
function chainRank(
  end: string,
  urns: readonly string[],
  next: ReadonlyMap<string, SuccessorLink>,
): Map<string, number> {
  const rank = new Map<string, number>();
  for (const u of urns) {
    let steps = 0;
    let at = u;
    const seen = new Set<string>();
    while (at !== end && next.has(at) && !seen.has(at)) {
      seen.add(at);
      at = next.get(at)?.successor ?? at;
      steps++;
    }
    rank.set(u, -steps);
  }
  return rank;
}

/** Options for {@link readLinks}. */
export interface ReadLinksOptions {
  /** The file's name, for messages. Default: none. */
  file?: string;
}

/**
 * Reads a successor-links table in the GIAS links layout (`URN,LinkURN,LinkType,…`). `Successor…` rows say
 * `LinkURN` continues `URN`; `Predecessor…` rows say `URN` continues `LinkURN`; other link types (sixth-form
 * links, splits' "Result of Amalgamation", …) are not successions and are counted in `skipped`.
 * Decode the GIAS file from cp1252 before calling (the Node helper does).
 *
 * @param text - The table's text.
 * @returns `{ links, skipped }`, links de-duplicated and ordered by URN.
 * @throws {FamiliesError} when a column is missing or a URN is blank.
 * @example
 * readLinks("URN,LinkURN,LinkType\n116181,144093,Successor\n").links;
 * // => [{ urn: "116181", successor: "144093" }]
 */
export function readLinks(
  text: string,
  options: ReadLinksOptions = {},
): { links: { urn: string; successor: string }[]; skipped: { line: number; linkType: string }[] } {
  const { at, rows } = readNamedColumns(
    text,
    ["URN", "LinkURN", "LinkType"],
    "a links table needs URN, LinkURN and LinkType (the GIAS links layout)",
    options.file,
  );
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const links: { urn: string; successor: string }[] = [];
  const skipped: { line: number; linkType: string }[] = [];
  for (const { line, cells } of rows) {
    const [urn = "", link = "", type = ""] = cells;
    if (urn === "" || link === "") {
      problems.push({
        code: "missing-urn",
        ...at,
        line,
        column: urn === "" ? "URN" : "LinkURN",
        value: "",
        message: "a link needs both URNs",
      });
      continue;
    }
    const lower = type.toLowerCase();
    let pair: { urn: string; successor: string } | undefined;
    if (lower.includes("split")) pair = undefined;
    else if (lower.startsWith("successor")) pair = { urn, successor: link };
    else if (lower.startsWith("predecessor")) pair = { urn: link, successor: urn };
    if (!pair) {
      skipped.push({ line, linkType: type });
      continue;
    }
    const key = `${pair.urn}\u0000${pair.successor}`;
    if (!seen.has(key)) {
      seen.add(key);
      links.push(pair);
    }
  }
  if (problems.length > 0) throw new FamiliesError(problems);
  links.sort((a, b) => compareText(a.urn, b.urn) || compareText(a.successor, b.successor));
  return { links, skipped };
}
