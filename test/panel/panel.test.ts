import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { combineReads, panel, readLinks, readSchools, type SchoolYear } from "../../src/index.js";
import { readLinksFile } from "../../src/node/index.js";
import { fixture, ROOT } from "../helpers.js";

const KS2 = ["2016-2017", "2017-2018", "2018-2019"].map((y) => `dfe/${y}_850_excerpt_ks2final.csv`);
const hampshire = combineReads(KS2.map((f) => readSchools(fixture(f), { preset: "dfe-ks2", file: f }))).records;

describe("panel", () => {
  it("joins a converted school's history under its new URN (Hampshire, real data)", () => {
    const { schools, joined, ignored } = panel(hampshire);
    const gomer = schools.find((s) => s.urn === "144093");
    expect(gomer?.urns).toEqual(["116181", "144093"]);
    expect(gomer?.years.map((y) => [y.year, y.urn])).toEqual([
      [2017, "116181"],
      [2018, "144093"],
      [2019, "144093"],
    ]);
    expect(schools.find((s) => s.urn === "116181")).toBeUndefined();
    expect(joined.map((l) => `${l.urn}>${l.successor}`)).toEqual(["115864>146002", "116167>146244", "116181>144093"]);
    // St Swithun Wells named a successor that never published results: it keeps its own history, and we say so.
    expect(ignored).toContainEqual({
      urn: "116383",
      kind: "no-data",
      successor: "144092",
      reason: "no data for successor 144092, so 116383 keeps its own history",
    });
    expect(schools.find((s) => s.urn === "116383")?.years.length).toBe(3);
    expect(schools.reduce((n, s) => n + s.years.length, 0)).toBe(hampshire.length);
  });

  it("follows the GIAS links file (cp1252) as well as the records' own links", async () => {
    const { links, skipped } = await readLinksFile(`${ROOT}fixtures/dfe/2021_giaslinks_excerpt.csv`);
    expect(links).toContainEqual({ urn: "116181", successor: "144093" });
    expect(links).toContainEqual({ urn: "116240", successor: "147128" });
    expect(skipped.every((s) => !/^(successor|predecessor)/i.test(s.linkType) || /split/i.test(s.linkType))).toBe(true);
    const withoutOwnLinks = hampshire.map(({ successor: _drop, ...r }) => r);
    const { schools } = panel(withoutOwnLinks, { links });
    expect(schools.find((s) => s.urn === "146244")?.urns).toEqual(["116167", "146244"]);
  });

  it("follows chains, keeps the successor's record for a year both published, and lists the other", () => {
    const records: SchoolYear[] = [
      { urn: "A", phase: "primary", year: 2016, successor: "B" },
      { urn: "B", phase: "primary", year: 2017, successor: "C" },
      { urn: "C", phase: "primary", year: 2018, name: "Cedar Academy" },
      { urn: "B", phase: "primary", year: 2018 },
    ];
    const result = panel(records);
    expect(result.schools).toHaveLength(1);
    expect(result.schools[0]).toMatchObject({ urn: "C", urns: ["A", "B", "C"], name: "Cedar Academy" });
    expect(result.schools[0]?.years.map((y) => y.urn)).toEqual(["A", "B", "C"]);
    expect(result.overlapping).toEqual([{ urn: "B", year: 2018, keptUrn: "C" }]);
  });

  it("keeps the year's record that has the results when a school converts during the year (Hampshire, real rows)", () => {
    // Oakfield Primary (115993) became an academy (147021) in 2019: the DfE's 2018/19 file has the old URN's row with
    // the results and the new URN's row empty. The year is the one with results, under the new URN's name.
    const rows = readSchools(fixture("dfe/hampshire_ks2_2017-2019.csv")).records.filter(
      (r) => r.urn === "115993" || r.urn === "147021",
    );
    expect(rows.filter((r) => r.year === 2019)).toHaveLength(2);
    const result = panel(rows, { links: [{ urn: "115993", successor: "147021" }] });
    expect(result.schools).toHaveLength(1);
    const school = result.schools[0];
    expect(school?.urn).toBe("147021");
    expect(school?.years.map((y) => [y.urn, y.year, y.attainment])).toEqual([
      ["115993", 2017, 43],
      ["115993", 2018, 32],
      ["115993", 2019, 62],
    ]);
    expect(result.overlapping).toEqual([{ urn: "147021", year: 2019, keptUrn: "115993" }]);
    // A year both published in full is still the successor's.
    const both = panel(
      [
        { urn: "A", phase: "primary", year: 2019, attainment: 50, successor: "B" },
        { urn: "B", phase: "primary", year: 2019, attainment: 60 },
      ],
      {},
    );
    expect(both.schools[0]?.years.map((y) => y.urn)).toEqual(["B"]);
  });

  it("does not give a split school's history to either successor", () => {
    const { schools, ignored } = panel(
      [
        { urn: "A", phase: "all", year: 2016 },
        { urn: "B", phase: "all", year: 2017 },
        { urn: "C", phase: "all", year: 2017 },
      ],
      {
        links: [
          { urn: "A", successor: "B" },
          { urn: "A", successor: "C" },
        ],
      },
    );
    expect(schools.map((s) => s.urns)).toEqual([["A"], ["B"], ["C"]]);
    expect(ignored).toHaveLength(2);
    expect(ignored[0]?.reason).toMatch(/A has 2 successors with data \(B, C\)/);
  });

  it("survives a cycle of links", () => {
    const { schools } = panel([
      { urn: "A", phase: "all", year: 2016, successor: "B" },
      { urn: "B", phase: "all", year: 2017, successor: "A" },
    ]);
    expect(schools.map((s) => s.urns)).toEqual([["A", "B"]]);
  });

  const recordArb = fc.record({
    urn: fc.constantFrom("1", "2", "3", "4", "5", "6"),
    phase: fc.constantFrom("primary", "secondary"),
    year: fc.integer({ min: 2015, max: 2019 }),
    successor: fc.option(fc.constantFrom("1", "2", "3", "4", "5", "6", "7"), { nil: undefined }),
  });
  const uniqueRecords = fc
    .uniqueArray(recordArb, { selector: (r) => `${r.urn}/${r.year}`, maxLength: 20 })
    .map((rs) => rs.map(({ successor, ...r }) => (successor === undefined ? r : { ...r, successor })) as SchoolYear[]);

  it("puts every record in exactly one school or lists it as overlapping, whatever the links", () => {
    fc.assert(
      fc.property(uniqueRecords, (records) => {
        const result = panel(records);
        const placed = result.schools.flatMap((s) => s.years).length + result.overlapping.length;
        expect(placed).toBe(records.length);
        for (const s of result.schools) {
          const years = s.years.map((y) => y.year);
          expect(years).toEqual([...years].sort((a, b) => a - b));
          expect(new Set(years).size).toBe(years.length);
        }
      }),
    );
  });

  it("gives the same schools in any row order, and never mutates its input", () => {
    fc.assert(
      fc.property(
        uniqueRecords.chain((rs) =>
          fc.tuple(fc.constant(rs), fc.shuffledSubarray(rs, { minLength: rs.length, maxLength: rs.length })),
        ),
        ([records, shuffled]) => {
          const frozen = structuredClone(records);
          const forward = panel(records);
          expect(panel(shuffled)).toEqual(forward);
          expect(records).toEqual(frozen);
        },
      ),
    );
  });
});

describe("readLinks", () => {
  it("reads successors and predecessors, and names missing columns", () => {
    const text = "URN,LinkURN,LinkType\n1,2,Successor\n3,1,Predecessor - merged\n4,5,Sixth Form Centre Link\n";
    expect(readLinks(text)).toEqual({
      links: [
        { urn: "1", successor: "2" },
        { urn: "1", successor: "3" },
      ],
      skipped: [{ line: 4, linkType: "Sixth Form Centre Link" }],
    });
    expect(() => readLinks("URN,Other\n1,2\n")).toThrow(
      /no column LinkURN: a links table needs URN, LinkURN and LinkType/,
    );
  });
});
