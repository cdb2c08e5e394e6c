// The frame of the HTML pages (the family report, the place report): their head, with a Content-Security-Policy that
// lets no script, network or outside resource in, and the style they share.
import { escapeMarkup as esc } from "./escape.js";

/** The pages' style: system fonts, tables, figures, and print one section a page. */
export const PAGE_STYLE = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #111; margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 1.6em; margin: 0 0 4px; }
h2 { font-size: 1.3em; margin: 0 0 8px; border-bottom: 2px solid #0072B2; padding-bottom: 4px; }
h3 { font-size: 1.05em; margin: 18px 0 6px; }
.lead { color: #444; margin: 0 0 16px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-variant-numeric: tabular-nums; }
th, td { padding: 3px 6px; border-bottom: 1px solid #ddd; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; }
th { background: #f3f5f7; font-weight: 600; }
th[aria-sort]::after { content: " \\2195"; color: #888; font-weight: 400; }
th[aria-sort="ascending"]::after { content: " \\25B2"; color: #333; }
tr.noise td { color: #666; }
.q { font-weight: 600; }
.q-NE { color: #007a5a; } .q-NW { color: #0072B2; } .q-SE { color: #a86f00; } .q-SW { color: #b34a00; }
section.family { margin: 32px 0; }
figure { margin: 8px 0; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: #444; font-size: 0.92em; }
ul.reasons { margin: 2px 0 8px 18px; padding: 0; color: #333; }
.note { color: #555; font-size: 0.92em; }
nav a, section a { color: #0072B2; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav { break-after: page; }
  section.family { break-before: page; margin: 0; }
  figure, table, .pairs li { break-inside: avoid; }
  tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;

/**
 * The lines that open a page: doctype, language, character set, a Content-Security-Policy of `default-src 'none'`
 * (inline styles and data: images only), the viewport, the title (escaped) and the style; the body follows.
 */
export function pageStart(title: string, style: string): string[] {
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title><style>${style}</style></head><body>`,
  ];
}
