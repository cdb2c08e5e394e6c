// A map of schools at their British National Grid coordinates, as an SVG string: no tiles, no network. Coloured by
// phase, named, with a scale bar and a north arrow; text escaped and described for screen readers, like the charts.
import { escapeMarkup as esc, idPart } from "./escape.js";
import { type Box, placeLabels, textWidth } from "./labels.js";

/** A school to put on the map. */
export interface MapSchool {
  urn: string;
  name?: string;
  phase: string;
  /** British National Grid, metres. */
  easting: number;
  northing: number;
  /** A finer phase for the colour and legend (infant, junior, first, middle, special, …), when known. */
  stage?: string;
  /** Drawn larger and ringed (a cluster's hubs). */
  hub?: boolean;
}

/** Options for {@link placeMap}. */
export interface PlaceMapOptions {
  width?: number;
  height?: number;
  title?: string;
  /** Names beside the points. Default `true` up to 40 schools. */
  labels?: boolean;
  /** A key for the SVG's element ids, unique on the page when there are several maps. Default "map". */
  id?: string;
}

/**
 * Colours by phase, in the order pupils go through them: the Okabe–Ito colours (told apart with every common
 * colour-vision deficiency), with an olive for middle schools in place of Okabe–Ito's yellow, too pale on white.
 * Each entry: the phases it stands for, its colour, its name in the legend.
 */
const PHASE_COLOURS: [readonly string[], string, string][] = [
  [["nursery", "infant", "first"], "#56B4E9", "infant / first"],
  [["junior"], "#CC79A7", "junior"],
  [["primary"], "#0072B2", "primary"],
  [["middle"], "#999933", "middle"],
  [["secondary"], "#D55E00", "secondary"],
  [["all-through"], "#E69F00", "all-through"],
  [["special"], "#000000", "special"],
  [["16 plus", "fe", "16 plus / fe"], "#009E73", "16 plus / FE"],
  [[], "#7F7F7F", "other"],
];
const OTHER = PHASE_COLOURS[PHASE_COLOURS.length - 1] as (typeof PHASE_COLOURS)[0];
const entryOf = (phase: string) => PHASE_COLOURS.find(([ps]) => ps.includes(phase.toLowerCase())) ?? OTHER;
/** A phase's colour on the maps (grey for a phase not listed). */
export const phaseColour = (phase: string): string => entryOf(phase)[1];
const px = (v: number): string => (Math.round(v * 10) / 10).toString();

/** A round scale-bar length (1, 2 or 5 × a power of ten) of about a fifth of the map's width, in metres. */
function scaleLength(metresWide: number): number {
  const target = metresWide / 5;
  const p = 10 ** Math.floor(Math.log10(Math.max(target, 1)));
  return [5, 2, 1].map((m) => m * p).find((l) => l <= target) ?? p;
}

/**
 * Draws schools on a map at their British National Grid coordinates (equal scale both ways, north up), coloured
 * by phase (primary, secondary and all-through, 16 plus/FE, other), hubs larger and ringed, with names (escaped),
 * a legend, a scale bar in kilometres and a north arrow. The SVG has a title and a description listing the
 * schools, for screen readers. Schools without coordinates are not drawn (the caller lists them).
 *
 * @example
 * placeMap([{ urn: "1", name: "Alder", phase: "primary", easting: 383000, northing: 388000 }]).startsWith("<svg");
 * // => true
 */
export function placeMap(schools: readonly MapSchool[], options: PlaceMapOptions = {}): string {
  const width = options.width ?? 640;
  const height = options.height ?? 480;
  const pad = { top: 28, right: 24, bottom: 48, left: 24 };
  const pts = schools.filter((s) => Number.isFinite(s.easting) && Number.isFinite(s.northing));
  const xs = pts.map((s) => s.easting);
  const ys = pts.map((s) => s.northing);
  const [x0, x1] = [Math.min(...xs, Infinity), Math.max(...xs, -Infinity)];
  const [y0, y1] = [Math.min(...ys, Infinity), Math.max(...ys, -Infinity)];
  const spanX = Math.max(x1 - x0, 500);
  const spanY = Math.max(y1 - y0, 500);
  const k = Math.min((width - pad.left - pad.right) / spanX, (height - pad.top - pad.bottom) / spanY);
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const X = (e: number) => width / 2 + (e - cx) * k;
  const Y = (n: number) => pad.top + (height - pad.top - pad.bottom) / 2 - (n - cy) * k;
  const labels = options.labels ?? pts.length <= 40;
  const title = options.title ?? `Map of ${pts.length} schools`;
  const key = options.id === undefined ? "map" : `map-${idPart(options.id)}`;
  // Hubs first: they are placed first and drawn last, on top.
  const order = [...pts].sort((a, b) => Number(b.hub ?? false) - Number(a.hub ?? false) || (a.urn < b.urn ? -1 : 1));
  const names = labels ? nameLabels(order, X, Y, width, { top: 24, bottom: height - 34 }) : [];
  const points = order
    .map((s, i) => {
      const name = s.name ?? s.urn;
      const r = s.hub ? 7 : 4.5;
      const colour = phaseColour(s.stage ?? s.phase);
      return `<g class="school" data-urn="${esc(s.urn)}"><title>${esc(`${name} (${s.urn}), ${s.stage ?? s.phase}`)}</title><circle cx="${px(X(s.easting))}" cy="${px(Y(s.northing))}" r="${r}" fill="${colour}" stroke="${s.hub ? "#111" : "#fff"}" stroke-width="${s.hub ? 2 : 1}"/>${names[i] ?? ""}</g>`;
    })
    .reverse();
  const bar = scaleLength(spanX);
  const barPx = bar * k;
  const barY = height - 18;
  const scale = `<g class="scale"><line x1="${pad.left}" x2="${px(pad.left + barPx)}" y1="${barY}" y2="${barY}" stroke="#111" stroke-width="2"/><text x="${pad.left}" y="${barY - 5}" font-size="11">${bar >= 1000 ? `${bar / 1000} km` : `${bar} m`}</text></g>`;
  const north = `<g class="north" transform="translate(${width - 22} 34)"><path d="M0,-14 L6,6 L0,2 L-6,6 Z" fill="#111"/><text y="20" text-anchor="middle" font-size="11">N</text></g>`;
  const used = PHASE_COLOURS.filter((e) => pts.some((s) => entryOf(s.stage ?? s.phase) === e));
  let at = pad.left + 100;
  const legend = used
    .map(([, colour, label]) => {
      const x = at;
      at += 22 + textWidth(label, 11);
      return `<g transform="translate(${px(x)} ${barY - 4})"><circle r="5" fill="${colour}"/><text x="9" y="4" font-size="11">${esc(label)}</text></g>`;
    })
    .join("");
  const desc = `${pts.length} schools on the British National Grid, north up: ${pts
    .map((s) => `${s.name ?? s.urn} (${s.phase}${s.hub ? ", hub" : ""})`)
    .join("; ")}.`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${key}-title ${key}-desc" font-family="system-ui, sans-serif">`,
    `<title id="${key}-title">${esc(title)}</title><desc id="${key}-desc">${esc(desc)}</desc>`,
    `<rect width="${width}" height="${height}" fill="#fbfbf8"/>`,
    `<text x="${pad.left}" y="18" font-size="13" font-weight="600">${esc(title)}</text>`,
    ...points,
    scale,
    north,
    legend,
    "</svg>",
  ].join("");
}

/**
 * The schools' names, placed by a greedy pass (see `placeLabels`) beside their points — right, left, above, below,
 * then further out with a leader line — so that no two overlap, none covers another school's point and none is
 * cut at the map's edge (a name wider than the map is shortened with "…"). One SVG fragment for each school.
 */
function nameLabels(
  schools: readonly MapSchool[],
  X: (e: number) => number,
  Y: (n: number) => number,
  width: number,
  band: { top: number; bottom: number },
): string[] {
  const size = 10;
  const h = 12;
  const bounds: Box = { x: 2, y: band.top, w: width - 4, h: band.bottom - band.top };
  const shortened = (name: string) => {
    let text = name;
    while (text.length > 4 && textWidth(text, size) > bounds.w) text = `${text.slice(0, -2)}…`;
    return text;
  };
  const texts = schools.map((s) => shortened(s.name ?? s.urn));
  const dots: Box[] = schools.map((s) => {
    const r = s.hub ? 7 : 4.5;
    return { x: X(s.easting) - r, y: Y(s.northing) - r, w: 2 * r, h: 2 * r };
  });
  const spots = placeLabels(
    schools.map((s, i) => {
      const w = textWidth(texts[i] as string, size);
      const r = (s.hub ? 7 : 4.5) + 3;
      const side = r + w / 2;
      const offsets: [number, number][] = [
        [side, 0],
        [-side, 0],
        [0, -(r + h / 2)],
        [0, r + h / 2],
        [side, -h],
        [-side, -h],
        [side, h],
        [-side, h],
      ];
      // Further out, with a leader line: up to five label heights away, each side and above and below.
      for (let k = 2; k <= 5; k++)
        offsets.push([side, -k * h], [side, k * h], [-side, -k * h], [-side, k * h], [0, -k * h], [0, k * h]);
      return { x: X(s.easting), y: Y(s.northing), w, h, offsets, own: i };
    }),
    bounds,
    dots,
  );
  return schools.map((s, i) => {
    const spot = spots[i] as NonNullable<(typeof spots)[0]>;
    const x = X(s.easting);
    const y = Y(s.northing);
    const cx = spot.x + spot.w / 2;
    const near = Math.abs(cx - x) > spot.w / 2 ? (cx > x ? spot.x : spot.x + spot.w) : cx;
    const farY = spot.y + spot.h / 2;
    const far = Math.abs(farY - y) > h * 1.5;
    const leader = far
      ? `<line class="leader" x1="${px(x)}" y1="${px(y)}" x2="${px(near)}" y2="${px(farY)}" stroke="#888" stroke-width="0.8"/>`
      : "";
    return `${leader}<text x="${px(cx)}" y="${px(spot.y + h - 3)}" font-size="${size}" text-anchor="middle">${esc(texts[i] as string)}</text>`;
  });
}
