import type { FlowEdge } from "./flow.js";
import type { Node } from "./nodes.js";
import { describePair } from "./reasons.js";
import { brokenRule } from "./rules.js";
import { scoreOf } from "./score.js";
import { fail, type PartnerSettings } from "./settings.js";
import type { Pair, PairRef } from "./types.js";

/** The schools on each side of the matching, and how many more partners each may take. */
export interface Sides {
  needing: Node[];
  supporting: Node[];
  /** Partners each school needing support may still get (k less its pins). */
  leftCap: number[];
  /** Schools each supporter may still take (capacity less its pins). */
  rightCap: number[];
}

/** The pairs that may be made, and for each school needing support how many were eligible and why the rest were not. */
export interface Candidates {
  edges: FlowEdge[];
  /** The (supporter, supported) of each edge. */
  edgePairs: [Node, Node][];
  eligibleCount: Int32Array;
  /** Refusals counted by kind, so that a reason can say "3 in the same local authority". */
  refusals: (Map<string, number> | undefined)[];
}

/** Pinned pairs, made first whatever the rules say; they use up capacity. */
export interface Pinned {
  pairs: Pair[];
  keys: Set<string>;
  /** Pins per school needing support. */
  perNeed: Map<string, number>;
}

/** One key for a pair, for sets of pins and forbidden pairs. */
export const pairKey = (supporter: string, supported: string): string => `${supporter}\u0000${supported}`;

/** Makes the pinned pairs and takes their places from the sides' capacities. */
export function applyPins(
  s: PartnerSettings,
  pins: readonly PairRef[],
  byUrn: ReadonlyMap<string, Node>,
  sides: Sides,
): Pinned {
  const needIndex = new Map(sides.needing.map((n, i) => [n.m.urn, i]));
  const supIndex = new Map(sides.supporting.map((n, i) => [n.m.urn, i]));
  const pinned: Pinned = { pairs: [], keys: new Set(), perNeed: new Map() };
  const perSupporter = new Map<string, number>();
  for (const pin of pins) {
    const sup = byUrn.get(pin.supporter);
    const need = byUrn.get(pin.supported);
    if (pin.supporter === pin.supported)
      fail(`school ${pin.supported} is pinned to itself: a partner is another school`);
    if (!sup) fail(`pinned supporter ${pin.supporter} is not in the benchmarks`);
    if (!need) fail(`pinned school ${pin.supported} is not in the benchmarks`);
    const key = pairKey(pin.supporter, pin.supported);
    if (pinned.keys.has(key)) continue;
    pinned.keys.add(key);
    const used = (perSupporter.get(pin.supporter) ?? 0) + 1;
    if (used > s.capacity)
      fail(`supporter ${pin.supporter} is pinned to ${used} schools but capacity is ${s.capacity}`);
    perSupporter.set(pin.supporter, used);
    const taken = (pinned.perNeed.get(pin.supported) ?? 0) + 1;
    if (taken > s.k) fail(`school ${pin.supported} is pinned to ${taken} partners but k is ${s.k}`);
    pinned.perNeed.set(pin.supported, taken);
    pinned.pairs.push(describePair(s, sup as Node, need as Node, true));
    const si = supIndex.get(pin.supporter);
    if (si !== undefined) sides.rightCap[si] = s.capacity - used;
    const ni = needIndex.get(pin.supported);
    if (ni !== undefined) sides.leftCap[ni] = s.k - taken;
  }
  return pinned;
}

/**
 * Every pair that keeps the hard rules and has capacity on both sides, scored. Within families only family members
 * are tried; by intake distance, a sweep along z prior attainment (a pair within `context` differs by at most that).
 */
export function findCandidates(
  s: PartnerSettings,
  sides: Sides,
  forbidden: ReadonlySet<string>,
  pinnedKeys: ReadonlySet<string>,
): Candidates {
  const { needing, supporting, leftCap, rightCap } = sides;
  const found: Candidates = {
    edges: [],
    edgePairs: [],
    eligibleCount: new Int32Array(needing.length),
    refusals: needing.map(() => undefined),
  };
  const consider = (ni: number, si: number): void => {
    const need = needing[ni] as Node;
    const sup = supporting[si] as Node;
    let why = brokenRule(s, sup, need);
    if (!why && (forbidden.size > 0 || pinnedKeys.size > 0)) {
      const key = pairKey(sup.m.urn, need.m.urn);
      why = forbidden.has(key) ? "forbidden by the coordinator" : pinnedKeys.has(key) ? "already pinned" : undefined;
    }
    if (why) {
      const tally = found.refusals[ni] ?? new Map<string, number>();
      tally.set(why, (tally.get(why) ?? 0) + 1);
      found.refusals[ni] = tally;
      return;
    }
    found.eligibleCount[ni] = (found.eligibleCount[ni] as number) + 1;
    if ((leftCap[ni] as number) <= 0 || (rightCap[si] as number) <= 0) return;
    found.edges.push({ left: ni, right: si, score: scoreOf(s, sup, need).score });
    found.edgePairs.push([sup, need]);
  };
  if (s.context === "family") withinFamilies(sides, consider);
  else byIntake(sides, s.context, found, consider);
  return found;
}

function withinFamilies({ needing, supporting }: Sides, consider: (ni: number, si: number) => void): void {
  const supByFamily = new Map<string, number[]>();
  for (const [si, sup] of supporting.entries()) {
    const list = supByFamily.get(sup.family.id);
    if (list) list.push(si);
    else supByFamily.set(sup.family.id, [si]);
  }
  for (const [ni, n] of needing.entries()) for (const si of supByFamily.get(n.family.id) ?? []) consider(ni, si);
}

function byIntake(
  { needing, supporting }: Sides,
  context: number,
  found: Candidates,
  consider: (ni: number, si: number) => void,
): void {
  const zPrior = (si: number): number => (supporting[si] as Node).zPrior as number;
  const order = supporting.map((_, si) => si).filter((si) => (supporting[si] as Node).zPrior !== undefined);
  order.sort((a, b) => zPrior(a) - zPrior(b) || a - b);
  const keys = order.map(zPrior);
  for (const [ni, n] of needing.entries()) {
    if (n.zPrior === undefined) {
      found.refusals[ni] = new Map([["not comparable in intake", supporting.length]]);
      continue;
    }
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((keys[mid] as number) < n.zPrior - context) lo = mid + 1;
      else hi = mid;
    }
    const near: number[] = [];
    for (let i = lo; i < keys.length && (keys[i] as number) <= n.zPrior + context; i++) near.push(order[i] as number);
    near.sort((a, b) => a - b);
    for (const si of near) consider(ni, si);
  }
}
