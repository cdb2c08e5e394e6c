/// <reference types="node" />
// Problems as GitHub Actions annotations (`fos validate --format github`): `::error file=…,line=…,col=…::message`.
import type { Problem } from "../../errors.js";
import { cliMessage } from "./print.js";

/** The 1-based character column where each cell of a CSV line starts (quotes respected). */
function cellStarts(line: string): number[] {
  const starts = [1];
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === "," && !quoted) starts.push(i + 2);
  }
  return starts;
}

/** The text of each record's first line by line number (1-based), finding line breaks outside quotes. */
function linesOf(text: string): Map<number, string> {
  const lines = new Map<number, string>();
  let line = 1;
  let start = 0;
  let quoted = false;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if ((c === "\n" || c === undefined) && !quoted) {
      lines.set(line, text.slice(start, i).replace(/\r$/, ""));
      start = i + 1;
    }
    if (c === "\n") line++;
  }
  return lines;
}

/** Finds the character column of a problem's cell, from its file's text, when the file and column are known. */
export function columnFinder(textOf: (file: string) => string | undefined): (p: Problem) => number | undefined {
  const cache = new Map<string, Map<number, string> | undefined>();
  return (p) => {
    if (p.file === undefined || p.line === undefined || p.column === undefined) return undefined;
    if (!cache.has(p.file)) {
      const text = textOf(p.file);
      cache.set(p.file, text === undefined ? undefined : linesOf(text.replace(/^\uFEFF/, "")));
    }
    const lines = cache.get(p.file);
    const header = lines?.get(1);
    const row = lines?.get(p.line);
    if (header === undefined || row === undefined) return undefined;
    const names = header.split(",").map((h) => h.replace(/^"|"$/g, "").trim().toLowerCase());
    const index = names.indexOf(p.column.trim().toLowerCase());
    return index === -1 ? undefined : cellStarts(row)[index];
  };
}

/** Escapes an annotation's message (`%`, CR, LF) or property value (also `:` and `,`), as GitHub asks. */
function escapeAnnotation(text: string, property = false): string {
  const out = text.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
  return property ? out.replaceAll(":", "%3A").replaceAll(",", "%2C") : out;
}

/** One problem as a GitHub Actions error annotation. */
export function annotation(p: Problem, col: number | undefined): string {
  const props = [
    p.file === undefined ? undefined : `file=${escapeAnnotation(p.file, true)}`,
    p.line === undefined ? undefined : `line=${p.line}`,
    col === undefined ? undefined : `col=${col}`,
    `title=${escapeAnnotation(`fos ${p.code}${p.column === undefined ? "" : ` (${p.column})`}`, true)}`,
  ].filter((x) => x !== undefined);
  return `::error ${props.join(",")}::${escapeAnnotation(cliMessage(p))}`;
}
