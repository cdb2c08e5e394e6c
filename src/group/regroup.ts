import { ArgumentError } from "../errors.js";
import { byUrn } from "../internal/order.js";
import type { School } from "../panel/panel.js";
import { type GroupedSchool, type GroupFamiliesOptions, type Grouping, groupFamiliesFor } from "./families.js";
import { schoolsFor } from "./features.js";
import { type Joined, type Move, type PhaseResult, quantile, regroupPhase } from "./regroup-phase.js";

export type { MoveReason } from "./regroup-phase.js";

/** Options for {@link regroupFamilies}: those of `groupFamilies` (features, weights, by, year, min, max, size), and the outlier rule. */
export interface RegroupFamiliesOptions extends Omit<GroupFamiliesOptions, "maxPerLa" | "onInfeasible"> {
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

/** @deprecated The old name of {@link RegroupFamiliesOptions}. */
export type RegroupOptions = RegroupFamiliesOptions;

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
    moves: Move[];
    /** Schools not in the previous grouping, where they went; `successorOf` when they continue a predecessor's place. */
    joined: Joined[];
    /** Previous schools with no data now (closed, or not in this data set). */
    left: { urn: string; family: string }[];
    /** Families made for this year, and families that ended (merged away). */
    newFamilies: string[];
    endedFamilies: string[];
  };
  /** Tightness against a fresh grouping of the same schools (sum of squared distances to family centres). */
  stability: { sse: number; freshSse: number; ratio: number; thresholds: Record<string, number> };
}

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
 * @param schools - This year's schools, from `panel` (so successors are linked). Not mutated.
 * @param previous - Last year's families: URN → family id (as `fos group --csv` writes; `readFamilies(...).assignments`).
 * @param options - See {@link RegroupFamiliesOptions}.
 * @returns A {@link Regrouping}: the grouping (same shape as `groupFamilies`'), `churn` and `stability`.
 * @throws {RangeError} for bad options; {@link FamiliesError} when a phase cannot be split within min–max at all.
 * @example
 * const next = regroupFamilies(panel(records2020).schools, { "100001": "P01", … });
 * next.churn.share;
 * // => 0.04 (4% of continuing schools changed family)
 */
export function regroupFamilies(
  schools: readonly School[],
  previous: ReadonlyMap<string, string> | Readonly<Record<string, string>>,
  options: RegroupFamiliesOptions = {},
): Regrouping {
  const q = options.outlierQuantile ?? 0.95;
  if (!(q > 0 && q <= 1))
    throw new ArgumentError("regroupFamilies", `must be above 0 and at most 1, not ${q}`, "outlierQuantile");
  const penalty = options.movePenalty ?? Number.POSITIVE_INFINITY;
  if (!(penalty >= 0))
    throw new ArgumentError("regroupFamilies", `must be 0 or more (Infinity for none), not ${penalty}`, "movePenalty");
  const before =
    previous instanceof Map
      ? (previous as ReadonlyMap<string, string>)
      : new Map(Object.entries(previous as Record<string, string>));
  const all = schoolsFor("regroupFamilies", schools);
  const fresh = groupFamiliesFor("regroupFamilies", all, options);
  const { wasIn, seen } = previousPlaces(all, fresh, before);
  const byKey = new Map<string, GroupedSchool[]>();
  const keyOf = new Map(fresh.families.map((f) => [f.id, f.partition]));
  let freshSse = 0;
  for (const s of fresh.schools) {
    const key = keyOf.get(s.family) as string;
    const list = byKey.get(key);
    if (list) list.push(s);
    else byKey.set(key, [s]);
    freshSse += s.distance ** 2;
  }

  // Phases in the fresh grouping's order; a previous family id belongs to the first phase that has it.
  const claimed = new Set<string>();
  const usedIds = new Set(before.values());
  const thresholds: Record<string, number> = {};
  const phases: PhaseResult[] = [];
  for (const key of [...new Set(fresh.families.map((f) => f.partition))]) {
    const points = byKey.get(key) ?? [];
    const threshold =
      q >= 1
        ? Number.POSITIVE_INFINITY
        : quantile(
            points.map((p) => p.distance),
            q,
          );
    thresholds[key] = threshold;
    const freshPartSse = points.reduce((t, p) => t + p.distance ** 2, 0);
    phases.push(
      regroupPhase({
        key,
        points,
        prefix: (fresh.families.find((f) => f.partition === key)?.id ?? "F").replace(/\d+$/, ""),
        min: fresh.min,
        max: fresh.max,
        wasIn,
        claimed,
        usedIds,
        threshold,
        scaledPenalty: penalty * (freshPartSse / Math.max(1, points.length)),
        features: fresh.features,
      }),
    );
  }
  const left: Regrouping["churn"]["left"] = [];
  for (const [urn, family] of before) if (!seen.has(urn)) left.push({ urn, family });
  const moves = phases.flatMap((p) => p.moves).sort(byUrn);
  const continuing = wasIn.size;
  const sse = phases.reduce((t, p) => t + p.sse, 0);
  return {
    kind: "families",
    features: fresh.features,
    standardise: fresh.standardise,
    min: fresh.min,
    max: fresh.max,
    families: phases.flatMap((p) => p.families),
    schools: phases.flatMap((p) => p.grouped).sort(byUrn),
    unassigned: fresh.unassigned,
    notes: [...fresh.notes],
    passes: {},
    churn: {
      continuing,
      moved: moves.length,
      share: continuing > 0 ? moves.length / continuing : 0,
      moves,
      joined: phases.flatMap((p) => p.joined).sort(byUrn),
      left: left.sort(byUrn),
      newFamilies: phases.flatMap((p) => p.newFamilies).sort(),
      endedFamilies: phases.flatMap((p) => p.endedFamilies).sort(),
    },
    stability: { sse, freshSse, ratio: freshSse > 0 ? sse / freshSse : 1, thresholds },
  };
}

/** Where each school was: itself, else its latest predecessor in the previous grouping; and every URN now in the data. */
function previousPlaces(
  all: readonly School[],
  fresh: Grouping,
  before: ReadonlyMap<string, string>,
): { wasIn: Map<string, { family: string; as: string }>; seen: Set<string> } {
  const chain = new Map(all.map((s) => [s.urn, s.urns]));
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
  return { wasIn, seen };
}
