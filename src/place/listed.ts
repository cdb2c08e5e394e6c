// Places as their leaders drew them: a list of schools and their places, taken instead of computed clusters.
import { compareText } from "../internal/order.js";
import type { School } from "../panel/panel.js";
import type { ClusterMember, NeighbourhoodCluster } from "./clusters.js";
import { HUB_PHASES } from "./clusters.js";

/** One line of a list of places (see `readPlaceList`). */
export interface PlaceListEntry {
  urn: string;
  place: string;
  line?: number;
}

/** The result of {@link listedPlaces}. */
export interface ListedPlaces {
  /** One place per name in the list (its name its id and its `name`; `source: "listed"`), ordered by name. */
  clusters: NeighbourhoodCluster[];
  /** Listed schools in the data but not on any map (no location): they count in their place's profile. */
  unplaced: { urn: string; reason: string }[];
  /** Listed schools that are not in the data, with their place, line and the reason. */
  notInData: { urn: string; place: string; line?: number; reason: string }[];
  /** URNs of the data's schools in no listed place, ascending. */
  unlisted: string[];
  /** What a reader should know: a place with no secondary school, a place none of whose schools is in the data. */
  notes: string[];
}

const km = (a: { easting: number; northing: number }, b: { easting: number; northing: number }) =>
  Math.hypot(a.easting - b.easting, a.northing - b.northing) / 1000;

/** A listed place's located schools, each with its distance to the nearest hub (to the place's centre when none). */
function placeMembers(found: readonly School[]): { schools: ClusterMember[]; unlocated: School[] } {
  const schools: ClusterMember[] = [];
  const unlocated: School[] = [];
  for (const s of found) {
    const r = [...s.years].reverse().find((y) => y.easting !== undefined && y.northing !== undefined);
    if (!r) {
      unlocated.push(s);
      continue;
    }
    schools.push({
      urn: s.urn,
      ...(s.name === undefined ? {} : { name: s.name }),
      phase: s.phase,
      ...(s.la === undefined ? {} : { la: s.la }),
      easting: r.easting as number,
      northing: r.northing as number,
      distanceKm: 0,
    });
  }
  const hubs = schools.filter((s) => HUB_PHASES.has(s.phase));
  const centre = {
    easting: schools.reduce((t, s) => t + s.easting, 0) / Math.max(1, schools.length),
    northing: schools.reduce((t, s) => t + s.northing, 0) / Math.max(1, schools.length),
  };
  for (const s of schools) s.distanceKm = hubs.length > 0 ? Math.min(...hubs.map((h) => km(s, h))) : km(s, centre);
  return { schools, unlocated };
}

/**
 * Places as people drew them, from a list of schools and their places (`readPlaceList`): each place's schools found
 * in the data (its hubs the secondary and all-through ones), with their distances to the nearest hub (to the
 * place's centre when it has none, which a note says). Nothing is dropped silently: a listed school not in the data
 * is in `notInData`, a listed school without a location in `unplaced` (it still counts in the profile), and the data's
 * schools in no listed place in `unlisted`. The same list in any order gives the same places. O(list + schools).
 *
 * @param file - The list's name, for reasons ("not in the data…"). Default "the list".
 * @example
 * const { schools } = panel([
 *   { urn: "135874", phase: "secondary", year: 2019, easting: 382000, northing: 386000 },
 *   { urn: "105434", phase: "primary", year: 2019, easting: 381000, northing: 386500 },
 * ]);
 * listedPlaces([{ urn: "135874", place: "Wythenshawe" }, { urn: "105434", place: "Wythenshawe" }], schools)
 *   .clusters.map((c) => [c.id, c.hubs, c.members]);
 * // => [["Wythenshawe", ["135874"], ["105434", "135874"]]]
 */
export function listedPlaces(
  list: readonly PlaceListEntry[],
  schools: readonly School[] | ReadonlyMap<string, School>,
  file = "the list",
): ListedPlaces {
  const byUrn = schools instanceof Map ? schools : new Map((schools as readonly School[]).map((s) => [s.urn, s]));
  const byPlace = new Map<string, School[]>();
  const notInData: ListedPlaces["notInData"] = [];
  const notes: string[] = [];
  for (const e of [...list].sort((a, b) => compareText(a.urn, b.urn))) {
    const s = byUrn.get(e.urn);
    if (!byPlace.has(e.place)) byPlace.set(e.place, []);
    if (s) (byPlace.get(e.place) as School[]).push(s);
    else
      notInData.push({
        ...e,
        reason: `listed in ${file} under ${e.place}, but not in the data: a closed school, a URN mistyped, or a school outside the data's area (--la); check the URN in GIAS`,
      });
  }
  const clusters: NeighbourhoodCluster[] = [];
  const unplaced: ListedPlaces["unplaced"] = [];
  for (const place of [...byPlace.keys()].sort(compareText)) {
    const found = byPlace.get(place) as School[];
    if (found.length === 0) {
      notes.push(`${place} (${file}): none of its schools is in the data, so it is not a place here`);
      continue;
    }
    const { schools: located, unlocated } = placeMembers(found);
    for (const s of unlocated)
      unplaced.push({ urn: s.urn, reason: `in ${place}'s profile, but on no map: no location (easting and northing)` });
    const hubs = located.filter((s) => HUB_PHASES.has(s.phase)).map((s) => s.urn);
    if (hubs.length === 0)
      notes.push(`${place} (${file}) has no secondary school: its distances are to its schools' centre`);
    clusters.push({
      id: place,
      name: place,
      source: "listed",
      hubs,
      members: found.map((s) => s.urn).sort(compareText),
      schools: located,
    });
  }
  const listed = new Set(list.map((e) => e.urn));
  const unlisted = [...byUrn.keys()].filter((u) => !listed.has(u)).sort(compareText);
  return { clusters, unplaced, notInData, unlisted, notes };
}
