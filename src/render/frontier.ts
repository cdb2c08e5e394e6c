import { scaleLinear } from "d3-scale";
import type { Regrouping } from "../regroup/regroup.js";
import { escapeMarkup as esc } from "./escape.js";

/** What {@link frontierChart} draws: a regrouping's churn and stability (as `regroupFamilies` returns them). */
export type FrontierInput = Pick<Regrouping, "churn" | "stability">;

const px = (v: number): string => (Math.round(v * 10) / 10).toString();
/** A share as a whole percentage: 0.453 → "45%". */
export const percent = (x: number): string => `${Math.round(100 * x)}%`;
/** A budget share to one decimal: 0.025 → "2.5%". */
export const sharePercent = (m: number): string => `${Math.round(1000 * m) / 10}%`;
/** A budget as a person reads it: "free" for 1, else its share. */
export const budgetWords = (m: number): string => (m >= 1 ? "free" : sharePercent(m));

/**
 * A small SVG chart of what each churn budget buys: for each budget of the frontier, the share of continuing
 * schools that moved (x) against the share of the lost tightness recovered (y), the chosen budget ringed. Text is
 * escaped; the chart has a title and a description for screen readers, and a table of the same figures follows it
 * in the report.
 */
export function frontierChart(r: FrontierInput, options: { width?: number; height?: number } = {}): string {
  const width = options.width ?? 420;
  const height = options.height ?? 260;
  const m = { top: 16, right: 16, bottom: 44, left: 52 };
  const continuing = Math.max(1, r.churn.continuing);
  const points = r.stability.frontier.map((p) => ({ ...p, share: p.charged / continuing }));
  const xMax = Math.max(0.25, ...points.map((p) => p.share));
  const x = scaleLinear()
    .domain([0, xMax])
    .range([m.left, width - m.right])
    .nice();
  const y = scaleLinear()
    .domain([0, 1])
    .range([height - m.bottom, m.top]);
  const line = points
    .map((p, i) => `${i === 0 ? "M" : "L"}${px(x(p.share))},${px(y(Math.max(0, p.recovered)))}`)
    .join("");
  const ticksX = x
    .ticks(5)
    .map(
      (t) =>
        `<g><line x1="${px(x(t))}" x2="${px(x(t))}" y1="${height - m.bottom}" y2="${height - m.bottom + 4}" stroke="#333"/><text x="${px(x(t))}" y="${height - m.bottom + 16}" text-anchor="middle">${percent(t)}</text></g>`,
    );
  const ticksY = [0, 0.25, 0.5, 0.75, 1].map(
    (t) =>
      `<g><line x1="${m.left}" x2="${width - m.right}" y1="${px(y(t))}" y2="${px(y(t))}" stroke="#e3e3e3"/><text x="${m.left - 6}" y="${px(y(t) + 4)}" text-anchor="end">${percent(t)}</text></g>`,
  );
  const dots = points.map((p) => {
    const chosen = p.maxChurn === r.churn.maxChurn;
    const cx = px(x(p.share));
    const cy = px(y(Math.max(0, p.recovered)));
    return `<g><title>${esc(`budget ${budgetWords(p.maxChurn)}: ${p.charged} moves, ${percent(p.recovered)} recovered`)}</title><circle cx="${cx}" cy="${cy}" r="${chosen ? 6 : 4}" fill="${chosen ? "#0072B2" : "#fff"}" stroke="#0072B2" stroke-width="2"/><text x="${cx}" y="${px(y(Math.max(0, p.recovered)) - 9)}" text-anchor="middle" font-size="11">${esc(budgetWords(p.maxChurn))}</text></g>`;
  });
  const chosen = points.find((p) => p.maxChurn === r.churn.maxChurn);
  const desc = `With a budget of ${budgetWords(r.churn.maxChurn)}, ${r.churn.charged} of ${r.churn.continuing} continuing schools moved and the families recovered ${percent(chosen?.recovered ?? r.stability.recovered)} of the tightness lost by keeping them unchanged; regrouping freely would move ${points.at(-1)?.charged ?? 0}.`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="frontier-title frontier-desc" font-family="system-ui, sans-serif" font-size="12">`,
    `<title id="frontier-title">What each churn budget buys</title><desc id="frontier-desc">${esc(desc)}</desc>`,
    ...ticksY,
    `<line x1="${m.left}" x2="${width - m.right}" y1="${height - m.bottom}" y2="${height - m.bottom}" stroke="#333"/>`,
    ...ticksX,
    `<path d="${line}" fill="none" stroke="#0072B2" stroke-width="1.5"/>`,
    ...dots,
    `<text x="${px((m.left + width - m.right) / 2)}" y="${height - 6}" text-anchor="middle">Continuing schools that moved</text>`,
    `<text transform="translate(14 ${px((m.top + height - m.bottom) / 2)}) rotate(-90)" text-anchor="middle">Tightness recovered</text>`,
    "</svg>",
  ].join("");
}
