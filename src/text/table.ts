import { FamiliesError, type Problem } from "../errors.js";
import { unneutralise } from "./cells.js";
import { splitCsv } from "./csv.js";

/** A small table read by its named columns: each row's line and trimmed cells in the order the names were given. */
export interface NamedTable {
  /** `{ file }` for problems, or nothing. */
  at: { file?: string };
  /** Each column's header as the file writes it, or undefined when an optional column is not there. */
  headers: (string | undefined)[];
  rows: { line: number; cells: string[] }[];
}

/** A column a table reads: the names it may go by (the first found wins), and whether the table needs it. */
export interface ColumnSpec {
  names: readonly string[];
  optional?: boolean;
}

/** A header as compared: trimmed, lower case, and without a trailing note in brackets ("LA (name) [GIAS 2024]"). */
function headerKey(header: string): string {
  return header
    .trim()
    .replace(/\s*\[[^\]]*\]$/, "")
    .toLowerCase();
}

/**
 * Reads a small CSV table by the columns it needs, matched ignoring case, surrounding spaces and a trailing note
 * in brackets, through the same splitter as school data. An optional column that is not there reads as blank cells.
 *
 * @param needs - What the table is and which columns it needs, e.g. "a links table needs URN, LinkURN and LinkType".
 * @throws {FamiliesError} naming every missing column (code `missing-column`), or when the text is not CSV.
 */
export function readColumns(
  text: string,
  columns: readonly ColumnSpec[],
  needs: string,
  file: string | undefined,
): NamedTable {
  const at = file === undefined ? {} : { file };
  const { header, rows } = splitCsv(text, file);
  const keys = header.map(headerKey);
  const indexes = columns.map(({ names }) => {
    for (const name of names) {
      const i = keys.indexOf(name.toLowerCase());
      if (i !== -1) return i;
    }
    return -1;
  });
  const problems: Problem[] = [];
  for (const [k, i] of indexes.entries()) {
    const spec = columns[k] as ColumnSpec;
    if (i === -1 && spec.optional !== true)
      problems.push({
        code: "missing-column",
        ...at,
        line: 1,
        column: spec.names[0] as string,
        message: `no column ${spec.names[0]}: ${needs}`,
      });
  }
  if (problems.length > 0) throw new FamiliesError(problems);
  return {
    at,
    headers: indexes.map((i) => (i === -1 ? undefined : header[i]?.trim())),
    // What fos writes (spreadsheet-safe CSV) it reads back: a neutralised '=… cell is the value again.
    rows: rows.map(({ line, cells }) => ({
      line,
      cells: indexes.map((i) => (i === -1 ? "" : unneutralise(cells[i]?.trim() ?? ""))),
    })),
  };
}

/**
 * Reads a small CSV table (links, a saved grouping, a list of pairs) by the columns it needs, every one required;
 * see {@link readColumns}.
 */
export function readNamedColumns(
  text: string,
  columns: readonly string[],
  needs: string,
  file: string | undefined,
): NamedTable {
  return readColumns(
    text,
    columns.map((name) => ({ names: [name] })),
    needs,
    file,
  );
}
