// Joining the school register (GIAS) to school records by URN: what the results files lack.
import { compareText } from "../internal/order.js";
import type { SchoolYear } from "../schema.js";
import type { Establishment } from "./gias.js";

/** The record fields the register can fill. */
export const REGISTER_FIELDS = ["name", "la", "laName", "easting", "northing"] as const;

/** The result of {@link joinRegister}. */
export interface RegisterJoin {
  /** The records, each with the register's values where it had none of its own (its own always win). */
  records: SchoolYear[];
  /** URNs of the records that the register does not list, ordered. */
  notFound: string[];
  /** How many records gained each field. */
  filled: Record<(typeof REGISTER_FIELDS)[number], number>;
  /** Records' schools that the register lists as closed, with the date, ordered by URN. */
  closed: { urn: string; closeDate?: string }[];
}

/** Each establishment by URN. */
function byUrn(register: readonly Establishment[]): Map<string, Establishment> {
  const map = new Map<string, Establishment>();
  for (const e of register) map.set(e.urn, e);
  return map;
}

/**
 * Each school's phase in the register, by URN, for reading files whose rows have none (`readSchools`' `phases`).
 *
 * @example
 * registerPhases([{ urn: "1", phase: "primary" }, { urn: "2" }]); // => new Map([["1", "primary"]])
 */
export function registerPhases(register: readonly Establishment[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const e of register) if (e.phase !== undefined) map.set(e.urn, e.phase);
  return map;
}

/**
 * Joins the register (from {@link readGias}) to school records by URN: a record without a name, local authority
 * (code or name), pupils on roll or location gets the register's. A location is taken only when the record has none at all
 * (neither grid reference nor latitude and longitude), and only whole (easting and northing).
 * Records are not changed; those that gain nothing are returned as they were.
 *
 * @returns `{ records, notFound, filled, closed }`.
 * @example
 * joinRegister([{ urn: "1", phase: "primary", year: 2019 }], [{ urn: "1", laName: "Hampshire" }]).records[0].laName;
 * // => "Hampshire"
 */
export function joinRegister(records: readonly SchoolYear[], register: readonly Establishment[]): RegisterJoin {
  const lookup = byUrn(register);
  const filled = { name: 0, la: 0, laName: 0, easting: 0, northing: 0, pupils: 0 };
  const notFound = new Set<string>();
  const closed = new Map<string, { urn: string; closeDate?: string }>();
  const out: SchoolYear[] = [];
  for (const r of records) {
    const e = lookup.get(r.urn);
    if (!e) {
      notFound.add(r.urn);
      out.push(r);
      continue;
    }
    if (e.status?.toLowerCase() === "closed" && !closed.has(r.urn))
      closed.set(r.urn, { urn: r.urn, ...(e.closeDate === undefined ? {} : { closeDate: e.closeDate }) });
    const add: Partial<SchoolYear> = {};
    if (r.name === undefined && e.name !== undefined) add.name = e.name;
    if (r.la === undefined && e.la !== undefined) add.la = e.la;
    if (r.laName === undefined && e.laName !== undefined) add.laName = e.laName;
    if (r.pupils === undefined && e.pupils !== undefined) add.pupils = e.pupils;
    const located = r.easting !== undefined || r.northing !== undefined || r.lat !== undefined || r.lon !== undefined;
    if (!located && e.easting !== undefined && e.northing !== undefined) {
      add.easting = e.easting;
      add.northing = e.northing;
    }
    const keys = Object.keys(add) as (keyof typeof filled)[];
    for (const k of keys) filled[k]++;
    out.push(keys.length === 0 ? r : { ...r, ...add });
  }
  return {
    records: out,
    notFound: [...notFound].sort(compareText),
    filled,
    closed: [...closed.values()].sort((a, b) => compareText(a.urn, b.urn)),
  };
}

/**
 * The register's establishments as school records for one year: name, local authority (code and name), phase (GIAS
 * "not applicable", e.g. special schools, as `other`), pupils and location — enough to map places and cluster them
 * with the register alone. Closed establishments are left out. O(n).
 *
 * @example
 * registerRecords([{ urn: "1", phase: "primary", easting: 380000, northing: 390000 }], 2019)[0].phase;
 * // => "primary"
 */
export function registerRecords(register: readonly Establishment[], year: number): SchoolYear[] {
  const out: SchoolYear[] = [];
  for (const e of register) {
    if (e.status?.toLowerCase() === "closed") continue;
    out.push({
      urn: e.urn,
      ...(e.name === undefined ? {} : { name: e.name }),
      ...(e.la === undefined ? {} : { la: e.la }),
      ...(e.laName === undefined ? {} : { laName: e.laName }),
      phase: e.phase ?? "other",
      year,
      ...(e.pupils === undefined ? {} : { pupils: e.pupils }),
      ...(e.easting === undefined || e.northing === undefined ? {} : { easting: e.easting, northing: e.northing }),
    });
  }
  return out;
}
