import type { Area, Node } from "./nodes.js";
import { contextDistance } from "./rules.js";
import type { PartnerSettings } from "./settings.js";
import type { Pair } from "./types.js";

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));

/** The supported school's weakest area: its lowest standardised result below the phase's average (ties by name). */
export function weakestOf(need: Node): [string, Area] | undefined {
  if (need.weakest !== undefined) return need.weakest || undefined;
  let weakest: [string, Area] | undefined;
  for (const entry of need.areas) {
    if (
      entry[1].z < 0 &&
      (!weakest || entry[1].z < weakest[1].z || (entry[1].z === weakest[1].z && entry[0] < weakest[0]))
    )
      weakest = entry;
  }
  need.weakest = weakest ?? false;
  return weakest;
}

/**
 * A pair's score (0–1) and its parts: intake similarity 1/(1 + context distance); complementarity, the supporter's
 * advantage in the supported school's weakest area (1 at two SD); the attainment gap (1 at two SD). Run for every
 * candidate, so it builds nothing else.
 */
export function scoreOf(s: PartnerSettings, sup: Node, need: Node): Pick<Pair, "score" | "parts"> {
  const cd = contextDistance(sup, need);
  const weakest = weakestOf(need);
  const theirs = weakest ? sup.areas.get(weakest[0]) : undefined;
  const parts = {
    context: cd === undefined ? 0 : 1 / (1 + cd),
    complementarity: weakest && theirs ? clamp01((theirs.z - weakest[1].z) / 2) : 0,
    gap: sup.zAtt !== undefined && need.zAtt !== undefined ? clamp01((sup.zAtt - need.zAtt) / 2) : 0,
  };
  const w = s.weights;
  const score =
    (w.context * parts.context + w.complementarity * parts.complementarity + w.gap * parts.gap) / s.weightSum;
  return { score, parts };
}
