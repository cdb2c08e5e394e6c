// A second route to the baselines' accuracy that bench/RESULTS.md and docs/design.md print ("How good is a family"):
// the 50 nearest, the financial comparators, unconstrained k-means and random families, each re-derived here by
// plain loops over the raw values (z-scores, distances, the seeded draws, Lloyd's steps and the leave-one-out error
// written out again; no library helper past reading the file and grouping the families), and checked against the
// library and against the printed figure. Sort-and-chop and the families themselves are in second-route.test.ts.
/// <reference types="node" />
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { accuracyBaselines, type Grouping, groupFamilies, panel, readSchools, type School } from "../../src/index.js";
import { fixture, ROOT } from "../helpers.js";

const RESULTS = readFileSync(`${ROOT}bench/RESULTS.md`, "utf8");
const DESIGN = readFileSync(`${ROOT}docs/design.md`, "utf8");

interface Score {
  rmse: number;
  r2: number;
  n: number;
}

/** RMSE and R² (1 − squared error ÷ squared spread about the scored schools' mean) of predictions. */
function scoreOf(actual: number[], predicted: number[]): Score {
  let mean = 0;
  for (const y of actual) mean += y;
  mean /= actual.length;
  let err = 0;
  let spread = 0;
  for (let i = 0; i < actual.length; i++) {
    err += ((actual[i] as number) - (predicted[i] as number)) ** 2;
    spread += ((actual[i] as number) - mean) ** 2;
  }
  return { rmse: Math.sqrt(err / actual.length), r2: 1 - err / spread, n: actual.length };
}

/** Each member with a result predicted by the mean of the other members with one (groups of one skipped). */
function familiesScore(groups: string[][], outcome: Map<string, number>): Score {
  const actual: number[] = [];
  const predicted: number[] = [];
  for (const members of groups) {
    const valued = members.filter((u) => outcome.has(u));
    if (valued.length < 2) continue;
    let total = 0;
    for (const u of valued) total += outcome.get(u) as number;
    for (const u of valued) {
      actual.push(outcome.get(u) as number);
      predicted.push((total - (outcome.get(u) as number)) / (valued.length - 1));
    }
  }
  return scoreOf(actual, predicted);
}

/** Each school with a result predicted by the mean of its neighbours with one. */
function neighboursScore(lists: { urn: string; neighbours: string[] }[], outcome: Map<string, number>): Score {
  const actual: number[] = [];
  const predicted: number[] = [];
  for (const { urn, neighbours } of lists) {
    const y = outcome.get(urn);
    if (y === undefined) continue;
    let total = 0;
    let n = 0;
    for (const v of neighbours) {
      const x = outcome.get(v);
      if (x === undefined) continue;
      total += x;
      n++;
    }
    if (n === 0) continue;
    actual.push(y);
    predicted.push(total / n);
  }
  return scoreOf(actual, predicted);
}

/** Each school's attainment in the year. */
function attainmentIn(schools: readonly School[], year: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of schools)
    for (const r of s.years) if (r.year === year && r.attainment !== undefined) out.set(s.urn, r.attainment);
  return out;
}

/** One partition's schools in the grouping's order, with their raw feature values z-scored (population SD) × √w. */
function spaceOf(g: Grouping, key: string): { urns: string[]; coords: number[][] } {
  const ids = new Set(g.families.filter((f) => f.partition === key).map((f) => f.id));
  const rows = g.schools.filter((s) => ids.has(s.family));
  const raw = rows.map((s) => g.features.map((f) => s.values[f.name] as number));
  const coords = rows.map(() => [] as number[]);
  for (const [j, f] of g.features.entries()) {
    let mean = 0;
    for (const r of raw) mean += r[j] as number;
    mean /= raw.length;
    let ss = 0;
    for (const r of raw) ss += ((r[j] as number) - mean) ** 2;
    const sd = Math.sqrt(ss / raw.length);
    for (const [i, r] of raw.entries())
      (coords[i] as number[])[j] = (((r[j] as number) - mean) / sd) * Math.sqrt(f.weight);
  }
  return { urns: rows.map((s) => s.urn), coords };
}

const dist2 = (a: number[], b: number[]): number => {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += ((a[j] as number) - (b[j] as number)) ** 2;
  return s;
};

/** Each point's k nearest others by brute force (ties by position). */
function bruteNearest(urns: string[], coords: number[][], k: number): { urn: string; neighbours: string[] }[] {
  return urns.map((urn, i) => {
    const others: { j: number; d: number }[] = [];
    for (let j = 0; j < urns.length; j++)
      if (j !== i) others.push({ j, d: dist2(coords[i] as number[], coords[j] as number[]) });
    others.sort((a, b) => a.d - b.d || a.j - b.j);
    return { urn, neighbours: others.slice(0, k).map((o) => urns[o.j] as string) };
  });
}

/** sfc32, written out again: the seeded generator the baselines draw from (its published definition). */
function sfc32(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  return next;
}

/** Random families of the given sizes: a Fisher–Yates shuffle, chopped in order. */
function randomGroups(urns: string[], sizes: number[], seed: number): string[][] {
  const next = sfc32(seed);
  const copy = [...urns];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as string, copy[i] as string];
  }
  const out: string[][] = [];
  let at = 0;
  for (const size of sizes) {
    out.push(copy.slice(at, at + size));
    at += size;
  }
  return out;
}

/** Lloyd's k-means from k-means++ seeds, plain: every point against every centre, an emptied centre stays. */
function lloyd(urns: string[], coords: number[][], k: number, seed: number): string[][] {
  const n = coords.length;
  const next = sfc32(seed);
  const centres: number[][] = [];
  const nearest = new Array<number>(n).fill(Number.POSITIVE_INFINITY);
  let pick = Math.floor(next() * n);
  for (let c = 0; c < k; c++) {
    centres.push([...(coords[pick] as number[])]);
    let total = 0;
    for (let i = 0; i < n; i++) {
      nearest[i] = Math.min(nearest[i] as number, dist2(coords[i] as number[], centres[c] as number[]));
      total += nearest[i] as number;
    }
    // The first point whose running total of squared distances passes the draw.
    const u = next() * total;
    let run = 0;
    pick = n - 1;
    for (let i = 0; i < n; i++) {
      run += nearest[i] as number;
      if (run > u) {
        pick = i;
        break;
      }
    }
  }
  const label = new Array<number>(n).fill(-1);
  for (let it = 0; it < 100; it++) {
    let changed = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let c = 1; c < k; c++)
        if (
          dist2(coords[i] as number[], centres[c] as number[]) < dist2(coords[i] as number[], centres[best] as number[])
        )
          best = c;
      if (label[i] !== best) changed++;
      label[i] = best;
    }
    for (let c = 0; c < k; c++) {
      const mine = coords.filter((_, i) => label[i] === c);
      if (mine.length === 0) continue;
      centres[c] = (centres[c] as number[]).map((_, j) => mine.reduce((t, p) => t + (p[j] as number), 0) / mine.length);
    }
    if (changed === 0) break;
  }
  const groups = new Map<number, string[]>();
  for (let i = 0; i < n; i++)
    groups.set(label[i] as number, [...(groups.get(label[i] as number) ?? []), urns[i] as string]);
  return [...groups.values()];
}

/** The financial comparators: 30 nearest on pupils 0.5, disadvantage 0.4, SEN 0.1, each range-scaled. */
function financialLists(g: Grouping, key: string, schools: readonly School[]) {
  const byUrn = new Map(schools.map((s) => [s.urn, s]));
  const ids = new Set(g.families.filter((f) => f.partition === key).map((f) => f.id));
  const rows: { urn: string; v: number[] }[] = [];
  for (const s of g.schools.filter((x) => ids.has(x.family))) {
    const r = byUrn.get(s.urn)?.years.find((y) => y.year === s.year);
    if (r?.cohort !== undefined && r.disadvantage !== undefined && r.sen !== undefined)
      rows.push({ urn: s.urn, v: [r.cohort, r.disadvantage, r.sen] });
  }
  const w = [0.5, 0.4, 0.1];
  const coords = rows.map(() => [] as number[]);
  for (let j = 0; j < 3; j++) {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const r of rows) {
      lo = Math.min(lo, r.v[j] as number);
      hi = Math.max(hi, r.v[j] as number);
    }
    for (const [i, r] of rows.entries())
      (coords[i] as number[])[j] = (((r.v[j] as number) - lo) / (hi - lo || 1)) * Math.sqrt(w[j] as number);
  }
  return bruteNearest(
    rows.map((r) => r.urn),
    coords,
    30,
  );
}

/** All four baselines by the plain routes, partition by partition. */
function plainBaselines(g: Grouping, schools: readonly School[], outcome: Map<string, number>) {
  const near: { urn: string; neighbours: string[] }[] = [];
  const fin: { urn: string; neighbours: string[] }[] = [];
  const km: string[][] = [];
  const rnd: string[][] = [];
  for (const key of new Set(g.families.map((f) => f.partition))) {
    const { urns, coords } = spaceOf(g, key);
    const sizes = g.families.filter((f) => f.partition === key).map((f) => f.size);
    near.push(...bruteNearest(urns, coords, 50));
    fin.push(...financialLists(g, key, schools));
    km.push(...lloyd(urns, coords, sizes.length, 1));
    rnd.push(...randomGroups(urns, sizes, 1));
  }
  return {
    nearest50: neighboursScore(near, outcome),
    financial: fin.length > 0 ? neighboursScore(fin, outcome) : undefined,
    kMeans: familiesScore(km, outcome),
    random: familiesScore(rnd, outcome),
  };
}

const cell = (a: Score) => `${a.rmse.toFixed(2)} / ${a.r2.toFixed(3)} (${a.n})`;
const row = (data: string, grouping: string, a: Score) =>
  new RegExp(`\\| ${data} +\\| ${grouping} +\\| ${cell(a).replace(/[()]/g, "\\$&")} +\\|`);

describe("a second route to the baselines' printed accuracy", () => {
  it("England KS4 2019: the 50 nearest, k-means, the financial comparators and random families", () => {
    const { schools } = panel(readSchools(fixture("dfe/england_ks4_2019.csv")).records);
    const g = groupFamilies(schools, { weights: { disadvantage: 1, eal: 1, sen: 1 } });
    const plain = plainBaselines(g, schools, attainmentIn(schools, 2019));
    const lib = accuracyBaselines(g, schools);
    expect(plain.nearest50.r2).toBeCloseTo(lib.nearest50.r2, 9);
    expect(plain.kMeans.r2).toBeCloseTo(lib.kMeans.r2, 9);
    expect(plain.financial?.r2).toBeCloseTo(lib.financial.r2, 9);
    expect(plain.random.r2).toBeCloseTo(lib.random.r2, 9);
    const data = "England KS4 2019, Attainment 8";
    expect(RESULTS).toMatch(row(data, "50 nearest", plain.nearest50));
    expect(RESULTS).toMatch(row(data, "k-means, sizes free", plain.kMeans));
    expect(RESULTS).toMatch(row(data, "financial benchmarking, 30 nearest", plain.financial as Score));
    expect(RESULTS).toMatch(row(data, "random families", plain.random));
    const r2 = (a: Score) => a.r2.toFixed(3).replace("-", "−");
    expect(DESIGN).toContain(
      `the 50 nearest ${r2(plain.nearest50)},\n  unconstrained k-means ${r2(plain.kMeans)}, the financial comparators ${r2(plain.financial as Score)}, sort-and-chop`,
    );
    expect(DESIGN).toContain(`random families ${r2(plain.random)}.`);
  }, 120_000);

  it("Hampshire KS2 2019: the 50 nearest, k-means and random families; no financial comparators without SEN", () => {
    const { schools } = panel(readSchools(fixture("dfe/hampshire_ks2_2017-2019.csv")).records);
    const g = groupFamilies(schools);
    const plain = plainBaselines(g, schools, attainmentIn(schools, 2019));
    const lib = accuracyBaselines(g, schools);
    expect(plain.nearest50.r2).toBeCloseTo(lib.nearest50.r2, 9);
    expect(plain.kMeans.r2).toBeCloseTo(lib.kMeans.r2, 9);
    expect(plain.random.r2).toBeCloseTo(lib.random.r2, 9);
    expect(plain.financial).toBeUndefined();
    expect(lib.financial.n).toBe(0);
    const data = "Hampshire KS2 2019, % RWM     ";
    expect(RESULTS).toMatch(row(data, "50 nearest", plain.nearest50));
    expect(RESULTS).toMatch(row(data, "k-means, sizes free", plain.kMeans));
    expect(RESULTS).toMatch(row(data, "random families", plain.random));
  }, 60_000);
});
