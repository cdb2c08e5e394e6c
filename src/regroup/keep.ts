// Last year's families carried into this year with only the changes that must happen: closed schools leave, new
// schools join, an academy takes its predecessor's place, and sizes are brought within min–max. No school moves
// here to make a family tighter: that is the budget's work (regroup-budget.ts).
import { ArgumentError } from "../errors.js";
import type { GroupedSchool } from "../group/families.js";
import { centroidOf, squaredDistance } from "../internal/geometry.js";
import { compareText } from "../internal/order.js";

/** Why a continuing school is not in last year's family: sizes forced it, the cross-border cap did, or the budget chose it. */
export type MoveReason = "size" | "maxPerLa" | "tighter";

/** What one partition's regrouping reads: its schools, the bounds, and last year's places. */
export interface KeepInput {
  key: string;
  /** The partition's schools as a fresh grouping placed them (their positions are the space to regroup in). */
  points: readonly GroupedSchool[];
  prefix: string;
  min: number;
  max: number;
  /** A continuing school's family last year, and the URN it had then. */
  wasIn: ReadonlyMap<string, { family: string; as: string }>;
  /** Last year's families already taken by an earlier partition. */
  claimed: Set<string>;
  /** Family ids in use (last year's and new), so a new family never reuses one. */
  usedIds: Set<string>;
}

/** The kept families: ids (ascending), each point's family index, and the continuing schools sizes forced out. */
export interface Kept {
  ids: string[];
  labels: Int32Array;
  forced: Map<number, MoveReason>;
  newFamilies: string[];
  endedFamilies: string[];
}

/** A partition's kept families under way: family id → member indices into `points`, and who waits to be placed. */
interface KeepState {
  input: KeepInput;
  d: number;
  members: Map<string, number[]>;
  /** Schools to place: new ones (`forced` false) and continuing ones sizes forced out. */
  pool: { i: number; forced: boolean }[];
  centres: Map<string, number[]>;
  forced: Map<number, MoveReason>;
  newFamilies: string[];
  endedFamilies: string[];
}

const coordinates = (s: KeepState, i: number): number[] => (s.input.points[i] as GroupedSchool).coordinates;
const centreOf = (s: KeepState, list: readonly number[]): number[] =>
  centroidOf(
    list.map((i) => coordinates(s, i)),
    s.d,
  );

/**
 * Keeps last year's families with only forced changes: continuing schools start in last year's family; a family
 * above `max` sheds its members farthest from its centre; the number of families is brought within what the sizes
 * allow (the smallest end; new ones open around the waiting school farthest from every family); waiting schools go
 * to the nearest family with room; families below `min` take the nearest members others can spare.
 */
export function keepFamilies(input: KeepInput): Kept {
  const s = startFromPrevious(input);
  shedExcess(s);
  fitFamilyCount(s);
  placeWaiting(s);
  fillSmallFamilies(s);
  const ids = [...s.members.keys()].sort(compareText);
  const labels = new Int32Array(input.points.length);
  for (const [f, id] of ids.entries()) for (const i of s.members.get(id) as number[]) labels[i] = f;
  return { ids, labels, forced: s.forced, newFamilies: s.newFamilies, endedFamilies: s.endedFamilies };
}

function startFromPrevious(input: KeepInput): KeepState {
  const s: KeepState = {
    input,
    d: input.points[0]?.coordinates.length ?? 0,
    members: new Map(),
    pool: [],
    centres: new Map(),
    forced: new Map(),
    newFamilies: [],
    endedFamilies: [],
  };
  for (const [i, p] of input.points.entries()) {
    const was = input.wasIn.get(p.urn);
    if (!was) s.pool.push({ i, forced: false });
    else if (input.claimed.has(was.family)) s.pool.push({ i, forced: true });
    else {
      const list = s.members.get(was.family);
      if (list) list.push(i);
      else s.members.set(was.family, [i]);
    }
  }
  return s;
}

/** A family above max sheds its members farthest from its centre; every family is then claimed by this partition. */
function shedExcess(s: KeepState): void {
  const { max, claimed } = s.input;
  for (const [id, list] of s.members) {
    if (list.length > max) {
      const c = centreOf(s, list);
      list.sort((a, b) => squaredDistance(coordinates(s, a), c) - squaredDistance(coordinates(s, b), c) || a - b);
      for (const i of list.splice(max)) s.pool.push({ i, forced: true });
    }
    claimed.add(id);
  }
}

/** The right number of families: end the smallest while there are too many for min; open new ones while too few for max. */
function fitFamilyCount(s: KeepState): void {
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
    for (const i of list) s.pool.push({ i, forced: true });
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
function newFamilySeed(s: KeepState): number {
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
  s.pool.push({ i: best, forced: true });
  return best;
}

/** Places the waiting schools: the globally nearest (school, family) pairs first, into families with room. */
function placeWaiting(s: KeepState): void {
  for (const p of s.pool) if (p.forced) s.forced.set(p.i, "size");
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

/** Families below min take the nearest members of families that can spare one (new schools first, when as near). */
function fillSmallFamilies(s: KeepState): void {
  const { points, min, wasIn } = s.input;
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
      if (wasIn.has((points[best] as GroupedSchool).urn)) s.forced.set(best, "size");
    }
  }
}
