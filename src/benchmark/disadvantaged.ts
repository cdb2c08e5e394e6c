import { CompensatedSum } from "../internal/compensated.js";
import type { School } from "../panel/panel.js";
import type { SchoolYear } from "../schema.js";
import { attainmentSE, differenceSEs } from "./uncertainty.js";

/**
 * A school's disadvantaged pupils against its family and the nation: the EEF's headline. Results are in
 * attainment's units (KS2: % of pupils meeting the expected standard in RWM; KS4: Attainment 8 points); every
 * difference is the school's disadvantaged pupils minus the others (negative: behind).
 */
export interface DisadvantagedPupils {
  /** The school's disadvantaged pupils' result (pooled over `outcome.years` when the member was pooled). */
  attainment: number;
  /** Its disadvantaged pupils (the `disadvantagedCohort`, else cohort × disadvantage / 100). */
  pupils?: number;
  /** Standard error of `attainment` (binomial on `pupils` for a percentage; pupilSd/√pupils for a score). */
  se?: number;
  /** (a) The family's disadvantaged pupils' result, pupil-weighted over the members (this school included). */
  familyAverage?: number;
  /** `attainment − familyAverage`, and its standard error (the school's own error and the average's). */
  vsFamily?: number;
  vsFamilySE?: number;
  /** (b) The family's other (not disadvantaged) pupils' result, pupil-weighted. */
  familyOther?: number;
  /** `attainment − familyOther`: the gap to the other pupils of schools like it, and its standard error. */
  familyGap?: number;
  familyGapSE?: number;
  /** (c) The national result of pupils who are not disadvantaged (see `Benchmarks.disadvantaged`). */
  nationalOther?: number;
  /** `attainment − nationalOther`: the DfE's own gap measure, and its standard error (the school's). */
  gap?: number;
  gapSE?: number;
  /** The school's own within-school gap: its disadvantaged pupils' result minus its other pupils'. */
  withinSchoolGap?: number;
}

/** A family's disadvantaged and other pupils, pupil-weighted, and the members whose disadvantaged pupils do best. */
export interface FamilyDisadvantaged {
  /** Pupil-weighted result of the members' disadvantaged pupils, and how many pupils and members it counts. */
  average?: number;
  pupils: number;
  members: number;
  /** Pupil-weighted result of the members' other pupils, and how many pupils. */
  other?: number;
  otherPupils: number;
  /**
   * Up to three members whose disadvantaged pupils do best, highest first (ties to the lower URN), among members
   * with at least `smallCohort` disadvantaged pupils (all members with a result when none has that many).
   */
  best: { urn: string; name?: string; attainment: number; pupils?: number }[];
}

/** One member's disadvantaged and other pupils, as read from its (perhaps pooled) record. */
interface Groups {
  d: number | undefined;
  nd: number | undefined;
  o: number | undefined;
  no: number | undefined;
}

/** The pupils a sub-group's result rests on: its own count, else worked out from the cohort and % disadvantaged. */
function groupsOf(r: SchoolYear | undefined): Groups {
  const d = r?.subgroups?.disadvantaged;
  const o = r?.subgroups?.other;
  const share = r?.cohort !== undefined && r.disadvantage !== undefined ? (r.cohort * r.disadvantage) / 100 : undefined;
  const nd = r?.disadvantagedCohort ?? (share === undefined ? undefined : Math.round(share));
  const no = r?.otherCohort ?? (r?.cohort !== undefined && nd !== undefined ? Math.max(0, r.cohort - nd) : undefined);
  return { d, nd, o, no };
}

/** The pupil-weighted mean of values with positive weights, the weights as shares, and the pupils counted. */
function weighted(
  values: readonly (number | undefined)[],
  pupils: readonly (number | undefined)[],
): { mean: number | undefined; weights: number[]; total: number } {
  const sum = new CompensatedSum();
  let total = 0;
  for (const [j, v] of values.entries()) {
    const n = pupils[j];
    if (v === undefined || n === undefined || !(n > 0)) continue;
    sum.add(v * n);
    total += n;
  }
  const weights = values.map((v, j) => {
    const n = pupils[j];
    return v === undefined || n === undefined || !(n > 0) ? 0 : n / total;
  });
  return { mean: total > 0 ? sum.value / total : undefined, weights, total };
}

/** Where the family's disadvantaged pupils are read from, and how their results vary by chance. */
export interface DisadvantagedSettings {
  kindOf: (school: School) => "percentage" | "score";
  pupilSd: number;
  smallCohort: number;
  nationalOther: number | undefined;
}

/**
 * A family's disadvantaged pupils: each member's {@link DisadvantagedPupils} (undefined for a member whose
 * disadvantaged pupils have no result, e.g. suppressed) and the family's {@link FamilyDisadvantaged}. Members with a
 * result but no pupil count count in neither average. O(members).
 *
 * @param members - The family's schools.
 * @param records - Each member's record for the year (pooled where asked), parallel to `members`.
 * @param s - See {@link DisadvantagedSettings}.
 */
export function familyDisadvantaged(
  members: readonly School[],
  records: readonly (SchoolYear | undefined)[],
  s: DisadvantagedSettings,
): { members: (DisadvantagedPupils | undefined)[]; family: FamilyDisadvantaged } {
  const g = records.map(groupsOf);
  // The standard error of a member's group result (value of n pupils), where the group has both.
  const seOf = (value: number | undefined, n: number | undefined, j: number) =>
    value === undefined || n === undefined
      ? undefined
      : attainmentSE(
          { urn: "", year: 0, phase: "", attainment: value, cohort: n },
          s.kindOf(members[j] as School),
          s.pupilSd,
        );
  const ses = g.map((x, j) => seOf(x.d, x.nd, j));
  const otherSes = g.map((x, j) => seOf(x.o, x.no, j));
  const dis = weighted(
    g.map((x) => x.d),
    g.map((x) => x.nd),
  );
  const oth = weighted(
    g.map((x) => x.o),
    g.map((x) => x.no),
  );
  const vsSE = differenceSEs(ses, dis.weights);
  // The other pupils' average shares no pupils with a school's disadvantaged ones: its variance simply adds.
  let otherVar: number | undefined = 0;
  for (const [j, w] of oth.weights.entries()) {
    if (!w) continue;
    const e = otherSes[j];
    otherVar = e === undefined || otherVar === undefined ? undefined : otherVar + w * w * e * e;
  }
  const out = g.map((x, j): DisadvantagedPupils | undefined => {
    if (x.d === undefined) return undefined;
    const se = ses[j];
    const r: DisadvantagedPupils = { attainment: x.d };
    if (x.nd !== undefined) r.pupils = x.nd;
    if (se !== undefined) r.se = se;
    if (dis.mean !== undefined) {
      r.familyAverage = dis.mean;
      r.vsFamily = x.d - dis.mean;
      const e = vsSE[j];
      if (e !== undefined) r.vsFamilySE = e;
    }
    if (oth.mean !== undefined) {
      r.familyOther = oth.mean;
      r.familyGap = x.d - oth.mean;
      if (se !== undefined && otherVar !== undefined) r.familyGapSE = Math.sqrt(se * se + otherVar);
    }
    if (s.nationalOther !== undefined) {
      r.nationalOther = s.nationalOther;
      r.gap = x.d - s.nationalOther;
      if (se !== undefined) r.gapSE = se;
    }
    if (x.o !== undefined) r.withinSchoolGap = x.d - x.o;
    return r;
  });
  return { members: out, family: familyOf(members, g, dis, oth, s.smallCohort) };
}

/** The family's summary and its best three members for disadvantaged pupils. */
function familyOf(
  members: readonly School[],
  g: readonly Groups[],
  dis: { mean: number | undefined; total: number; weights: number[] },
  oth: { mean: number | undefined; total: number },
  smallCohort: number,
): FamilyDisadvantaged {
  const withResult = members.flatMap((m, j) => {
    const x = g[j] as Groups;
    return x.d === undefined ? [] : [{ m, d: x.d, n: x.nd }];
  });
  const enough = withResult.filter((c) => c.n !== undefined && c.n >= smallCohort);
  const pool = enough.length > 0 ? enough : withResult;
  pool.sort((a, b) => b.d - a.d || (a.m.urn < b.m.urn ? -1 : a.m.urn > b.m.urn ? 1 : 0));
  const family: FamilyDisadvantaged = {
    pupils: dis.total,
    members: dis.weights.filter((w) => w > 0).length,
    otherPupils: oth.total,
    best: pool.slice(0, 3).map((c) => ({
      urn: c.m.urn,
      ...(c.m.name === undefined ? {} : { name: c.m.name }),
      attainment: c.d,
      ...(c.n === undefined ? {} : { pupils: c.n }),
    })),
  };
  if (dis.mean !== undefined) family.average = dis.mean;
  if (oth.mean !== undefined) family.other = oth.mean;
  return family;
}

/**
 * The national figure for other pupils when none is given: the pupil-weighted mean of the `other` results of every
 * school's record for the year (its `otherCohort`, else cohort less its disadvantaged pupils). Undefined when no
 * school has one.
 */
export function otherPupilsOfData(schools: readonly School[], year: number): number | undefined {
  const values: (number | undefined)[] = [];
  const pupils: (number | undefined)[] = [];
  for (const s of schools) {
    const r = s.years.find((x) => x.year === year);
    const x = groupsOf(r);
    values.push(x.o);
    pupils.push(x.no);
  }
  return weighted(values, pupils).mean;
}

/**
 * A school with its disadvantaged pupils' result as its attainment and their number as its cohort, so that the
 * family chart is drawn for disadvantaged pupils (`measure: "disadvantaged"`); published attainment limits (which
 * are the whole cohort's) do not apply.
 */
export function asDisadvantaged(s: School): School {
  return {
    ...s,
    years: s.years.map((r) => {
      const { attainment: _a, intervals: _i, cohort: _c, ...rest } = r;
      const x = groupsOf(r);
      return {
        ...rest,
        ...(x.d === undefined ? {} : { attainment: x.d }),
        ...(x.nd === undefined ? {} : { cohort: x.nd }),
      };
    }),
  };
}
