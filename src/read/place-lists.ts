// The files people bring to `fos places`: places as their leaders drew them (urn, place), and school-level measures
// of their own (urn and numeric columns, e.g. an LSOA's income deprivation joined to each school).
import { FamiliesError, type Problem } from "../errors.js";
import { splitCsv } from "../text/csv.js";
import { readColumns } from "../text/table.js";
import { readCell } from "./values.js";

/** One line of a list of places: a school and the place it belongs to. */
export interface PlaceListRow {
  urn: string;
  place: string;
  /** The line of the file (1 is the header). */
  line: number;
}

/**
 * Reads a list of places drawn by people: a CSV with a URN column (`urn`) and a place column (`place`, `place name`
 * or `name`), one school a line. Cells are trimmed; headers are matched ignoring case.
 *
 * @returns `{ rows }`, in the file's order.
 * @throws {FamiliesError} listing every problem: a missing column (`missing-column`), a blank URN (`missing-urn`) or
 *   place (`missing-value`), a school listed twice (`duplicate`: a school belongs to one place).
 * @example
 * readPlaceList("urn,place\n135874,Wythenshawe\n").rows; // => [{ urn: "135874", place: "Wythenshawe", line: 2 }]
 */
export function readPlaceList(text: string, options: { file?: string } = {}): { rows: PlaceListRow[] } {
  const table = readColumns(
    text,
    [{ names: ["urn"] }, { names: ["place", "place name", "name"] }],
    "a list of places needs a URN column (urn) and a place column (place), one school a line",
    options.file,
  );
  const { at } = table;
  const [urnHeader = "urn", placeHeader = "place"] = table.headers;
  const problems: Problem[] = [];
  const seen = new Map<string, PlaceListRow>();
  const rows: PlaceListRow[] = [];
  for (const { line, cells } of table.rows) {
    const [urn = "", place = ""] = cells;
    if (urn === "" && place === "") continue;
    if (urn === "")
      problems.push({
        code: "missing-urn",
        ...at,
        line,
        column: urnHeader,
        value: "",
        message: `no URN for a school of ${place}: write the school's URN (GIAS lists it)`,
      });
    if (place === "")
      problems.push({
        code: "missing-value",
        ...at,
        line,
        column: placeHeader,
        value: "",
        message: `no place for school ${urn || "(no URN)"}: write the name of the place it belongs to`,
      });
    if (urn === "" || place === "") continue;
    const first = seen.get(urn);
    if (first !== undefined) {
      problems.push({
        code: "duplicate",
        ...at,
        line,
        column: urnHeader,
        value: urn,
        message: `URN ${urn} is also on line ${first.line} (${first.place}): a school belongs to one place, so list it once`,
      });
      continue;
    }
    const row = { urn, place, line };
    seen.set(urn, row);
    rows.push(row);
  }
  if (problems.length > 0) throw new FamiliesError(problems);
  return { rows };
}

/** School-level measures of one's own: each column's values by URN (a school without a value has none). */
export interface SchoolMeasures {
  /** The measures' names, as the file's headers write them, in the file's order. */
  columns: string[];
  /** Each school's values by URN: `{ "105434": { "income deprivation": 31.2 } }`. */
  schools: Record<string, Record<string, number>>;
}

/** Options for {@link readSchoolMeasures}. */
export interface ReadSchoolMeasuresOptions {
  file?: string;
  /** Names a column may not take (the profile's own measures), matched ignoring case. Default: none. */
  reserved?: readonly string[];
}

/** The header's problems: no URN, no other column, a blank or repeated header, a reserved name. */
function headerProblems(header: readonly string[], at: { file?: string }, reserved: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  const keys = header.map((h) => h.trim().toLowerCase());
  if (!keys.includes("urn"))
    problems.push({
      code: "missing-column",
      ...at,
      line: 1,
      column: "urn",
      message: "no column urn: a measures file needs urn and one or more numeric columns",
    });
  else if (keys.length < 2)
    problems.push({
      code: "missing-column",
      ...at,
      line: 1,
      message: "no measure: after urn, add one or more numeric columns (one school a line)",
    });
  for (const [k, key] of keys.entries()) {
    const column = header[k]?.trim() ?? "";
    if (key === "")
      problems.push({
        code: "missing-column",
        ...at,
        line: 1,
        value: "",
        message: `column ${k + 1} has no header: name the measure`,
      });
    else if (keys.indexOf(key) !== k)
      problems.push({
        code: "ambiguous-column",
        ...at,
        line: 1,
        column,
        message: `two columns are called ${column}: rename one`,
      });
    else if (reserved.some((r) => r.toLowerCase() === key))
      problems.push({
        code: "ambiguous-column",
        ...at,
        line: 1,
        column,
        message: `${column} is one of the profile's own measures: rename the column (e.g. ${column} (own))`,
      });
  }
  return problems;
}

/**
 * Reads school-level measures of one's own: a CSV with a URN column (`urn`) and any numeric columns, each a measure
 * (an LSOA-level figure such as income deprivation joined to each school by the LSOA code GIAS gives). Blank cells
 * and the DfE's suppression codes (NA, x, c, …) are missing values.
 *
 * @throws {FamiliesError} listing every problem: no `urn` column or no other (`missing-column`), a blank or repeated
 *   header or a reserved name (`ambiguous-column`), a blank URN (`missing-urn`), a URN twice (`duplicate`), a cell that
 *   is not a number (`invalid-value`, with its line, column and value).
 * @example
 * readSchoolMeasures("urn,income deprivation\n105434,31.2\n");
 * // => { columns: ["income deprivation"], schools: { "105434": { "income deprivation": 31.2 } } }
 */
export function readSchoolMeasures(text: string, options: ReadSchoolMeasuresOptions = {}): SchoolMeasures {
  const at = options.file === undefined ? {} : { file: options.file };
  const { header, rows } = splitCsv(text, options.file);
  const problems = headerProblems(header, at, options.reserved ?? []);
  if (problems.length > 0) throw new FamiliesError(problems);
  const urnAt = header.findIndex((h) => h.trim().toLowerCase() === "urn");
  const columns = header.map((h) => h.trim()).filter((_, k) => k !== urnAt);
  const schools: Record<string, Record<string, number>> = {};
  const seen = new Map<string, number>();
  for (const { line, cells } of rows) {
    if (cells.every((c) => c.trim() === "")) continue;
    if (cells.length !== header.length) {
      problems.push({
        code: "column-count",
        ...at,
        line,
        message: `${cells.length} cells where the header has ${header.length}: a number with a thousands separator (1,000) needs quotes, or none`,
      });
      continue;
    }
    const urn = cells[urnAt]?.trim() ?? "";
    if (urn === "") {
      problems.push({
        code: "missing-urn",
        ...at,
        line,
        column: header[urnAt] as string,
        value: "",
        message: "no URN: write the school's URN, or delete the line",
      });
      continue;
    }
    if (seen.has(urn)) {
      problems.push({
        code: "duplicate",
        ...at,
        line,
        column: header[urnAt] as string,
        value: urn,
        message: `URN ${urn} is also on line ${seen.get(urn)}: give each school one line`,
      });
      continue;
    }
    seen.set(urn, line);
    const values: Record<string, number> = {};
    for (const [k, raw] of cells.entries()) {
      if (k === urnAt) continue;
      const column = header[k]?.trim() ?? `column ${k + 1}`;
      const cell = readCell(raw, { type: "number" });
      if (!cell.ok)
        problems.push({
          code: cell.code,
          ...at,
          line,
          column,
          value: raw,
          message: `${cell.message}: write a number, or leave the cell blank where the school has none`,
        });
      else if (typeof cell.value === "number") values[column] = cell.value;
    }
    schools[urn] = values;
  }
  if (problems.length > 0) throw new FamiliesError(problems);
  return { columns, schools };
}
