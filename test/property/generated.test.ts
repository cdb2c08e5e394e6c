// Generated inputs over the readers and the public functions' options: whatever arrives, the library answers or
// throws one of its own errors (FamiliesError for data, ArgumentError — a RangeError — for arguments), every call
// ends (a time bound), no input is changed, and every school given is in the output or named with a reason.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ArgumentError,
  benchmarkFamilies,
  comparisonGroups,
  FamiliesError,
  fitWeights,
  groupFamilies,
  groupingAccuracy,
  matchPartners,
  panel,
  readFamilies,
  readGias,
  readPairs,
  readSchools,
  type SchoolYear,
} from "../../src/index.js";
import { ROOT } from "../helpers.js";

/** Runs `fn`; an error is allowed only if it is the library's own (or a built-in RangeError/TypeError it documents). */
function answers<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (error) {
    const own = error instanceof FamiliesError || error instanceof ArgumentError;
    if (!own) throw error;
    return undefined;
  }
}

/** Each call must end well within this (a step bound by the clock: a spinning loop fails the test). */
const BOUND_MS = 5000;
function bounded<T>(fn: () => T): T | undefined {
  const started = performance.now();
  const out = answers(fn);
  expect(performance.now() - started).toBeLessThan(BOUND_MS);
  return out;
}

const number = fc.oneof(
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  fc.constantFrom(0, -1, 1e307, Number.NaN, Number.POSITIVE_INFINITY, -0),
);
const record = fc.record(
  {
    urn: fc.integer({ min: 100000, max: 100040 }).map(String),
    phase: fc.constantFrom("primary", "secondary"),
    year: fc.integer({ min: 2016, max: 2019 }),
    la: fc.constantFrom("350", "351", "352", "\u001b[2J"),
    attainment: fc.oneof(fc.double({ min: 0, max: 100, noNaN: true }), fc.constant(undefined)),
    priorAttainment: fc.oneof(fc.double({ min: 0, max: 40, noNaN: true }), fc.constant(undefined)),
    disadvantage: fc.oneof(fc.double({ min: 0, max: 100, noNaN: true }), fc.constant(undefined)),
    cohort: fc.oneof(fc.integer({ min: 0, max: 300 }), fc.constant(undefined)),
  },
  { requiredKeys: ["urn", "phase", "year"] },
);
/** Records as a CSV the reader reads, so that they are checked as data from a file is. */
const csvOf = (rows: Partial<SchoolYear>[]) => {
  const cols = ["urn", "phase", "year", "la", "attainment", "prior_attainment", "disadvantage", "cohort"] as const;
  const keys = ["urn", "phase", "year", "la", "attainment", "priorAttainment", "disadvantage", "cohort"] as const;
  const cell = (v: unknown) => (v === undefined ? "" : String(v));
  return `${cols.join(",")}\n${rows.map((r) => keys.map((k) => cell(r[k])).join(",")).join("\n")}\n`;
};
const options = fc.record(
  {
    min: fc.oneof(fc.integer({ min: -2, max: 8 }), number),
    max: fc.oneof(fc.integer({ min: 1, max: 12 }), number),
    k: fc.oneof(fc.integer({ min: -1, max: 60 }), number),
    starts: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constant(1e9)),
    maxPerLa: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.double({ min: 0, max: 1, noNaN: true })),
    onInfeasible: fc.constantFrom("error", "fallback", "bogus"),
    measure: fc.constantFrom("attainment", "improvement", "x"),
    by: fc.constantFrom("phase", "none", "x"),
  },
  { requiredKeys: [] },
);

describe("generated inputs through the library", () => {
  it("every function answers or throws its own error; nothing is changed; every school is placed or named", () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 60 }), options, (rows, opts) => {
        const read = answers(() => readSchools(csvOf(rows), { mode: "lenient", file: "generated.csv" }));
        if (!read) return;
        const { schools } = panel(read.records);
        const before = JSON.stringify(schools);
        const grouping = bounded(() => groupFamilies(schools, opts as never));
        if (grouping) {
          const named = new Set([
            ...grouping.families.flatMap((f) => f.members),
            ...grouping.unassigned.map((u) => u.urn),
          ]);
          for (const s of schools) expect(named.has(s.urn)).toBe(true);
          const b = bounded(() => benchmarkFamilies(grouping, schools));
          if (b) {
            const seen = new Set([
              ...b.families.flatMap((f) => f.members.map((m) => m.urn)),
              ...b.unplaced.map((u) => u.urn),
            ]);
            for (const s of schools) expect(seen.has(s.urn)).toBe(true);
            bounded(() => matchPartners(b, opts as never));
          }
          bounded(() => groupingAccuracy(grouping, schools, opts as never));
        }
        const groups = bounded(() => comparisonGroups(schools, opts as never));
        if (groups) {
          const named = new Set([...groups.groups.map((g) => g.urn), ...groups.unassigned.map((u) => u.urn)]);
          for (const s of schools) expect(named.has(s.urn)).toBe(true);
        }
        bounded(() => fitWeights(schools, { ...(opts as object), folds: 2 } as never));
        expect(JSON.stringify(schools)).toBe(before);
      }),
      { numRuns: 25 },
    );
  });

  it("the other readers answer or throw a FamiliesError, whatever the text", () => {
    const text = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc
        .array(
          fc.array(
            fc.constantFrom(
              "100001",
              "x",
              "",
              '"',
              "supporter",
              "supported",
              "URN",
              "family",
              "0",
              "31-02-2019",
              "\u001b",
            ),
            { maxLength: 4 },
          ),
          { maxLength: 6 },
        )
        .map((rows) => rows.map((r) => r.join(",")).join("\n")),
    );
    fc.assert(
      fc.property(text, (t) => {
        answers(() => readGias(t));
        answers(() => readPairs(t));
        answers(() => readFamilies(t, []));
        answers(() => readSchools(t, { mode: "lenient" }));
      }),
      { numRuns: 200 },
    );
  });
});

describe("generated inputs through the built CLI", () => {
  it("exits 0, 1 or 2 without a stack trace, and leaves its input file as it was", () => {
    const dir = mkdtempSync(join(tmpdir(), "fos-generated-"));
    fc.assert(
      fc.property(
        fc.array(record, { maxLength: 40 }),
        fc.constantFrom(
          ["group"],
          ["group", "--method", "neighbours", "--k", "3"],
          ["benchmark", "--min", "2", "--max", "4"],
          ["validate"],
        ),
        (rows, args) => {
          const file = join(dir, "data.csv");
          const text = csvOf(rows);
          writeFileSync(file, text);
          const r = spawnSync("node", [`${ROOT}dist/cli.js`, ...args, file, "--out", file], {
            encoding: "utf8",
            timeout: 30_000,
          });
          expect([0, 1, 2]).toContain(r.status);
          expect(r.stderr).not.toMatch(/unexpected error|\n\s+at /);
          expect(readFileSync(file, "utf8")).toBe(text);
        },
      ),
      { numRuns: 6 },
    );
  });
});
