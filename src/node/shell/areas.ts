// Each school's pupil groups, subjects and gaps as `fos benchmark` prints them: nested in the JSON, columns in the CSV.
import type { AreaFamily, AreaResult } from "../../benchmark/areas.js";
import type { Benchmarks, FamilyBenchmark, MemberBenchmark } from "../../benchmark/types.js";

/** One pupil group or subject of a school beside its family's, as the JSON shows it (missing values are null). */
export interface AreaRow {
  value: number | null;
  familyMean: number | null;
  familyUpperQuartile: number | null;
  /** Place in the family by value: 1 is the highest. */
  place: number | null;
  improvement: number | null;
  familyImprovementMean: number | null;
  familyImprovementUpperQuartile: number | null;
}

const KINDS = ["subgroups", "subjects"] as const;

function rowOf(f: AreaFamily, r: AreaResult | undefined): AreaRow {
  return {
    value: r?.value ?? null,
    familyMean: f.value?.mean ?? null,
    familyUpperQuartile: f.value?.upperQuartile ?? null,
    place: r?.rank ?? null,
    improvement: r?.improvement ?? null,
    familyImprovementMean: f.improvement?.mean ?? null,
    familyImprovementUpperQuartile: f.improvement?.upperQuartile ?? null,
  };
}

/**
 * A member's pupil groups and subjects (every one its family has a result for, the school's own value null when it
 * has none) and its within-school gaps beside the family's average gap.
 */
export function areasOf(
  m: MemberBenchmark,
  f: FamilyBenchmark,
): {
  subgroups: Record<string, AreaRow>;
  subjects: Record<string, AreaRow>;
  gaps: Record<string, { value: number | null; familyMean: number | null }>;
} {
  const out = { subgroups: {} as Record<string, AreaRow>, subjects: {} as Record<string, AreaRow>, gaps: {} };
  for (const kind of KINDS)
    for (const [name, fam] of Object.entries(f.areas?.[kind] ?? {}))
      out[kind][name] = rowOf(fam, m.areas?.[kind][name]);
  const gaps: Record<string, { value: number | null; familyMean: number | null }> = {};
  for (const name of new Set([...Object.keys(f.gaps), ...Object.keys(m.gaps)]))
    gaps[name] = { value: m.gaps[name] ?? null, familyMean: f.gaps[name]?.mean ?? null };
  return { ...out, gaps };
}

/** A name as a CSV header part: lower case, letters and digits, `_` between (e.g. `girls−boys` → `girls_boys`). */
const slug = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "");

const FIELDS: [keyof AreaRow, string][] = [
  ["value", ""],
  ["familyMean", "_family_mean"],
  ["familyUpperQuartile", "_family_upper_quartile"],
  ["place", "_place"],
  ["improvement", "_improvement"],
  ["familyImprovementMean", "_family_improvement_mean"],
];

/**
 * The CSV's extra columns, from every family's pupil groups, subjects and gaps (`subgroup_girls`,
 * `subgroup_girls_family_mean`, …, `subject_maths…`, `gap_girls_boys`, `gap_girls_boys_family_mean`), and each
 * school's cells for them (undefined where it has none).
 */
export function areaColumns(result: Benchmarks): {
  headers: string[];
  cells: (m: MemberBenchmark, f: FamilyBenchmark) => (number | undefined)[];
} {
  const names = { subgroups: new Set<string>(), subjects: new Set<string>(), gaps: new Set<string>() };
  for (const f of result.families) {
    for (const kind of KINDS) for (const n of Object.keys(f.areas?.[kind] ?? {})) names[kind].add(n);
    for (const n of Object.keys(f.gaps)) names.gaps.add(n);
  }
  const lists = { subgroups: [...names.subgroups].sort(), subjects: [...names.subjects].sort() };
  const gaps = [...names.gaps].sort();
  const headers = [
    ...lists.subgroups.flatMap((n) => FIELDS.map(([, s]) => `subgroup_${slug(n)}${s}`)),
    ...lists.subjects.flatMap((n) => FIELDS.map(([, s]) => `subject_${slug(n)}${s}`)),
    ...gaps.flatMap((n) => [`gap_${slug(n)}`, `gap_${slug(n)}_family_mean`]),
  ];
  const cells = (m: MemberBenchmark, f: FamilyBenchmark) => {
    const a = areasOf(m, f);
    const of = (kind: (typeof KINDS)[number], n: string) =>
      FIELDS.map(([k]) => a[kind][n]?.[k] ?? undefined) as (number | undefined)[];
    return [
      ...lists.subgroups.flatMap((n) => of("subgroups", n)),
      ...lists.subjects.flatMap((n) => of("subjects", n)),
      ...gaps.flatMap((n) => [a.gaps[n]?.value ?? undefined, a.gaps[n]?.familyMean ?? undefined]),
    ];
  };
  return { headers, cells };
}
