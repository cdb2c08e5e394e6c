// Pins and forbidden pairs that cannot all hold: checked before any matching.
import type { Problem } from "../errors.js";
import type { PairRef } from "./types.js";

/** Where a pair came from, for messages: `pins.csv:4`, or its place in the list (`pins[3]`). */
function placeOf(p: PairRef, list: string, index: number): string {
  return p.line === undefined ? `${list}[${index}]` : `${p.file ?? list}:${p.line}`;
}

/**
 * The pairs that cannot all hold, as problems naming both places: a pair pinned and forbidden, and two schools
 * pinned to support each other (a school that gives support does not need it). O(pins + forbidden pairs).
 */
export function pairConflicts(pins: readonly PairRef[], forbid: readonly PairRef[]): Problem[] {
  const key = (a: string, b: string) => `${a}\u0000${b}`;
  const forbidden = new Map(forbid.map((p, i) => [key(p.supporter, p.supported), placeOf(p, "forbid", i)] as const));
  const pinned = new Map<string, string>();
  const problems: Problem[] = [];
  for (const [i, p] of pins.entries()) {
    const here = placeOf(p, "pins", i);
    const at = { ...(p.file === undefined ? {} : { file: p.file }), ...(p.line === undefined ? {} : { line: p.line }) };
    const value = `${p.supporter},${p.supported}`;
    const banned = forbidden.get(key(p.supporter, p.supported));
    if (banned !== undefined)
      problems.push({
        code: "pair-conflict",
        ...at,
        value,
        message: `${p.supporter} supporting ${p.supported} is pinned (${here}) and forbidden (${banned}); remove one of the two lines`,
      });
    const mutual = pinned.get(key(p.supported, p.supporter));
    if (mutual !== undefined)
      problems.push({
        code: "pair-conflict",
        ...at,
        value,
        message: `${p.supporter} and ${p.supported} are pinned to support each other (${mutual} and ${here}); a school that gives support does not need it, so remove one of the two lines`,
      });
    if (!pinned.has(key(p.supporter, p.supported))) pinned.set(key(p.supporter, p.supported), here);
  }
  return problems;
}
