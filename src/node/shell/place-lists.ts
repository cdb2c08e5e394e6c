/// <reference types="node" />
// The files people bring to fos places: --places (places as their leaders drew them) and --measures (measures of
// their own). Reading and saying what was left out; the work is the library's.

import type { School } from "../../panel/panel.js";
import type { NeighbourhoodClusters } from "../../place/clusters.js";
import { listedPlaces } from "../../place/listed.js";
import { PROFILE_MEASURES } from "../../place/profile.js";
import { readPlaceList, readSchoolMeasures, type SchoolMeasures } from "../../read/place-lists.js";
import { readInput } from "./io.js";
import { plural } from "./print.js";

/** The first few of a list, for a note ("1, 2, 3, …"). */
const some = (items: readonly string[], n = 5) => items.slice(0, n).join(", ") + (items.length > n ? ", …" : "");

/** The measures of one's own (--measures), with a note on stderr naming the file's schools not in the data. */
export function measuresFlag(path: string | undefined, schools: readonly School[]): SchoolMeasures | undefined {
  if (path === undefined) return undefined;
  const measures = readSchoolMeasures(readInput({ path }), { file: path, reserved: PROFILE_MEASURES });
  const inData = new Set(schools.map((s) => s.urn));
  const apart = Object.keys(measures.schools).filter((u) => !inData.has(u));
  const without = schools.filter((s) => !Object.hasOwn(measures.schools, s.urn)).map((s) => s.urn);
  if (apart.length > 0)
    process.stderr.write(
      `note: ${path}: ${plural(apart.length, "school")} not in the data (not placed, or outside --la), so not in any profile: ${some(apart)}\n`,
    );
  if (without.length > 0)
    process.stderr.write(
      `note: ${path}: ${plural(without.length, "school")} of the data without a line, so without ${measures.columns.join(", ")}: ${some(without)}\n`,
    );
  return measures;
}

/** What --places gives the report and the JSON beside the places: the list's schools apart, each with the reason. */
export interface ListedApart {
  file: string;
  notInData: { urn: string; place: string; line?: number; reason: string }[];
  unlisted: { urn: string; reason: string }[];
}

/**
 * The places of a list people drew (--places), and beside them, to compare with, the computed places of the schools
 * in no listed place (`cluster`). Every school of the data is in a listed place, on no map (with the reason), in a
 * computed place (`apart`, once named), or not placed (with the reason); every listed school not in the data is named.
 */
export function placesFromList(
  path: string,
  schools: readonly School[],
  cluster: (rest: School[]) => NeighbourhoodClusters,
): { result: NeighbourhoodClusters; apart: (named: Pick<NeighbourhoodClusters, "clusters">) => ListedApart } {
  const { rows } = readPlaceList(readInput({ path }), { file: path });
  const listed = listedPlaces(rows, schools, path);
  const unlisted = new Set(listed.unlisted);
  const computed = cluster(schools.filter((s) => unlisted.has(s.urn)));
  const result: NeighbourhoodClusters = {
    ...computed,
    clusters: [...listed.clusters, ...computed.clusters],
    unplaced: [...listed.unplaced, ...computed.unplaced],
    notes: [...listed.notes, ...computed.notes],
  };
  if (listed.notInData.length > 0)
    process.stderr.write(
      `note: ${path}: ${plural(listed.notInData.length, "listed school")} not in the data, so in no place: ${some(listed.notInData.map((n) => `${n.urn} (line ${n.line})`))}; check each URN in GIAS\n`,
    );
  process.stderr.write(
    `note: ${path}: ${plural(listed.clusters.length, "listed place")}; the ${plural(listed.unlisted.length, "school")} in no listed place are clustered as usual, to compare with (named in the report and the JSON)\n`,
  );
  const apart = (named: Pick<NeighbourhoodClusters, "clusters">): ListedApart => ({
    file: path,
    notInData: listed.notInData,
    unlisted: named.clusters
      .filter((c) => c.source !== "listed")
      .flatMap((c) =>
        c.schools.map((s) => ({
          urn: s.urn,
          reason: `${s.name === undefined ? "" : `${s.name}: `}in no place of ${path}; in ${c.name === undefined ? c.id : `${c.name} (${c.id})`}, computed to compare with`,
        })),
      )
      .sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0)),
  });
  return { result, apart };
}
