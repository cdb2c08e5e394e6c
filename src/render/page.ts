// The frame of the HTML pages (the family report, the place report): their head, with a Content-Security-Policy that
// lets no network or outside resource in and no script but the page's own sorting script (by its hash), the style
// they share, and that script.
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
th[aria-sort] { cursor: pointer; }
th[aria-sort]::after { content: " \\2195"; color: #888; font-weight: 400; }
th[aria-sort="ascending"]::after { content: " \\25B2"; color: #333; }
th[aria-sort="descending"]::after { content: " \\25BC"; color: #333; }
tr.noise td { color: #666; }
.q { font-weight: 600; }
.q-NE { color: #007a5a; } .q-NW { color: #0072B2; } .q-SE { color: #a86f00; } .q-SW { color: #b34a00; }
section.family { margin: 32px 0; }
section.school { margin: 24px 0; padding-top: 8px; border-top: 1px solid #ccc; }
.figures { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start; }
.figures figure.chart { flex: 1 1 560px; }
.figures figure.map { flex: 0 1 420px; }
table.areas th[scope="row"], table.leaders th[scope="row"] { font-weight: 400; background: none; }
p.headline { font-size: 1.05em; }
figure { margin: 8px 0; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: #444; font-size: 0.92em; }
ul.reasons { margin: 2px 0 8px 18px; padding: 0; color: #333; }
.note { color: #555; font-size: 0.92em; }
nav a, section a { color: #0072B2; }
@media print {
  body { max-width: none; padding: 0; font-size: 9pt; line-height: 1.3; }
  nav { break-after: page; }
  header.back { display: none; }
  section.family, section.school { break-before: page; margin: 0; border: 0; padding: 0; }
  h2 { font-size: 12pt; margin-bottom: 4px; }
  h3 { font-size: 10pt; margin: 6px 0 2px; }
  th, td { padding: 1px 4px; }
  table { margin: 4px 0; font-size: 8pt; }
  th[aria-sort] { cursor: auto; }
  th[aria-sort]::after { content: none; }
  .figures { flex-wrap: nowrap; gap: 6px; }
  .figures figure.chart { flex: 0 0 60%; }
  .figures figure.map { flex: 0 0 38%; }
  figure svg { max-height: 64mm; }
  section.family p, section.family ul { font-size: 8pt; margin: 2px 0; }
  table.members td:nth-child(2) { white-space: nowrap; }
  table.members, table.leaders { font-size: 7.5pt; line-height: 1.2; }
  table.members th:nth-child(3), table.members td:nth-child(3) { display: none; }
  table.members td .within { display: none; }
  table.members tr.noise td:nth-child(9)::after { content: " \\2248"; }
  table.leaders td, table.leaders th { white-space: nowrap; }
  figcaption { font-size: 7pt; }
  figure, table, .pairs li { break-inside: avoid; }
  tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;

/** The printed page's size. */
export type Paper = "A4" | "Letter";

/**
 * The pages' only script: a click (or Enter) on a column's header sorts its table by that column, numbers as
 * numbers and missing values last, and says so in `aria-sort`. The Content-Security-Policy lets it run by its hash,
 * {@link SORT_SCRIPT_HASH}; a test checks the two agree.
 */
export const SORT_SCRIPT = `(function(){function key(r,i,n){var c=r.cells[i],t=c?c.textContent.trim():"";if(!n)return t;var x=parseFloat(t.replace("−","-").replace("+",""));return isNaN(x)?null:x}function sort(h){var t=h.closest("table"),b=t&&t.tBodies[0];if(!b)return;var i=h.cellIndex,n=h.classList.contains("num"),up=h.getAttribute("aria-sort")!=="ascending";t.querySelectorAll("th[aria-sort]").forEach(function(x){x.setAttribute("aria-sort","none")});h.setAttribute("aria-sort",up?"ascending":"descending");var rows=Array.prototype.map.call(b.rows,function(r,j){return{r:r,k:key(r,i,n),j:j}});rows.sort(function(p,q){if(p.k===null||q.k===null)return p.k===q.k?p.j-q.j:p.k===null?1:-1;var d=n?p.k-q.k:p.k.localeCompare(q.k);return(up?d:-d)||p.j-q.j});rows.forEach(function(x){b.appendChild(x.r)})}document.querySelectorAll("th[aria-sort]").forEach(function(h){h.tabIndex=0;h.addEventListener("click",function(){sort(h)});h.addEventListener("keydown",function(e){if(e.key==="Enter"||e.key===" "){e.preventDefault();sort(h)}})})})();`;

/** The SHA-256 of {@link SORT_SCRIPT}, base64, as the Content-Security-Policy names it. */
export const SORT_SCRIPT_HASH = "sha256-ZhvOl3PdUUf+85ZfOB33FYrME7HTNA+oR4cWQtN2HqY=";

/**
 * The lines that open a page: doctype, language, character set, a Content-Security-Policy of `default-src 'none'`
 * (inline styles, data: images and the sorting script by its hash only), the viewport, the title (escaped), the
 * style and the printed page's size (A4 unless `paper` says Letter); the body follows.
 */
export function pageStart(title: string, style: string, paper: Paper = "A4"): string[] {
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src '${SORT_SCRIPT_HASH}'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title><style>${style}@page { size: ${paper === "Letter" ? "letter" : "A4"}; margin: 12mm; }
</style></head><body>`,
  ];
}

/** The lines that close a page: the sorting script, the end of the body. */
export function pageEnd(): string[] {
  return [`<script>${SORT_SCRIPT}</script>`, "</body></html>", ""];
}
