// A family of places, charted as a family of schools is: each place becomes one record a year (its schools'
// outcome weighted by pupils), and a place with its most similar places becomes a family to benchmark.
import type { School } from "../panel/panel.js";
import type { SchoolYear } from "../schema.js";
import type { NeighbourhoodCluster } from "./clusters.js";
import type { SimilarPlaces } from "./profile.js";

/** Which outcome a place's record carries: KS2 attainment of its primaries, KS4 of its secondaries, or absence of all. */
export type PlaceOutcome = "ks2" | "ks4" | "absence";

const inOutcome = (s: School, outcome: PlaceOutcome): boolean =>
  outcome === "absence" ||
  (outcome === "ks2" ? s.phase === "primary" : s.phase === "secondary" || s.phase === "all-through");

/**
 * Each place as one record a year, for `benchmarkFamilies` and `familyChart`: its schools' outcome that year (KS2
 * or KS4 attainment as `attainment`, or overall absence as `overallAbsence`) and its context (disadvantage, EAL,
 * SEN), each weighted by pupils on roll (else cohort, else 1), with the place's pupils as its `pupils` and `cohort`.
 * A year in which no school of the place has the outcome gives no record. O(members × years).
 *
 * @example
 * const { clusters } = neighbourhoodClusters(schools);
 * // One record a year for the place Bolton-01: its secondaries' KS4 attainment, weighted by pupils.
 * placeRecords(clusters, schools, "ks4").filter((r) => r.urn === "Bolton-01").map((r) => [r.year, r.attainment]);
 * // => [[2016, ~52.4], [2017, ~54.2], [2018, ~52.9], [2019, ~53.4]]
 */
export function placeRecords(
  clusters: readonly Pick<NeighbourhoodCluster, "id" | "members">[],
  schools: readonly School[] | ReadonlyMap<string, School>,
  outcome: PlaceOutcome,
): SchoolYear[] {
  const byUrn = schools instanceof Map ? schools : new Map((schools as readonly School[]).map((s) => [s.urn, s]));
  const out: SchoolYear[] = [];
  for (const c of clusters) {
    const members = c.members.flatMap((u) => (byUrn.has(u) ? [byUrn.get(u) as School] : []));
    const years = [...new Set(members.flatMap((s) => s.years.map((r) => r.year)))].sort((a, b) => a - b);
    for (const year of years) {
      const rows = members.flatMap((s) => {
        const r = s.years.find((y) => y.year === year);
        return r ? [{ s, r, w: Math.max(1, r.pupils ?? r.cohort ?? 1) }] : [];
      });
      const mean = (pick: (r: SchoolYear) => number | undefined, only?: (s: School) => boolean) => {
        let w = 0;
        let wx = 0;
        for (const x of rows) {
          const v = pick(x.r);
          if (v === undefined || (only && !only(x.s))) continue;
          w += x.w;
          wx += x.w * v;
        }
        return w > 0 ? wx / w : undefined;
      };
      const value =
        outcome === "absence"
          ? mean((r) => r.overallAbsence)
          : mean(
              (r) => r.attainment,
              (s) => inOutcome(s, outcome),
            );
      if (value === undefined) continue;
      const pupils = Math.round(rows.reduce((t, x) => t + x.w, 0));
      const context = {
        disadvantage: mean((r) => r.disadvantage),
        eal: mean((r) => r.eal),
        sen: mean((r) => r.sen),
      };
      out.push({
        urn: c.id,
        name: `Place ${c.id}`,
        phase: "place",
        year,
        cohort: pupils,
        pupils,
        ...(outcome === "absence" ? { overallAbsence: value } : { attainment: value }),
        ...Object.fromEntries(Object.entries(context).filter(([, v]) => v !== undefined)),
      });
    }
  }
  return out;
}

/** Each place with its most similar places, as families for `benchmarkFamilies` (the place first, then the others). */
export function placeFamilies(
  similar: readonly (Pick<SimilarPlaces, "id"> & { similar: readonly { id: string }[] })[],
): { id: string; partition: string; size: number; members: string[]; centroid: Record<string, never> }[] {
  return similar.map((s) => {
    const members = [s.id, ...s.similar.map((q) => q.id)];
    return { id: s.id, partition: "place", size: members.length, members, centroid: {} };
  });
}
