// The parts of a member's benchmark that the EEF put first: its disadvantaged pupils against its family, whether its
// result was pooled over years, and where it is heading. Kept beside benchmark.ts so that file stays one concept.
import type { School } from "../panel/panel.js";
import { type DisadvantagedPupils, type FamilyDisadvantaged, familyDisadvantaged } from "./disadvantaged.js";
import type { PooledNote } from "./pooled.js";
import type { Projection } from "./projection.js";
import type { BenchmarkSettings } from "./settings.js";

/** What one member gets of its family's headline. */
export interface MemberHeadline {
  disadvantaged?: DisadvantagedPupils;
  outcome?: PooledNote;
  projection?: Projection;
  notes: string[];
}

/** A family's headline parts: its disadvantaged pupils' summary and each member's headline. */
export function familyHeadline(
  members: readonly School[],
  s: BenchmarkSettings,
  nationalOther: number | undefined,
  projections: { projections: ReadonlyMap<string, Projection>; reasons: ReadonlyMap<string, string> },
): { family: FamilyDisadvantaged; members: MemberHeadline[] } {
  const outcomes = members.map((m) => s.outcomeOf(m, s.year));
  const dis = familyDisadvantaged(
    members,
    outcomes.map((o) => o?.record),
    { kindOf: s.kindOf, pupilSd: s.pupilSd, smallCohort: s.smallCohort, nationalOther },
  );
  const out = members.map((m, j): MemberHeadline => {
    const notes: string[] = [];
    const h: MemberHeadline = { notes };
    const d = dis.members[j];
    if (d) h.disadvantaged = d;
    const o = outcomes[j];
    if (o?.pooled) {
      h.outcome = { years: o.years, skipped: o.skipped };
      notes.push(pooledWords(o.years, o.skipped, o.record.cohort));
    } else if (o && o.skipped.length > 0)
      notes.push(
        `not pooled: no other year of the window has a result (${o.skipped.join(", ")} skipped: missing or suppressed)`,
      );
    const p = projections.projections.get(m.urn);
    if (p) h.projection = p;
    else {
      const why = projections.reasons.get(m.urn);
      if (why) notes.push(why);
    }
    return h;
  });
  return { family: dis.family, members: out };
}

/** "results pooled over 2015, 2016, 2018 and 2019 (48 pupils; 2017 skipped: missing or suppressed)". */
export function pooledWords(years: readonly number[], skipped: readonly number[], pupils: number | undefined): string {
  const list =
    years.length === 1 ? String(years[0]) : `${years.slice(0, -1).join(", ")} and ${years[years.length - 1]}`;
  const extra = [
    pupils === undefined ? undefined : `${pupils} pupils`,
    skipped.length === 0 ? undefined : `${skipped.join(", ")} skipped: missing or suppressed`,
  ].filter((x) => x !== undefined);
  return `results pooled over ${list} (pupil-weighted${extra.length > 0 ? `; ${extra.join("; ")}` : ""}): one small cohort says little`;
}
