import type { Benchmarks } from "../benchmark/types.js";
import { FamiliesError } from "../errors.js";
import { compareText } from "../internal/order.js";
import { applyPins, type Candidates, findCandidates, pairKey, type Sides } from "./candidates.js";
import { type Node, nodesOf } from "./nodes.js";
import { pairConflicts } from "./pins.js";
import { describePair } from "./reasons.js";
import { fail, type PartnerSettings, settingsOf } from "./settings.js";
import { solveMatching } from "./solve.js";
import type { MatchPartnersOptions, Pair, PairRef, Partners } from "./types.js";

/**
 * Matches schools that need support with stronger partners serving a similar intake in another local
 * authority, as Greater Manchester's Keys to Success did, and says why each pair was made and why any school
 * went without.
 *
 * Hard rules: same phase (unless `crossPhase`); a similar intake (`context`); a different local authority;
 * at least `minDistanceKm` (5 km) and at most `maxKm` (50 km) apart when both have coordinates; each supporter takes at most `capacity` schools and
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
 * @param options - See {@link MatchPartnersOptions}.
 * @returns {@link Partners}: pairs with reasons, unmatched and unassessed schools with why. JSON-serialisable.
 * @throws {RangeError} for bad options, or a pin naming a school not in the benchmarks or over capacity.
 * @throws {FamiliesError} (`pair-conflict`) for a pair both pinned and forbidden, or two schools pinned to support
 *   each other, naming both lines.
 * @example
 * const partners = matchPartners(benchmarks);
 * partners.pairs[0].reasons[0];
 * // => "similar intake: 55% vs 56% disadvantaged, prior attainment 15.9 vs 15.9 (same family P20)"
 */
export function matchPartners(benchmarks: Pick<Benchmarks, "families">, options: MatchPartnersOptions = {}): Partners {
  const s = settingsOf(options);
  const conflicts = pairConflicts(options.pins ?? [], options.forbid ?? []);
  if (conflicts.length > 0) throw new FamiliesError(conflicts);
  const { nodes, byUrn } = nodesOf(benchmarks);
  const { sides, unassessed } = sidesOf(s, nodes);
  const pinned = applyPins(s, options.pins ?? [], byUrn, sides);
  const forbidden = forbiddenPairs(options.forbid ?? [], byUrn);
  const candidates = findCandidates(s, sides, forbidden, pinned.keys);
  const chosen = solveMatching(s.method, s.priority, sides.leftCap, sides.rightCap, candidates.edges);

  const pairs: Pair[] = [...pinned.pairs];
  const partnersOf = new Map<string, number>(pinned.perNeed);
  for (const i of chosen) {
    const [sup, need] = candidates.edgePairs[i] as [Node, Node];
    pairs.push(describePair(s, sup, need, false));
    partnersOf.set(need.m.urn, (partnersOf.get(need.m.urn) ?? 0) + 1);
  }
  pairs.sort((a, b) => compareText(a.supported, b.supported) || compareText(a.supporter, b.supporter));
  let totalScore = 0;
  let distanceUnknown = 0;
  for (const p of pairs) {
    totalScore += p.score;
    if (p.facts.distanceKm === undefined) distanceUnknown++;
  }
  return {
    method: s.method,
    priority: s.priority,
    pairs,
    unmatched: unmatchedOf(s, sides.needing, partnersOf, candidates),
    unassessed,
    needing: sides.needing.length,
    supporters: sides.supporting.length,
    totalScore,
    distanceUnknown,
  };
}

/** The forbidden pairs as keys; a school in them that is not in the benchmarks is refused, as it is in a pin. */
function forbiddenPairs(forbid: readonly PairRef[], byUrn: ReadonlyMap<string, Node>): Set<string> {
  for (const p of forbid) {
    if (!byUrn.has(p.supporter)) fail(`forbidden supporter ${p.supporter} is not in the benchmarks`);
    if (!byUrn.has(p.supported)) fail(`forbidden school ${p.supported} is not in the benchmarks`);
  }
  return new Set(forbid.map((p) => pairKey(p.supporter, p.supported)));
}

/** Who needs support and who can give it (a school that needs support never supports), and who could not be judged. */
function sidesOf(s: PartnerSettings, nodes: readonly Node[]): { sides: Sides; unassessed: Partners["unassessed"] } {
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
    if (s.needs(n.m, n.family)) needing.push(n);
    else if (s.supports(n.m, n.family)) supporting.push(n);
  }
  return {
    sides: { needing, supporting, leftCap: needing.map(() => s.k), rightCap: supporting.map(() => s.capacity) },
    unassessed,
  };
}

/** Each school that got fewer than k partners, and why: no eligible supporter (refusals by kind), or capacity. */
function unmatchedOf(
  s: PartnerSettings,
  needing: readonly Node[],
  partnersOf: ReadonlyMap<string, number>,
  candidates: Candidates,
): Partners["unmatched"] {
  const unmatched: Partners["unmatched"] = [];
  for (const [ni, n] of needing.entries()) {
    const got = partnersOf.get(n.m.urn) ?? 0;
    if (got >= s.k) continue;
    const short = s.k > 1 ? ` (${got} of ${s.k} partners)` : "";
    const eligible = candidates.eligibleCount[ni] as number;
    let reason: string;
    if (eligible === 0) {
      const tally = candidates.refusals[ni];
      const pool = s.context === "family" ? `in family ${n.family.id}` : `with an intake within ${s.context} SD`;
      if (!tally || tally.size === 0) reason = `no eligible supporter: no school ${pool} is strong enough to support`;
      else {
        const parts = [...tally]
          .sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]))
          .map(([why, count]) => `${count} ${why}`);
        reason = `no eligible supporter: of the supporters considered, ${parts.join("; ")}`;
      }
    } else {
      reason = `${eligible === 1 ? "its only eligible supporter is" : `all ${eligible} eligible supporters are`} at capacity (${s.capacity} school${s.capacity === 1 ? "" : "s"} each), partnered where the ${s.priority === "coverage" ? "matching covers more schools or scores higher" : "total score is higher"}`;
    }
    unmatched.push({ urn: n.m.urn, family: n.family.id, reason: reason + short });
  }
  return unmatched;
}
