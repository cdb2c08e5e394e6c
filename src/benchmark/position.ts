import { compact } from "../internal/compact.js";
import { populationSd } from "../internal/stats.js";
import type { Point } from "./points.js";
import { type Summary, summarise } from "./summary.js";
import type { Position, Quadrant, TARGETS } from "./types.js";
import { differenceSEs, Z95 } from "./uncertainty.js";

/** A family's average of one measure, the spread of its members, and each member's standard error against it. */
export interface Measure {
  summary: Summary | undefined;
  /** The point positions are measured from: the mean, or the cohort-weighted mean. */
  centre: number | undefined;
  /** Population standard deviation of the members' values, when at least two vary. */
  sd: number | undefined;
  se: (number | undefined)[];
}

/** NE, NW, SE or SW; a difference of exactly 0 counts as north or east. */
export function quadrantOf(dx: number, dy: number): Quadrant {
  // Constant strings: one shared string per quarter rather than a new one for every school.
  return dy >= 0 ? (dx >= 0 ? "NE" : "NW") : dx >= 0 ? "SE" : "SW";
}

/** Degrees clockwise from north (0 = N, 90 = E). */
export function bearingOf(dx: number, dy: number): number {
  const deg = (Math.atan2(dx, dy) * 180) / Math.PI;
  return deg < 0 ? deg + 360 : deg;
}

/** The centre a family's positions are measured from, given the summary of its values. */
export function centreOf(s: Summary | undefined, average: "mean" | "weighted"): number | undefined {
  return s === undefined ? undefined : average === "weighted" ? (s.weightedMean ?? s.mean) : s.mean;
}

/** Family averages of one measure, each member's weight in them, the family's spread and each member's SE. */
export function measureOf(
  xs: readonly (number | undefined)[],
  cohorts: readonly (number | undefined)[],
  ses: readonly (number | undefined)[],
  average: "mean" | "weighted",
): Measure {
  const summary = summarise(xs, cohorts);
  const m = xs.length;
  const weights: number[] = new Array(m).fill(0);
  let sd: number | undefined;
  if (summary !== undefined) {
    if (average === "weighted" && summary.weightedMean !== undefined) {
      let total = 0;
      for (let i = 0; i < m; i++) if (xs[i] !== undefined) total += cohorts[i] ?? 0;
      for (let i = 0; i < m; i++) if (xs[i] !== undefined) weights[i] = (cohorts[i] ?? 0) / total;
    } else for (let i = 0; i < m; i++) if (xs[i] !== undefined) weights[i] = 1 / summary.count;
    if (summary.count >= 2) {
      const s = populationSd(xs, summary.mean, summary.count);
      if (s > 0) sd = s;
    }
  }
  return { summary, centre: centreOf(summary, average), sd, se: differenceSEs(ses, weights) };
}

/** Where member `i` stands against its family's two measures, with how sure we can be; undefined without both. */
export function positionOf(p: Point, i: number, x: Measure, y: Measure): Position | undefined {
  if (p.att === undefined || p.imp === undefined || x.centre === undefined || y.centre === undefined) return undefined;
  const dx = p.att - x.centre;
  const dy = p.imp - y.centre;
  const seX = x.se[i];
  const seY = y.se[i];
  const xWithin = seX === undefined ? undefined : Math.abs(dx) <= Z95 * seX;
  const yWithin = seY === undefined ? undefined : Math.abs(dy) <= Z95 * seY;
  return compact<Position>({
    dx,
    dy,
    zx: x.sd === undefined ? undefined : dx / x.sd,
    zy: y.sd === undefined ? undefined : dy / y.sd,
    bearing: bearingOf(dx, dy),
    distance: Math.hypot(dx, dy),
    quadrant: quadrantOf(dx, dy),
    seX,
    seY,
    xWithinNoise: xWithin,
    yWithinNoise: yWithin,
    withinNoise: xWithin !== undefined && yWithin !== undefined ? xWithin && yWithin : undefined,
  });
}

/** The family's value a member is set against. */
export function targetValue(s: Summary | undefined, target: (typeof TARGETS)[number]): number | undefined {
  if (s === undefined) return undefined;
  switch (target) {
    case "upperQuartile":
      return s.upperQuartile;
    case "median":
      return s.median;
    case "mean":
      return s.mean;
    case "best":
      return s.max;
  }
}
