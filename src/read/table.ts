import { FamiliesError, type Problem } from "../errors.js";
import { splitCsv } from "./csv.js";
import { unneutralise } from "./write.js";

/** A small table read by its named columns: each row's line and trimmed cells in the order the names were given. */
export interface NamedTable {
  /** `{ file }` for problems, or nothing. */
  at: { file?: string };
  rows: { line: number; cells: string[] }[];
}

/**
 * Reads a small CSV table (links, a saved grouping, a list of pairs) by the columns it needs, matched ignoring case
 * and surrounding spaces, through the same splitter as school data.
 *
 * @param needs - What the table is and which columns it needs, e.g. "a links table needs URN, LinkURN and LinkType".
 * @throws {FamiliesError} naming every missing column (code `missing-column`), or when the text is not CSV.
 */
export function readNamedColumns(
  text: string,
  columns: readonly string[],
  needs: string,
  file: string | undefined,
): NamedTable {
  const at = file === undefined ? {} : { file };
  const { header, rows } = splitCsv(text, file);
  const indexes = columns.map((name) => header.findIndex((h) => h.trim().toLowerCase() === name.toLowerCase()));
  const problems: Problem[] = [];
  for (const [k, i] of indexes.entries()) {
    if (i === -1)
      problems.push({
        code: "missing-column",
        ...at,
        line: 1,
        column: columns[k] as string,
        message: `no column ${columns[k]}: ${needs}`,
      });
  }
  if (problems.length > 0) throw new FamiliesError(problems);
  return {
    at,
    // What fos writes (spreadsheet-safe CSV) it reads back: a neutralised '=… cell is the value again.
    rows: rows.map(({ line, cells }) => ({ line, cells: indexes.map((i) => unneutralise(cells[i]?.trim() ?? "")) })),
  };
}
