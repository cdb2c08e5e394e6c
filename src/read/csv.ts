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
  records?: number;
  message?: string;
}

const OPTIONS = { bom: true, info: true, relax_column_count: true, skip_empty_lines: true } as const;
type Parsed = { record: string[]; info: { lines: number } }[];

/** The line on which the record after the first `records` complete ones starts. */
function startOfRecord(text: string, records: number): number {
  if (records === 0) return 1;
  const before = parse(text, { ...OPTIONS, to: records }) as unknown as Parsed;
  let line = (before[before.length - 1]?.info.lines ?? 0) + 1;
  // Skip the empty lines csv-parse would skip before the next record.
  const lines = text.split("\n");
  while (line <= lines.length && (lines[line - 1] ?? "").trim() === "") line++;
  return line;
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
  let records: Parsed;
  try {
    records = parse(text, OPTIONS) as unknown as Parsed;
  } catch (error) {
    const failure = error as CsvParseFailure;
    const hint = SYNTAX_HINTS[failure.code ?? ""] ?? (failure.message ?? "the text is not valid CSV");
    // An unclosed quote is only noticed at the end of the text: point at the row where it opened.
    const line =
      failure.code === "CSV_QUOTE_NOT_CLOSED" && failure.records !== undefined
        ? startOfRecord(text, failure.records)
        : failure.lines;
    throw new FamiliesError([
      {
        code: "csv-syntax",
        ...(file === undefined ? {} : { file }),
        ...(line === undefined ? {} : { line }),
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
