import { mean } from "simple-statistics";
import { ArgumentError, FamiliesError, type Problem, withHint } from "../errors.js";
import { type ContextField, schoolsFor } from "../features/features.js";
import {
  type Family,
  type GroupedSchool,
  type GroupFamiliesOptions,
  type Grouping,
  groupFamiliesFor,
  laCap,
  laTags,
} from "../group/families.js";
import { countViolations, type SearchProblem, searchOf } from "../group/search.js";
import { repairTags } from "../group/tags.js";
import { centroidOf, centroidsOf, squaredDistance } from "../internal/geometry.js";
import { byUrn } from "../internal/order.js";
import type { School } from "../panel/panel.js";
import { budgetTrajectory, labelsAt, lastWithin, type Trajectory } from "./budget.js";
import { type Kept, keepFamilies, type MoveReason } from "./keep.js";

export type { MoveReason } from "./keep.js";

/** The budgets every regrouping reports its result at: shares of continuing schools that may change family. */
/** The share of continuing schools regroupFamilies may move unless told otherwise. */
export const DEFAULT_MAX_CHURN = 0.1;

export const FRONTIER_BUDGETS = [0, 0.025, 0.05, 0.1, 0.2, 1] as const;

/** Options for {@link regroupFamilies}: those of `groupFamilies` (features, weights, by, year, min, max, size, maxPerLa), and the budget. */
export interface RegroupFamiliesOptions extends Omit<GroupFamiliesOptions, "onInfeasible"> {
  /**
   * The churn budget: at most this share of continuing schools (per phase, rounded down) may change family to make
   * the families tighter. Moves that closures, new schools and sizes force are not counted. 0 keeps every family
   * as it was; 1 regroups freely. Default 0.10.
   */
  maxChurn?: number;
}

/** A continuing school that changed family, and why. */
export interface Move {
  urn: string;
  from: string;
  to: string;
  /** `size` or `maxPerLa` when forced (not charged to the budget), `tighter` when the budget bought it. */
  reason: MoveReason;
}

/** A school not in the previous grouping (or continuing a predecessor's place), and where it went. */
export interface Joined {
  urn: string;
  family: string;
  successorOf?: string;
}

/** The regrouping at one budget: how many moves it allowed and made, and how tight it is. */
export interface FrontierPoint {
  /** The budget as a share of continuing schools (1: free). */
  maxChurn: number;
  /** Moves it allows (per phase, rounded down, summed). */
  budget: number;
  /** Moves it made, beyond the forced ones. */
  charged: number;
  sse: number;
  /** sse ÷ the fresh grouping's. */
  ratio: number;
  /** The share of the tightness lost by keeping the families that this budget buys back (see `stability.recovered`). */
  recovered: number;
}

/** The result of {@link regroupFamilies}: a grouping, what changed and why, and what stability cost. */
export interface Regrouping extends Grouping {
  churn: {
    /** Schools in both the previous grouping (themselves or a predecessor URN) and the data. */
    continuing: number;
    /** Continuing schools now in another family, forced or chosen. */
    moved: number;
    /** moved ÷ continuing. */
    share: number;
    /** Moves that sizes or the cross-border cap forced (not charged to the budget). */
    forced: number;
    /** Moves the budget bought (reason `tighter`): at most `budget`. */
    charged: number;
    /** The moves `maxChurn` allows: per phase ⌊maxChurn × continuing⌋, summed. */
    budget: number;
    maxChurn: number;
    /** Each continuing school that changed family, and why. */
    moves: Move[];
    /** Schools not in the previous grouping, where they went; `successorOf` when they continue a predecessor's place. */
    joined: Joined[];
    /** Previous schools with no data now (closed, or not in this data set). */
    left: { urn: string; family: string }[];
    /** Families made for this year, and families that ended (merged away). */
    newFamilies: string[];
    endedFamilies: string[];
  };
  /**
   * Tightness (sum of squared distances to family centres, SSE) against last year's families kept with only the forced
   * changes (`keepSse`) and a fresh grouping of the same schools (`freshSse`). `recovered` is (keepSse − sse) ÷
   * (keepSse − freshSse): 0 when the budget bought nothing, 1 when the families are as tight as fresh ones. `frontier`
   * gives the same at budgets of 0, 2.5, 5, 10 and 20% and free (1), for choosing a budget knowingly.
   */
  stability: {
    sse: number;
    keepSse: number;
    freshSse: number;
    ratio: number;
    recovered: number;
    frontier: FrontierPoint[];
  };
}

/** One partition's regrouping: the kept families, the sequence of changes, and the schools' home families. */
interface PartitionRun {
  key: string;
  points: readonly GroupedSchool[];
  kept: Kept;
  trajectory: Trajectory;
  problem: SearchProblem;
  continuing: number;
}

/**
 * Regroups a new year's schools within a churn budget, as London and Greater Manchester kept their families from
 * year to year. First the changes that must happen: closed schools leave, new schools join the nearest family with
 * room, an academy that continues a school (its predecessor URN, joined by `panel`) takes its place, and families are
 * brought within `min`–`max` (and `maxPerLa`) — these forced moves are reported with their reason and not charged.
 * Then, within the budget (`maxChurn` of continuing schools, per phase), the changes that make the families
 * tightest: one sequence of moves, swaps and chains, each the best by its exact gain in the sum of squared distances
 * per charged move, free ones (new and forced schools placing themselves better) first. The result at every budget
 * is a state of that one sequence, so a larger budget never gives looser families; `stability.frontier` reports
 * several budgets at once.
 *
 * Cost: one `groupFamilies` (for the features and the fresh comparison), then per step of the sequence
 * O(m·L·m·d) for the ~2·m·L schools near the changed families (m the family size, L = 10 nearest families).
 *
 * @param schools - This year's schools, from `panel` (so successors are linked). Not mutated.
 * @param previous - Last year's families: URN → family id (as `fos group --csv` writes; `readFamilies(...).assignments`).
 * @param options - See {@link RegroupFamiliesOptions}.
 * @returns A {@link Regrouping}: the grouping (same shape as `groupFamilies`'), `churn` and `stability`.
 * @throws {RangeError} for bad options; {@link FamiliesError} when a phase cannot be split within min–max or the
 *   `maxPerLa` cap cannot be met.
 * @example
 * const { schools } = panel(syntheticRegion({ primaries: 150, secondaries: 0 }));
 * const lastYear = groupFamilies(schools, { year: 2018 });
 * const previous = Object.fromEntries(lastYear.schools.map((s) => [s.urn, s.family]));
 * const next = regroupFamilies(schools, previous, { maxChurn: 0.1 });
 * // Moves charged: at most 10% of the 150 continuing schools.
 * [next.churn.charged, next.churn.budget];
 * // => [15, 15]
 */
export function regroupFamilies(
  schools: readonly School[],
  previous: ReadonlyMap<string, string> | Readonly<Record<string, string>>,
  options: RegroupFamiliesOptions = {},
): Regrouping {
  for (const retired of ["outlierQuantile", "movePenalty"])
    if ((options as Record<string, unknown>)[retired] !== undefined)
      throw new ArgumentError(
        "regroupFamilies",
        `was retired: moves are now chosen by what they gain, within maxChurn (a share of continuing schools, default ${DEFAULT_MAX_CHURN.toFixed(2)})`,
        retired,
      );
  const maxChurn = options.maxChurn ?? DEFAULT_MAX_CHURN;
  if (!(maxChurn >= 0 && maxChurn <= 1))
    throw new ArgumentError("regroupFamilies", `must be a share between 0 and 1, not ${maxChurn}`, "maxChurn");
  const before =
    previous instanceof Map
      ? (previous as ReadonlyMap<string, string>)
      : new Map(Object.entries(previous as Record<string, string>));
  const all = schoolsFor("regroupFamilies", schools);
  if (options.withoutResult !== undefined)
    throw new ArgumentError(
      "regroupFamilies",
      "is not used when regrouping: families kept from last year count every school, with a result or not",
      "withoutResult",
    );
  // Kept families count every school (as last year's did), so the fresh grouping they are compared with does too.
  const fresh = groupFamiliesFor("regroupFamilies", all, options, false);
  const { wasIn, seen } = previousPlaces(all, fresh, before);
  const runs = partitionRuns(fresh, wasIn, before, options.maxPerLa);
  const families: Family[] = [];
  const grouped: GroupedSchool[] = [];
  const moves: Move[] = [];
  const joined: Joined[] = [];
  let sse = 0;
  let budget = 0;
  for (const run of runs) {
    const allowed = budgetOf(maxChurn, run.continuing);
    budget += allowed;
    const labels = labelsAt(run.kept.labels, run.trajectory, lastWithin(run.trajectory, allowed));
    sse += addPartitionResult(run, labels, wasIn, fresh.features, { families, grouped, moves, joined });
  }
  const left: Regrouping["churn"]["left"] = [];
  for (const [urn, family] of before) if (!seen.has(urn)) left.push({ urn, family });
  const continuing = wasIn.size;
  const forced = moves.filter((m) => m.reason !== "tighter").length;
  const freshSse = fresh.schools.reduce((t, s) => t + s.distance ** 2, 0);
  const keepSse = runs.reduce((t, r) => t + r.trajectory.keepSse, 0);
  return {
    kind: "families",
    features: fresh.features,
    standardise: fresh.standardise,
    min: fresh.min,
    max: fresh.max,
    families,
    schools: grouped.sort(byUrn),
    unassigned: fresh.unassigned,
    notes: [...fresh.notes],
    passes: {},
    churn: {
      continuing,
      moved: moves.length,
      share: continuing > 0 ? moves.length / continuing : 0,
      forced,
      charged: moves.length - forced,
      budget,
      maxChurn,
      moves: moves.sort(byUrn),
      joined: joined.sort(byUrn),
      left: left.sort(byUrn),
      newFamilies: runs.flatMap((r) => r.kept.newFamilies).sort(),
      endedFamilies: runs.flatMap((r) => r.kept.endedFamilies).sort(),
    },
    stability: {
      sse,
      keepSse,
      freshSse,
      ratio: freshSse > 0 ? sse / freshSse : 1,
      recovered: recoveredShare(keepSse, freshSse, sse),
      frontier: FRONTIER_BUDGETS.map((share) => frontierPoint(runs, share, keepSse, freshSse)),
    },
  };
}

/** The moves a budget allows among `continuing` schools: the share, rounded down. */
const budgetOf = (share: number, continuing: number): number => Math.floor(share * continuing + 1e-9);

/** (keep − sse) ÷ (keep − fresh); 1 when keeping lost nothing against a fresh grouping. */
function recoveredShare(keepSse: number, freshSse: number, sse: number): number {
  const lost = keepSse - freshSse;
  return lost > 1e-12 * Math.max(1, keepSse) ? (keepSse - sse) / lost : 1;
}

/** The regrouping at one budget, summed over partitions, with the exact SSE of its labels. */
function frontierPoint(runs: readonly PartitionRun[], share: number, keepSse: number, freshSse: number): FrontierPoint {
  let budget = 0;
  let charged = 0;
  let sse = 0;
  for (const run of runs) {
    const allowed = budgetOf(share, run.continuing);
    const step = lastWithin(run.trajectory, allowed);
    budget += allowed;
    charged += step < 0 ? 0 : (run.trajectory.steps[step]?.charged ?? 0);
    const { coords, d, k } = run.problem;
    sse += centroidsOf(coords, d, labelsAt(run.kept.labels, run.trajectory, step), k).sse;
  }
  return {
    maxChurn: share,
    budget,
    charged,
    sse,
    ratio: freshSse > 0 ? sse / freshSse : 1,
    recovered: recoveredShare(keepSse, freshSse, sse),
  };
}

/** Each partition's kept families (with the cross-border cap repaired) and its sequence of changes. */
function partitionRuns(
  fresh: Grouping,
  wasIn: ReadonlyMap<string, { family: string; as: string }>,
  before: ReadonlyMap<string, string>,
  maxPerLa: number | undefined,
): PartitionRun[] {
  const byKey = new Map<string, GroupedSchool[]>();
  const keyOf = new Map(fresh.families.map((f) => [f.id, f.partition]));
  for (const s of fresh.schools) {
    const key = keyOf.get(s.family) as string;
    const list = byKey.get(key);
    if (list) list.push(s);
    else byKey.set(key, [s]);
  }
  // Partitions in the fresh grouping's order; a previous family id belongs to the first partition that has it.
  const claimed = new Set<string>();
  const usedIds = new Set(before.values());
  const problems: Problem[] = [];
  const runs: PartitionRun[] = [];
  const d = fresh.features.length;
  for (const key of [...new Set(fresh.families.map((f) => f.partition))]) {
    const points = byKey.get(key) ?? [];
    const prefix = (fresh.families.find((f) => f.partition === key)?.id ?? "F").replace(/\d+$/, "");
    const kept = keepFamilies({ key, points, prefix, min: fresh.min, max: fresh.max, wasIn, claimed, usedIds });
    const coords = Float64Array.from(points.flatMap((p) => p.coordinates));
    const k = kept.ids.length;
    const cap = laCap(maxPerLa, fresh.min);
    const problem: SearchProblem = {
      coords,
      d,
      k,
      min: fresh.min,
      max: fresh.max,
      ...(cap === undefined ? {} : { tags: laTags(points).tags, maxPerTag: cap }),
    };
    if (cap !== undefined && !repairCap(problem, kept, points, wasIn))
      problems.push({
        code: "max-per-la",
        ...withHint(
          `could not keep the ${key} families with at most ${cap} schools from one local authority each: widen min–max`,
          ", or ",
          { option: "maxPerLa", raise: true },
        ),
      });
    const home = new Int32Array(points.length).fill(-1);
    let continuing = 0;
    for (const [i, p] of points.entries()) {
      if (!wasIn.has(p.urn)) continue;
      continuing++;
      if (!kept.forced.has(i)) home[i] = kept.labels[i] as number;
    }
    runs.push({ key, points, kept, problem, continuing, trajectory: budgetTrajectory(problem, kept.labels, home) });
  }
  if (problems.length > 0) throw new FamiliesError(problems);
  return runs;
}

/** Brings kept families within the cross-border cap by the cheapest swaps; the continuing schools moved are forced. */
function repairCap(
  problem: SearchProblem,
  kept: Kept,
  points: readonly GroupedSchool[],
  wasIn: ReadonlyMap<string, unknown>,
): boolean {
  const s = searchOf(problem, Int32Array.from(kept.labels), points.length);
  if (countViolations(s) === 0) return true;
  repairTags(s);
  for (const [i, p] of points.entries())
    if (s.labels[i] !== kept.labels[i] && wasIn.has(p.urn) && !kept.forced.has(i)) kept.forced.set(i, "maxPerLa");
  kept.labels = s.labels;
  return countViolations(s) === 0;
}

/** Adds a partition's families, school rows, moves and joined schools for `labels` to `out`; returns its SSE. */
function addPartitionResult(
  run: PartitionRun,
  labels: Int32Array,
  wasIn: ReadonlyMap<string, { family: string; as: string }>,
  features: readonly { name: ContextField }[],
  out: { families: Family[]; grouped: GroupedSchool[]; moves: Move[]; joined: Joined[] },
): number {
  const { points, kept } = run;
  const members: number[][] = kept.ids.map(() => []);
  for (const [i, f] of labels.entries()) (members[f] as number[]).push(i);
  let sse = 0;
  for (const [f, id] of kept.ids.entries()) {
    const list = members[f] as number[];
    if (list.length === 0) continue;
    const centre = centroidOf(
      list.map((i) => (points[i] as GroupedSchool).coordinates),
      run.problem.d,
    );
    out.families.push({
      id,
      partition: run.key,
      size: list.length,
      members: list.map((i) => (points[i] as GroupedSchool).urn),
      centroid: Object.fromEntries(
        features.map((ft) => [ft.name, mean(list.map((i) => (points[i] as GroupedSchool).values[ft.name] as number))]),
      ),
    });
    for (const i of list) {
      const p = points[i] as GroupedSchool;
      const distance = Math.sqrt(squaredDistance(p.coordinates, centre));
      sse += distance * distance;
      out.grouped.push({ ...p, family: id, distance });
      const was = wasIn.get(p.urn);
      if (!was) out.joined.push({ urn: p.urn, family: id });
      else {
        if (was.as !== p.urn) out.joined.push({ urn: p.urn, family: id, successorOf: was.as });
        if (was.family !== id)
          out.moves.push({ urn: p.urn, from: was.family, to: id, reason: kept.forced.get(i) ?? "tighter" });
      }
    }
  }
  return sse;
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
