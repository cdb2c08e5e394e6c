import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBytes, FamiliesError, readSchools, SchoolYearSchema } from "../../src/index.js";

// Whatever arrives, the reader answers with records or a FamiliesError: never another exception, never a record
// the schema refuses.
const hostileCell = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom("", '"', '""', '"a,b"', "\u0000", "\u001b[31m", "1e999", "-0", "NaN", "Infinity", "0x10", "12,5"),
  fc.constantFrom("__proto__", "constructor", "=1+1", "134%", "%", "-", "2019", "１２", "\u2028", "\ufeff1"),
  fc.double().map(String),
);
const headers = fc.constantFrom(
  "urn",
  "year",
  "phase",
  "attainment",
  "disadvantage",
  "cohort",
  "lat",
  "lon",
  "easting",
  "attainment_boys",
  "subject_maths",
  "progress_lower",
  "progress_upper",
  "__proto__",
  "",
);
const csvText = fc
  .tuple(fc.uniqueArray(headers, { minLength: 1, maxLength: 8 }), fc.array(fc.array(hostileCell, { maxLength: 9 })))
  .map(([head, rows]) =>
    [
      head.join(","),
      ...rows.map((r) => r.map((c) => (/[",\n\r]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(",")),
    ].join("\n"),
  );

function answer(read: () => { records: unknown[] }): void {
  try {
    for (const r of read().records) expect(SchoolYearSchema.safeParse(r).success).toBe(true);
  } catch (error) {
    if (!(error instanceof FamiliesError)) throw error;
    expect(error.issues.length).toBeGreaterThan(0);
  }
}

describe("hostile input", () => {
  it("CSV text with hostile cells: records the schema accepts, or a FamiliesError", () => {
    fc.assert(
      fc.property(csvText, fc.constantFrom("strict", "lenient") as fc.Arbitrary<"strict" | "lenient">, (text, mode) => {
        answer(() => readSchools(text, { mode, year: 2019 }));
        answer(() => readSchools(text, { mode }));
      }),
      { numRuns: Number(process.env.FOS_RUNS ?? 400) },
    );
  });

  it("arbitrary bytes, decoded as a file is: the same", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        answer(() => readSchools(decodeBytes(bytes).text, { mode: "lenient", year: 2019 }));
      }),
      { numRuns: Number(process.env.FOS_RUNS ?? 400) },
    );
  });

  it("every DfE preset, on the same hostile text", () => {
    fc.assert(
      fc.property(
        csvText,
        fc.constantFrom("dfe-ks2", "dfe-ks4") as fc.Arbitrary<"dfe-ks2" | "dfe-ks4">,
        (text, preset) => {
          answer(() => readSchools(`URN,RECTYPE,${text}`, { preset, mode: "lenient", year: 2019 }));
        },
      ),
      { numRuns: Number(process.env.FOS_RUNS ?? 200) },
    );
  });
});
