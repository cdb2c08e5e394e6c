import { type Problem, withHint } from "../errors.js";
import { ANY_NUMBER, FIELDS, flatRule, SCALAR_FIELD_NAMES, type ValueRule } from "../fields.js";
import {
  type ColumnMapping,
  ColumnMappingSchema,
  GENERIC_HEADERS,
  type ScalarField,
  type Target,
  targetLabel,
} from "./fields.js";
import { PRESETS, type Preset } from "./presets.js";

/** One column of the file and where its value goes, worked out once per file. */
export interface ColumnPlan {
  target: Target;
  header: string;
  index: number;
  /** The value it must hold: its field's rule from the field table, or a preset's override. */
  rule: ValueRule;
  derive?: (value: number) => number;
  none?: readonly string[];
}

function norm(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** The rule a target's values must follow: its field's, from the field table; any number for the rest. */
export function ruleOf(target: Target): ValueRule {
  return target.kind === "field" ? FIELDS[target.field] : ANY_NUMBER;
}

/** The index of a header: exact first, then ignoring case and surrounding spaces; -1 when absent. */
export function findHeader(header: readonly string[], name: string): number {
  const exact = header.indexOf(name);
  if (exact !== -1) return exact;
  const wanted = name.trim().toLowerCase();
  return header.findIndex((h) => h.toLowerCase() === wanted);
}

/** Columns of the generic tidy layout, found by their snake_case names. */
function genericPlan(header: readonly string[]): ColumnPlan[] {
  const byNorm = new Map<string, ScalarField>();
  for (const [f, h] of Object.entries(GENERIC_HEADERS)) byNorm.set(norm(h), f as ScalarField);
  const plan: ColumnPlan[] = [];
  header.forEach((raw, index) => {
    const h = raw.trim();
    const lower = h.toLowerCase();
    let target: Target | undefined;
    const bound = /^(.+)_(lower|upper)$/.exec(lower);
    if (bound) {
      const base = bound[1] ?? "";
      const name = base.startsWith("subject_") ? base.slice("subject_".length) : base;
      if (name !== "") target = { kind: "interval", name, bound: bound[2] as "lower" | "upper" };
    } else if (lower.startsWith("attainment_") && lower.length > "attainment_".length) {
      target = { kind: "subgroup", name: lower.slice("attainment_".length) };
    } else if (lower.startsWith("subject_") && lower.length > "subject_".length) {
      target = { kind: "subject", name: lower.slice("subject_".length) };
    } else {
      const f = byNorm.get(norm(h));
      if (f !== undefined) target = { kind: "field", field: f };
    }
    if (target) plan.push({ target, header: h, index, rule: flatRule(ruleOf(target)) });
  });
  return plan;
}

function mappingTargets(mapping: ColumnMapping): { target: Target; header: string }[] {
  const out: { target: Target; header: string }[] = [];
  for (const f of SCALAR_FIELD_NAMES) {
    const h = mapping[f];
    if (h !== undefined) out.push({ target: { kind: "field", field: f }, header: h });
  }
  for (const [name, h] of Object.entries(mapping.subgroups ?? {}))
    out.push({ target: { kind: "subgroup", name }, header: h });
  for (const [name, h] of Object.entries(mapping.subjects ?? {}))
    out.push({ target: { kind: "subject", name }, header: h });
  for (const [name, { lower, upper }] of Object.entries(mapping.intervals ?? {})) {
    out.push({ target: { kind: "interval", name, bound: "lower" }, header: lower });
    out.push({ target: { kind: "interval", name, bound: "upper" }, header: upper });
  }
  return out;
}

function mappingProblems(mapping: unknown, file: string | undefined): Problem[] {
  const parsed = ColumnMappingSchema.safeParse(mapping);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    const known = Object.keys(ColumnMappingSchema.shape).join(", ");
    const message =
      issue.code === "unrecognized_keys"
        ? `the column mapping has unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `'${k}'`).join(", ")}${path ? ` in ${path}` : ""}; fields are: ${known}`
        : `the column mapping${path ? ` at '${path}'` : ""} is not valid: ${issue.message}`;
    return { code: "bad-mapping", ...(file === undefined ? {} : { file }), message };
  });
}

/** The columns to read, the preset columns the file lacks, and what stops the file being read. */
export interface Plan {
  columns: ColumnPlan[];
  absent: string[];
  /** The preset's core fields (see {@link CORE_FIELDS}) whose column the file lacks, with the column's header. */
  absentCore: { field: string; header: string }[];
  problems: Problem[];
}

/** Which column fills which field, for a file with this header under a preset (or the generic layout) and mapping. */
export function buildPlan(
  header: readonly string[],
  options: { file?: string | undefined; mapping?: ColumnMapping | undefined },
  preset: Preset | undefined,
): Plan {
  const file = options.file;
  const at = file === undefined ? {} : { file };
  const problems: Problem[] = [];
  const absent: string[] = [];
  const absentCore: { field: string; header: string }[] = [];
  let columns: ColumnPlan[];
  if (preset) {
    columns = [];
    for (const required of preset.required) {
      if (findHeader(header, required) === -1) {
        problems.push({
          code: "missing-column",
          ...at,
          line: 1,
          column: required,
          message: `no column ${required}: this does not look like a ${preset.name} file (is the preset right?)`,
        });
      }
    }
    for (const c of preset.columns) {
      const index = findHeader(header, c.header);
      if (index === -1) {
        absent.push(`${c.header} (${targetLabel(c.target)})`);
        if (c.target.kind === "field" && CORE_FIELDS.includes(c.target.field))
          absentCore.push({ field: c.target.field, header: c.header });
        continue;
      }
      columns.push({
        target: c.target,
        header: c.header,
        index,
        rule: flatRule({ ...ruleOf(c.target), ...(c.type === undefined ? {} : { type: c.type }), ...c.range }),
        ...(c.derive ? { derive: c.derive } : {}),
        ...(c.none ? { none: c.none } : {}),
      });
    }
  } else {
    columns = genericPlan(header);
    if (options.mapping === undefined) problems.push(...dfeLookalike(header, columns, at));
  }
  if (options.mapping !== undefined) {
    const bad = mappingProblems(options.mapping, file);
    problems.push(...bad);
    if (bad.length === 0) {
      for (const { target, header: wanted } of mappingTargets(options.mapping)) {
        const index = findHeader(header, wanted);
        if (index === -1) {
          problems.push({
            code: "missing-column",
            ...at,
            line: 1,
            column: wanted,
            message: `the mapping names column '${wanted}' for ${targetLabel(target)}, but the file has no such column (it has: ${header.slice(0, 12).join(", ")}${header.length > 12 ? ", …" : ""})`,
          });
          continue;
        }
        const label = targetLabel(target);
        // The mapping overrides whatever the layout found for that field, and claims the column.
        columns = columns.filter((c) => targetLabel(c.target) !== label && c.index !== index);
        columns.push({ target, header: header[index] ?? wanted, index, rule: flatRule(ruleOf(target)) });
      }
    }
  }
  if (preset && problems.length === 0) problems.push(...presetFit(header, columns, preset, at));
  if (
    !columns.some((c) => c.target.kind === "field" && c.target.field === "urn") &&
    !problems.some((p) => p.column === "URN")
  ) {
    problems.push({
      code: "missing-column",
      ...at,
      line: 1,
      column: "urn",
      message: `no column for urn: expected 'urn' or a mapping such as { "urn": "School ID" }`,
    });
  }
  const seen = new Map<string, string>();
  for (const c of columns) {
    const label = targetLabel(c.target);
    const other = seen.get(label);
    if (other !== undefined) {
      problems.push({
        code: "ambiguous-column",
        ...at,
        line: 1,
        column: c.header,
        message: `both '${other}' and '${c.header}' would fill ${label}: rename one, or map the field explicitly`,
      });
    }
    seen.set(label, c.header);
  }
  return { columns, absent, absentCore, problems };
}

/** The fields a file must have at least one of for a preset to be the right one. */
const CORE: readonly string[] = ["attainment", "priorAttainment", "disadvantage"];

/**
 * The fields a preset maps that families are made and benchmarked on: a file without one of their columns reads,
 * but its schools lack that measure (`report.absentCore`; `fos` stops unless told the column may be missing).
 */
export const CORE_FIELDS: readonly string[] = [...CORE, "cohort"];

const coreHeaders = (preset: Preset): string[] =>
  preset.columns.flatMap((c) => (c.target.kind === "field" && CORE.includes(c.target.field) ? [c.header] : []));

/**
 * A problem when a file read in the generic layout has none of its core fields but is a DfE layout: "this looks like
 * a dfe-ks2 file", with the preset as the hint. (Read as generic, its schools would have nothing to group on.)
 */
function dfeLookalike(header: readonly string[], columns: readonly ColumnPlan[], at: { file?: string }): Problem[] {
  if (columns.some((c) => c.target.kind === "field" && CORE.includes(c.target.field))) return [];
  const found = (p: Preset): string[] => coreHeaders(p).filter((h) => findHeader(header, h) >= 0);
  const best = Object.values(PRESETS)
    .filter((p) => p.required.every((h) => findHeader(header, h) >= 0) && found(p).length > 0)
    .sort((a, b) => found(b).length - found(a).length)[0];
  if (!best) return [];
  return [
    {
      code: "wrong-preset",
      ...at,
      line: 1,
      ...withHint(
        `this looks like a DfE ${best.name === "dfe-ks2" ? "KS2" : "KS4"} file (it has ${found(best).join(", ")}), which the generic layout does not read`,
        ": ",
        { option: "preset", value: best.name },
      ),
    },
  ];
}

/**
 * A problem when another layout fits the file better: another preset finds more of its core columns (attainment,
 * prior attainment, disadvantage) than this one does, or this one finds none. The records would lack what families
 * are grouped and benchmarked on. It names the preset (or the generic layout) that fits.
 */
function presetFit(
  header: readonly string[],
  columns: readonly ColumnPlan[],
  preset: Preset,
  at: { file?: string },
): Problem[] {
  const found = new Set(
    columns.flatMap((c) => (c.target.kind === "field" && CORE.includes(c.target.field) ? [c.target.field] : [])),
  ).size;
  const present = (p: Preset): number => coreHeaders(p).filter((h) => findHeader(header, h) >= 0).length;
  const other = Object.values(PRESETS)
    .filter((p) => p !== preset)
    .sort((a, b) => present(b) - present(a))[0];
  const fits = other !== undefined && present(other) > found ? other : undefined;
  if (!fits && found > 0) return [];
  const generic = genericPlan(header).some((c) => c.target.kind === "field" && CORE.includes(c.target.field));
  const advice = fits
    ? `it looks like a ${fits.name} file: read it with the ${fits.name} preset`
    : generic
      ? "it looks like the generic layout: read it without a preset"
      : "check the preset, or map the columns";
  const missing = coreHeaders(preset).filter((h) => findHeader(header, h) < 0);
  return [
    {
      code: "wrong-preset",
      ...at,
      line: 1,
      message: `the ${preset.name} preset's core columns ${missing.join(", ")} are not in this file, so schools would lack ${found === 0 ? "attainment, prior attainment and disadvantage" : "what families are grouped and benchmarked on"}; ${advice}`,
    },
  ];
}
