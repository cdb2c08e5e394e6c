import { formatNumber, formatSigned } from "../internal/format.js";
import { GAP_AREAS, type Node } from "./nodes.js";
import { brokenRule, contextDistance, kmBetween } from "./rules.js";
import { scoreOf, weakestOf } from "./score.js";
import type { PartnerSettings } from "./settings.js";
import type { Pair, PairFacts } from "./types.js";

/** Rounds away the binary noise of adding a family mean back to a difference (1.8 − 0.6 = 1.1999999999999997). */
const tidy = (v: number): number => Math.round(v * 1e9) / 1e9;
const fmt = (v: number | undefined, digits = 1): string => (v === undefined ? "unknown" : formatNumber(v, digits));
const signed = (v: number | undefined): string => (v === undefined ? "unknown" : formatSigned(v));

/** What is true of a pair, as data. */
export function factsOf(sup: Node, need: Node): PairFacts {
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
}

/** The pair in plain words, each sentence from its facts. */
function reasonsFor(s: PartnerSettings, sup: Node, need: Node, facts: PairFacts, pinned: boolean): string[] {
  const reasons: string[] = [];
  if (pinned) reasons.push("pinned by the coordinator (an existing partnership)");
  const broke = pinned ? brokenRule(s, sup, need, true) : undefined;
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
      ? `different local authority (${laOf(need.m)} / ${laOf(sup.m)}), ${place}`
      : `same local authority (${laOf(need.m)}), ${place}`,
  );
  if (need.m.phase !== sup.m.phase)
    reasons.push(`cross-phase: a ${sup.m.phase} school supporting a ${need.m.phase} school`);
  const attGap =
    sup.m.attainment !== undefined && need.m.attainment !== undefined && need.m.phase === sup.m.phase
      ? sup.m.attainment - need.m.attainment
      : undefined;
  reasons.push(
    `partner's attainment ${fmt(sup.m.attainment)} against ${fmt(need.m.attainment)} here${attGap === undefined ? "" : ` (${fmt(Math.abs(attGap))} points ${attGap >= 0 ? "higher" : "lower"})`}; improvement ${signed(sup.m.improvement)} against ${signed(need.m.improvement)} points a year`,
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
}

/** A pair with its score, facts and reasons. */
export function describePair(s: PartnerSettings, sup: Node, need: Node, pinned: boolean): Pair {
  const { score, parts } = scoreOf(s, sup, need);
  const facts = factsOf(sup, need);
  return {
    supporter: sup.m.urn,
    supported: need.m.urn,
    score,
    parts,
    pinned,
    reasons: reasonsFor(s, sup, need, facts, pinned),
    facts,
  };
}

/** A school's local authority as a reason names it: its name when known, else its code ("unknown" without). */
function laOf(m: { la?: string; laName?: string }): string {
  return m.laName ?? m.la ?? "unknown";
}
