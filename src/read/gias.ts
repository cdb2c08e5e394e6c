// The school register: GIAS establishment files (the "edubasealldata" download and files in its layout).
import { FamiliesError, type Problem } from "../errors.js";
import { FIELDS, shownValue, type ValueRule } from "../fields.js";
import { compareText } from "../internal/order.js";
import { type ColumnSpec, readColumns } from "../text/table.js";
import { readCell } from "./values.js";

/** One establishment in the register, with what GIAS says about it. Every field but the URN may be missing. */
export interface Establishment {
  urn: string;
  name?: string;
  /** The local authority's code (`LA (code)`, e.g. "850"). */
  la?: string;
  /** The local authority's name (`LA (name)`, e.g. "Hampshire"). */
  laName?: string;
  /** The phase in the library's words: primary, secondary, all-through, 16 plus, nursery (GIAS's "not applicable": none). */
  phase?: string;
  /** `TypeOfEstablishment (name)`, e.g. "Academy converter". */
  type?: string;
  /** `EstablishmentStatus (name)`: "Open", "Closed", "Open, but proposed to close", "Proposed to open". */
  status?: string;
  /** ISO dates (GIAS writes dd-mm-yyyy). */
  openDate?: string;
  closeDate?: string;
  /** `NumberOfPupils` at the last census. */
  pupils?: number;
  /** `PercentageFSM`: pupils eligible for free school meals now, 0–100. */
  fsm?: number;
  postcode?: string;
  /** `Locality`, e.g. "Wythenshawe" (the full GIAS download has it; derived files may not). */
  locality?: string;
  /** `Town`, e.g. "Manchester". */
  town?: string;
  /** `PhaseOfEducation (name)` in GIAS's own words ("Middle deemed primary"), which `phase` folds. */
  giasPhase?: string;
  /** `StatutoryLowAge` and `StatutoryHighAge`: the ages the school takes pupils from and to (4 and 11). */
  lowAge?: number;
  highAge?: number;
  /** `LSOA (code)`: the lower layer super output area the school stands in, e.g. "E01005074". */
  lsoa?: string;
  /** British National Grid, metres. */
  easting?: number;
  northing?: number;
}

/** The result of {@link readGias}. */
export interface Register {
  /** Every establishment, ordered by URN. */
  establishments: Establishment[];
  /** The fields the file has a column for. */
  fields: (keyof Establishment)[];
}

/** Options for {@link readGias}. */
export interface ReadGiasOptions {
  /** The file's name, for messages. Default: none. */
  file?: string;
}

type Kind = "text" | "phase" | "date" | ValueRule;

/** The register's columns: the field, the headers it goes by, and how its cells are read. */
const COLUMNS: readonly { field: keyof Establishment; names: readonly string[]; kind: Kind }[] = [
  { field: "urn", names: ["URN"], kind: "text" },
  { field: "name", names: ["EstablishmentName"], kind: "text" },
  { field: "la", names: ["LA (code)"], kind: "text" },
  { field: "laName", names: ["LA (name)"], kind: "text" },
  { field: "phase", names: ["PhaseOfEducation (name)"], kind: "phase" },
  { field: "type", names: ["TypeOfEstablishment (name)"], kind: "text" },
  { field: "status", names: ["EstablishmentStatus (name)"], kind: "text" },
  { field: "openDate", names: ["OpenDate"], kind: "date" },
  { field: "closeDate", names: ["CloseDate"], kind: "date" },
  { field: "pupils", names: ["NumberOfPupils"], kind: { type: "integer", min: 0 } },
  { field: "fsm", names: ["PercentageFSM"], kind: { type: "percentage" } },
  { field: "postcode", names: ["Postcode"], kind: "text" },
  { field: "locality", names: ["Locality"], kind: "text" },
  { field: "town", names: ["Town"], kind: "text" },
  { field: "giasPhase", names: ["PhaseOfEducation (name)"], kind: "text" },
  { field: "lowAge", names: ["StatutoryLowAge"], kind: { type: "integer", min: 0 } },
  { field: "highAge", names: ["StatutoryHighAge"], kind: { type: "integer", min: 0 } },
  { field: "lsoa", names: ["LSOA (code)"], kind: "text" },
  { field: "easting", names: ["Easting"], kind: FIELDS.easting },
  { field: "northing", names: ["Northing"], kind: FIELDS.northing },
];

/** GIAS phases in the library's words; "Not applicable" (special schools, PRUs) has none. */
const PHASES: ReadonlyMap<string, string | undefined> = new Map([
  ["primary", "primary"],
  ["middle deemed primary", "primary"],
  ["secondary", "secondary"],
  ["middle deemed secondary", "secondary"],
  ["all-through", "all-through"],
  ["16 plus", "16 plus"],
  ["nursery", "nursery"],
  ["not applicable", undefined],
]);

/**
 * A date as GIAS writes it (dd-mm-yyyy or dd/mm/yyyy) or ISO, as ISO; undefined when it is neither, or is no day of
 * the calendar (31-02-2019, 45-13-2019).
 */
function isoDate(text: string): string | undefined {
  const dmy = /^(\d{1,2})[-/](\d{1,2})[-/](\d{4})$/.exec(text);
  const ymd = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const [year, month, day] = dmy ? [dmy[3], dmy[2], dmy[1]] : ymd ? [ymd[1], ymd[2], ymd[3]] : [];
  if (year === undefined || month === undefined || day === undefined) return undefined;
  const [y, m, d] = [Number(year), Number(month), Number(day)];
  // Day 0 of the next month is this month's last day (leap years included).
  if (m < 1 || m > 12 || d < 1 || d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return undefined;
  return `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
}

/** One cell as its column's kind reads it: the value, nothing for a blank, or the problem's message. */
function cellOf(
  text: string,
  kind: Kind,
): { value?: string | number; error?: { code: "invalid-value" | "out-of-range"; message: string } } {
  if (text === "") return {};
  if (kind === "text") return { value: text };
  if (kind === "phase") {
    const key = text.toLowerCase();
    if (!PHASES.has(key)) return { value: key };
    const phase = PHASES.get(key);
    return phase === undefined ? {} : { value: phase };
  }
  if (kind === "date") {
    const iso = isoDate(text);
    if (iso !== undefined) return { value: iso };
    const what = /^\d{1,4}[-/]\d{1,2}[-/]\d{1,4}$/.test(text) ? "no day of the calendar" : "not a date (dd-mm-yyyy)";
    return { error: { code: "invalid-value", message: `'${shownValue(text)}' is ${what}` } };
  }
  const cell = readCell(text, kind);
  if (!cell.ok) return { error: cell };
  return cell.value === undefined ? {} : { value: cell.value };
}

/**
 * Reads a GIAS establishment file (the "edubasealldata" download, "all establishment data", or any file with GIAS's
 * column names): each school's name, local authority (code and name), phase (folded, and in GIAS's words), statutory
 * ages, type, status, dates, pupils, FSM, postcode, locality, town, LSOA and British National Grid location, by URN. Only `URN` is needed; the other columns are read when they
 * are there. Decode the bytes first (GIAS files are Windows-1252; `decodeBytes` or the Node helpers do).
 *
 * @returns `{ establishments, fields }`, establishments ordered by URN.
 * @throws {FamiliesError} listing every problem: no URN column (`missing-column`), a blank URN (`missing-urn`), a
 *   URN twice (`duplicate`), a cell that is not what its column holds (`invalid-value`, `out-of-range`).
 * @example
 * readGias("URN,EstablishmentName,LA (name),Easting,Northing\n116182,Abbotswood Junior School,Hampshire,436950,121600\n")
 *   .establishments[0];
 * // => { urn: "116182", name: "Abbotswood Junior School", laName: "Hampshire", easting: 436950, northing: 121600 }
 */
export function readGias(text: string, options: ReadGiasOptions = {}): Register {
  const specs: ColumnSpec[] = COLUMNS.map((c) => ({ names: c.names, optional: c.field !== "urn" }));
  const table = readColumns(text, specs, "a GIAS establishment file needs URN", options.file);
  const { at, headers } = table;
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  const establishments: Establishment[] = [];
  for (const { line, cells } of table.rows) {
    const [urn = ""] = cells;
    if (urn === "") {
      problems.push({ code: "missing-urn", ...at, line, column: "URN", value: "", message: "no URN" });
      continue;
    }
    const first = seen.get(urn);
    if (first !== undefined) {
      problems.push({
        code: "duplicate",
        ...at,
        line,
        column: "URN",
        value: urn,
        message: `URN ${urn} is also on line ${first}: a register lists each establishment once`,
      });
      continue;
    }
    seen.set(urn, line);
    const e: Record<string, string | number> = { urn };
    for (let k = 1; k < COLUMNS.length; k++) {
      const column = COLUMNS[k] as (typeof COLUMNS)[number];
      const { value, error } = cellOf(cells[k] as string, column.kind);
      if (error !== undefined) {
        const { code, message } = error;
        problems.push({ code, ...at, line, column: headers[k] as string, value: cells[k] as string, message });
      } else if (value !== undefined) e[column.field] = value;
    }
    // GIAS writes 0,0 for a school it has not located: no place at the grid's origin, off the Scilly Isles.
    if (e.easting === 0 && e.northing === 0) {
      delete e.easting;
      delete e.northing;
    }
    establishments.push(e as unknown as Establishment);
  }
  if (problems.length > 0) throw new FamiliesError(problems);
  establishments.sort((a, b) => compareText(a.urn, b.urn));
  return { establishments, fields: COLUMNS.filter((_, k) => headers[k] !== undefined).map((c) => c.field) };
}
