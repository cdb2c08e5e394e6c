import type { FamilyBenchmark, MemberBenchmark } from "../benchmark/types.js";

/** A pair named by its two URNs. */
export interface PairRef {
  supporter: string;
  supported: string;
  /** Where the pair was read (set by `readPairs`), so that a conflict between two lists can name both lines. */
  file?: string;
  line?: number;
}

/** Options for {@link matchPartners}. Every rule can be replaced; the defaults follow the Keys to Success pairings. */
export interface MatchPartnersOptions {
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
  /**
   * Partners must be at most this far apart, when both have coordinates: a partnership means visits, so partners
   * stay within a city region's reach. Default 50 (km); `Infinity` lifts the rule. A school that went without a
   * partner because every otherwise eligible supporter is farther says so in `unmatched` ("… 3 farther than 50 km").
   */
  maxKm?: number;
  /**
   * A pair whose distance cannot be checked (either school has no coordinates) breaks the distance rule, instead
   * of the rule lapsing for it. Default `false`: the rule lapses, and `distanceUnknown` counts such pairs.
   */
  requireDistance?: boolean;
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
  /** Pairs whose distance could not be checked (no coordinates), so the distance rule lapsed for them. */
  distanceUnknown: number;
}
