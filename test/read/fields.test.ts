import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FIELDS } from "../../src/fields.js";
import { ColumnMappingSchema, readSchools, SchoolYearSchema } from "../../src/index.js";
import { GENERIC_HEADERS } from "../../src/read/fields.js";

// One field table: the schema, the mapping, the generic headers and the reader's checks all come from it,
// so whatever the reader accepts the schema accepts too.
const cell = fc.oneof(
  fc.constantFrom("", "NP", "SUPP", "x", "12", "-3", "0", "100", "101", "134%", "22%", "1e200", "-1e6", "2019"),
  fc.constantFrom("1900", "2200", "2201", "1899", "-2019", "45.5", "-91", "200", "500", "700001", "1300001"),
  fc.double({ noNaN: true, min: -2e6, max: 2e6 }).map(String),
  fc.integer({ min: -10, max: 3000 }).map(String),
  fc.string({ maxLength: 6 }).filter((s) => !/[",\r\n]/.test(s)),
);
const headers = Object.values(GENERIC_HEADERS).filter((h) => h !== "urn" && h !== "year");

describe("the field table", () => {
  it("every record readSchools returns from generic CSV text passes SchoolYearSchema", () => {
    fc.assert(
      fc.property(
        fc.subarray(headers, { minLength: 1 }),
        fc.array(fc.array(cell, { minLength: 20, maxLength: 20 }), { minLength: 1, maxLength: 8 }),
        (chosen, rows) => {
          const header = ["urn", "year", ...chosen];
          const text = [
            header.join(","),
            ...rows.map((r, i) => [`U${i}`, r[0] ?? "", ...chosen.map((_, j) => r[j + 1] ?? "")].join(",")),
          ].join("\n");
          const { records } = readSchools(text, { mode: "lenient", year: 2019 });
          for (const record of records) expect(SchoolYearSchema.safeParse(record).success).toBe(true);
        },
      ),
      { numRuns: Number(process.env.FOS_RUNS ?? 300) },
    );
  });

  it("rejects coordinates no place has, as the schema does (lat 200, lon 500)", () => {
    const { records, rejected } = readSchools("urn,year,lat,lon\n1,2019,200,500\n", { mode: "lenient" });
    expect(records).toEqual([]);
    expect(rejected[0]?.problems.map((p) => p.message)).toEqual([
      "'200' is not a latitude between -90 and 90 degrees",
      "'500' is not a longitude between -180 and 180 degrees",
    ]);
    expect(SchoolYearSchema.safeParse({ urn: "1", year: 2019, lat: 200 }).success).toBe(false);
  });

  it("gives the schema, the mapping and the generic headers the same fields in the same order", () => {
    const fields = Object.keys(FIELDS);
    expect(Object.keys(SchoolYearSchema.shape).slice(0, fields.length)).toEqual(fields);
    expect(Object.keys(ColumnMappingSchema.shape).slice(0, fields.length)).toEqual(fields);
    expect(Object.keys(GENERIC_HEADERS)).toEqual(fields);
  });

  it("says what a year must be, once, in the reader and in the schema", () => {
    const { rejected } = readSchools("urn,year\n1,-2019\n2,2201\n", { mode: "lenient" });
    expect(rejected.map((r) => r.problems[0]?.message)).toEqual([
      "'-2019' is not a plausible academic year (the year it ends: 2019 for 2018/19)",
      "'2201' is not a plausible academic year (the year it ends: 2019 for 2018/19)",
    ]);
    expect(SchoolYearSchema.safeParse({ urn: "1", year: 2201 }).success).toBe(false);
    expect(() => readSchools("urn\n1\n", { year: 2201 })).toThrow(/readSchools: year must be a whole number from 1900/);
  });
});
