import type { FamilyBenchmark, MemberBenchmark } from "../benchmark/types.js";
import { ArgumentError } from "../errors.js";
import type { MatchPartnersOptions } from "./types.js";

/** Every option of {@link matchPartners} with its default filled in and checked. */
export interface PartnerSettings {
  crossPhase: boolean;
  context: "family" | number;
  differentLa: boolean;
  minKm: number;
  maxKm: number;
  requireDistance: boolean;
  capacity: number;
  k: number;
  priority: "coverage" | "score";
  method: "exact" | "greedy";
  weights: { context: number; complementarity: number; gap: number };
  weightSum: number;
  needs: (member: MemberBenchmark, family: FamilyBenchmark) => boolean;
  supports: (member: MemberBenchmark, family: FamilyBenchmark) => boolean;
}

/** What a matching puts first: covering the most schools, or the highest total score. */
export const PRIORITIES = ["coverage", "score"] as const;

/** The defaults of matchPartners' options. */
export const PARTNER_DEFAULTS = {
  context: "family",
  minDistanceKm: 5,
  maxKm: 50,
  capacity: 1,
  k: 1,
  priority: "coverage",
} as const;

/** Throws the ArgumentError (a RangeError) of matchPartners. */
export function fail(message: string, option?: string): never {
  throw new ArgumentError("matchPartners", message, option);
}

/** The options with their defaults, after checking each; a RangeError names the first bad one. */
export function settingsOf(options: MatchPartnersOptions): PartnerSettings {
  const context = options.context ?? PARTNER_DEFAULTS.context;
  const crossPhase = options.crossPhase ?? false;
  const minKm = options.minDistanceKm ?? PARTNER_DEFAULTS.minDistanceKm;
  const maxKm = options.maxKm ?? PARTNER_DEFAULTS.maxKm;
  const capacity = options.capacity ?? PARTNER_DEFAULTS.capacity;
  const k = options.k ?? PARTNER_DEFAULTS.k;
  const priority = options.priority ?? PARTNER_DEFAULTS.priority;
  const method = options.method ?? "exact";
  const weights = {
    context: options.weights?.context ?? 0.5,
    complementarity: options.weights?.complementarity ?? 0.25,
    gap: options.weights?.gap ?? 0.25,
  };
  if (context !== "family" && !(typeof context === "number" && context >= 0))
    fail(`must be "family" or a distance of 0 or more, not ${JSON.stringify(context)}`, "context");
  if (crossPhase && context === "family")
    fail("crossPhase needs context to be a distance (families are within one phase), e.g. context: 0.5");
  if (!(minKm >= 0)) fail(`must be 0 or more, not ${minKm}`, "minDistanceKm");
  if (!(maxKm >= minKm)) fail(`must be at least minDistanceKm (${minKm}), not ${maxKm}`, "maxKm");
  if (!Number.isInteger(capacity) || capacity < 1)
    fail(`must be a whole number of at least 1, not ${capacity}`, "capacity");
  if (!Number.isInteger(k) || k < 1) fail(`must be a whole number of at least 1, not ${k}`, "k");
  if (!(PRIORITIES as readonly string[]).includes(priority))
    fail(`must be "coverage" or "score", not ${JSON.stringify(priority)}`, "priority");
  if (method !== "exact" && method !== "greedy")
    fail(`must be "exact" or "greedy", not ${JSON.stringify(method)}`, "method");
  for (const [name, v] of Object.entries(weights)) if (!(v >= 0)) fail(`weights.${name} must be 0 or more, not ${v}`);
  const weightSum = weights.context + weights.complementarity + weights.gap;
  if (!(weightSum > 0)) fail("at least one weight must be above 0");
  return {
    crossPhase,
    context,
    differentLa: options.differentLa ?? true,
    minKm,
    maxKm,
    requireDistance: options.requireDistance ?? false,
    capacity,
    k,
    priority,
    method,
    weights,
    weightSum,
    needs: options.needsSupport ?? defaultNeeds(options.attainmentFloor),
    supports: options.canSupport ?? defaultCanSupport,
  };
}

/** The default rule for who needs support: SW beyond noise, or below the attainment floor. */
function defaultNeeds(floor: number | undefined) {
  return (m: MemberBenchmark): boolean =>
    (m.position?.quadrant === "SW" && m.position.withinNoise === false) ||
    (floor !== undefined && m.attainment !== undefined && m.attainment < floor);
}

/** The default rule for who can support: NE beyond noise, or in the family's top quartile for both measures. */
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
