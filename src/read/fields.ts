import { z } from "zod";
import type { ValueType } from "./values.js";

/** The single-valued fields of a {@link SchoolYear} that can come from one column. */
export const SCALAR_FIELDS = {
  urn: "text",
  name: "text",
  la: "text",
  phase: "text",
  year: "integer",
  cohort: "integer",
  priorAttainment: "number",
  disadvantage: "percentage",
  attainment: "number",
  progress: "number",
  eal: "percentage",
  sen: "percentage",
  mobility: "percentage",
  easting: "number",
  northing: "number",
  lat: "number",
  lon: "number",
  successor: "text",
} as const satisfies Record<string, ValueType>;

/** A field that one column fills. */
export type ScalarField = keyof typeof SCALAR_FIELDS;

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
  urn: header.optional(),
  name: header.optional(),
  la: header.optional(),
  phase: header.optional(),
  year: header.optional(),
  cohort: header.optional(),
  priorAttainment: header.optional(),
  disadvantage: header.optional(),
  attainment: header.optional(),
  progress: header.optional(),
  eal: header.optional(),
  sen: header.optional(),
  mobility: header.optional(),
  easting: header.optional(),
  northing: header.optional(),
  lat: header.optional(),
  lon: header.optional(),
  successor: header.optional(),
  subgroups: z.record(z.string().min(1), header).optional(),
  subjects: z.record(z.string().min(1), header).optional(),
  intervals: z.record(z.string().min(1), z.strictObject({ lower: header, upper: header })).optional(),
});

/** A column mapping; see {@link ColumnMappingSchema}. */
export type ColumnMapping = z.infer<typeof ColumnMappingSchema>;

/** The generic tidy layout's names for the scalar fields (snake_case). */
export const GENERIC_HEADERS: Record<ScalarField, string> = {
  urn: "urn",
  name: "name",
  la: "la",
  phase: "phase",
  year: "year",
  cohort: "cohort",
  priorAttainment: "prior_attainment",
  disadvantage: "disadvantage",
  attainment: "attainment",
  progress: "progress",
  eal: "eal",
  sen: "sen",
  mobility: "mobility",
  easting: "easting",
  northing: "northing",
  lat: "lat",
  lon: "lon",
  successor: "successor",
};
