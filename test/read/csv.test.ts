import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitCsv } from "../../src/text/csv.js";

// Cells with the characters that make CSV hard: commas, quotes, line breaks, spaces, non-ASCII.
const cell = fc.string({
  unit: fc.constantFrom("a", "b", "1", ",", '"', "\n", "\r\n", " ", "é", "%", "-"),
  maxLength: 6,
});
const quote = (c: string): string => (/[",\r\n]/.test(c) || c === "" ? `"${c.replace(/"/g, '""')}"` : c);
const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 });

describe("splitCsv", () => {
  it("splits exactly as csv-parse does, on random files with every hard character", () => {
    fc.assert(
      fc.property(table, fc.constantFrom("\n", "\r\n"), fc.boolean(), fc.boolean(), (rows, eol, bom, finalEol) => {
        const text = (bom ? "\ufeff" : "") + rows.map((r) => r.map(quote).join(",")).join(eol) + (finalEol ? eol : "");
        const ours = splitCsv(text);
        const theirs = parse(text, {
          bom: true,
          relax_column_count: true,
          skip_empty_lines: true,
          relax_quotes: false,
        }) as string[][];
        expect([ours.header, ...ours.rows.map((r) => r.cells)]).toEqual([
          theirs[0]!.map((h) => h.trim()),
          ...theirs.slice(1),
        ]);
      }),
      { numRuns: 500 },
    );
  });

  it("gives each row the line it starts on, after quoted line breaks and empty lines", () => {
    const { header, rows } = splitCsv('a,b\n1,"x\ny"\n\n3,4\r\n5\r6,"7"');
    expect(header).toEqual(["a", "b"]);
    expect(rows).toEqual([
      { line: 2, cells: ["1", "x\ny"] },
      { line: 5, cells: ["3", "4"] },
      { line: 6, cells: ["5"] },
      { line: 7, cells: ["6", "7"] },
    ]);
  });

  it("names the line of an unclosed quote and of text after a closing quote", () => {
    expect(() => splitCsv('a\n"ok"\n"never\nclosed\n', "f.csv")).toThrow(
      /f.csv, line 3: not valid CSV: a quoted value that starts on line 3 is never closed/,
    );
    expect(() => splitCsv('a\n"x"y\n')).toThrow(/line 2: not valid CSV: text follows a closing quote/);
  });

  it("reads an empty text as no header and no rows", () => {
    expect(splitCsv("")).toEqual({ header: [], rows: [] });
    expect(splitCsv("\ufeff")).toEqual({ header: [], rows: [] });
  });
});
