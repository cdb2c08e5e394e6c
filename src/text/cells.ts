// CSV cells and lines as the library writes them, and a neutralised cell read back.

/** Options for {@link csvLine} and {@link csvCell} (and so for schoolsToCsv). */
export interface CsvCellOptions {
  /**
   * Neutralise text cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or
   * carriage return) by prefixing `'`. Numbers are never changed. Default `false`.
   */
  safeForSpreadsheets?: boolean;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell as written with `safeForSpreadsheets`, read back: `'=1+1` → `=1+1`. Only a quote before a character that
 * starts a formula is taken away, so a name such as `'t Hoen` is left as it is.
 */
export function unneutralise(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}

/** One CSV cell: quoted when it holds a comma, quote, line break or edge spaces. */
export function csvCell(value: string | number | undefined, options: CsvCellOptions = {}): string {
  if (value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  let text = value;
  if (options.safeForSpreadsheets && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line from cells. */
export function csvLine(cells: readonly (string | number | undefined)[], options: CsvCellOptions = {}): string {
  return cells.map((c) => csvCell(c, options)).join(",");
}
