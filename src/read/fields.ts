import { z } from "zod";
import { FIELDS, SCALAR_FIELD_NAMES, type ScalarField } from "../fields.js";

export type { ScalarField } from "../fields.js";

/** Where a column's value goes in a record. */
export type Target =
  | { kind: "field"; field: ScalarField }
  | { kind: "subgroup"; name: string }
  | { kind: "subject"; name: string }
  | { kind: "interval"; name: string; bound: "lower" | "upper" };

/** A readable label for a target, used in reports: `attainment`, `subgroups.boys`, `intervals.reading.lower`. */
export function targetLabel(target: Target): string {
  switch (target.kind) {
    case "field":
      return target.field;
    case "subgroup":
      return `subgroups.${target.name}`;
    case "subject":
      return `subjects.${target.name}`;
    case "interval":
      return `intervals.${target.name}.${target.bound}`;
  }
}

const header = z.string().min(1, "a column name cannot be empty");

/**
 * Which column of the file holds which field. Values are column headers as written in the file
 * (matched exactly first, then ignoring case and surrounding spaces). Fields left out are looked for
 * under their generic snake_case names.
 */
export const ColumnMappingSchema = z.strictObject({
  ...(Object.fromEntries(SCALAR_FIELD_NAMES.map((f) => [f, header.optional()])) as {
    [K in ScalarField]: z.ZodOptional<typeof header>;
  }),
  subgroups: z.record(z.string().min(1), header).optional(),
  subjects: z.record(z.string().min(1), header).optional(),
  intervals: z.record(z.string().min(1), z.strictObject({ lower: header, upper: header })).optional(),
});

/** A column mapping; see {@link ColumnMappingSchema}. */
export type ColumnMapping = z.infer<typeof ColumnMappingSchema>;

/**
 * The generic tidy layout's names for the scalar fields (snake_case), from the field table.
 *
 * @example
 * GENERIC_HEADERS.priorAttainment;
 * // => "prior_attainment"
 */
export const GENERIC_HEADERS = Object.fromEntries(SCALAR_FIELD_NAMES.map((f) => [f, FIELDS[f].header])) as Record<
  ScalarField,
  string
>;
