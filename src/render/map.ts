// A map of schools at their British National Grid coordinates, as an SVG string: no tiles, no network. Coloured by
// phase, named, with a scale bar and a north arrow; text escaped and described for screen readers, like the charts.
import { escapeMarkup as esc, idPart } from "./escape.js";

/** A school to put on the map. */
export interface MapSchool {
  urn: string;
  name?: string;
  phase: string;
  /** British National Grid, metres. */
  easting: number;
  northing: number;
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

/** Okabe–Ito colours by phase, told apart with every common colour-vision deficiency. */
const PHASE_COLOURS: [string, string, string][] = [
  ["primary", "#0072B2", "primary"],
  ["secondary", "#D55E00", "secondary"],
  ["16 plus", "#009E73", "16 plus / FE"],
  ["other", "#7F7F7F", "other"],
];
const colourOf = (phase: string): string =>
  (PHASE_COLOURS.find(([p]) => p === phase) ??
    (phase === "all-through" ? PHASE_COLOURS[1] : PHASE_COLOURS[3]))?.[1] as string;
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
  // A name to the right of its point, or to the left in the map's right third, so that it stays on the map.
  const label = (x: number, y: number, r: number, name: string): string =>
    x > width * 0.62
      ? `<text x="${px(x - r - 3)}" y="${px(y + 4)}" font-size="10" text-anchor="end">${esc(name)}</text>`
      : `<text x="${px(x + r + 3)}" y="${px(y + 4)}" font-size="10">${esc(name)}</text>`;
  const title = options.title ?? `Map of ${pts.length} schools`;
  const key = options.id === undefined ? "map" : `map-${idPart(options.id)}`;
  const points = [...pts]
    .sort((a, b) => Number(a.hub ?? false) - Number(b.hub ?? false) || (a.urn < b.urn ? -1 : 1))
    .map((s) => {
      const name = s.name ?? s.urn;
      const r = s.hub ? 7 : 4.5;
      return `<g class="school" data-urn="${esc(s.urn)}"><title>${esc(`${name} (${s.urn}), ${s.phase}`)}</title><circle cx="${px(X(s.easting))}" cy="${px(Y(s.northing))}" r="${r}" fill="${colourOf(s.phase)}" stroke="${s.hub ? "#111" : "#fff"}" stroke-width="${s.hub ? 2 : 1}"/>${labels ? label(X(s.easting), Y(s.northing), r, name) : ""}</g>`;
    });
  const bar = scaleLength(spanX);
  const barPx = bar * k;
  const barY = height - 18;
  const scale = `<g class="scale"><line x1="${pad.left}" x2="${px(pad.left + barPx)}" y1="${barY}" y2="${barY}" stroke="#111" stroke-width="2"/><text x="${pad.left}" y="${barY - 5}" font-size="11">${bar >= 1000 ? `${bar / 1000} km` : `${bar} m`}</text></g>`;
  const north = `<g class="north" transform="translate(${width - 22} 34)"><path d="M0,-14 L6,6 L0,2 L-6,6 Z" fill="#111"/><text y="20" text-anchor="middle" font-size="11">N</text></g>`;
  const used = PHASE_COLOURS.filter(([p]) => pts.some((s) => colourOf(s.phase) === colourOf(p)));
  const legend = used
    .map(
      ([, colour, label], i) =>
        `<g transform="translate(${px(pad.left + 110 + i * 100)} ${barY - 4})"><circle r="5" fill="${colour}"/><text x="9" y="4" font-size="11">${esc(label)}</text></g>`,
    )
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
