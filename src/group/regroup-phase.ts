import { mean, quantileSorted } from "simple-statistics";
import { ArgumentError } from "../errors.js";
import { centroidOf, joinCost, leaveGain, squaredDistance } from "../internal/geometry.js";
import { compareText } from "../internal/order.js";
import type { Family, GroupedSchool } from "./families.js";
import type { ContextField } from "./features.js";

/** Type-7 quantile of unsorted values (simple-statistics' on a sorted copy), Infinity when there are none. */
export function quantile(values: readonly number[], q: number): number {
  return values.length === 0
    ? Number.POSITIVE_INFINITY
    : quantileSorted(
        [...values].sort((a, b) => a - b),
        q,
      );
}

/** Why a school is where it is now, if not where it was. */
export type MoveReason = "outlier" | "size" | "tighter" | "new";

/** A continuing school that changed family, and why. */
export interface Move {
  urn: string;
  from: string;
  to: string;
  reason: Exclude<MoveReason, "new">;
}

/** A school not in the previous grouping (or continuing a predecessor's place), and where it went. */
export interface Joined {
  urn: string;
  family: string;
  successorOf?: string;
}

/** What one phase's regrouping reads: its schools, the bounds, and last year's places. */
export interface PhaseInput {
  key: string;
  /** The phase's schools as a fresh grouping placed them (their positions are the space to regroup in). */
  points: readonly GroupedSchool[];
  prefix: string;
  min: number;
  max: number;
  /** A continuing school's family last year, and the URN it had then. */
  wasIn: ReadonlyMap<string, { family: string; as: string }>;
  /** Last year's families already taken by an earlier phase. */
  claimed: Set<string>;
  /** Family ids in use (last year's and new), so a new family never reuses one. */
  usedIds: Set<string>;
  threshold: number;
  /** Price of a move, in squared distance; Infinity for no such moves. */
  scaledPenalty: number;
  features: readonly { name: ContextField }[];
}

/** One phase's regrouping under way: families (id → member indices into `points`), and who waits to be placed. */
interface PhaseState {
  input: PhaseInput;
  d: number;
  members: Map<string, number[]>;
  pool: { i: number; reason: MoveReason }[];
  centres: Map<string, number[]>;
  reasonOf: Map<number, MoveReason>;
  newFamilies: string[];
  endedFamilies: string[];
}

/** The result of one phase: its families, the schools' rows, and what changed. */
export interface PhaseResult {
  families: Family[];
  grouped: GroupedSchool[];
  sse: number;
  moves: Move[];
  joined: Joined[];
  newFamilies: string[];
  endedFamilies: string[];
}

const coordinates = (s: PhaseState, i: number): number[] => (s.input.points[i] as GroupedSchool).coordinates;
const centreOf = (s: PhaseState, list: readonly number[]): number[] =>
  centroidOf(
    list.map((i) => coordinates(s, i)),
    s.d,
  );

/**
 * Regroups one phase: continuing schools start in last year's family; outliers and a family's excess over `max`
 * wait; the number of families is brought within what the sizes allow; waiting schools go to the nearest family
 * with room; small families take the nearest members others can spare; then priced moves, if any.
 */
export function regroupPhase(input: PhaseInput): PhaseResult {
  const s = startFromPrevious(input);
  shedOutliers(s);
  fitFamilyCount(s);
  placeWaiting(s);
  fillSmallFamilies(s);
  if (input.scaledPenalty < Number.POSITIVE_INFINITY) tighten(s);
  return finish(s);
}

function startFromPrevious(input: PhaseInput): PhaseState {
  const s: PhaseState = {
    input,
    d: input.points[0]?.coordinates.length ?? 0,
    members: new Map(),
    pool: [],
    centres: new Map(),
    reasonOf: new Map(),
    newFamilies: [],
    endedFamilies: [],
  };
  for (const [i, p] of input.points.entries()) {
    const was = input.wasIn.get(p.urn);
    if (!was) s.pool.push({ i, reason: "new" });
    else if (input.claimed.has(was.family)) s.pool.push({ i, reason: "size" });
    else {
      const list = s.members.get(was.family);
      if (list) list.push(i);
      else s.members.set(was.family, [i]);
    }
  }
  return s;
}

/**
 * Outliers leave first, judged from the family's median (one school that moved away must not drag the centre with
 * it and make outliers of the rest); then a family above max sheds its farthest members; empty families end.
 */
function shedOutliers(s: PhaseState): void {
  const { threshold, max, claimed } = s.input;
  const median = (list: readonly number[]): number[] =>
    Array.from({ length: s.d }, (_, j) =>
      quantile(
        list.map((i) => coordinates(s, i)[j] as number),
        0.5,
      ),
    );
  for (const [id, list] of s.members) {
    const c = median(list);
    const keep: number[] = [];
    for (const i of list) {
      if (Math.sqrt(squaredDistance(coordinates(s, i), c)) > threshold) s.pool.push({ i, reason: "outlier" });
      else keep.push(i);
    }
    if (keep.length > max) {
      const cc = centreOf(s, keep);
      keep.sort((a, b) => squaredDistance(coordinates(s, a), cc) - squaredDistance(coordinates(s, b), cc) || a - b);
      for (const i of keep.splice(max)) s.pool.push({ i, reason: "size" });
    }
    s.members.set(id, keep);
  }
  for (const [id, list] of [...s.members]) {
    claimed.add(id);
    if (list.length === 0) {
      s.members.delete(id);
      s.endedFamilies.push(id);
    }
  }
}

/** The right number of families: end the smallest while there are too many for min; open new ones while too few for max. */
function fitFamilyCount(s: PhaseState): void {
  const { points, min, max, key } = s.input;
  const n = points.length;
  const lo = Math.ceil(n / max);
  const hi = Math.floor(n / min);
  if (lo > hi)
    throw new ArgumentError(
      "regroupFamilies",
      `the ${n} ${key} school${n === 1 ? "" : "s"} cannot be split into families of ${min}–${max}`,
    );
  while (s.members.size > hi) {
    const [id, list] = [...s.members].sort((a, b) => a[1].length - b[1].length || compareText(a[0], b[0]))[0] as [
      string,
      number[],
    ];
    for (const i of list) s.pool.push({ i, reason: "size" });
    s.members.delete(id);
    s.endedFamilies.push(id);
  }
  s.centres = new Map([...s.members].map(([id, list]) => [id, centreOf(s, list)]));
  let next = 1;
  while (s.members.size < lo) {
    const seed = newFamilySeed(s);
    let id = `${s.input.prefix}${String(next).padStart(2, "0")}`;
    while (s.input.usedIds.has(id) || s.members.has(id)) id = `${s.input.prefix}${String(++next).padStart(2, "0")}`;
    s.input.usedIds.add(id);
    s.newFamilies.push(id);
    s.members.set(id, []);
    s.centres.set(id, [...coordinates(s, seed)]);
  }
}

/** The school to seed a new family: the waiting school farthest from every family; if none waits, the member farthest from its own. */
function newFamilySeed(s: PhaseState): number {
  let best = -1;
  let bestD = -1;
  for (const { i } of s.pool) {
    let nearest = Number.POSITIVE_INFINITY;
    for (const c of s.centres.values()) nearest = Math.min(nearest, squaredDistance(coordinates(s, i), c));
    if (nearest > bestD) {
      bestD = nearest;
      best = i;
    }
  }
  if (best >= 0) return best;
  for (const [id, list] of s.members) {
    const c = s.centres.get(id) as number[];
    for (const i of list) {
      const dd = squaredDistance(coordinates(s, i), c);
      if (dd > bestD) {
        bestD = dd;
        best = i;
      }
    }
  }
  for (const [id, list] of s.members)
    if (list.includes(best))
      s.members.set(
        id,
        list.filter((x) => x !== best),
      );
  s.pool.push({ i: best, reason: "size" });
  return best;
}

/** Places the waiting schools: the globally nearest (school, family) pairs first, into families with room. */
function placeWaiting(s: PhaseState): void {
  s.reasonOf = new Map(s.pool.map((p) => [p.i, p.reason]));
  const choices: { i: number; id: string; dd: number }[] = [];
  for (const { i } of s.pool)
    for (const [id, c] of s.centres) choices.push({ i, id, dd: squaredDistance(coordinates(s, i), c) });
  choices.sort((a, b) => a.dd - b.dd || a.i - b.i || compareText(a.id, b.id));
  const placed = new Set<number>();
  for (const o of choices) {
    if (placed.has(o.i)) continue;
    const list = s.members.get(o.id) as number[];
    if (list.length >= s.input.max) continue;
    list.push(o.i);
    placed.add(o.i);
  }
}

/** Families below min take the nearest members of families that can spare one. */
function fillSmallFamilies(s: PhaseState): void {
  const { points, min } = s.input;
  const homeOf = new Map<number, string>();
  for (const [id, list] of s.members) for (const i of list) homeOf.set(i, id);
  for (const [id, list] of [...s.members].sort((a, b) => compareText(a[0], b[0]))) {
    while (list.length < min) {
      const c = list.length > 0 ? centreOf(s, list) : (s.centres.get(id) as number[]);
      let best = -1;
      let bestD = Number.POSITIVE_INFINITY;
      for (const [i, p] of points.entries()) {
        const home = homeOf.get(i) as string;
        if (home === id || (s.members.get(home) as number[]).length <= min) continue;
        const dd = squaredDistance(p.coordinates, c);
        if (dd < bestD) {
          bestD = dd;
          best = i;
        }
      }
      const from = homeOf.get(best) as string;
      s.members.set(
        from,
        (s.members.get(from) as number[]).filter((x) => x !== best),
      );
      list.push(best);
      homeOf.set(best, id);
      if (!s.reasonOf.has(best)) s.reasonOf.set(best, "size");
    }
  }
}

/**
 * Local improvement with a price on every move: a school changes family only when that lowers the sum of squared
 * distances by more than the price (a move back home earns it); sizes stay within min–max.
 */
function tighten(s: PhaseState): void {
  const { points, min, max, wasIn, scaledPenalty } = s.input;
  const d = s.d;
  const ids = [...s.members.keys()].sort();
  const size = ids.map((id) => (s.members.get(id) as number[]).length);
  const centres = ids.map((id) => centreOf(s, s.members.get(id) as number[]));
  const at = new Int32Array(points.length);
  for (const [f, id] of ids.entries()) for (const i of s.members.get(id) as number[]) at[i] = f;
  const home = points.map((p) => {
    const was = wasIn.get(p.urn);
    return was ? ids.indexOf(was.family) : -1;
  });
  for (let pass = 0; pass < 50; pass++) {
    let changed = 0;
    for (let i = 0; i < points.length; i++) {
      const a = at[i] as number;
      if ((size[a] as number) <= min) continue;
      const x = coordinates(s, i);
      const leave = leaveGain(size[a] as number, squaredDistance(x, centres[a] as number[]));
      let best = -1;
      let bestGain = 0;
      for (let b = 0; b < ids.length; b++) {
        if (b === a || (size[b] as number) >= max) continue;
        const join = joinCost(size[b] as number, squaredDistance(x, centres[b] as number[]));
        const price = (a === home[i] ? scaledPenalty : 0) - (b === home[i] ? scaledPenalty : 0);
        const gain = leave - join - price;
        if (gain > bestGain + 1e-12) {
          bestGain = gain;
          best = b;
        }
      }
      if (best < 0) continue;
      moveCentre(centres[a] as number[], size[a] as number, x, -1, d);
      moveCentre(centres[best] as number[], size[best] as number, x, 1, d);
      size[a] = (size[a] as number) - 1;
      size[best] = (size[best] as number) + 1;
      at[i] = best;
      if (!s.reasonOf.has(i)) s.reasonOf.set(i, "tighter");
      changed++;
    }
    if (changed === 0) break;
  }
  for (const id of ids) s.members.set(id, []);
  for (const [i, f] of at.entries()) (s.members.get(ids[f] as string) as number[]).push(i);
}

/** A centroid of n points after adding (sign 1) or removing (sign −1) point x. */
function moveCentre(c: number[], n: number, x: readonly number[], sign: 1 | -1, d: number): void {
  const m = n + sign;
  for (let j = 0; j < d; j++) c[j] = m === 0 ? 0 : ((c[j] as number) * n + sign * (x[j] as number)) / m;
}

/** The families, their members' rows and what moved. */
function finish(s: PhaseState): PhaseResult {
  const { points, key, features, wasIn } = s.input;
  const out: PhaseResult = {
    families: [],
    grouped: [],
    sse: 0,
    moves: [],
    joined: [],
    newFamilies: s.newFamilies,
    endedFamilies: s.endedFamilies,
  };
  for (const [id, list] of [...s.members].sort((a, b) => compareText(a[0], b[0]))) {
    list.sort((a, b) => a - b);
    const c = centreOf(s, list);
    const raw: Partial<Record<ContextField, number>> = {};
    for (const f of features)
      raw[f.name] = mean(list.map((i) => (points[i] as GroupedSchool).values[f.name] as number));
    out.families.push({
      id,
      partition: key,
      size: list.length,
      members: list.map((i) => (points[i] as GroupedSchool).urn),
      centroid: raw,
    });
    for (const i of list) {
      const p = points[i] as GroupedSchool;
      const distance = Math.sqrt(squaredDistance(p.coordinates, c));
      out.sse += distance * distance;
      out.grouped.push({ ...p, family: id, distance });
      const was = wasIn.get(p.urn);
      if (!was) out.joined.push({ urn: p.urn, family: id });
      else {
        if (was.as !== p.urn) out.joined.push({ urn: p.urn, family: id, successorOf: was.as });
        const reason = s.reasonOf.get(i) ?? "size";
        if (was.family !== id)
          out.moves.push({ urn: p.urn, from: was.family, to: id, reason: reason === "new" ? "size" : reason });
      }
    }
  }
  return out;
}
