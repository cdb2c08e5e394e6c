import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  parseSchools,
  readSchools,
  type SchoolYear,
  SchoolYearSchema,
  safeParseSchools,
  schoolsToCsv,
} from "../../src/index.js";
import { csvCell } from "../../src/text/cells.js";

const name = fc
  .string({ maxLength: 12 })
  .filter((s) => s.trim() === s && !/^(NP|NE|SUPP|LOWCOV|NA|N\/A|NEW|X|C|Z)$/i.test(s));
// -0 is written as 0: no school has a result of minus zero.
const noNegativeZero = (x: number): number => (x === 0 ? 0 : x);
const pct = fc.double({ min: 0, max: 100, noNaN: true }).map(noNegativeZero);
const num = fc.double({ min: -1e6, max: 1e6, noNaN: true }).map(noNegativeZero);
const key = fc.constantFrom("boys", "girls", "disadvantaged", "other", "eal");
const recordArb: fc.Arbitrary<SchoolYear> = fc
  .record(
    {
      urn: fc.stringMatching(/^[0-9A-Z]{1,7}$/),
      name: name.filter((s) => s !== ""),
      la: fc.constantFrom("Bolton", "Bury", "Oldham, Greater Manchester", 'The "Borough"'),
      phase: fc.constantFrom("primary", "secondary", "all"),
      year: fc.integer({ min: 2000, max: 2030 }),
      cohort: fc.nat({ max: 400 }),
      priorAttainment: num,
      disadvantage: pct,
      attainment: fc.double({ min: 0, max: 1e6, noNaN: true }).map(noNegativeZero),
      eal: pct,
      easting: fc.double({ min: 0, max: 700_000, noNaN: true }).map(noNegativeZero),
      subgroups: fc.dictionary(key, num, { maxKeys: 3 }),
      subjects: fc.dictionary(fc.constantFrom("maths", "reading"), num, { maxKeys: 2 }),
    },
    { requiredKeys: ["urn", "phase", "year"] },
  )
  .map((r) => {
    const out = { ...r } as SchoolYear;
    if (r.subgroups && Object.keys(r.subgroups).length === 0) delete out.subgroups;
    if (r.subjects && Object.keys(r.subjects).length === 0) delete out.subjects;
    return out;
  });
const recordsArb = fc.uniqueArray(recordArb, { selector: (r) => `${r.urn}/${r.year}`, maxLength: 15 });

describe("schoolsToCsv and readSchools", () => {
  it("read back exactly what was written (any names, commas, quotes, numbers)", () => {
    fc.assert(
      fc.property(recordsArb, (records) => {
        const { records: back, rejected } = readSchools(schoolsToCsv(records));
        expect(rejected).toEqual([]);
        expect(back).toEqual(records.map((r) => SchoolYearSchema.parse(r)));
      }),
    );
  });

  it("give the same records, in the same order, whatever the column order", () => {
    fc.assert(
      fc.property(
        recordsArb.filter((r) => r.length > 0),
        fc.nat(),
        (records, seed) => {
          const [header, ...rows] = schoolsToCsv(records)
            .trimEnd()
            .split("\n")
            .map((l) => l);
          // Reverse the columns of a file without quoted commas.
          fc.pre(!schoolsToCsv(records).includes('"'));
          const cols = header!.split(",").map((_, i) => i);
          const order = seed % 2 === 0 ? cols.reverse() : cols;
          const shuffle = (line: string): string => order.map((i) => line.split(",")[i]).join(",");
          const text = [shuffle(header!), ...rows.map(shuffle)].join("\n");
          expect(readSchools(text).records).toEqual(readSchools(schoolsToCsv(records)).records);
        },
      ),
    );
  });

  it("never mutate their input", () => {
    fc.assert(
      fc.property(recordsArb, (records) => {
        const copy = structuredClone(records);
        schoolsToCsv(records);
        parseSchools(records);
        expect(records).toEqual(copy);
      }),
    );
  });

  it("neutralise spreadsheet formulas in text, never in numbers", () => {
    expect(csvCell('=HYPERLINK("x")', { safeForSpreadsheets: true })).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell("-2", { safeForSpreadsheets: true })).toBe("'-2");
    expect(csvCell(-2, { safeForSpreadsheets: true })).toBe("-2");
    expect(csvCell("@SUM", {})).toBe("@SUM");
  });
});

describe("parseSchools / safeParseSchools", () => {
  it("apply defaults and list every invalid field and duplicate", () => {
    expect(parseSchools([{ urn: "1", year: 2019 }])).toEqual([{ urn: "1", year: 2019, phase: "all" }]);
    const result = safeParseSchools([
      { urn: "1", year: 2019, disadvantage: 140 },
      { urn: "", year: 2019.5 },
      { urn: "1", year: 2019 },
    ]);
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(result.error.issues.map((i) => [i.line, i.column, i.code])).toEqual([
        [1, "disadvantage", "invalid-record"],
        [2, "urn", "invalid-record"],
        [2, "year", "invalid-record"],
        [3, "urn", "duplicate"],
      ]);
    }
    expect(() => parseSchools("nope")).toThrow(/expected an array of school records/);
  });
});
