import { FamiliesError, type Problem } from "../errors.js";
import { schoolsFor } from "../features/features.js";
import type { Family } from "../group/families.js";
import { compareText } from "../internal/order.js";
import type { School } from "../panel/panel.js";
import { readNamedColumns } from "../text/table.js";

/** Options for {@link readFamilies}. */
export interface ReadFamiliesOptions {
  /** The file's name, for messages. Default: none. */
  file?: string;
}

/** The result of {@link readFamilies}. */
export interface SavedFamilies {
  /** The families, ids in order, members ascending; `partition` is the members' phase; `centroid` is empty (no features are known). */
  families: Family[];
  /** URNs in the file with no data among the schools given. */
  notInData: string[];
  /** Schools in the data that the file puts in no family. */
  notInFile: string[];
  /** Every line of the file: URN → family, including URNs with no data (for `regroupFamilies`, which follows them to their successors). */
  assignments: Record<string, string>;
}

/**
 * Reads a saved grouping — `urn,family` lines, as `fos group --csv` writes them — so that families can be
 * benchmarked again later without regrouping. O(n log n).
 *
 * @param text - The CSV text.
 * @param schools - The schools (from `panel`) the families are for, to give each family its phase.
 * @param options - See {@link ReadFamiliesOptions}.
 * @returns {@link SavedFamilies}.
 * @throws {FamiliesError} when a column is missing, a line has no URN or family, or a school is in two families.
 * @example
 * const { schools } = panel([
 *   { urn: "100001", phase: "primary", year: 2019 },
 *   { urn: "100002", phase: "primary", year: 2019 },
 * ]);
 * readFamilies("urn,family\n100001,P01\n100002,P01\n", schools).families[0].members;
 * // => ["100001", "100002"]
 */
export function readFamilies(
  text: string,
  schools: readonly School[],
  options: ReadFamiliesOptions = {},
): SavedFamilies {
  const { at, rows } = readNamedColumns(
    text,
    ["urn", "family"],
    "a saved grouping needs the columns urn and family (as fos group --csv writes)",
    options.file,
  );
  const problems: Problem[] = [];
  const familyOf = new Map<string, { family: string; line: number }>();
  for (const { line, cells } of rows) {
    const [urn = "", family = ""] = cells;
    if (urn === "" || family === "") {
      problems.push({
        code: "missing-value",
        ...at,
        line,
        column: urn === "" ? "urn" : "family",
        value: "",
        message: "every line needs a URN and a family",
      });
      continue;
    }
    const before = familyOf.get(urn);
    if (before && before.family !== family) {
      problems.push({
        code: "duplicate",
        ...at,
        line,
        column: "urn",
        value: urn,
        message: `school ${urn} is in family ${before.family} on line ${before.line} and in ${family} here: a school belongs to one family`,
      });
      continue;
    }
    familyOf.set(urn, { family, line });
  }
  if (problems.length > 0) throw new FamiliesError(problems);
  const byUrn = new Map(schoolsFor("readFamilies", schools).map((s) => [s.urn, s]));
  const members = new Map<string, string[]>();
  const notInData: string[] = [];
  for (const [urn, { family }] of familyOf) {
    if (!byUrn.has(urn)) {
      notInData.push(urn);
      continue;
    }
    const list = members.get(family);
    if (list) list.push(urn);
    else members.set(family, [urn]);
  }
  const families: Family[] = [...members.entries()]
    .sort((a, b) => compareText(a[0], b[0]))
    .map(([id, urns]) => {
      urns.sort();
      return {
        id,
        partition: byUrn.get(urns[0] as string)?.phase ?? "all",
        size: urns.length,
        members: urns,
        centroid: {},
      };
    });
  const mixed = families.flatMap((f) => mixedPhases(f, byUrn, options.file));
  if (mixed.length > 0) throw new FamiliesError(mixed);
  const notInFile = [...byUrn.keys()].filter((u) => !familyOf.has(u)).sort();
  // fromEntries defines own properties, so even a URN "__proto__" is a plain key.
  const assignments: Record<string, string> = Object.fromEntries(
    [...familyOf].sort((a, b) => compareText(a[0], b[0])).map(([urn, { family }]) => [urn, family]),
  );
  return { families, notInData: notInData.sort(), notInFile, assignments };
}

/** A problem when a family's members are of more than one phase: a family compares schools of one phase. */
function mixedPhases(family: Family, byUrn: ReadonlyMap<string, School>, file: string | undefined): Problem[] {
  const byPhase = new Map<string, string[]>();
  for (const urn of family.members) {
    const phase = byUrn.get(urn)?.phase ?? "all";
    const list = byPhase.get(phase);
    if (list) list.push(urn);
    else byPhase.set(phase, [urn]);
  }
  if (byPhase.size < 2) return [];
  const parts = [...byPhase].sort((a, b) => b[1].length - a[1].length || compareText(a[0], b[0]));
  const [, ...fewer] = parts;
  const named = fewer.flatMap(([, urns]) => urns).slice(0, 10);
  return [
    {
      code: "mixed-phases",
      ...(file === undefined ? {} : { file }),
      column: "family",
      value: family.id,
      message: `family ${family.id} mixes phases (${parts.map(([p, urns]) => `${urns.length} ${p}`).join(", ")}): a family compares schools of one phase; move ${named.join(", ")}${fewer.flatMap(([, u]) => u).length > 10 ? ", …" : ""} to a family of their own phase`,
    },
  ];
}
