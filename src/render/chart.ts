import { scaleLinear } from "d3-scale";
import type { FamilyBenchmark, MemberBenchmark, Quadrant } from "../benchmark/types.js";
import { Z95 } from "../benchmark/uncertainty.js";
import { ArgumentError } from "../errors.js";
import { formatNumber, formatSigned } from "../internal/format.js";
import { escapeMarkup as esc, idPart } from "./escape.js";
import { type Box, placeLabels, ringOffsets, textWidth } from "./labels.js";

/** Options for {@link familyChart}. */
export interface FamilyChartOptions {
  /** Size in pixels (the SVG scales with its container). Default 720 × 520. */
  width?: number;
  height?: number;
  /** Each point's label: its number in the family (default; 1 is the first member by URN, as in the report's table) or its URN. */
  labels?: "number" | "urn";
  /** A school to pick out (by URN): drawn larger, ringed and named. */
  highlight?: string;
  /** Arrows from each school's position in the previous year (its north-easterly movement). Default `false`. */
  arrows?: boolean;
  /** 95% error bars (± 1.96 standard errors of the school's own attainment and improvement). Default `false`. */
  errorBars?: boolean;
  /** Axis titles. Defaults depend on the phase: primary "% meeting the expected standard (RWM)", otherwise "Attainment 8 score". */
  xLabel?: string;
  yLabel?: string;
  /** The chart's title. Default "Family P01: attainment and improvement, 2019". */
  title?: string;
}

/** Okabe–Ito colours, told apart with every common colour-vision deficiency. */
const COLOURS: Record<Quadrant, string> = { NE: "#009E73", NW: "#0072B2", SE: "#E69F00", SW: "#D55E00" };
const HIGHLIGHT = "#CC79A7";
/** The quarters for absence, drawn as attendance: east is lower absence, north is absence falling. */
const ABSENCE_WORDS: Record<Quadrant, string> = {
  NE: "lower absence, falling faster",
  NW: "higher absence, falling faster",
  SE: "lower absence, falling slower",
  SW: "higher absence, falling slower",
};
const QUADRANT_WORDS: Record<Quadrant, string> = {
  NE: "higher attainment, improving faster",
  NW: "lower attainment, improving faster",
  SE: "higher attainment, improving slower",
  SW: "lower attainment, improving slower",
};

/** Coordinates with one decimal: enough for a screen, and the same text every time. */
const px = (v: number): string => (Math.round(v * 10) / 10).toString();

/** A window of years in words: "three years" (as Greater Manchester said it), "5 years". */
const years = (n: number): string => (n === 2 ? "two years" : n === 3 ? "three years" : `${n} years`);

function axisLabels(family: FamilyBenchmark): { x: string; y: string } {
  if (family.measure === "absence")
    return {
      x: "Overall absence: % of sessions missed, lower to the right",
      y: "Change in absence: points a year, falling to the top",
    };
  const primary = family.partition === "primary" || family.members.every((m) => m.phase === "primary");
  return primary
    ? {
        x: "Attainment: % of pupils meeting the expected standard in reading, writing and maths",
        y: `Improvement: percentage points a year, over ${years(family.window)}`,
      }
    : {
        x: "Attainment: average Attainment 8 score (points)",
        y: `Improvement: points a year, over ${years(family.window)}`,
      };
}

/** The family average the positions were measured from, as chart coordinates (attainment, improvement). */
export function familyCentre(family: FamilyBenchmark): { x: number; y: number } | undefined {
  return family.centre && { x: family.centre.attainment, y: family.centre.improvement };
}

/** One line of a school for people: its number, name, URN and where it stands. */
export function describeMember(m: MemberBenchmark, number: number): string {
  const where = m.position
    ? `${m.position.quadrant}${m.position.withinNoise ? ", within noise of the family average" : ""}`
    : "no position";
  return `${number}. ${m.name ?? "(no name)"} (URN ${m.urn}${(m.laName ?? m.la) ? `, ${m.laName ?? m.la}` : ""}): attainment ${formatNumber(m.attainment)}, improvement ${formatSigned(m.improvement)} a year; ${where}`;
}

/**
 * A Family of Schools' chart as an SVG string: attainment (east) against improvement over three years (north),
 * each school a numbered point coloured by its quarter around the family average (drawn as crosshairs), the
 * quarters named, schools whose position cannot be told from noise drawn faded with a dashed ring, and
 * optionally arrows from last year's positions, error bars and one highlighted school. Needs no DOM: the string
 * works in Node, browsers, Deno and notebooks. Screen readers get `role="img"`, a `<title>` and a `<desc>`
 * summarising the family; each point has a `<title>` (shown on hover). Text from the data is escaped.
 * Schools without a position are listed under the chart rather than dropped. Deterministic. O(n).
 *
 * @param family - One family from `benchmarkFamilies`. Not mutated.
 * @param options - See {@link FamilyChartOptions}.
 * @returns An `<svg>` element as a string.
 * @example
 * familyChart(benchmarks.families[0], { arrows: true }).startsWith("<svg");
 * // => true
 */
export function familyChart(family: FamilyBenchmark, options: FamilyChartOptions = {}): string {
  const width = options.width ?? 720;
  const height = options.height ?? 520;
  if (!(width >= 200 && height >= 160))
    throw new ArgumentError("familyChart", `the chart must be at least 200 × 160, not ${width} × ${height}`);
  const labels = axisLabels(family);
  const title =
    options.title ??
    `Family ${family.id}: ${family.measure === "absence" ? "absence and its change" : "attainment and improvement"}, ${family.year}`;
  const members = family.members.map((m, i) => ({ m, n: i + 1 }));
  const placed = members.filter(({ m }) => m.position && m.attainment !== undefined && m.improvement !== undefined);
  const unplaced = members.filter((x) => !placed.includes(x));
  const centre = familyCentre(family);
  const frame = frameOf(placed, centre, options, width, height, unplaced.length > 0);
  const f: Chart = { ...frame, id: `fos-${idPart(family.id)}`, width, height, options };
  const out = [
    header(f, family, title, placed, unplaced.length, centre),
    grid(f, options.xLabel ?? labels.x, options.yLabel ?? labels.y, family.measure === "absence"),
    centre ? crosshairs(f, centre) : "",
    quadrantNames(f, family.measure === "absence"),
    options.arrows ? arrows(f, placed) : "",
    options.errorBars ? errorBars(f, placed) : "",
    points(f, placed, family.measure === "absence"),
    unplaced.length > 0 ? notShown(f, unplaced) : "",
    `<text x="${px(f.x1)}" y="${px(height - 8)}" text-anchor="end" fill="#555" font-size="11">Faded, dashed: cannot be told from the family average at 95%</text>`,
    "</svg>",
  ];
  return out.join("");
}

type Numbered = { m: MemberBenchmark; n: number };
type Scale = ReturnType<typeof scaleLinear<number, number>>;

/** The scales and the plotting area's edges (x0 left, x1 right, y0 bottom, y1 top). */
interface Frame {
  xScale: Scale;
  yScale: Scale;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  left: number;
}

/** What every layer of one chart draws with. */
interface Chart extends Frame {
  id: string;
  width: number;
  height: number;
  options: FamilyChartOptions;
}

/** Scales whose domains take in everything drawn: points, the average, earlier positions and error bars when shown. */
function frameOf(
  placed: readonly Numbered[],
  centre: { x: number; y: number } | undefined,
  options: FamilyChartOptions,
  width: number,
  height: number,
  anyUnplaced: boolean,
): Frame {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const { m } of placed) {
    const x = m.attainment as number;
    const y = m.improvement as number;
    xs.push(x);
    ys.push(y);
    if (options.arrows && m.movement) {
      xs.push(m.movement.from.attainment);
      ys.push(m.movement.from.improvement);
    }
    if (options.errorBars) {
      if (m.attainmentSE !== undefined) xs.push(x - Z95 * m.attainmentSE, x + Z95 * m.attainmentSE);
      if (m.improvementSE !== undefined) ys.push(y - Z95 * m.improvementSE, y + Z95 * m.improvementSE);
    }
  }
  if (centre) {
    xs.push(centre.x);
    ys.push(centre.y);
  }
  const margin = { top: 44, right: 20, bottom: 66 + (anyUnplaced ? 18 : 0), left: 66 };
  const xScale = scaleLinear()
    .domain(extent(xs))
    .range([margin.left, width - margin.right])
    .nice(6);
  const yScale = scaleLinear()
    .domain(extent(ys))
    .range([height - margin.bottom, margin.top])
    .nice(6);
  const [x0, x1] = xScale.range() as [number, number];
  const [y0, y1] = yScale.range() as [number, number];
  return { xScale, yScale, x0, x1, y0, y1, left: margin.left };
}

/** The range of the values with 6% padding each side (a single value gets ±1 first). */
function extent(v: readonly number[]): [number, number] {
  if (v.length === 0) return [0, 1];
  let lo = Math.min(...v);
  let hi = Math.max(...v);
  if (lo === hi) {
    lo -= 1;
    hi += 1;
  }
  const pad = (hi - lo) * 0.06;
  return [lo - pad, hi + pad];
}

/** The opening tag, with the title and a description for screen readers, the arrow marker, background and title. */
function header(
  f: Chart,
  family: FamilyBenchmark,
  title: string,
  placed: readonly Numbered[],
  unplaced: number,
  centre: { x: number; y: number } | undefined,
): string {
  const { id, width, height } = f;
  const counts = { NE: 0, NW: 0, SE: 0, SW: 0 } as Record<Quadrant, number>;
  for (const { m } of placed) counts[(m.position as NonNullable<MemberBenchmark["position"]>).quadrant]++;
  const noise = placed.filter(({ m }) => m.position?.withinNoise === true).length;
  const desc = [
    `${family.members.length} schools${centre ? `; family average attainment ${formatNumber(centre.x)}, improvement ${formatSigned(centre.y)} a year` : ""}.`,
    `NE ${counts.NE}, NW ${counts.NW}, SE ${counts.SE}, SW ${counts.SW}; ${noise} within noise of the average.`,
    unplaced > 0 ? `${unplaced} without a position, not shown.` : "",
  ]
    .filter(Boolean)
    .join(" ");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc" class="fos-chart" data-family="${esc(family.id)}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif" font-size="12">`,
    `<title id="${id}-title">${esc(title)}</title>`,
    `<desc id="${id}-desc">${esc(desc)}</desc>`,
    `<defs><marker id="${id}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#555"/></marker></defs>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${px(f.left)}" y="24" font-size="15" font-weight="600" fill="#111">${esc(title)}</text>`,
  ].join("");
}

/** Grid lines with their ticks, the plotting area's border and the axis titles. */
function grid(f: Chart, xLabel: string, yLabel: string, absence = false): string {
  const { xScale, yScale, x0, x1, y0, y1 } = f;
  // Absence is drawn as attendance (100 − absence), so higher is east; its ticks say the absence they stand for.
  const xTick = (t: number) => formatNumber(absence ? 100 - t : t, 2);
  const yTick = (t: number) => formatSigned(absence ? -t : t, 2);
  const lines: string[] = [];
  for (const t of xScale.ticks(6)) {
    const x = px(xScale(t));
    lines.push(`<line x1="${x}" x2="${x}" y1="${px(y1)}" y2="${px(y0)}" stroke="#e6e6e6"/>`);
    lines.push(`<text x="${x}" y="${px(y0 + 16)}" text-anchor="middle" fill="#333">${esc(xTick(t))}</text>`);
  }
  for (const t of yScale.ticks(6)) {
    const y = px(yScale(t));
    lines.push(`<line x1="${px(x0)}" x2="${px(x1)}" y1="${y}" y2="${y}" stroke="#e6e6e6"/>`);
    lines.push(`<text x="${px(x0 - 8)}" y="${y}" dy="0.32em" text-anchor="end" fill="#333">${esc(yTick(t))}</text>`);
  }
  return [
    `<g class="grid" aria-hidden="true">${lines.join("")}</g>`,
    `<rect x="${px(x0)}" y="${px(y1)}" width="${px(x1 - x0)}" height="${px(y0 - y1)}" fill="none" stroke="#999"/>`,
    `<text class="axis-title" x="${px((x0 + x1) / 2)}" y="${px(y0 + 38)}" text-anchor="middle" fill="#111">${esc(xLabel)} →</text>`,
    `<text class="axis-title" transform="translate(${px(18)} ${px((y0 + y1) / 2)}) rotate(-90)" text-anchor="middle" fill="#111">${esc(yLabel)} →</text>`,
  ].join("");
}

/** The family average as crosshairs. */
function crosshairs(f: Chart, centre: { x: number; y: number }): string {
  const cx = px(f.xScale(centre.x));
  const cy = px(f.yScale(centre.y));
  return [
    `<g class="average"><title>${esc(`Family average: attainment ${formatNumber(centre.x)}, improvement ${formatSigned(centre.y)} a year`)}</title>`,
    `<line x1="${cx}" x2="${cx}" y1="${px(f.y1)}" y2="${px(f.y0)}" stroke="#222" stroke-dasharray="6 4"/>`,
    `<line x1="${px(f.x0)}" x2="${px(f.x1)}" y1="${cy}" y2="${cy}" stroke="#222" stroke-dasharray="6 4"/></g>`,
  ].join("");
}

/** The quarters named in their corners. */
function quadrantNames(f: Chart, absence: boolean): string {
  const { x0, x1, y0, y1 } = f;
  const words = absence ? ABSENCE_WORDS : QUADRANT_WORDS;
  const corner = (q: Quadrant, x: number, y: number, anchor: string): string =>
    `<text class="quadrant" x="${px(x)}" y="${px(y)}" text-anchor="${anchor}" fill="${COLOURS[q]}" font-weight="600">${q}: ${words[q]}</text>`;
  return `<g class="quadrants">${corner("NW", x0 + 6, y1 + 16, "start")}${corner("NE", x1 - 6, y1 + 16, "end")}${corner("SW", x0 + 6, y0 - 8, "start")}${corner("SE", x1 - 6, y0 - 8, "end")}</g>`;
}

/** Arrows from last year's positions, under the points; too short to show a head, left out. */
function arrows(f: Chart, placed: readonly Numbered[]): string {
  const { xScale, yScale, id } = f;
  const lines: string[] = [];
  for (const { m } of placed) {
    if (!m.movement) continue;
    const fx = xScale(m.movement.from.attainment);
    const fy = yScale(m.movement.from.improvement);
    const tx = xScale(m.attainment as number);
    const ty = yScale(m.improvement as number);
    const len = Math.hypot(tx - fx, ty - fy);
    if (len < 12) continue;
    // Stop at the point's edge so the head shows.
    const ex = tx - ((tx - fx) / len) * 10;
    const ey = ty - ((ty - fy) / len) * 10;
    lines.push(
      `<line x1="${px(fx)}" y1="${px(fy)}" x2="${px(ex)}" y2="${px(ey)}" stroke="#777" stroke-width="1.2" marker-end="url(#${id}-arrow)"/>`,
    );
  }
  return `<g class="arrows" aria-hidden="true">${lines.join("")}</g>`;
}

/** 95% error bars of each school's own attainment and improvement. */
function errorBars(f: Chart, placed: readonly Numbered[]): string {
  const { xScale, yScale } = f;
  const bars: string[] = [];
  for (const { m } of placed) {
    const x = m.attainment as number;
    const y = m.improvement as number;
    const colour = COLOURS[(m.position as NonNullable<MemberBenchmark["position"]>).quadrant];
    if (m.attainmentSE !== undefined)
      bars.push(
        `<line x1="${px(xScale(x - Z95 * m.attainmentSE))}" x2="${px(xScale(x + Z95 * m.attainmentSE))}" y1="${px(yScale(y))}" y2="${px(yScale(y))}" stroke="${colour}" stroke-opacity="0.5"/>`,
      );
    if (m.improvementSE !== undefined)
      bars.push(
        `<line x1="${px(xScale(x))}" x2="${px(xScale(x))}" y1="${px(yScale(y - Z95 * m.improvementSE))}" y2="${px(yScale(y + Z95 * m.improvementSE))}" stroke="${colour}" stroke-opacity="0.5"/>`,
      );
  }
  return `<g class="error-bars" aria-hidden="true">${bars.join("")}</g>`;
}

/** The corners the quarters' names take, which no school's number should cover. */
function quadrantBoxes(f: Chart, absence: boolean): Box[] {
  const words = absence ? ABSENCE_WORDS : QUADRANT_WORDS;
  const w = (q: Quadrant) => textWidth(`${q}: ${words[q]}`, 12);
  return [
    { x: f.x0 + 6, y: f.y1 + 4, w: w("NW"), h: 15 },
    { x: f.x1 - 6 - w("NE"), y: f.y1 + 4, w: w("NE"), h: 15 },
    { x: f.x0 + 6, y: f.y0 - 20, w: w("SW"), h: 15 },
    { x: f.x1 - 6 - w("SE"), y: f.y0 - 20, w: w("SE"), h: 15 },
  ];
}

/**
 * The points, each labelled with its number in a disc. Where discs would overlap (schools close together), a
 * greedy pass moves a disc to the nearest free place and draws a leader line to a small dot at the school's own
 * position; the highlighted school is placed first and drawn last, on top. Faded and dashed when within noise.
 */
function points(f: Chart, placed: readonly Numbered[], absence: boolean): string {
  const { xScale, yScale, options } = f;
  const lit = (m: MemberBenchmark) => m.urn === options.highlight;
  const order = [...placed].sort((a, b) => Number(lit(b.m)) - Number(lit(a.m)) || a.n - b.n);
  const labelOf = ({ m, n }: Numbered) => (options.labels === "urn" ? m.urn : String(n));
  const radius = (x: Numbered) => (lit(x.m) ? 13 : labelOf(x).length > 2 ? 12 : 10);
  const at = order.map(({ m }) => ({ x: xScale(m.attainment as number), y: yScale(m.improvement as number) }));
  const spots = placeLabels(
    order.map((x, i) => {
      const d = 2 * radius(x) + 2;
      const { x: cx, y: cy } = at[i] as { x: number; y: number };
      // A moved disc leaves a dot at its school, which later discs must not hide.
      const anchor = { x: cx - 3, y: cy - 3, w: 6, h: 6 };
      return { x: cx, y: cy, w: d, h: d, offsets: ringOffsets(d + 1, 5), anchor };
    }),
    { x: f.x0, y: f.y1, w: f.x1 - f.x0, h: f.y0 - f.y1 },
    quadrantBoxes(f, absence),
  );
  const out: string[] = [];
  // Drawn in the family's order with the highlighted school last, so that it is on top.
  const drawOrder = order
    .map((_, k) => k)
    .sort((a, b) => {
      const x = order[a] as Numbered;
      const y = order[b] as Numbered;
      return Number(lit(x.m)) - Number(lit(y.m)) || x.n - y.n;
    });
  for (const i of drawOrder) {
    const x = order[i] as Numbered;
    const { m, n } = x;
    const spot = spots[i] as NonNullable<(typeof spots)[0]>;
    const own = at[i] as { x: number; y: number };
    const position = m.position as NonNullable<MemberBenchmark["position"]>;
    const noisy = position.withinNoise === true;
    const colour = COLOURS[position.quadrant];
    const label = labelOf(x);
    const r = radius(x);
    const cx = spot.x + spot.w / 2;
    const cy = spot.y + spot.h / 2;
    const ring = lit(m)
      ? `<circle cx="${px(cx)}" cy="${px(cy)}" r="${r + 4}" fill="none" stroke="${HIGHLIGHT}" stroke-width="3"/>`
      : "";
    const name = lit(m)
      ? `<text x="${px(cx)}" y="${px(cy - r - 8)}" text-anchor="middle" font-weight="600" fill="#111">${esc(m.name ?? m.urn)}</text>`
      : "";
    // A moved disc: a dot where the school is, and a line from it to the disc's edge.
    const len = Math.hypot(cx - own.x, cy - own.y);
    const leader = spot.moved
      ? `<line class="leader" x1="${px(own.x)}" y1="${px(own.y)}" x2="${px(cx - ((cx - own.x) / len) * r)}" y2="${px(cy - ((cy - own.y) / len) * r)}" stroke="${colour}" stroke-width="1.2"/><circle class="dot" cx="${px(own.x)}" cy="${px(own.y)}" r="3" fill="${colour}"/>`
      : "";
    out.push(
      `<g class="point${noisy ? " within-noise" : ""}${lit(m) ? " highlight" : ""}" data-urn="${esc(m.urn)}" data-quadrant="${position.quadrant}">`,
      `<title>${esc(describeMember(m, n))}</title>${leader}${ring}`,
      `<circle class="label" cx="${px(cx)}" cy="${px(cy)}" r="${r}" fill="${colour}" fill-opacity="${noisy ? 0.3 : 0.9}" stroke="${noisy ? colour : "#fff"}" stroke-width="1.5"${noisy ? ' stroke-dasharray="3 2"' : ""}/>`,
      `<text x="${px(cx)}" y="${px(cy)}" dy="0.35em" text-anchor="middle" font-size="${label.length > 2 ? 8 : 11}" font-weight="600" fill="${noisy ? "#111" : "#fff"}">${esc(label)}</text>${name}</g>`,
    );
  }
  return `<g class="points">${out.join("")}</g>`;
}

/** The schools without a position, listed under the chart rather than dropped. */
function notShown(f: Chart, unplaced: readonly Numbered[]): string {
  const items = unplaced.map(
    ({ m, n }) =>
      `<tspan class="unplaced" data-urn="${esc(m.urn)}">${esc(f.options.labels === "urn" ? m.urn : String(n))}</tspan>`,
  );
  return `<text x="${px(f.x0)}" y="${px(f.height - 26)}" fill="#555">Not shown (no attainment or improvement): ${items.join(", ")}</text>`;
}
