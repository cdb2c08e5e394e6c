// Stable families within a churn budget: last year's families carried to this year by regroupFamilies. Printed when
// the file loads, for each data set: the frontier (moves and the share of lost tightness recovered, R, at budgets of
// 0–20% and free), beside an upper bound on R that no selection of moves within the budget can beat (the trimmed
// families' bound, bench/reference/regroup-bound.ts), and the exact best on small regions (three neighbouring
// families) beside ours there. Timed: one regroup of the fixture region.
import { readFileSync } from "node:fs";
import { bench, describe } from "vitest";
import { sizeConstrainedClusters } from "../src/group/cluster.js";
import {
  type GroupFamiliesOptions,
  groupFamilies,
  panel,
  type Regrouping,
  readSchools,
  regroupFamilies,
  type School,
  syntheticRegion,
} from "../src/index.js";
import { centroidsOf } from "../src/internal/geometry.js";
import { budgetTrajectory, labelsAt, lastWithin } from "../src/regroup/budget.js";
import { exactSmall, trimBound } from "./reference/regroup-bound.js";

const read = (path: string): School[] =>
  panel(readSchools(readFileSync(new URL(path, import.meta.url), "utf8")).records).schools;
const upTo = (schools: readonly School[], y: number): School[] =>
  schools
    .filter((s) => s.years.some((r) => r.year <= y))
    .map((s) => ({ ...s, years: s.years.filter((r) => r.year <= y) }));
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** Each continuing school not forced out, by its home family: the sets the trimmed bound removes schools from. */
function homes(r: Regrouping, before: ReadonlyMap<string, string>): Map<string, Map<string, number[][]>> {
  const successorOf = new Map(r.churn.joined.map((j) => [j.urn, j.successorOf]));
  const forced = new Set(r.churn.moves.filter((m) => m.reason !== "tighter").map((m) => m.urn));
  const partitionOf = new Map(r.families.map((f) => [f.id, f.partition]));
  const out = new Map<string, Map<string, number[][]>>();
  for (const s of r.schools) {
    const was = before.get(s.urn) ?? before.get(successorOf.get(s.urn) ?? "");
    if (was === undefined || forced.has(s.urn)) continue;
    const key = partitionOf.get(s.family) as string;
    const part = out.get(key) ?? new Map<string, number[][]>();
    out.set(key, part);
    part.set(was, [...(part.get(was) ?? []), s.coordinates]);
  }
  return out;
}

/** The upper bound on R at a budget share: per partition ⌊share × continuing⌋ moves, as regroupFamilies allows. */
function boundR(r: Regrouping, before: ReadonlyMap<string, string>, share: number): number {
  const continuing = new Map<string, number>();
  const partitionOf = new Map(r.families.map((f) => [f.id, f.partition]));
  const successorOf = new Map(r.churn.joined.map((j) => [j.urn, j.successorOf]));
  for (const s of r.schools)
    if (before.has(s.urn) || before.has(successorOf.get(s.urn) ?? "")) {
      const key = partitionOf.get(s.family) as string;
      continuing.set(key, (continuing.get(key) ?? 0) + 1);
    }
  let lower = 0;
  for (const [key, families] of homes(r, before)) {
    const d = r.features.length;
    lower += trimBound([...families.values()], d, Math.floor(share * (continuing.get(key) ?? 0) + 1e-9));
  }
  const { keepSse, freshSse } = r.stability;
  return (keepSse - lower) / (keepSse - freshSse);
}

/**
 * On small regions — each kept family with its two nearest (by centre), up to 59 home members — the exact best R at
 * 10% and ours (the same one sequence of best changes), against the best free regrouping of those schools.
 */
function smallRegions(r: Regrouping, before: ReadonlyMap<string, string>, limit: number): string {
  const rows: { exact: number; ours: number }[] = [];
  for (const families of homes(r, before).values()) {
    const ids = [...families.keys()].sort();
    const d = r.features.length;
    const centre = (id: string) =>
      centroidsOf(
        Float64Array.from((families.get(id) as number[][]).flat()),
        d,
        new Int32Array((families.get(id) as number[][]).length),
        1,
      ).centroids;
    const dist = (a: Float64Array, b: Float64Array) => a.reduce((t, v, j) => t + (v - (b[j] as number)) ** 2, 0);
    const seen = new Set<string>();
    for (const id of ids) {
      if (rows.length >= limit) break;
      const near = ids
        .filter((x) => x !== id)
        .sort((x, y) => dist(centre(id), centre(x)) - dist(centre(id), centre(y)));
      const triple = [id, ...near.slice(0, 2)].sort();
      if (triple.length < 3 || seen.has(triple.join())) continue;
      seen.add(triple.join());
      const members = triple.map((t) => families.get(t) as number[][]);
      const n = members.reduce((t, m) => t + m.length, 0);
      if (n > 59 || members.some((m) => m.length < r.min || m.length > r.max)) continue;
      const coords = Float64Array.from(members.flat().flat());
      const labels = Int32Array.from(members.flatMap((m, f) => m.map(() => f)));
      const budget = Math.floor(0.1 * n + 1e-9);
      const problem = { coords, d, k: 3, min: r.min, max: r.max };
      const t = budgetTrajectory(problem, labels, labels);
      const ours = centroidsOf(coords, d, labelsAt(labels, t, lastWithin(t, budget)), 3).sse;
      const freeEnd = centroidsOf(coords, d, labelsAt(labels, t, t.steps.length - 1), 3).sse;
      const fresh = Math.min(freeEnd, sizeConstrainedClusters(problem).sse);
      const exact = exactSmall(coords, d, labels, 3, r.min, r.max, budget);
      const lost = t.keepSse - fresh;
      if (lost <= 1e-9) continue;
      rows.push({ exact: (t.keepSse - exact) / lost, ours: (t.keepSse - ours) / lost });
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const gap = Math.max(...rows.map((x) => x.exact - x.ours));
  return `${rows.length} small regions: exact best R at 10% ${mean(rows.map((x) => x.exact)).toFixed(3)} (mean), ours ${mean(rows.map((x) => x.ours)).toFixed(3)}; ours equals the exact best in ${rows.filter((x) => x.exact - x.ours < 1e-6).length}, largest gap ${gap.toFixed(3)}`;
}

/** The frontier of one data set's regrouping, with the bound, as Markdown rows; and the small regions. */
function study(
  label: string,
  schools: readonly School[],
  from: number,
  to: number,
  options: GroupFamiliesOptions,
): string[] {
  const before = new Map(
    groupFamilies(upTo(schools, from), { ...options, year: from }).schools.map((s) => [s.urn, s.family]),
  );
  const r = regroupFamilies(upTo(schools, to), before, { ...options, year: to });
  const rows = r.stability.frontier.map(
    (p) =>
      `| ${label} | ${p.maxChurn >= 1 ? "free" : pct(p.maxChurn)} | ${p.charged} (${pct(p.charged / r.churn.continuing)}) | ${p.recovered.toFixed(3)} | ${p.maxChurn >= 1 ? "1" : Math.min(1, Math.max(0, boundR(r, before, p.maxChurn))).toFixed(3)} | ${p.ratio.toFixed(2)}× |`,
  );
  rows.push(
    `| ${label} | | ${r.churn.continuing} continuing, ${r.churn.forced} forced moves, ${r.churn.joined.length} joined, ${r.churn.left.length} left | | | kept: ${(r.stability.keepSse / r.stability.freshSse).toFixed(2)}× |`,
  );
  console.log(`${label}: ${smallRegions(r, before, 12)}`);
  return rows;
}

const twoYear = panel(syntheticRegion({ firstYear: 2018, years: 2 })).schools;
const region = read("../fixtures/region/region.csv");
const hampshire = read("../fixtures/dfe/hampshire_ks2_2017-2019.csv");
const northYorkshire = read("../fixtures/dfe/north_yorkshire_census_2018-2019.csv");
const census = { weights: { disadvantage: 1, eal: 1 } };
console.log(
  [
    "",
    "| data, 2018 → 2019 | budget | moves made | R | bound on R | SSE ÷ fresh |",
    "|---|---|---|---|---|---|",
    ...study("two-year synthetic region, 1 context year", twoYear, 2018, 2019, {}),
    ...study("two-year synthetic region, 2 context years", twoYear, 2018, 2019, { contextYears: 2 }),
    ...study("fixture region, 1 context year", region, 2018, 2019, {}),
    ...study("fixture region, 2 context years", region, 2018, 2019, { contextYears: 2 }),
    ...study("fixture region, 3 context years", region, 2018, 2019, { contextYears: 3 }),
    ...study("North Yorkshire census (disadvantage, EAL)", northYorkshire, 2018, 2019, census),
    ...study("Hampshire KS2, 1 context year", hampshire, 2018, 2019, {}),
    ...study("Hampshire KS2, 2 context years", hampshire, 2018, 2019, { contextYears: 2 }),
  ].join("\n"),
);

const data2019 = upTo(region, 2019);
const prev2018 = Object.fromEntries(
  groupFamilies(upTo(region, 2018), { contextYears: 3 }).schools.map((s) => [s.urn, s.family]),
);
describe("regrouping the fixture region", () => {
  bench(
    "regroupFamilies 2018 → 2019 (1,042 schools, maxChurn 0.10)",
    () => {
      regroupFamilies(data2019, prev2018, { year: 2019, contextYears: 3 });
    },
    { iterations: 10, warmupIterations: 2 },
  );
});
