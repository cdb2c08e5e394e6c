import type { MemberBenchmark } from "../benchmark/types.js";
import { formatNumber } from "../internal/format.js";
import type { Node } from "./nodes.js";
import type { PartnerSettings } from "./settings.js";

const EARTH_KM = 6371.0088;

/** Straight-line distance in km: British National Grid when both have it, else great-circle from lat/lon. */
export function kmBetween(a: MemberBenchmark, b: MemberBenchmark): number | undefined {
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

/** Distance between two intakes in SDs (z prior attainment and disadvantage), or undefined when either is missing. */
export function contextDistance(a: Node, b: Node): number | undefined {
  return a.zPrior === undefined || b.zPrior === undefined || a.zDis === undefined || b.zDis === undefined
    ? undefined
    : Math.hypot(a.zPrior - b.zPrior, a.zDis - b.zDis);
}

/** The first hard rule a pair breaks — its kind, or with the pair's figures when `detailed` — or undefined. */
export function brokenRule(s: PartnerSettings, sup: Node, need: Node, detailed = false): string | undefined {
  if (sup.m.urn === need.m.urn) return "the same school";
  if (!s.crossPhase && sup.m.phase !== need.m.phase) return "of another phase";
  if (s.context === "family") {
    if (sup.family.id !== need.family.id) return "in another family";
  } else {
    const d = contextDistance(sup, need);
    if (d === undefined)
      return detailed
        ? "not comparable in intake (prior attainment or disadvantage missing)"
        : "not comparable in intake";
    if (d > s.context)
      return detailed
        ? `too different in intake (${formatNumber(d, 2)} SD apart, more than ${s.context})`
        : "too different in intake";
  }
  if (s.differentLa && (sup.m.la === undefined || need.m.la === undefined)) return "of unknown local authority";
  if (s.differentLa && sup.m.la === need.m.la) return "in the same local authority";
  const km = kmBetween(sup.m, need.m);
  if (km === undefined && s.requireDistance) return "of unknown distance (no coordinates)";
  if (km !== undefined && km < s.minKm) return `closer than ${s.minKm} km`;
  if (km !== undefined && km > s.maxKm)
    return detailed ? `farther than ${s.maxKm} km (${formatNumber(km, 0)} km apart)` : `farther than ${s.maxKm} km`;
  return undefined;
}
