// What a head teacher calls a place and its schools: a place named from its schools' localities and postcode
// districts ("Wythenshawe (M22, M23)"), and each school's stage (infant, junior, first, middle, …) from GIAS.
import { LA_NAMES } from "../internal/la-names.js";
import type { Establishment } from "../read/gias.js";
import type { NeighbourhoodCluster, NeighbourhoodClusters } from "./clusters.js";

/** What {@link schoolStage} reads of a GIAS establishment. */
export type StageFacts = Pick<Establishment, "phase" | "giasPhase" | "type" | "lowAge" | "highAge">;

/**
 * A school's stage, finer than its phase, from GIAS: "special" (a special school of any type), "16 plus" (phase 16
 * plus, or a further-education or sixth-form college), "nursery", "middle" (middle deemed primary or secondary),
 * "all-through", "secondary", and for a primary by its statutory ages: "infant" (to 7 or 8), "junior" (from 7),
 * "first" (to 9 or 10), else "primary". Undefined when GIAS says nothing that places it (no phase, no type).
 *
 * @example
 * schoolStage({ giasPhase: "Primary", phase: "primary", lowAge: 4, highAge: 7 }); // => "infant"
 * schoolStage({ giasPhase: "Middle deemed secondary", phase: "secondary", lowAge: 9, highAge: 13 }); // => "middle"
 * schoolStage({ type: "Community special school", lowAge: 2, highAge: 19 }); // => "special"
 */
export function schoolStage(e: StageFacts): string | undefined {
  const type = e.type?.toLowerCase() ?? "";
  const gias = (e.giasPhase ?? e.phase ?? "").toLowerCase();
  if (type.includes("special")) return "special";
  if (gias === "16 plus" || /further education|sixth form/.test(type)) return "16 plus";
  if (gias === "nursery") return "nursery";
  if (gias.startsWith("middle")) return "middle";
  if (gias === "all-through" || gias === "secondary") return gias;
  if (gias !== "primary") return undefined;
  const { lowAge: low, highAge: high } = e;
  if (high !== undefined && high <= 8) return "infant";
  if (low !== undefined && low >= 7) return "junior";
  if (high !== undefined && high <= 10) return "first";
  return "primary";
}

/** What {@link placeName} reads of each school. */
export type NameFacts = Pick<Establishment, "urn" | "locality" | "town" | "postcode" | "laName">;

/** Options for {@link placeName}. */
export interface PlaceNameOptions {
  /** URNs of the place's hubs: their locality or town names it before the other schools'. Default: none. */
  hubs?: ReadonlySet<string>;
  /** At most this many postcode districts in the name. Default 3. */
  districts?: number;
}

const byCount = (counts: Map<string, number>, better: (a: string, b: string) => number) =>
  [...counts].sort((a, b) => b[1] - a[1] || better(a[0], b[0])).map(([k]) => k);
const natural = (a: string, b: string) => a.localeCompare(b, "en", { numeric: true });
/** GIAS's `Locality` is sometimes a street ("London Road"): such a value names no place. */
const STREET = /\b(road|street|lane|way|avenue|drive|close|crescent|grove|place|walk|terrace|rd|st)\.?$/i;
/** GIAS's `Town` is sometimes a county ("Lancs"): such a value names no place either. */
const COUNTY =
  /^(lancs|lancashire|cheshire|greater manchester|merseyside|west midlands|(north|south|west|east) yorkshire|yorks|middx|middlesex|herts|hants|berks|bucks|notts|derbys|staffs|glos|wilts|oxon|cambs|northants|leics|lincs|warks|worcs)$/i;
const areaOf = (s: NameFacts): string | undefined => {
  if (s.locality !== undefined && !STREET.test(s.locality.trim())) return s.locality;
  return s.town !== undefined && !COUNTY.test(s.town.trim()) ? s.town : undefined;
};
const AUTHORITIES = new Set([...LA_NAMES.values()].map((n) => n.toLowerCase()));
const tally = (values: readonly (string | undefined)[]) => {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== undefined && v.trim() !== "") counts.set(v.trim(), (counts.get(v.trim()) ?? 0) + 1);
  return counts;
};

/**
 * A place's name from its schools: the hubs' commonest locality (GIAS `Locality`, unless it is a street such as
 * "London Road"), else town (`Town`) — the other
 * schools' when no hub has one; on a tie, a name that is not a local authority's (Wythenshawe before Manchester) —
 * and its schools' commonest postcode districts (the outward code, "M22"; those of one school left out when others
 * have more), in order. A town that is a county ("Lancs") names nothing; a town that is another local authority's
 * name (the postal town "Manchester" for schools in Bury) gives way to the place's own authority's name ("Bury").
 * With no locality or town, the authority's name. Undefined when the schools have none of these. O(schools log schools).
 *
 * @example
 * placeName([
 *   { urn: "1", town: "Wythenshawe", postcode: "M22 9RH", laName: "Manchester" },
 *   { urn: "2", town: "Manchester", postcode: "M23 9BP", laName: "Manchester" },
 *   { urn: "3", town: "Manchester", postcode: "M23 0BT", laName: "Manchester" },
 *   { urn: "4", town: "Wythenshawe", postcode: "M22 5DB", laName: "Manchester" },
 * ], { hubs: new Set(["1", "2"]) }); // => "Wythenshawe (M22, M23)"
 */
export function placeName(schools: readonly NameFacts[], options: PlaceNameOptions = {}): string | undefined {
  const hubs = options.hubs ?? new Set<string>();
  const laNames = new Set(schools.flatMap((s) => (s.laName === undefined ? [] : [s.laName.toLowerCase()])));
  const notLa = (a: string, b: string) =>
    Number(laNames.has(a.toLowerCase())) - Number(laNames.has(b.toLowerCase())) || natural(a, b);
  const hubSchools = schools.filter((s) => hubs.has(s.urn));
  let area: string | undefined;
  for (const group of [hubSchools, schools]) {
    const counts = tally(group.map(areaOf));
    area = byCount(counts, notLa)[0];
    if (area !== undefined) break;
  }
  // A postal town that is another authority's name ("Manchester" for Prestwich, in Bury) would send a reader to the
  // wrong place: the place's own authority names it instead.
  const own = byCount(tally(schools.map((s) => s.laName)), natural)[0];
  const elsewhere =
    area !== undefined && AUTHORITIES.has(area.toLowerCase()) && area.toLowerCase() !== own?.toLowerCase();
  if (own !== undefined && (area === undefined || elsewhere)) area = own;
  const districtCounts = tally(schools.map((s) => s.postcode?.trim().split(/\s+/)[0]?.toUpperCase()));
  const most = Math.max(0, ...districtCounts.values());
  const districts = byCount(districtCounts, natural)
    .filter((d) => most < 2 || (districtCounts.get(d) ?? 0) >= 2)
    .slice(0, options.districts ?? 3)
    .sort(natural);
  if (area === undefined) return districts.length > 0 ? districts.join(", ") : undefined;
  return districts.length > 0 ? `${area} (${districts.join(", ")})` : area;
}

/**
 * Places with names and stages: each cluster without a `name` named by {@link placeName} from its schools' GIAS rows
 * (a listed place keeps the name it was given), and each school its {@link schoolStage}. Schools the register lacks
 * keep their phase only. Does not change its inputs. O(schools).
 *
 * @example
 * const { establishments } = readGias(
 *   "URN,PhaseOfEducation (name),Town,Postcode,Easting,Northing\n" +
 *     "1,Secondary,Wythenshawe,M22 9RH,382000,386000\n" +
 *     "2,Primary,Manchester,M22 5DB,381500,387000\n",
 * );
 * const places = neighbourhoodClusters(panel(registerRecords(establishments, 2022)).schools, { min: 1 });
 * describePlaces(places, establishments).clusters[0].name;
 * // => "Wythenshawe (M22)"
 */
export function describePlaces<P extends Pick<NeighbourhoodClusters, "clusters">>(
  places: P,
  register: readonly Establishment[],
): P {
  const byUrn = new Map(register.map((e) => [e.urn, e]));
  const clusters = places.clusters.map((c): NeighbourhoodCluster => {
    const rows = c.members.flatMap((u) => (byUrn.has(u) ? [byUrn.get(u) as Establishment] : []));
    const name = c.name ?? placeName(rows, { hubs: new Set(c.hubs) });
    const schools = c.schools.map((s) => {
      const e = byUrn.get(s.urn);
      const stage = e === undefined ? undefined : schoolStage(e);
      return stage === undefined ? { ...s } : { ...s, stage };
    });
    return { ...c, ...(name === undefined ? {} : { name }), schools };
  });
  return { ...places, clusters };
}
