// The one table of a school-year record's single-valued fields. The zod schema (schema.ts), the column mapping's
// schema, the generic CSV headers and the reader's value checks (read/) are all derived from it, so they cannot
// disagree: a field's name, type, range and header are written here and nowhere else.

/** How a cell's text is read: free text, a whole number, any finite number, or a percentage (0–100, `%` allowed). */
export type ValueType = "text" | "integer" | "number" | "percentage";

/** What a value must be: its type and, for numbers, the closed range it must lie in. */
export interface ValueRule {
  readonly type: ValueType;
  /** Smallest allowed value (percentages: 0). Default: none. */
  readonly min?: number;
  /** Largest allowed value (percentages: 100). Default: none. */
  readonly max?: number;
  /** What a valid value is, for messages: "'X' is not <expected>". Default: worked out from the type and range. */
  readonly expected?: string | undefined;
}

/** One single-valued field of a {@link SchoolYear}. */
export interface FieldSpec extends ValueRule {
  /** Its header in the generic tidy CSV layout (snake_case). */
  readonly header: string;
  /** Every record has it. */
  readonly required?: true;
  /** The value a record gets when it has none. */
  readonly fallback?: string;
  /** A text field that, when present, cannot be empty. */
  readonly nonEmpty?: true;
  /** What the field means, with its unit. */
  readonly doc: string;
}

/** The single-valued fields of a school-year record, in the canonical order of a record's keys and a CSV's columns. */
export const FIELDS = {
  urn: {
    type: "text",
    header: "urn",
    required: true,
    nonEmpty: true,
    doc: "Unique school id: England's URN, or any non-empty string elsewhere.",
  },
  name: { type: "text", header: "name", doc: "The school's name." },
  la: { type: "text", header: "la", doc: "Local authority code or name; needed for cross-border features." },
  laName: {
    type: "text",
    header: "la_name",
    doc: "The local authority's name (e.g. from GIAS), for people to read beside its code.",
  },
  phase: {
    type: "text",
    header: "phase",
    nonEmpty: true,
    fallback: "all",
    doc: "`primary`, `secondary`, or another label (lower case); `all` when the data does not say.",
  },
  year: {
    type: "integer",
    header: "year",
    required: true,
    min: 1900,
    max: 2200,
    expected: "a plausible academic year (the year it ends: 2019 for 2018/19)",
    doc: "The academic year's end: 2018/19 is 2019.",
  },
  cohort: {
    type: "integer",
    header: "cohort",
    min: 0,
    max: 100_000,
    expected: "a count of pupils from 0 to 100000",
    doc: "Pupils in the measured cohort.",
  },
  priorAttainment: {
    type: "number",
    header: "prior_attainment",
    doc: "Prior attainment of the cohort, e.g. KS1 average points (primary) or KS2 average point score (secondary).",
  },
  disadvantage: {
    type: "percentage",
    header: "disadvantage",
    doc: "Disadvantaged or free-school-meal pupils, as a percentage 0–100.",
  },
  disadvantagedCohort: {
    type: "integer",
    header: "disadvantaged_cohort",
    min: 0,
    max: 100_000,
    expected: "a count of pupils from 0 to 100000",
    doc: "Disadvantaged pupils in the measured cohort (DfE `TFSM6CLA1A`): the weight of the `disadvantaged` sub-group's result.",
  },
  otherCohort: {
    type: "integer",
    header: "other_cohort",
    min: 0,
    max: 100_000,
    expected: "a count of pupils from 0 to 100000",
    doc: "Pupils in the measured cohort who are not disadvantaged (DfE `TNotFSM6CLA1A`): the weight of the `other` sub-group's result.",
  },
  attainment: {
    type: "number",
    header: "attainment",
    min: 0,
    expected: "a result of 0 or more (a percentage of pupils, or a points score)",
    doc: "The headline outcome (KS2: % meeting the expected standard in RWM; KS4: Attainment 8).",
  },
  progress: {
    type: "number",
    header: "progress",
    doc: "A published value-added measure, where the data has one (KS4 Progress 8).",
  },
  eal: { type: "percentage", header: "eal", doc: "Pupils with English as an additional language, percentage 0–100." },
  sen: { type: "percentage", header: "sen", doc: "Pupils with special educational needs, percentage 0–100." },
  mobility: {
    type: "percentage",
    header: "mobility",
    doc: "Pupils who joined the school at a non-standard time, percentage 0–100.",
  },
  pupils: {
    type: "integer",
    header: "pupils",
    min: 0,
    max: 100_000,
    expected: "a count of pupils from 0 to 100000",
    doc: "Pupils on roll in the whole school (GIAS `NumberOfPupils`, the census's NOR): the weight of a school in a place.",
  },
  overallAbsence: {
    type: "percentage",
    header: "overall_absence",
    doc: "Overall absence: sessions missed as a percentage of possible sessions (DfE `PERCTOT`), 0–100. Lower is better.",
  },
  persistentAbsence: {
    type: "percentage",
    header: "persistent_absence",
    doc: "Persistently absent pupils (missing 10% or more of sessions; DfE `PPERSABS10`), percentage 0–100. Lower is better.",
  },
  easting: {
    type: "number",
    header: "easting",
    min: 0,
    max: 700_000,
    expected: "an easting on the British National Grid (0 to 700000 metres)",
    doc: "Metres east, British National Grid.",
  },
  northing: {
    type: "number",
    header: "northing",
    min: 0,
    max: 1_300_000,
    expected: "a northing on the British National Grid (0 to 1300000 metres)",
    doc: "Metres north, British National Grid.",
  },
  lat: {
    type: "number",
    header: "lat",
    min: -90,
    max: 90,
    expected: "a latitude between -90 and 90 degrees",
    doc: "Latitude in degrees (WGS84).",
  },
  lon: {
    type: "number",
    header: "lon",
    min: -180,
    max: 180,
    expected: "a longitude between -180 and 180 degrees",
    doc: "Longitude in degrees (WGS84).",
  },
  successor: {
    type: "text",
    header: "successor",
    nonEmpty: true,
    doc: "The URN this school continues as (e.g. after converting to an academy).",
  },
} as const satisfies Record<string, FieldSpec>;

/** A field that one column fills. */
export type ScalarField = keyof typeof FIELDS;

/** The scalar fields in canonical order. */
export const SCALAR_FIELD_NAMES = Object.keys(FIELDS) as ScalarField[];

/** The rule for numbers with no table entry of their own: sub-groups, subjects and interval limits. */
export const ANY_NUMBER: ValueRule = { type: "number" };

/**
 * A rule with every key present, in one order: the reader checks every cell against its column's rule, and rules of
 * one shape keep those property reads fast (the field table's entries have many shapes).
 */
export function flatRule(rule: ValueRule): Required<ValueRule> {
  return { type: rule.type, min: minOf(rule), max: maxOf(rule), expected: rule.expected };
}

/** The smallest value a rule allows (percentages: 0), or -Infinity. */
export function minOf(rule: ValueRule): number {
  return rule.min ?? (rule.type === "percentage" ? 0 : Number.NEGATIVE_INFINITY);
}

/** The largest value a rule allows (percentages: 100), or Infinity. */
export function maxOf(rule: ValueRule): number {
  return rule.max ?? (rule.type === "percentage" ? 100 : Number.POSITIVE_INFINITY);
}

/** Whether a number satisfies a numeric rule (false for NaN). */
export function allows(rule: ValueRule, value: number): boolean {
  // Whole numbers are safe integers (below 2^53), as the schema's z.number().int() requires.
  return value >= minOf(rule) && value <= maxOf(rule) && (rule.type !== "integer" || Number.isSafeInteger(value));
}

/** The message for a number outside its rule's range, quoting the text as written. */
export function outOfRangeMessage(text: string, rule: ValueRule): string {
  const raw = shownValue(text);
  if (rule.expected !== undefined) return `'${raw}' is not ${rule.expected}`;
  if (rule.type === "percentage") return `'${raw}' is not a percentage between 0 and 100`;
  const min = minOf(rule);
  const max = maxOf(rule);
  if (max === Number.POSITIVE_INFINITY) return `'${raw}' is below ${min}`;
  if (min === Number.NEGATIVE_INFINITY) return `'${raw}' is above ${max}`;
  return `'${raw}' is not between ${min} and ${max}`;
}

/**
 * A value as messages show it: control characters (an ANSI escape, a NUL) written as `\uXXXX`, so they cannot act
 * on a terminal or a CI log, and cut after `limit` characters with the full length said.
 */
export function shownValue(raw: string, limit = 80): string {
  const cut = raw.length > limit ? `${raw.slice(0, limit)}… (${raw.length} characters)` : raw;
  return cut.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this is for
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
