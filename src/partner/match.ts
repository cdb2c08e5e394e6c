import type { Benchmarks, FamilyBenchmark, MemberBenchmark } from "../benchmark/benchmark.js";
import { formatNumber, formatSigned } from "../internal/format.js";
import { bestMatching, type FlowEdge } from "./flow.js";

/** A pair named by its two URNs. */
export interface PairRef {
  supporter: string;
  supported: string;
}

/** Options for {@link matchPartners}. Every rule can be replaced; the defaults follow the Keys to Success pairings. */
export interface PartnerOptions {
  /**
   * Who needs support. Default: a school in the family chart's SW quarter (lower attainment and slower
   * improvement than its family average) whose position is beyond noise (`withinNoise` is false), or whose
   * attainment is below `attainmentFloor`.
   */
  needsSupport?: (member: MemberBenchmark, family: FamilyBenchmark) => boolean;
  /**
   * Who can support. Default: a school in the NE quarter beyond noise, or at or above its family's upper
   * quartile in both attainment and improvement. A school that needs support never supports.
   */
  canSupport?: (member: MemberBenchmark, family: FamilyBenchmark) => boolean;
  /** Schools with attainment below this also need support (in the headline's units). Default: no floor. */
  attainmentFloor?: number;
  /** Allow a supporter of another phase (a primary strong in phonics for a secondary whose Year 7 struggle with reading). Default `false`. */
  crossPhase?: boolean;
  /**
   * What counts as a similar intake: `"family"` (default) — the two are in the same family; or a number — the
   * distance between their intakes (prior attainment and disadvantage, each as a z-score within its phase)
   * is at most this many standard deviations.
   */
  context?: "family" | number;
  /** Partners must be in different local authorities, so they do not compete for the same pupils. Default `true`. */
  differentLa?: boolean;
  /** Partners must be at least this far apart, when both have coordinates. Default 5 (km). */
  minDistanceKm?: number;
  /** How many schools one supporter may take. Default 1. */
  capacity?: number;
  /** How many partners a school needing support gets. Default 1. */
  k?: number;
  /**
   * Weights of the three parts of a pair's score (each part 0–1; the score is their weighted mean).
   * Default `{ context: 0.5, complementarity: 0.25, gap: 0.25 }`.
   */
  weights?: { context?: number; complementarity?: number; gap?: number };
  /**
   * `coverage` (default): as many schools as possible get a partner, and among such matchings the total score is
   * highest. `score`: the total score is highest, even if that leaves a school without a partner it could have had.
   */
  priority?: "coverage" | "score";
  /**
   * `exact` (default): the optimum by min-cost flow. `greedy`: the best-scoring pairs first — fast on any input but
   * not always optimal; the result says so.
   */
  method?: "exact" | "greedy";
  /** Pairs that already exist: kept whatever the rules say (their reasons name any rule they break), and they use up capacity. */
  pins?: readonly PairRef[];
  /** Pairs that must not be made. */
  forbid?: readonly PairRef[];
}

/** What is true of a pair, as data. "supported" is the school needing support, "supporter" its partner. */
export interface PairFacts {
  supportedFamily: string;
  supporterFamily: string;
  supportedPhase: string;
  supporterPhase: string;
  supportedLa?: string;
  supporterLa?: string;
  /** Straight-line distance, when both have coordinates. */
  distanceKm?: number;
  /** Distance between the intakes in standard deviations (z-scores of prior attainment and disadvantage within phase). */
  contextDistance?: number;
  disadvantage: { supported?: number; supporter?: number };
  priorAttainment: { supported?: number; supporter?: number };
  attainment: { supported?: number; supporter?: number };
  improvement: { supported?: number; supporter?: number };
  /** The supported school's weakest area, and how the supporter does there. */
  weakest?: {
    area: string;
    kind: "subject" | "gap";
    supported: number;
    supporter?: number;
    /** How much better the supporter does there, in the area's units (points; for a gap, how much narrower). */
    advantage?: number;
  };
}

/** One partnership. */
export interface Pair extends PairRef {
  /** The weighted score, 0–1. */
  score: number;
  /** The score's parts, each 0–1. */
  parts: { context: number; complementarity: number; gap: number };
  /** Set by a coordinator (`pins`) rather than chosen. */
  pinned: boolean;
  /** Why this pair, in plain words. */
  reasons: string[];
  facts: PairFacts;
}

/** The result of {@link matchPartners}. */
export interface Partners {
  /** `exact` or `greedy` (then the total score may be below the best possible). */
  method: "exact" | "greedy";
  priority: "coverage" | "score";
  /** Ordered by the supported school's URN, then the supporter's. */
  pairs: Pair[];
  /** Schools that needed support and got fewer than `k` partners, with why. */
  unmatched: { urn: string; family: string; reason: string }[];
  /** Schools whose position could not be judged (no attainment or improvement), so they were neither. */
  unassessed: { urn: string; family: string; reason: string }[];
  /** How many schools needed support, and how many could support. */
  needing: number;
  supporters: number;
  /** The sum of the pairs' scores. */
  totalScore: number;
}

interface Node {
  m: MemberBenchmark;
  family: FamilyBenchmark;
  /** z-scores within phase: prior attainment, disadvantage, attainment, improvement. */
  zPrior?: number;
  zDis?: number;
  zAtt?: number;
  /** Each area's standardised result (higher is better) and its value in the area's units. */
  areas: Map<string, { z: number; value: number; kind: "subject" | "gap" }>;
  /** Its weakest area, once found (`false`: none below average). */
  weakest?: [string, { z: number; value: number; kind: "subject" | "gap" }] | false;
}

const EARTH_KM = 6371.0088;

function kmBetween(a: MemberBenchmark, b: MemberBenchmark): number | undefined {
  if (a.easting !== undefined && a.northing !== undefined && b.easting !== undefined && b.northing !== undefined) {
    return Math.hypot(a.easting - b.easting, a.northing - b.northing) / 1000;
  }
  if (a.lat !== undefined && a.lon !== undefined && b.lat !== undefined && b.lon !== undefined) {
    const rad = Math.PI / 180;
    const h =
      Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
      Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
    return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
  }
  return undefined;
}

/** Mean and population standard deviation of the present values, or undefined when none is present. */
function scaleOf(values: readonly (number | undefined)[]): { mean: number; sd: number } | undefined {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (const v of values) {
    if (v === undefined) continue;
    n++;
    const d = v - mean;
    mean += d / n;
    m2 += d * (v - mean);
  }
  return n > 0 ? { mean, sd: Math.sqrt(m2 / n) } : undefined;
}

/** A z-score; 0 when the values do not vary (every school is at the average). */
const z = (v: number | undefined, s: { mean: number; sd: number } | undefined): number | undefined =>
  v === undefined || s === undefined ? undefined : s.sd > 0 ? (v - s.mean) / s.sd : 0;

/** Rounds away the binary noise of adding a family mean back to a difference (1.8 − 0.6 = 1.1999999999999997). */
const tidy = (v: number): number => Math.round(v * 1e9) / 1e9;
const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));
const fmt = (v: number | undefined, digits = 1): string => (v === undefined ? "unknown" : formatNumber(v, digits));
const signed = (v: number | undefined): string => (v === undefined ? "unknown" : formatSigned(v));

/** The within-school gaps, read so that higher is better: a narrower gap. */
const GAP_AREAS: Record<string, { value: (g: number) => number; words: string }> = {
  "other−disadvantaged": { value: (g) => -g, words: "disadvantaged pupils' gap to others" },
  "girls−boys": { value: (g) => -Math.abs(g), words: "gap between girls and boys" },
};

function defaultNeeds(floor: number | undefined) {
  return (m: MemberBenchmark): boolean =>
    (m.position?.quadrant === "SW" && m.position.withinNoise === false) ||
    (floor !== undefined && m.attainment !== undefined && m.attainment < floor);
}

function defaultCanSupport(m: MemberBenchmark, f: FamilyBenchmark): boolean {
  if (m.position?.quadrant === "NE" && m.position.withinNoise === false) return true;
  const ua = f.averages.attainment?.upperQuartile;
  const ui = f.averages.improvement?.upperQuartile;
  return (
    m.attainment !== undefined &&
    m.improvement !== undefined &&
    ua !== undefined &&
    ui !== undefined &&
    m.attainment >= ua &&
    m.improvement >= ui
  );
}

const pairKey = (supporter: string, supported: string): string => `${supporter}\u0000${supported}`;

/**
 * Matches schools that need support with stronger partners serving a similar intake in another local
 * authority, as Greater Manchester's Keys to Success did, and says why each pair was made and why any school
 * went without.
 *
 * Hard rules: same phase (unless `crossPhase`); a similar intake (`context`); a different local authority;
 * at least `minDistanceKm` apart when both have coordinates; each supporter takes at most `capacity` schools and
 * each school gets at most `k` partners; `forbid` is respected and `pins` kept.
 * A pair's score (0–1) weighs: the similarity of the intakes, 1/(1 + context distance); complementarity — how much
 * better the supporter does in the supported school's weakest area (its lowest subject against the phase, or its
 * widest within-school gap), 0 at no advantage and 1 at two standard deviations; and the performance gap —
 * the supporter's attainment above the supported school's, 0 at none and 1 at two standard deviations.
 * The matching maximises the total score exactly (min-cost flow, see `priority`), or greedily when asked.
 * Deterministic: schools are taken in URN order and every tie goes to the lower URN.
 *
 * Costs: finding candidates is O(N·S) in the worst case (N needing, S supporting; within families it is
 * O(n·family size)); the exact solve is O(Σ F·E log V) over the connected parts of the candidate graph.
 *
 * @param benchmarks - From `benchmarkFamilies`. Not mutated.
 * @param options - See {@link PartnerOptions}.
 * @returns {@link Partners}: pairs with reasons, unmatched and unassessed schools with why. JSON-serialisable.
 * @throws {RangeError} for bad options, or a pin naming a school not in the benchmarks or over capacity.
 * @example
 * const partners = matchPartners(benchmarkFamilies(grouping, schools));
 * partners.pairs[0].reasons[0];
 * // => "similar intake: 34% vs 31% disadvantaged, prior attainment 27.1 vs 27.4 (same family P07)"
 */
export function matchPartners(benchmarks: Pick<Benchmarks, "families">, options: PartnerOptions = {}): Partners {
  const crossPhase = options.crossPhase ?? false;
  const context = options.context ?? "family";
  const differentLa = options.differentLa ?? true;
  const minKm = options.minDistanceKm ?? 5;
  const capacity = options.capacity ?? 1;
  const k = options.k ?? 1;
  const priority = options.priority ?? "coverage";
  const method = options.method ?? "exact";
  const w = {
    context: options.weights?.context ?? 0.5,
    complementarity: options.weights?.complementarity ?? 0.25,
    gap: options.weights?.gap ?? 0.25,
  };
  const fail = (message: string): never => {
    throw new RangeError(`matchPartners: ${message}`);
  };
  if (context !== "family" && !(typeof context === "number" && context >= 0))
    fail(`context must be "family" or a distance of 0 or more, not ${JSON.stringify(context)}`);
  if (crossPhase && context === "family")
    fail("crossPhase needs context to be a distance (families are within one phase), e.g. context: 0.5");
  if (!(minKm >= 0)) fail(`minDistanceKm must be 0 or more, not ${minKm}`);
  if (!Number.isInteger(capacity) || capacity < 1)
    fail(`capacity must be a whole number of at least 1, not ${capacity}`);
  if (!Number.isInteger(k) || k < 1) fail(`k must be a whole number of at least 1, not ${k}`);
  if (priority !== "coverage" && priority !== "score")
    fail(`priority must be "coverage" or "score", not ${JSON.stringify(priority)}`);
  if (method !== "exact" && method !== "greedy")
    fail(`method must be "exact" or "greedy", not ${JSON.stringify(method)}`);
  for (const [name, v] of Object.entries(w)) if (!(v >= 0)) fail(`weights.${name} must be 0 or more, not ${v}`);
  const weightSum = w.context + w.complementarity + w.gap;
  if (!(weightSum > 0)) fail("at least one weight must be above 0");

  // Every member once, in URN order, with its family.
  const nodes: Node[] = [];
  for (const family of benchmarks.families) for (const m of family.members) nodes.push({ m, family, areas: new Map() });
  nodes.sort((a, b) => (a.m.urn < b.m.urn ? -1 : a.m.urn > b.m.urn ? 1 : 0));
  const byUrn = new Map<string, Node>();
  for (const n of nodes) {
    if (byUrn.has(n.m.urn)) fail(`school ${n.m.urn} is in two families`);
    byUrn.set(n.m.urn, n);
  }

  // Standardise within phase: intake, attainment, and each area (subjects raw = family mean + difference).
  const phases = new Map<string, Node[]>();
  for (const n of nodes) {
    const list = phases.get(n.m.phase);
    if (list) list.push(n);
    else phases.set(n.m.phase, [n]);
  }
  for (const list of phases.values()) {
    const sPrior = scaleOf(list.map((n) => n.m.priorAttainment));
    const sDis = scaleOf(list.map((n) => n.m.disadvantage));
    const sAtt = scaleOf(list.map((n) => n.m.attainment));
    const raw = list.map((n) => {
      const values = new Map<string, { value: number; kind: "subject" | "gap" }>();
      for (const [name, diff] of Object.entries(n.m.subjects)) {
        const mean = n.family.subjects[name]?.mean;
        if (mean !== undefined) values.set(name, { value: mean + diff, kind: "subject" });
      }
      for (const [name, gap] of Object.entries(n.m.gaps)) {
        const area = GAP_AREAS[name];
        if (area) values.set(name, { value: gap, kind: "gap" });
      }
      return values;
    });
    const names = [...new Set(raw.flatMap((v) => [...v.keys()]))];
    for (const name of names) {
      const scored = raw.map((v) => {
        const a = v.get(name);
        return a === undefined
          ? undefined
          : a.kind === "gap"
            ? (GAP_AREAS[name] as { value: (g: number) => number }).value(a.value)
            : a.value;
      });
      const s = scaleOf(scored);
      list.forEach((n, i) => {
        const a = raw[i]?.get(name);
        const v = z(scored[i], s);
        if (a && v !== undefined) n.areas.set(name, { z: v, value: a.value, kind: a.kind });
      });
    }
    for (const n of list) {
      const zp = z(n.m.priorAttainment, sPrior);
      const zd = z(n.m.disadvantage, sDis);
      const za = z(n.m.attainment, sAtt);
      if (zp !== undefined) n.zPrior = zp;
      if (zd !== undefined) n.zDis = zd;
      if (za !== undefined) n.zAtt = za;
    }
  }

  // Who needs support and who can give it.
  const needs = options.needsSupport ?? defaultNeeds(options.attainmentFloor);
  const supports = options.canSupport ?? defaultCanSupport;
  const needing: Node[] = [];
  const supporting: Node[] = [];
  const unassessed: Partners["unassessed"] = [];
  for (const n of nodes) {
    if (!n.m.position)
      unassessed.push({
        urn: n.m.urn,
        family: n.family.id,
        reason: n.m.notes.find((t) => t.startsWith("no ")) ?? "no position on the family chart",
      });
    if (needs(n.m, n.family)) needing.push(n);
    else if (supports(n.m, n.family)) supporting.push(n);
  }

  const contextDistance = (a: Node, b: Node): number | undefined =>
    a.zPrior === undefined || b.zPrior === undefined || a.zDis === undefined || b.zDis === undefined
      ? undefined
      : Math.hypot(a.zPrior - b.zPrior, a.zDis - b.zDis);

  /** The first hard rule a pair breaks, in words, or undefined when it breaks none. */
  /** The first hard rule a pair breaks — its kind, or with the pair's figures when `detailed` — or undefined. */
  const broken = (sup: Node, need: Node, detailed = false): string | undefined => {
    if (sup.m.urn === need.m.urn) return "the same school";
    if (!crossPhase && sup.m.phase !== need.m.phase) return "of another phase";
    if (context === "family") {
      if (sup.family.id !== need.family.id) return "in another family";
    } else {
      const d = contextDistance(sup, need);
      if (d === undefined)
        return detailed
          ? "not comparable in intake (prior attainment or disadvantage missing)"
          : "not comparable in intake";
      if (d > context)
        return detailed
          ? `too different in intake (${fmt(d, 2)} SD apart, more than ${context})`
          : "too different in intake";
    }
    if (differentLa && (sup.m.la === undefined || need.m.la === undefined)) return "of unknown local authority";
    if (differentLa && sup.m.la === need.m.la) return "in the same local authority";
    const km = kmBetween(sup.m, need.m);
    if (km !== undefined && km < minKm) return `closer than ${minKm} km`;
    return undefined;
  };

  const forbidden = new Set((options.forbid ?? []).map((p) => pairKey(p.supporter, p.supported)));

  /** The supported school's weakest area: its lowest standardised result below the phase's average (ties by name). */
  const weakestOf = (need: Node): [string, { z: number; value: number; kind: "subject" | "gap" }] | undefined => {
    if (need.weakest !== undefined) return need.weakest || undefined;
    let weakest: [string, { z: number; value: number; kind: "subject" | "gap" }] | undefined;
    for (const entry of need.areas) {
      if (
        entry[1].z < 0 &&
        (!weakest || entry[1].z < weakest[1].z || (entry[1].z === weakest[1].z && entry[0] < weakest[0]))
      )
        weakest = entry;
    }
    need.weakest = weakest ?? false;
    return weakest;
  };

  /** A pair's score and its parts; run for every candidate, so it builds nothing else. */
  const scoreOf = (sup: Node, need: Node): Pick<Pair, "score" | "parts"> => {
    const cd = contextDistance(sup, need);
    const weakest = weakestOf(need);
    const theirs = weakest ? sup.areas.get(weakest[0]) : undefined;
    const parts = {
      context: cd === undefined ? 0 : 1 / (1 + cd),
      complementarity: weakest && theirs ? clamp01((theirs.z - weakest[1].z) / 2) : 0,
      gap: sup.zAtt !== undefined && need.zAtt !== undefined ? clamp01((sup.zAtt - need.zAtt) / 2) : 0,
    };
    const score =
      (w.context * parts.context + w.complementarity * parts.complementarity + w.gap * parts.gap) / weightSum;
    return { score, parts };
  };

  /** What is true of a pair, as data. */
  const factsOf = (sup: Node, need: Node): PairFacts => {
    const km = kmBetween(sup.m, need.m);
    const cd = contextDistance(sup, need);
    const both = (a: number | undefined, b: number | undefined) => ({
      ...(a === undefined ? {} : { supported: a }),
      ...(b === undefined ? {} : { supporter: b }),
    });
    const facts: PairFacts = {
      supportedFamily: need.family.id,
      supporterFamily: sup.family.id,
      supportedPhase: need.m.phase,
      supporterPhase: sup.m.phase,
      disadvantage: both(need.m.disadvantage, sup.m.disadvantage),
      priorAttainment: both(need.m.priorAttainment, sup.m.priorAttainment),
      attainment: both(need.m.attainment, sup.m.attainment),
      improvement: both(need.m.improvement, sup.m.improvement),
    };
    if (need.m.la !== undefined) facts.supportedLa = need.m.la;
    if (sup.m.la !== undefined) facts.supporterLa = sup.m.la;
    if (km !== undefined) facts.distanceKm = km;
    if (cd !== undefined) facts.contextDistance = cd;
    const weakest = weakestOf(need);
    if (weakest) {
      const [area, mine] = weakest;
      const theirs = sup.areas.get(area);
      facts.weakest = { area, kind: mine.kind, supported: tidy(mine.value) };
      if (theirs) {
        facts.weakest.supporter = tidy(theirs.value);
        facts.weakest.advantage = tidy(
          mine.kind === "gap" ? Math.abs(mine.value) - Math.abs(theirs.value) : theirs.value - mine.value,
        );
      }
    }
    return facts;
  };

  /** The pair in plain words, each sentence from its facts. */
  const reasonsFor = (sup: Node, need: Node, facts: PairFacts, pinned: boolean): string[] => {
    const reasons: string[] = [];
    if (pinned) reasons.push("pinned by the coordinator (an existing partnership)");
    const broke = pinned ? broken(sup, need, true) : undefined;
    if (broke) reasons.push(`kept although the partner is ${broke}`);
    const families =
      facts.supportedFamily === facts.supporterFamily
        ? ` (same family ${facts.supportedFamily})`
        : ` (families ${facts.supportedFamily} and ${facts.supporterFamily})`;
    const intake = `${fmt(need.m.disadvantage, 0)}% vs ${fmt(sup.m.disadvantage, 0)}% disadvantaged, prior attainment ${fmt(need.m.priorAttainment)} vs ${fmt(sup.m.priorAttainment)}`;
    reasons.push(
      facts.contextDistance === undefined
        ? `intake not fully comparable: ${intake}${families}`
        : `similar intake: ${intake}${families}`,
    );
    const place =
      facts.distanceKm === undefined ? "distance unknown (no coordinates)" : `${fmt(facts.distanceKm, 0)} km apart`;
    reasons.push(
      need.m.la !== sup.m.la
        ? `different local authority (${need.m.la ?? "unknown"} / ${sup.m.la ?? "unknown"}), ${place}`
        : `same local authority (${need.m.la ?? "unknown"}), ${place}`,
    );
    if (need.m.phase !== sup.m.phase)
      reasons.push(`cross-phase: a ${sup.m.phase} school supporting a ${need.m.phase} school`);
    const attGap =
      sup.m.attainment !== undefined && need.m.attainment !== undefined && need.m.phase === sup.m.phase
        ? sup.m.attainment - need.m.attainment
        : undefined;
    reasons.push(
      `partner's attainment ${fmt(sup.m.attainment)} against ${fmt(need.m.attainment)} here${attGap === undefined ? "" : ` (${fmt(Math.abs(attGap))} points ${attGap >= 0 ? "higher" : "lower"})`}; improvement ${signed(sup.m.improvement)} against ${signed(need.m.improvement)} a year`,
    );
    const wk = facts.weakest;
    if (!wk) reasons.push("no subject or sub-group result below the phase's average to match on");
    else if (wk.kind === "subject") {
      reasons.push(
        wk.advantage === undefined
          ? `this school's weakest subject is ${wk.area}; the partner has no result in it`
          : wk.advantage > 0
            ? `partner is ${fmt(wk.advantage)} points stronger in ${wk.area}, this school's weakest subject`
            : `partner is no stronger in ${wk.area}, this school's weakest subject (${fmt(wk.supporter)} vs ${fmt(wk.supported)})`,
      );
    } else {
      const words = (GAP_AREAS[wk.area] as { words: string }).words;
      reasons.push(
        wk.supporter === undefined
          ? `this school's widest within-school gap is the ${words} (${fmt(Math.abs(wk.supported))} points); the partner has no figure for it`
          : `the ${words} is ${fmt(Math.abs(wk.supporter))} points at the partner against ${fmt(Math.abs(wk.supported))} here, this school's widest gap`,
      );
    }
    return reasons;
  };

  const describe = (sup: Node, need: Node, pinned: boolean): Pair => {
    const { score, parts } = scoreOf(sup, need);
    const facts = factsOf(sup, need);
    return {
      supporter: sup.m.urn,
      supported: need.m.urn,
      score,
      parts,
      pinned,
      reasons: reasonsFor(sup, need, facts, pinned),
      facts,
    };
  };

  // Pins first: they use up capacity whatever the rules say.
  const leftCap = needing.map(() => k);
  const needIndex = new Map(needing.map((n, i) => [n.m.urn, i]));
  const supIndex = new Map(supporting.map((n, i) => [n.m.urn, i]));
  const rightCap = supporting.map(() => capacity);
  const pinnedPairs: Pair[] = [];
  const pinnedKeys = new Set<string>();
  const extraCap = new Map<string, number>();
  const pinnedNeed = new Map<string, number>();
  for (const pin of options.pins ?? []) {
    const sup = byUrn.get(pin.supporter);
    const need = byUrn.get(pin.supported);
    if (!sup) fail(`pinned supporter ${pin.supporter} is not in the benchmarks`);
    if (!need) fail(`pinned school ${pin.supported} is not in the benchmarks`);
    const key = pairKey(pin.supporter, pin.supported);
    if (pinnedKeys.has(key)) continue;
    pinnedKeys.add(key);
    const used = (extraCap.get(pin.supporter) ?? 0) + 1;
    if (used > capacity) fail(`supporter ${pin.supporter} is pinned to ${used} schools but capacity is ${capacity}`);
    extraCap.set(pin.supporter, used);
    const taken = (pinnedNeed.get(pin.supported) ?? 0) + 1;
    if (taken > k) fail(`school ${pin.supported} is pinned to ${taken} partners but k is ${k}`);
    pinnedNeed.set(pin.supported, taken);
    pinnedPairs.push(describe(sup as Node, need as Node, true));
    const si = supIndex.get(pin.supporter);
    if (si !== undefined) rightCap[si] = capacity - used;
    const ni = needIndex.get(pin.supported);
    if (ni !== undefined) leftCap[ni] = k - taken;
  }

  // Candidate pairs. Within families, only family members; by distance, a sweep along prior attainment.
  const edges: FlowEdge[] = [];
  const edgePairs: [Node, Node][] = [];
  const eligibleCount = new Int32Array(needing.length);
  const firstRefusal: (Map<string, number> | undefined)[] = needing.map(() => undefined);
  const consider = (ni: number, si: number): void => {
    const need = needing[ni] as Node;
    const sup = supporting[si] as Node;
    let why = broken(sup, need);
    if (!why && (forbidden.size > 0 || pinnedKeys.size > 0)) {
      const key = pairKey(sup.m.urn, need.m.urn);
      why = forbidden.has(key) ? "forbidden by the coordinator" : pinnedKeys.has(key) ? "already pinned" : undefined;
    }
    if (why) {
      // Counted by kind, so that the reason can say "3 in the same local authority".
      const tally = firstRefusal[ni] ?? new Map<string, number>();
      tally.set(why, (tally.get(why) ?? 0) + 1);
      firstRefusal[ni] = tally;
      return;
    }
    eligibleCount[ni] = (eligibleCount[ni] as number) + 1;
    if ((leftCap[ni] as number) <= 0 || (rightCap[si] as number) <= 0) return;
    edges.push({ left: ni, right: si, score: scoreOf(sup, need).score });
    edgePairs.push([sup, need]);
  };
  if (context === "family") {
    const supByFamily = new Map<string, number[]>();
    supporting.forEach((s, si) => {
      const list = supByFamily.get(s.family.id);
      if (list) list.push(si);
      else supByFamily.set(s.family.id, [si]);
    });
    needing.forEach((n, ni) => {
      for (const si of supByFamily.get(n.family.id) ?? []) consider(ni, si);
    });
  } else {
    // Sort supporters by z prior attainment; a pair within `context` differs by at most `context` in it.
    const order = supporting.map((_, si) => si).filter((si) => (supporting[si] as Node).zPrior !== undefined);
    order.sort(
      (a, b) => ((supporting[a] as Node).zPrior as number) - ((supporting[b] as Node).zPrior as number) || a - b,
    );
    const keys = order.map((si) => (supporting[si] as Node).zPrior as number);
    needing.forEach((n, ni) => {
      if (n.zPrior === undefined) {
        firstRefusal[ni] = new Map([["not comparable in intake", supporting.length]]);
        return;
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
    });
  }

  // Solve.
  let chosen: number[];
  if (method === "exact") {
    chosen = bestMatching(leftCap, rightCap, edges, priority === "coverage");
  } else {
    const byScore = edges
      .map((_, i) => i)
      .sort((a, b) => (edges[b] as FlowEdge).score - (edges[a] as FlowEdge).score || a - b);
    const l = [...leftCap];
    const r = [...rightCap];
    chosen = [];
    for (const i of byScore) {
      const e = edges[i] as FlowEdge;
      if ((l[e.left] as number) > 0 && (r[e.right] as number) > 0) {
        l[e.left] = (l[e.left] as number) - 1;
        r[e.right] = (r[e.right] as number) - 1;
        chosen.push(i);
      }
    }
  }

  const pairs: Pair[] = [...pinnedPairs];
  const partnersOf = new Map<string, number>(pinnedNeed);
  for (const i of chosen) {
    const [sup, need] = edgePairs[i] as [Node, Node];
    pairs.push(describe(sup, need, false));
    partnersOf.set(need.m.urn, (partnersOf.get(need.m.urn) ?? 0) + 1);
  }
  pairs.sort((a, b) =>
    a.supported < b.supported
      ? -1
      : a.supported > b.supported
        ? 1
        : a.supporter < b.supporter
          ? -1
          : a.supporter > b.supporter
            ? 1
            : 0,
  );

  const unmatched: Partners["unmatched"] = [];
  needing.forEach((n, ni) => {
    const got = partnersOf.get(n.m.urn) ?? 0;
    if (got >= k) return;
    const short = k > 1 ? ` (${got} of ${k} partners)` : "";
    const eligible = eligibleCount[ni] as number;
    let reason: string;
    if (eligible === 0) {
      const tally = firstRefusal[ni];
      const pool = context === "family" ? `in family ${n.family.id}` : `with an intake within ${context} SD`;
      if (!tally || tally.size === 0) reason = `no eligible supporter: no school ${pool} is strong enough to support`;
      else {
        const parts = [...tally]
          .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
          .map(([why, count]) => `${count} ${why}`);
        reason = `no eligible supporter: of the supporters considered, ${parts.join("; ")}`;
      }
    } else {
      reason = `${eligible === 1 ? "its only eligible supporter is" : `all ${eligible} eligible supporters are`} at capacity (${capacity} school${capacity === 1 ? "" : "s"} each), partnered where the ${priority === "coverage" ? "matching covers more schools or scores higher" : "total score is higher"}`;
    }
    unmatched.push({ urn: n.m.urn, family: n.family.id, reason: reason + short });
  });

  let totalScore = 0;
  for (const p of pairs) totalScore += p.score;
  return {
    method,
    priority,
    pairs,
    unmatched,
    unassessed,
    needing: needing.length,
    supporters: supporting.length,
    totalScore,
  };
}
