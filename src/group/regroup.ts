import { quantileSorted } from "simple-statistics";
import type { School } from "../panel/panel.js";
import type { SchoolYear } from "../schema.js";
import {
  type Family,
  type GroupedSchool,
  type GroupFamiliesOptions,
  type Grouping,
  groupFamilies,
} from "./families.js";
import { asSchools, type ContextField } from "./features.js";

/** Options for {@link regroupFamilies}: those of `groupFamilies` (features, weights, by, year, min, max, size), and the outlier rule. */
export interface RegroupOptions extends Omit<GroupFamiliesOptions, "maxPerLa" | "onInfeasible"> {
  /**
   * A continuing school moves when its distance to its family's centre is beyond this quantile of the distances
   * in a fresh grouping of the same schools (per phase). Default 0.95. `1` moves no school for being an outlier.
   */
  outlierQuantile?: number;
  /**
   * After outliers and new schools are placed, a school also moves when that makes the families tighter by more
   * than this price, in units of a fresh grouping's mean squared distance per school: 0 regroups freely (most
   * churn, tightest), `Infinity` (default) makes no such move. See bench/RESULTS.md for the trade-off.
   */
  movePenalty?: number;
}

/** Why a school is where it is now, if not where it was. */
export type MoveReason = "outlier" | "size" | "tighter" | "new";

/** The result of {@link regroupFamilies}: a grouping, what changed and why, and what stability cost. */
export interface Regrouping extends Grouping {
  churn: {
    /** Schools in both the previous grouping (themselves or a predecessor URN) and the data. */
    continuing: number;
    /** Continuing schools now in another family. */
    moved: number;
    /** moved ÷ continuing. */
    share: number;
    /**
     * Each continuing school that changed family, and why: `outlier` (far from its family's centre), `size` (its
     * family was too small, too big, or needed members) or `tighter` (worth more than `movePenalty`).
     */
    moves: { urn: string; from: string; to: string; reason: Exclude<MoveReason, "new"> }[];
    /** Schools not in the previous grouping, where they went; `successorOf` when they continue a predecessor's place. */
    joined: { urn: string; family: string; successorOf?: string }[];
    /** Previous schools with no data now (closed, or not in this data set). */
    left: { urn: string; family: string }[];
    /** Families made for this year, and families that ended (merged away). */
    newFamilies: string[];
    endedFamilies: string[];
  };
  /** Tightness against a fresh grouping of the same schools (sum of squared distances to family centres). */
  stability: { sse: number; freshSse: number; ratio: number; thresholds: Record<string, number> };
}

/** Type-7 quantile of unsorted values (simple-statistics' on a sorted copy), Infinity when there are none. */
function quantile(values: readonly number[], q: number): number {
  return values.length === 0
    ? Infinity
    : quantileSorted(
        [...values].sort((a, b) => a - b),
        q,
      );
}

const dist2 = (a: readonly number[], b: readonly number[]): number => {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += ((a[j] as number) - (b[j] as number)) ** 2;
  return s;
};

/**
 * Regroups a new year's schools while keeping last year's families where possible, as London and Greater
 * Manchester did: a continuing school stays in its family unless it has become an outlier (farther from the
 * family's median than `outlierQuantile` of a fresh grouping's distances to centres) or sizes force a move. New schools
 * join the nearest family with room; an academy that continues a school (its predecessor URN, joined by
 * `panel`) keeps its predecessor's family; closed schools leave. Families are then brought within `min`–`max`:
 * too many schools for the families' room opens new families; too few ends the smallest families; a family
 * above `max` sheds its farthest members; one below `min` takes the nearest members of families that can spare
 * them. Every move is reported with its reason, with the churn and the cost in tightness against a fresh grouping.
 *
 * Cost: one `groupFamilies` (for the features, the fresh comparison and the threshold) plus O(P·K log(P·K)) to
 * place P moving schools among K families and O(n) per member pulled into a small family.
 *
 * @param schools - This year's schools (from `panel`, so successors are linked) or records. Not mutated.
 * @param previous - Last year's families: URN → family id (as `fos group --csv` writes; `readFamilies(...).assignments`).
 * @param options - See {@link RegroupOptions}.
 * @returns A {@link Regrouping}: the grouping (same shape as `groupFamilies`'), `churn` and `stability`.
 * @throws {RangeError} for bad options; {@link FamiliesError} when a phase cannot be split within min–max at all.
 * @example
 * const next = regroupFamilies(records2020, { "100001": "P01", … });
 * next.churn.share;
 * // => 0.04 (4% of continuing schools changed family)
 */
export function regroupFamilies(
  schools: readonly School[] | readonly SchoolYear[],
  previous: ReadonlyMap<string, string> | Readonly<Record<string, string>>,
  options: RegroupOptions = {},
): Regrouping {
  const q = options.outlierQuantile ?? 0.95;
  if (!(q > 0 && q <= 1))
    throw new RangeError(`regroupFamilies: outlierQuantile must be above 0 and at most 1, not ${q}`);
  const penalty = options.movePenalty ?? Infinity;
  if (!(penalty >= 0))
    throw new RangeError(`regroupFamilies: movePenalty must be 0 or more (Infinity for none), not ${penalty}`);
  const before =
    previous instanceof Map
      ? (previous as ReadonlyMap<string, string>)
      : new Map(Object.entries(previous as Record<string, string>));
  const all = asSchools(schools);
  const fresh = groupFamilies(all, options);
  const min = fresh.min;
  const max = fresh.max;
  const chain = new Map(all.map((s) => [s.urn, s.urns]));

  // Where each school was: itself, else its latest predecessor in the previous grouping.
  const wasIn = new Map<string, { family: string; as: string }>();
  for (const s of fresh.schools) {
    const urns = chain.get(s.urn) ?? [s.urn];
    for (let i = urns.length - 1; i >= 0; i--) {
      const id = before.get(urns[i] as string);
      if (id !== undefined) {
        wasIn.set(s.urn, { family: id, as: urns[i] as string });
        break;
      }
    }
  }
  const seen = new Set<string>();
  for (const urns of chain.values()) for (const u of urns) seen.add(u);

  const families: Family[] = [];
  const grouped: GroupedSchool[] = [];
  const moves: Regrouping["churn"]["moves"] = [];
  const joined: Regrouping["churn"]["joined"] = [];
  const newFamilies: string[] = [];
  const endedFamilies: string[] = [];
  const thresholds: Record<string, number> = {};
  const notes = [...fresh.notes];
  let sse = 0;
  let freshSse = 0;
  const usedIds = new Set(before.values());

  const byKey = new Map<string, GroupedSchool[]>();
  const keyOf = new Map(fresh.families.map((f) => [f.id, f.key]));
  for (const s of fresh.schools) {
    const key = keyOf.get(s.family) as string;
    const list = byKey.get(key);
    if (list) list.push(s);
    else byKey.set(key, [s]);
    freshSse += s.distance ** 2;
  }

  // Phases in the fresh grouping's order; a previous family id belongs to the first phase that has it.
  const claimed = new Set<string>();
  for (const key of [...new Set(fresh.families.map((f) => f.key))]) {
    const points = byKey.get(key) ?? [];
    const prefix = (fresh.families.find((f) => f.key === key)?.id ?? "F").replace(/\d+$/, "");
    const threshold =
      q >= 1
        ? Infinity
        : quantile(
            points.map((p) => p.distance),
            q,
          );
    const freshPartSse = points.reduce((t, p) => t + p.distance ** 2, 0);
    thresholds[key] = threshold;
    const d = points[0]?.position.length ?? 0;
    // family id → members (indices into points).
    const members = new Map<string, number[]>();
    const pool: { i: number; reason: MoveReason }[] = [];
    points.forEach((p, i) => {
      const was = wasIn.get(p.urn);
      if (!was) pool.push({ i, reason: "new" });
      else if (claimed.has(was.family)) pool.push({ i, reason: "size" });
      else {
        const list = members.get(was.family);
        if (list) list.push(i);
        else members.set(was.family, [i]);
      }
    });
    const centre = (list: readonly number[]): number[] => {
      const c = new Array<number>(d).fill(0);
      for (const i of list)
        for (let j = 0; j < d; j++)
          c[j] = (c[j] as number) + ((points[i] as GroupedSchool).position[j] as number) / list.length;
      return c;
    };
    // Outliers leave first, judged from the family's median (one school that moved away must not drag the
    // centre with it and make outliers of the rest); then any family above max sheds its farthest members.
    const median = (list: readonly number[]): number[] =>
      Array.from({ length: d }, (_, j) =>
        quantile(
          list.map((i) => (points[i] as GroupedSchool).position[j] as number),
          0.5,
        ),
      );
    for (const [id, list] of members) {
      const c = median(list);
      const keep: number[] = [];
      for (const i of list) {
        if (Math.sqrt(dist2((points[i] as GroupedSchool).position, c)) > threshold) pool.push({ i, reason: "outlier" });
        else keep.push(i);
      }
      if (keep.length > max) {
        const cc = centre(keep);
        keep.sort(
          (a, b) =>
            dist2((points[a] as GroupedSchool).position, cc) - dist2((points[b] as GroupedSchool).position, cc) ||
            a - b,
        );
        for (const i of keep.splice(max)) pool.push({ i, reason: "size" });
      }
      members.set(id, keep);
    }
    for (const [id, list] of [...members]) {
      claimed.add(id);
      if (list.length === 0) {
        members.delete(id);
        endedFamilies.push(id);
      }
    }
    // The right number of families: end the smallest while there are too many for min; open new ones while too few for max.
    const n = points.length;
    const lo = Math.ceil(n / max);
    const hi = Math.floor(n / min);
    if (lo > hi)
      throw new RangeError(`regroupFamilies: the ${n} ${key} schools cannot be split into families of ${min}–${max}`);
    while (members.size > hi) {
      const [id, list] = [...members].sort((a, b) => a[1].length - b[1].length || (a[0] < b[0] ? -1 : 1))[0] as [
        string,
        number[],
      ];
      for (const i of list) pool.push({ i, reason: "size" });
      members.delete(id);
      endedFamilies.push(id);
    }
    const centres = new Map([...members].map(([id, list]) => [id, centre(list)]));
    let next = 1;
    while (members.size < lo) {
      // Seed a new family with the waiting school farthest from every family (the first by URN when none exists).
      let best = -1;
      let bestD = -1;
      for (const { i } of pool) {
        let nearest = Infinity;
        for (const c of centres.values()) nearest = Math.min(nearest, dist2((points[i] as GroupedSchool).position, c));
        if (nearest > bestD) {
          bestD = nearest;
          best = i;
        }
      }
      if (best < 0) {
        // Nobody waits: take the member farthest from its own family's centre.
        for (const [id, list] of members) {
          const c = centres.get(id) as number[];
          for (const i of list) {
            const dd = dist2((points[i] as GroupedSchool).position, c);
            if (dd > bestD) {
              bestD = dd;
              best = i;
            }
          }
        }
        for (const [id, list] of members)
          if (list.includes(best))
            members.set(
              id,
              list.filter((x) => x !== best),
            );
        pool.push({ i: best, reason: "size" });
      }
      let id = `${prefix}${String(next).padStart(2, "0")}`;
      while (usedIds.has(id) || members.has(id)) id = `${prefix}${String(++next).padStart(2, "0")}`;
      usedIds.add(id);
      newFamilies.push(id);
      members.set(id, []);
      centres.set(id, [...(points[best] as GroupedSchool).position]);
    }

    // Place the waiting schools: the globally nearest (school, family) pairs first, into families with room.
    const reasonOf = new Map(pool.map((p) => [p.i, p.reason]));
    const choices: { i: number; id: string; dd: number }[] = [];
    for (const { i } of pool)
      for (const [id, c] of centres) choices.push({ i, id, dd: dist2((points[i] as GroupedSchool).position, c) });
    choices.sort((a, b) => a.dd - b.dd || a.i - b.i || (a.id < b.id ? -1 : 1));
    const placed = new Set<number>();
    for (const o of choices) {
      if (placed.has(o.i)) continue;
      const list = members.get(o.id) as number[];
      if (list.length >= max) continue;
      list.push(o.i);
      placed.add(o.i);
    }
    // Families below min take the nearest members of families that can spare one.
    const homeOf = new Map<number, string>();
    for (const [id, list] of members) for (const i of list) homeOf.set(i, id);
    for (const [id, list] of [...members].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      while (list.length < min) {
        const c = list.length > 0 ? centre(list) : (centres.get(id) as number[]);
        let best = -1;
        let bestD = Infinity;
        points.forEach((p, i) => {
          const home = homeOf.get(i) as string;
          if (home === id || (members.get(home) as number[]).length <= min) return;
          const dd = dist2(p.position, c);
          if (dd < bestD) {
            bestD = dd;
            best = i;
          }
        });
        const from = homeOf.get(best) as string;
        members.set(
          from,
          (members.get(from) as number[]).filter((x) => x !== best),
        );
        list.push(best);
        homeOf.set(best, id);
        if (!reasonOf.has(best)) reasonOf.set(best, "size");
      }
    }

    // Local improvement with a price on every move: a school changes family only when that lowers the sum of
    // squared distances by more than `movePenalty` (a move back home earns it); sizes stay within min–max.
    if (penalty < Infinity) {
      const ids = [...members.keys()].sort();
      const size = ids.map((id) => (members.get(id) as number[]).length);
      const sums = ids.map((id) => {
        const c = new Array<number>(d).fill(0);
        for (const i of members.get(id) as number[])
          for (let j = 0; j < d; j++) c[j] = (c[j] as number) + ((points[i] as GroupedSchool).position[j] as number);
        return c;
      });
      const at = new Int32Array(points.length);
      ids.forEach((id, f) => {
        for (const i of members.get(id) as number[]) at[i] = f;
      });
      const home = points.map((p) => {
        const was = wasIn.get(p.urn);
        return was ? ids.indexOf(was.family) : -1;
      });
      const scaled = penalty * (freshPartSse / Math.max(1, points.length));
      for (let pass = 0; pass < 50; pass++) {
        let changed = 0;
        for (let i = 0; i < points.length; i++) {
          const a = at[i] as number;
          if ((size[a] as number) <= min) continue;
          const x = (points[i] as GroupedSchool).position;
          const sa = sums[a] as number[];
          const na = size[a] as number;
          let leave = 0;
          for (let j = 0; j < d; j++)
            leave += ((x[j] as number) - ((sa[j] as number) - (x[j] as number)) / (na - 1)) ** 2;
          leave *= (na - 1) / na;
          let best = -1;
          let bestGain = 0;
          for (let b = 0; b < ids.length; b++) {
            if (b === a || (size[b] as number) >= max) continue;
            const sb = sums[b] as number[];
            const nb = size[b] as number;
            let join = 0;
            for (let j = 0; j < d; j++) join += ((x[j] as number) - (sb[j] as number) / nb) ** 2;
            join *= nb / (nb + 1);
            const price = (a === home[i] ? scaled : 0) - (b === home[i] ? scaled : 0);
            const gain = leave - join - price;
            if (gain > bestGain + 1e-12) {
              bestGain = gain;
              best = b;
            }
          }
          if (best < 0) continue;
          for (let j = 0; j < d; j++) {
            (sums[a] as number[])[j] = ((sums[a] as number[])[j] as number) - (x[j] as number);
            (sums[best] as number[])[j] = ((sums[best] as number[])[j] as number) + (x[j] as number);
          }
          size[a] = (size[a] as number) - 1;
          size[best] = (size[best] as number) + 1;
          at[i] = best;
          if (!reasonOf.has(i)) reasonOf.set(i, "tighter");
          changed++;
        }
        if (changed === 0) break;
      }
      for (const id of ids) members.set(id, []);
      for (const [i, f] of at.entries()) (members.get(ids[f] as string) as number[]).push(i);
    }

    // The families, their members' rows and what moved.
    for (const [id, list] of [...members].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      list.sort((a, b) => a - b);
      const c = centre(list);
      const raw: Partial<Record<ContextField, number>> = {};
      for (const f of fresh.features) {
        let s = 0;
        for (const i of list) s += (points[i] as GroupedSchool).values[f.name] as number;
        raw[f.name] = s / list.length;
      }
      families.push({
        id,
        key,
        size: list.length,
        members: list.map((i) => (points[i] as GroupedSchool).urn),
        centroid: raw,
      });
      for (const i of list) {
        const p = points[i] as GroupedSchool;
        const distance = Math.sqrt(dist2(p.position, c));
        sse += distance * distance;
        grouped.push({ ...p, family: id, distance });
        const was = wasIn.get(p.urn);
        if (!was) joined.push({ urn: p.urn, family: id });
        else {
          if (was.as !== p.urn) joined.push({ urn: p.urn, family: id, successorOf: was.as });
          if (was.family !== id)
            moves.push({
              urn: p.urn,
              from: was.family,
              to: id,
              reason:
                (reasonOf.get(i) ?? "size") === "new"
                  ? "size"
                  : ((reasonOf.get(i) ?? "size") as Exclude<MoveReason, "new">),
            });
        }
      }
    }
  }

  const left: Regrouping["churn"]["left"] = [];
  for (const [urn, family] of before) if (!seen.has(urn)) left.push({ urn, family });
  const byUrn = (a: { urn: string }, b: { urn: string }) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0);
  grouped.sort(byUrn);
  moves.sort(byUrn);
  joined.sort(byUrn);
  left.sort(byUrn);
  const continuing = wasIn.size;
  return {
    kind: "families",
    features: fresh.features,
    standardise: fresh.standardise,
    min,
    max,
    families,
    schools: grouped,
    unassigned: fresh.unassigned,
    notes,
    passes: {},
    churn: {
      continuing,
      moved: moves.length,
      share: continuing > 0 ? moves.length / continuing : 0,
      moves,
      joined,
      left,
      newFamilies: newFamilies.sort(),
      endedFamilies: endedFamilies.sort(),
    },
    stability: { sse, freshSse, ratio: freshSse > 0 ? sse / freshSse : 1, thresholds },
  };
}
