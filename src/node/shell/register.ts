/// <reference types="node" />
// The files read beside the data: the GIAS register (--gias) and the GIAS links file (--links).

import { readLinks } from "../../panel/panel.js";
import { type Establishment, readGias } from "../../read/gias.js";
import { joinRegister, type RegisterJoin } from "../../read/register.js";
import type { SchoolYear } from "../../schema.js";
import { readInput } from "./io.js";
import { plural } from "./print.js";

/** The register's establishments (--gias), or undefined when none was given. Problems throw a FamiliesError. */
export function registerFlag(path: string | undefined): Establishment[] | undefined {
  if (path === undefined) return undefined;
  return readGias(readInput({ path }), { file: path }).establishments;
}

/** The successor links (--links), or none. Problems throw a FamiliesError. */
export function linksFlag(path: string | undefined): { urn: string; successor: string }[] {
  if (path === undefined) return [];
  return readLinks(readInput({ path }), { file: path }).links;
}

/** The register joined to the records, with a note on stderr of what it found and what it did not. */
export function joinWithNote(
  records: readonly SchoolYear[],
  register: readonly Establishment[],
  path: string,
): RegisterJoin {
  const join = joinRegister(records, register);
  const urns = new Set(records.map((r) => r.urn)).size;
  const found = urns - join.notFound.length;
  const located = join.filled.easting;
  const some = join.notFound.slice(0, 5).join(", ") + (join.notFound.length > 5 ? ", …" : "");
  process.stderr.write(
    `note: ${path}: ${found} of ${plural(urns, "URN")} found${join.notFound.length > 0 ? ` (not found: ${some})` : ""}; locations added to ${plural(located, "record")}, local authority names to ${join.filled.laName}${join.closed.length > 0 ? `; ${plural(join.closed.length, "school")} closed` : ""}\n`,
  );
  return join;
}
