import { z } from "zod";
import { FamiliesError, type Problem } from "./errors.js";

const percentage = z.number().min(0).max(100);
const finite = z.number().finite();
const measures = z.record(z.string().min(1), finite);

/** A confidence interval published with a measure (e.g. KS2 `READPROG_LOWER`/`_UPPER`, KS4 `P8CILOW`/`P8CIUPP`). */
export const IntervalSchema = z.object({ lower: finite, upper: finite });

/**
 * One school in one academic year: the unit every stage of the library reads.
 * Missing values are absent (`undefined`), never 0 and never NaN.
 */
export const SchoolYearSchema = z.object({
  /** Unique school id: England's URN, or any non-empty string elsewhere. */
  urn: z.string().min(1),
  name: z.string().optional(),
  /** Local authority code or name; needed for cross-border features. */
  la: z.string().optional(),
  /** `primary`, `secondary`, or another label; `all` when the data does not say. */
  phase: z.string().min(1).default("all"),
  /** The academic year's end: 2018/19 is 2019. */
  year: z.number().int().min(1900).max(2200),
  /** Pupils in the measured cohort. */
  cohort: z.number().int().min(0).optional(),
  /** Prior attainment of the cohort, e.g. KS1 average points (primary) or KS2 average point score (secondary). */
  priorAttainment: finite.optional(),
  /** Disadvantaged or free-school-meal pupils, as a percentage 0–100. */
  disadvantage: percentage.optional(),
  /** The headline outcome (KS2: % meeting the expected standard in RWM; KS4: Attainment 8). */
  attainment: finite.optional(),
  /** A published value-added measure, where the data has one (KS4 Progress 8). */
  progress: finite.optional(),
  /** Pupils with English as an additional language, percentage 0–100. */
  eal: percentage.optional(),
  /** Pupils with special educational needs, percentage 0–100. */
  sen: percentage.optional(),
  /** Pupils who joined the school at a non-standard time, percentage 0–100. */
  mobility: percentage.optional(),
  /** Metres east, British National Grid. */
  easting: finite.optional(),
  /** Metres north, British National Grid. */
  northing: finite.optional(),
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
  /** Headline attainment of sub-groups: `boys`, `girls`, `disadvantaged`, `other`, `eal`, `low`, `middle`, `high`. */
  subgroups: measures.optional(),
  /** Subject outcomes, e.g. `reading`, `writing`, `maths` (KS2 progress) or `english`, `maths`, `ebacc`, `open` (KS4 Attainment 8 elements). */
  subjects: measures.optional(),
  /** Published confidence limits, keyed `progress`, `attainment` or a subject name. */
  intervals: z.record(z.string().min(1), IntervalSchema).optional(),
  /** The URN this school continues as (e.g. after converting to an academy). */
  successor: z.string().min(1).optional(),
});

/** One school in one year; see {@link SchoolYearSchema}. */
export type SchoolYear = z.infer<typeof SchoolYearSchema>;
/** A published confidence interval. */
export type Interval = z.infer<typeof IntervalSchema>;

/** The result of {@link safeParseSchools}. */
export type SafeParseResult<T> = { success: true; data: T } | { success: false; error: FamiliesError };

function issuesFromZod(error: z.ZodError, index: number): Problem[] {
  return error.issues.map((issue) => {
    const field = issue.path.map(String).join(".");
    return {
      code: "invalid-record",
      line: index + 1,
      column: field,
      message: `record ${index + 1}${field ? `, field ${field}` : ""}: ${issue.message}`,
    };
  });
}

/**
 * Checks already-built records (for example from JSON) against {@link SchoolYearSchema}, without throwing.
 *
 * @param input - Anything: usually an array of plain objects.
 * @returns `{ success: true, data }` with defaults applied, or `{ success: false, error }` listing every problem.
 * @example
 * safeParseSchools([{ urn: "100001", year: 2019 }]);
 * // => { success: true, data: [{ urn: "100001", year: 2019, phase: "all" }] }
 */
export function safeParseSchools(input: unknown): SafeParseResult<SchoolYear[]> {
  if (!Array.isArray(input)) {
    return {
      success: false,
      error: new FamiliesError([{ code: "invalid-input", message: "expected an array of school records" }]),
    };
  }
  const data: SchoolYear[] = [];
  const problems: Problem[] = [];
  input.forEach((item: unknown, index) => {
    const parsed = SchoolYearSchema.safeParse(item);
    if (parsed.success) data.push(parsed.data);
    else problems.push(...issuesFromZod(parsed.error, index));
  });
  // Duplicates are looked for among all items with a URN and year, valid or not, so none hides behind another problem.
  const keyed = input.map((item: unknown) => {
    const r = item as { urn?: unknown; year?: unknown } | null;
    return r !== null && typeof r === "object" && typeof r.urn === "string" && typeof r.year === "number"
      ? { urn: r.urn, year: r.year }
      : undefined;
  });
  problems.push(...duplicateProblems(keyed));
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return problems.length > 0 ? { success: false, error: new FamiliesError(problems) } : { success: true, data };
}

/**
 * Checks already-built records against {@link SchoolYearSchema} and throws on any problem.
 *
 * @param input - Usually an array of plain objects.
 * @returns The records, with defaults applied.
 * @throws {FamiliesError} listing every invalid field and every duplicate (urn, year).
 * @example
 * parseSchools([{ urn: "100001", year: 2019, disadvantage: 21.5 }])[0].phase;
 * // => "all"
 */
export function parseSchools(input: unknown): SchoolYear[] {
  const result = safeParseSchools(input);
  if (!result.success) throw result.error;
  return result.data;
}

/** Problems for every (urn, year) that appears more than once; the first occurrence is kept as the reference. */
export function duplicateProblems(
  records: readonly (Pick<SchoolYear, "urn" | "year"> | undefined)[],
  where: (index: number) => { file?: string; line?: number } = (i) => ({ line: i + 1 }),
): Problem[] {
  const seen = new Map<string, number>();
  const problems: Problem[] = [];
  records.forEach((record, index) => {
    if (record === undefined) return;
    const key = `${record.urn}\u0000${record.year}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, index);
      return;
    }
    const at = where(index);
    const before = where(first);
    const beforeText = [before.file, before.line !== undefined ? `line ${before.line}` : undefined]
      .filter(Boolean)
      .join(" ");
    problems.push({
      code: "duplicate",
      ...at,
      column: "urn",
      value: record.urn,
      message: `school ${record.urn} appears twice for ${record.year} (first at ${beforeText}): keep one row per school per year`,
    });
  });
  return problems;
}
