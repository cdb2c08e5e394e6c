import { parse } from "csv-parse/sync";
import { FamiliesError } from "../errors.js";

/** A CSV file split into its header and rows, each row with the line it starts on. */
export interface CsvTable {
  header: string[];
  rows: { line: number; cells: string[] }[];
}

interface CsvParseFailure {
  code?: string;
  lines?: number;
  message?: string;
}

const SYNTAX_HINTS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: "a quoted value is never closed: add the closing \" or remove the opening one",
  CSV_INVALID_CLOSING_QUOTE: "a quote closes in the middle of a value: double the \" inside quoted values (\"\")",
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: "text follows a closing quote: quote the whole value",
};

/**
 * Splits CSV text (RFC 4180, with or without a byte-order mark, `\n` or `\r\n`) into a header and rows.
 * Empty lines are not rows. Runs in O(length of the text).
 *
 * @throws {FamiliesError} when the text is not CSV at all (an unclosed quote, say), naming the line.
 */
export function splitCsv(text: string, file?: string): CsvTable {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const failure = error as CsvParseFailure;
    const hint = SYNTAX_HINTS[failure.code ?? ""] ?? (failure.message ?? "the text is not valid CSV");
    throw new FamiliesError([
      {
        code: "csv-syntax",
        ...(file === undefined ? {} : { file }),
        ...(failure.lines === undefined ? {} : { line: failure.lines }),
        message: `not valid CSV: ${hint}`,
      },
    ]);
  }
  const rows = records.map(({ record, info }) => {
    // csv-parse reports the line a record ends on; a quoted value may span lines.
    let extra = 0;
    for (const cell of record) {
      for (let i = cell.indexOf("\n"); i !== -1; i = cell.indexOf("\n", i + 1)) extra++;
    }
    return { line: info.lines - extra, cells: record };
  });
  const first = rows.shift();
  return { header: first ? first.cells.map((h) => h.trim()) : [], rows };
}
