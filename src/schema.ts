import { z } from "zod";
import { FamiliesError, type Problem } from "./errors.js";
import { FIELDS, type FieldSpec, maxOf, minOf, SCALAR_FIELD_NAMES, type ScalarField } from "./fields.js";

const measures = z.record(z.string().min(1), z.number());

/** A confidence interval published with a measure (e.g. KS2 `READPROG_LOWER`/`_UPPER`, KS4 `P8CILOW`/`P8CIUPP`). */
export const IntervalSchema = z.object({ lower: z.number(), upper: z.number() });

type BaseSchema<S extends FieldSpec> = S["type"] extends "text" ? z.ZodString : z.ZodNumber;
type FieldSchema<S extends FieldSpec> = S extends { required: true }
  ? BaseSchema<S>
  : S extends { fallback: string }
    ? z.ZodDefault<BaseSchema<S>>
    : z.ZodOptional<BaseSchema<S>>;

/** A field's zod schema, from its entry in the field table. */
function fieldSchema(spec: FieldSpec): z.ZodType {
  let base: z.ZodString | z.ZodNumber;
  if (spec.type === "text") base = spec.nonEmpty ? z.string().min(1) : z.string();
  else {
    let n = spec.type === "integer" ? z.number().int() : z.number();
    if (Number.isFinite(minOf(spec))) n = n.min(minOf(spec));
    if (Number.isFinite(maxOf(spec))) n = n.max(maxOf(spec));
    base = n;
  }
  base = base.describe(spec.doc);
  if (spec.required) return base;
  return spec.fallback !== undefined ? (base as z.ZodString).default(spec.fallback) : base.optional();
}

const scalarShape = Object.fromEntries(SCALAR_FIELD_NAMES.map((f) => [f, fieldSchema(FIELDS[f])])) as {
  [K in ScalarField]: FieldSchema<(typeof FIELDS)[K]>;
};

/**
 * One school in one academic year: the unit every stage of the library reads. Its single-valued fields come from
 * the field table ({@link FIELDS}: names, types, ranges, meanings); missing values are absent (`undefined`), never 0
 * and never NaN.
 */
export const SchoolYearSchema = z.object({
  ...scalarShape,
  /** Headline attainment of sub-groups: `boys`, `girls`, `disadvantaged`, `other`, `eal`, `low`, `middle`, `high`. */
  subgroups: measures.optional(),
  /** Subject outcomes, e.g. `reading`, `writing`, `maths` (KS2 progress) or `english`, `maths`, `ebacc`, `open` (KS4 Attainment 8 elements). */
  subjects: measures.optional(),
  /** Published confidence limits, keyed `progress`, `attainment` or a subject name. */
  intervals: z.record(z.string().min(1), IntervalSchema).optional(),
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
  for (const p of duplicateProblems(keyed)) problems.push(p);
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
      message: duplicateMessage(record.urn, record.year, beforeText),
    });
  });
  return problems;
}

/** The one wording of a duplicate (urn, year), wherever it is found. */
export function duplicateMessage(urn: string, year: number, firstAt: string): string {
  return `school ${urn} appears twice for ${year} (first at ${firstAt}): keep one row per school per year`;
}
