import { compact } from "../internal/compact.js";
import type { Point } from "./points.js";
import { bearingOf, quadrantOf } from "./position.js";
import type { Movement, Quadrant } from "./types.js";
import { CHI2_2DF_95 } from "./uncertainty.js";

/**
 * How a member moved on the chart from last year's point `b` to this year's `p` (undefined without both), with
 * the quarter it was in then (against last year's family centre `bx`, `by`).
 */
export function movementOf(
  p: Point,
  b: Point,
  bx: number | undefined,
  by: number | undefined,
): { movement: Movement | undefined; earlier: Quadrant | undefined } {
  const earlier =
    b.att !== undefined && b.imp !== undefined && bx !== undefined && by !== undefined
      ? quadrantOf(b.att - bx, b.imp - by)
      : undefined;
  if (p.att === undefined || p.imp === undefined || b.att === undefined || b.imp === undefined)
    return { movement: undefined, earlier };
  const dx = p.att - b.att;
  const dy = p.imp - b.imp;
  const vx = p.attSE !== undefined && b.attSE !== undefined ? p.attSE ** 2 + b.attSE ** 2 : undefined;
  const vy = p.impSE !== undefined && b.impSE !== undefined ? p.impSE ** 2 + b.impSE ** 2 : undefined;
  // Beyond chance at 95%: χ² with 2 degrees of freedom on the two standardised changes.
  const beyond =
    vx !== undefined && vy !== undefined && vx > 0 && vy > 0
      ? (dx * dx) / vx + (dy * dy) / vy > CHI2_2DF_95
      : undefined;
  const from = compact<Movement["from"]>({ year: b.year, attainment: b.att, improvement: b.imp, quadrant: earlier });
  const movement = compact<Movement>({
    from,
    dx,
    dy,
    bearing: bearingOf(dx, dy),
    northEast: dx > 0 && dy > 0,
    beyondNoise: beyond,
  });
  return { movement, earlier };
}
