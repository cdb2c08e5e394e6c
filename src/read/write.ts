import { SCALAR_FIELD_NAMES, type ScalarField } from "../fields.js";
import type { SchoolYear } from "../schema.js";
import { type CsvCellOptions, csvLine } from "../text/cells.js";
import { GENERIC_HEADERS } from "./fields.js";

/** Options for {@link schoolsToCsv}: those of its cells. */
export type SchoolsToCsvOptions = CsvCellOptions;

const FIELD_ORDER = SCALAR_FIELD_NAMES;
const ALWAYS: ReadonlySet<ScalarField> = new Set(["urn", "phase", "year"]);

/**
 * Writes records in the generic tidy layout that {@link readSchools} reads back unchanged: snake_case headers,
 * `attainment_<group>` for sub-groups, `subject_<name>` for subjects, `<name>_lower`/`<name>_upper` for
 * intervals (`subject_<name>_lower` for a subject's). Only columns some record uses are written; missing
 * values are empty cells. Runs in O(records × columns).
 *
 * @param records - The records, written in the order given (not mutated).
 * @param options - See {@link SchoolsToCsvOptions}.
 * @returns CSV text with a header line and a final newline.
 * @example
 * schoolsToCsv([{ urn: "100001", phase: "primary", year: 2019, attainment: 61 }]);
 * // => "urn,phase,year,attainment\n100001,primary,2019,61\n"
 */
export function schoolsToCsv(records: readonly SchoolYear[], options: SchoolsToCsvOptions = {}): string {
  const fields = FIELD_ORDER.filter((f) => ALWAYS.has(f) || records.some((r) => r[f] !== undefined));
  const groups = new Set<string>();
  const subjects = new Set<string>();
  const intervals = new Set<string>();
  for (const r of records) {
    for (const k of Object.keys(r.subgroups ?? {})) groups.add(k);
    for (const k of Object.keys(r.subjects ?? {})) subjects.add(k);
    for (const k of Object.keys(r.intervals ?? {})) intervals.add(k);
  }
  const sorted = (s: Set<string>): string[] => [...s].sort();
  const groupList = sorted(groups);
  const subjectList = sorted(subjects);
  const intervalList = sorted(intervals);
  const intervalBase = (name: string): string => (subjects.has(name) ? `subject_${name}` : name);
  const header = [
    ...fields.map((f) => GENERIC_HEADERS[f]),
    ...groupList.map((g) => `attainment_${g}`),
    ...subjectList.map((s) => `subject_${s}`),
    ...intervalList.flatMap((i) => [`${intervalBase(i)}_lower`, `${intervalBase(i)}_upper`]),
  ];
  const own = <T>(bag: Record<string, T> | undefined, key: string): T | undefined =>
    bag !== undefined && Object.hasOwn(bag, key) ? bag[key] : undefined;
  const lines = [csvLine(header, options)];
  for (const r of records) {
    const cells: (string | number | undefined)[] = fields.map((f) => r[f]);
    for (const g of groupList) cells.push(own(r.subgroups, g));
    for (const s of subjectList) cells.push(own(r.subjects, s));
    for (const i of intervalList) {
      const iv = own(r.intervals, i);
      cells.push(iv?.lower, iv?.upper);
    }
    lines.push(csvLine(cells, options));
  }
  return `${lines.join("\n")}\n`;
}
