// Points in two dimensions in a uniform grid of square cells, for the nearest-points search of comparison groups
// with two features (the default): the search walks rings of cells out from the query's own.
import { hold, type NearList } from "./kdtree.js";

/**
 * A grid over n points in the plane (`coords[2i]`, `coords[2i + 1]`): cells of side `side` from (`x0`, `y0`), `nx`
 * by `ny` of them, about two points a cell; cell c holds the points `order[start[c] .. start[c + 1])`, in index order,
 * whose coordinates are copied cell by cell into `xy` (a cell's points side by side in memory).
 */
export interface PlaneGrid {
  x0: number;
  y0: number;
  side: number;
  nx: number;
  ny: number;
  start: Int32Array;
  order: Int32Array;
  xy: Float64Array;
}

/** The most cells a side (with about two points a cell, at most about n cells in all). */
const MAX_CELLS = 4096;

/**
 * A cell or ring is passed over when its least squared distance exceeds the limit by more than this share of it: a
 * cell's edges are sums of products, rounded, so a point on an edge may lie a hair outside the cell it was counted
 * into, and a point exactly at the limit (a tie, which is kept) must not be missed.
 */
const SLACK = 1e-9;

/** The grid over the points; O(n). */
export function planeGrid(coords: Float64Array): PlaneGrid {
  const n = coords.length >> 1;
  let x0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const x = coords[2 * i] as number;
    const y = coords[2 * i + 1] as number;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  if (n === 0) x0 = x1 = y0 = y1 = 0;
  // Square cells of about two points each over the bounding box (a line of points: cells along it; one point, or
  // all at one place: one cell).
  const width = Math.max(x1 - x0, y1 - y0);
  const area = Math.max((x1 - x0) * (y1 - y0), (width * width) / Math.max(n, 1));
  let side = Math.max(Math.sqrt(area / Math.max(1, n / 2)), width / (MAX_CELLS - 1));
  if (!(side > 0 && Number.isFinite(side))) side = 1;
  const nx = Math.floor((x1 - x0) / side) + 1;
  const ny = Math.floor((y1 - y0) / side) + 1;
  const grid: PlaneGrid = {
    x0,
    y0,
    side,
    nx,
    ny,
    start: new Int32Array(nx * ny + 1),
    order: new Int32Array(n),
    xy: new Float64Array(2 * n),
  };
  fill(grid, coords, n);
  return grid;
}

/** The column or row of a coordinate, within the grid. */
const cellAlong = (v: number, from: number, side: number, cells: number): number =>
  Math.min(cells - 1, Math.max(0, Math.floor((v - from) / side)));

/** Counts the points into their cells and lays them out cell by cell (a counting sort, in index order). */
function fill(grid: PlaneGrid, coords: Float64Array, n: number): void {
  const { x0, y0, side, nx, ny, start, order, xy } = grid;
  const cellOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c =
      cellAlong(coords[2 * i + 1] as number, y0, side, ny) * nx + cellAlong(coords[2 * i] as number, x0, side, nx);
    cellOf[i] = c;
    start[c + 1] = (start[c + 1] as number) + 1;
  }
  for (let c = 0; c < nx * ny; c++) start[c + 1] = (start[c + 1] as number) + (start[c] as number);
  const next = start.slice(0, nx * ny);
  for (let i = 0; i < n; i++) {
    const t = next[cellOf[i] as number] as number;
    next[cellOf[i] as number] = t + 1;
    order[t] = i;
    xy[2 * t] = coords[2 * i] as number;
    xy[2 * t + 1] = coords[2 * i + 1] as number;
  }
}

/**
 * {@link nearestHolding} over a plane grid: the nearest points that together weigh at least `need`, nearest first by
 * (squared distance, index), every point as near as the last kept; the same list whatever the search (the set is
 * every point within the cut-off distance, and {@link hold} orders it). Rings of cells are searched outwards from
 * the query's own, each cell passed over when it lies beyond the limit, until a whole ring does. `bound`, when given,
 * must be at least the answer. Returns the cut-off's squared distance, or Infinity when all weigh less than `need`.
 */
export function nearestHoldingInPlane(
  grid: PlaneGrid,
  qx: number,
  qy: number,
  weight: Int32Array,
  need: number,
  out: NearList,
  bound = Number.POSITIVE_INFINITY,
): number {
  const { x0, y0, side, nx, ny } = grid;
  const cx = cellAlong(qx, x0, side, nx);
  const cy = cellAlong(qy, y0, side, ny);
  out.len = 0;
  out.total = 0;
  let limit = bound;
  const rings = Math.max(nx, ny);
  for (let r = 0; r < rings; r++) {
    // Every cell of ring r lies outside the block of cells within r − 1 of the query's: no nearer than its edge.
    if (r > 0) {
      const edge = Math.max(
        0,
        Math.min(
          qx - (x0 + (cx - r + 1) * side),
          x0 + (cx + r) * side - qx,
          qy - (y0 + (cy - r + 1) * side),
          y0 + (cy + r) * side - qy,
        ),
      );
      if (edge * edge > limit * (1 + SLACK)) break;
    }
    for (let y = Math.max(0, cy - r); y <= Math.min(ny - 1, cy + r); y++) {
      // The ring's top and bottom rows whole; between them, its two ends.
      const whole = y === cy - r || y === cy + r;
      for (let x = cx - r; x <= cx + r; x += whole ? 1 : 2 * r)
        if (x >= 0 && x < nx) limit = searchCell(grid, y * nx + x, x, y, qx, qy, weight, need, out, limit);
    }
  }
  return out.total >= need ? limit : Number.POSITIVE_INFINITY;
}

/** The points of cell c (at column x, row y) within the limit, into the list; returns the new limit. */
function searchCell(
  grid: PlaneGrid,
  c: number,
  x: number,
  y: number,
  qx: number,
  qy: number,
  weight: Int32Array,
  need: number,
  out: NearList,
  limit: number,
): number {
  const { x0, y0, side, start, order, xy } = grid;
  const lx = x0 + x * side;
  const ly = y0 + y * side;
  const dx = qx < lx ? lx - qx : qx > lx + side ? qx - lx - side : 0;
  const dy = qy < ly ? ly - qy : qy > ly + side ? qy - ly - side : 0;
  if (dx * dx + dy * dy > limit * (1 + SLACK)) return limit;
  let cut = limit;
  for (let t = start[c] as number, e = start[c + 1] as number; t < e; t++) {
    const ex = (xy[2 * t] as number) - qx;
    const ey = (xy[2 * t + 1] as number) - qy;
    const s = ex * ex + ey * ey;
    if (s <= cut) cut = hold(out, s, order[t] as number, weight, need, cut);
  }
  return cut;
}
