import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { randomGroupError } from "../../src/evaluate/accuracy.js";
import { benchmarkFamilies, familyReport, groupFamilies, panel, readSchools } from "../../src/index.js";
import { fixture } from "../helpers.js";

/** Every k-subset of the indices 0..n−1. */
function subsets(n: number, k: number): number[][] {
  if (k === 0) return [[]];
  if (n < k) return [];
  return [...subsets(n - 1, k - 1).map((s) => [...s, n - 1]), ...subsets(n - 1, k)];
}

describe("randomGroupError: what a random group's mean misses the same schools by", () => {
  it("a worked example", () => {
    // Member 0: the others 10, 20, 30 have mean 20 and variance 66.7 (one drawn: that variance) → 400 + 66.7.
    // Member 10: the others 0, 20, 30 have mean 16.7 and variance 155.6 → 44.4 + 155.6 = 200.
    expect(randomGroupError([0, 10], [0, 10, 20, 30], 1)).toBeCloseTo(Math.sqrt((400 + 200 / 3 + 200) / 2), 10);
    expect(randomGroupError([0], [0, 10], 2)).toBeUndefined();
  });

  it("is the exact mean squared error over every random group of k others (brute force)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 3, maxLength: 8 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 7 }),
        (population, kRaw, take) => {
          const k = Math.min(kRaw, population.length - 1);
          const members = population.slice(0, Math.min(take, population.length));
          let total = 0;
          for (const [i, y] of members.entries()) {
            const others = population.filter((_, j) => j !== i);
            const all = subsets(others.length, k);
            let se = 0;
            for (const s of all) se += (y - s.reduce((t, j) => t + (others[j] as number), 0) / k) ** 2;
            total += se / all.length;
          }
          expect(randomGroupError(members, population, k)).toBeCloseTo(Math.sqrt(total / members.length), 8);
        },
      ),
    );
  });
});

describe("the report's accuracy sentence compares like with like", () => {
  it("on Hampshire's primaries (KS2 2019), a family far from the average predicts its own schools better than a random group would, and says so", () => {
    const { schools } = panel(readSchools(fixture("dfe/hampshire_ks2_2017-2019.csv")).records);
    const b = benchmarkFamilies(groupFamilies(schools), schools);
    const html = familyReport(b);
    const sentences = [
      ...html.matchAll(
        /within ±([\d.]+) percentage points \(root mean squared error\), (better than|worse than|about as well as) the average of (\d+) other primary schools drawn at random would for these same schools \(±([\d.]+) percentage points, its expected error\)/g,
      ),
    ];
    expect(sentences).toHaveLength(b.families.length);
    // The word agrees with the two figures printed.
    for (const s of sentences) {
      const [ours, theirs] = [Number(s[1]), Number(s[4])];
      expect(s[2]).toBe(ours === theirs ? "about as well as" : ours < theirs ? "better than" : "worse than");
    }
    // The old sentence put every family beside the spread of all schools × √(m/(m − 1)): P02 (lowest prior
    // attainment) misses its own schools by more than that, so it read as worse than random, though a random group
    // would miss those schools by far more.
    const all = b.families.flatMap((f) => f.members.flatMap((m) => (m.attainment === undefined ? [] : [m.attainment])));
    const mean = all.reduce((t, v) => t + v, 0) / all.length;
    const spread = Math.sqrt(all.reduce((t, v) => t + (v - mean) ** 2, 0) / (all.length - 1));
    const i = b.families.findIndex((f) => f.id === "P02");
    const p02 = sentences[i] as RegExpMatchArray;
    const m = b.families[i]?.members.filter((x) => x.attainment !== undefined).length as number;
    expect(Number(p02[1])).toBeGreaterThan(spread * Math.sqrt(m / (m - 1)));
    expect(p02[2]).toBe("better than");
    expect(Number(p02[4])).toBeGreaterThan(Number(p02[1]) + 5);
  });

  it("on Hampshire's primaries, each family's movement sentence gives its average's move with its units, re-derived by plain loops", () => {
    const { schools } = panel(readSchools(fixture("dfe/hampshire_ks2_2017-2019.csv")).records);
    const b = benchmarkFamilies(groupFamilies(schools), schools);
    const html = familyReport(b);
    const moves = [
      ...html.matchAll(
        /The family average moved ([+−-][\d.]+|0) percentage points in attainment and ([+−-][\d.]+|0) percentage points a year in improvement\./g,
      ),
    ];
    expect(moves).toHaveLength(b.families.length);
    // The family's members' mean attainment in 2019 less their mean in 2018 (each over the members with one).
    const byUrn = new Map(schools.map((s) => [s.urn, s]));
    const meanIn = (urns: readonly string[], year: number) => {
      let t = 0;
      let n = 0;
      for (const u of urns) {
        const a = byUrn.get(u)?.years.find((r) => r.year === year)?.attainment;
        if (a === undefined) continue;
        t += a;
        n++;
      }
      return t / n;
    };
    const p01 = b.families.findIndex((f) => f.id === "P01");
    const members = b.families[p01]?.members.map((m) => m.urn) as string[];
    const dx = meanIn(members, 2019) - meanIn(members, 2018);
    const printed = Number((moves[p01]?.[1] ?? "").replace("−", "-"));
    expect(Math.abs(printed - dx)).toBeLessThan(0.5);
  });
});
