import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { comparisonGroups, panel, type SchoolYear } from "../../src/index.js";

// Schools on a small grid, so that many share a point or a distance: the ties are where reciprocity can go wrong.
const region = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }), fc.boolean()), {
    minLength: 2,
    maxLength: 60,
  })
  .map((points) =>
    points.map(
      ([x, y, secondary], i): SchoolYear => ({
        urn: String(100_000 + ((i * 7919) % 1_000)),
        phase: secondary ? "secondary" : "primary",
        year: 2019,
        priorAttainment: 20 + x,
        disadvantage: 10 * y,
      }),
    ),
  )
  .filter((records) => new Set(records.map((r) => r.urn)).size === records.length)
  // A phase of one school has no neighbours to mark (a case of its own, tested with the bad inputs).
  .filter((records) => ["primary", "secondary"].every((p) => records.filter((r) => r.phase === p).length !== 1));

describe("comparisonGroups' reciprocity, against the plain definition", () => {
  it("marks a neighbour mutual exactly when the school is in that neighbour's own group", () => {
    fc.assert(
      fc.property(region, fc.integer({ min: 1, max: 8 }), (records, k) => {
        const { groups } = comparisonGroups(panel(records).schools, { k });
        const byUrn = new Map(groups.map((g) => [g.urn, g]));
        for (const g of groups) {
          expect(g.mutual).toHaveLength(g.neighbours.length);
          g.neighbours.forEach((u, i) => {
            expect(g.mutual[i]).toBe(byUrn.get(u)?.neighbours.includes(g.urn) === true);
          });
        }
      }),
      { numRuns: 300 },
    );
  });

  it("with symmetric, adds exactly the missing reverse links, nearest first, and every link is mutual", () => {
    fc.assert(
      fc.property(region, fc.integer({ min: 1, max: 8 }), (records, k) => {
        const { schools } = panel(records);
        const plain = comparisonGroups(schools, { k }).groups;
        const sym = comparisonGroups(schools, { k, symmetric: true }).groups;
        const symByUrn = new Map(sym.map((g) => [g.urn, g]));
        // The links each group should hold: its own, and every school that has it in its own group.
        const want = new Map(plain.map((g) => [g.urn, new Set(g.neighbours)]));
        for (const g of plain) for (const u of g.neighbours) want.get(u)?.add(g.urn);
        for (const [urn, set] of want) {
          const g = symByUrn.get(urn);
          expect(new Set(g?.neighbours)).toEqual(set);
          expect(g?.mutual.every(Boolean)).toBe(true);
          for (let i = 1; i < (g?.distances.length ?? 0); i++)
            expect(g?.distances[i]).toBeGreaterThanOrEqual(g?.distances[i - 1] as number);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("comparisonGroups' arrays shared by schools at one point", () => {
  it("gives schools at the same point one distances array, and one flags array when their flags agree", () => {
    // Three schools at one point and two elsewhere: the three have the same distances to their neighbours.
    const at = (urn: string, x: number, y: number): SchoolYear => ({
      urn,
      phase: "primary",
      year: 2019,
      priorAttainment: x,
      disadvantage: y,
    });
    const records = [at("100001", 20, 10), at("100002", 20, 10), at("100003", 20, 10), at("100004", 21, 30)];
    records.push(at("100005", 25, 50));
    const { groups } = comparisonGroups(panel(records).schools, { k: 3 });
    const [a, b, c, d] = groups;
    expect(a?.neighbours).toEqual(["100002", "100003", "100004"]);
    expect(b?.neighbours).toEqual(["100001", "100003", "100004"]);
    expect(a?.distances).toBe(b?.distances);
    expect(b?.distances).toBe(c?.distances);
    expect(a?.distances[0]).toBe(0);
    expect(a?.mutual).toBe(b?.mutual);
    // A school at a point of its own has arrays of its own.
    expect(d?.distances).not.toBe(a?.distances);
  });
});
