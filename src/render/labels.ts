// Label placement for the charts and maps: a greedy pass that puts each label at the first of its candidate places
// that stays inside the drawing and overlaps no label already placed and no obstacle. A label that had to move
// from its first place is marked, so that the drawing adds a leader line back to its point.

/** A rectangle: its left, top, width and height, in the drawing's units. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A label to place: its point, its size, and the offsets (of its centre from the point) to try, best first. */
export interface LabelRequest {
  x: number;
  y: number;
  w: number;
  h: number;
  offsets: readonly (readonly [number, number])[];
  /** An obstacle this label may cover (its own point's), by index. */
  own?: number;
  /** The label's own point, which becomes an obstacle to the labels after it once this label has moved away from it. */
  anchor?: Box;
}

/** Where a label went: its box, and whether it left its first place (then a leader line shows whose it is). */
export interface PlacedLabel extends Box {
  moved: boolean;
}

const overlap = (a: Box, b: Box): number =>
  Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x)) *
  Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));

const inside = (a: Box, bounds: Box): boolean =>
  a.x >= bounds.x && a.y >= bounds.y && a.x + a.w <= bounds.x + bounds.w && a.y + a.h <= bounds.y + bounds.h;

/**
 * Offsets around a point, nearest first: the point itself (when `centre`), then rings of `directions` offsets at
 * `step`, 2·`step`, … `rings`·`step`, starting to the right and going round.
 */
export function ringOffsets(step: number, rings: number, directions = 12, centre = true): [number, number][] {
  const out: [number, number][] = centre ? [[0, 0]] : [];
  for (let k = 1; k <= rings; k++)
    for (let d = 0; d < directions; d++) {
      const a = (2 * Math.PI * d) / directions;
      out.push([Math.round(k * step * Math.cos(a) * 10) / 10, Math.round(k * step * Math.sin(a) * 10) / 10]);
    }
  return out;
}

/**
 * Places labels in the order given (put the ones that matter most first): each at the first of its offsets whose
 * box lies inside `bounds` and overlaps no label placed before it, no obstacle and no anchor left uncovered by a
 * label that moved; when none is free, at the
 * inside place with the least overlap (so a label is never cut at the edge while any place inside exists).
 * Deterministic. O(labels² · offsets).
 *
 * @example
 * placeLabels([{ x: 10, y: 10, w: 8, h: 8, offsets: [[0, 0], [10, 0]] }, { x: 12, y: 10, w: 8, h: 8, offsets: [[0, 0], [10, 0]] }], { x: 0, y: 0, w: 100, h: 100 })
 *   .map((l) => [l.x, l.moved]);
 * // => [[6, false], [18, true]]
 */
export function placeLabels(
  labels: readonly LabelRequest[],
  bounds: Box,
  obstacles: readonly Box[] = [],
): PlacedLabel[] {
  const placed: PlacedLabel[] = [];
  const uncovered: Box[] = [];
  for (const l of labels) {
    let best: PlacedLabel | undefined;
    let bestCost = Infinity;
    for (const [i, [dx, dy]] of l.offsets.entries()) {
      const box = { x: l.x + dx - l.w / 2, y: l.y + dy - l.h / 2, w: l.w, h: l.h };
      if (!inside(box, bounds)) continue;
      let cost = 0;
      for (const [k, o] of obstacles.entries()) if (k !== l.own) cost += overlap(box, o);
      for (const p of placed) cost += overlap(box, p);
      for (const p of uncovered) cost += overlap(box, p);
      if (cost < bestCost) {
        bestCost = cost;
        best = { ...box, moved: i > 0 };
        if (cost === 0) break;
      }
    }
    // No offset fits inside: the first, pulled inside the bounds.
    if (!best) {
      const [dx, dy] = l.offsets[0] ?? [0, 0];
      const x = Math.min(Math.max(l.x + dx - l.w / 2, bounds.x), bounds.x + bounds.w - l.w);
      const y = Math.min(Math.max(l.y + dy - l.h / 2, bounds.y), bounds.y + bounds.h - l.h);
      best = { x, y, w: l.w, h: l.h, moved: true };
    }
    placed.push(best);
    if (best.moved && l.anchor) uncovered.push(l.anchor);
  }
  return placed;
}

/** A text's box, estimated from its length: about 0.58 em a character (system sans-serif, digits and letters). */
export function textWidth(text: string, fontSize: number): number {
  return Math.ceil(text.length * fontSize * 0.58) + 2;
}
