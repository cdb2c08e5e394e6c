import type { ValueRule, ValueType } from "../fields.js";
import type { Target } from "./fields.js";

/** The names of the built-in layouts. */
export const PRESET_NAMES = ["generic", "dfe-ks2", "dfe-ks4"] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** One column a preset knows how to read. */
export interface PresetColumn {
  header: string;
  target: Target;
  /** Defaults to the target field's own type (numbers for sub-groups, subjects and intervals). */
  type?: ValueType;
  /** The measure's documented range, narrower than its field's (Attainment 8: 0–90). Default: the field's. */
  range?: Pick<ValueRule, "min" | "max" | "expected">;
  /** A value derived from the column, e.g. mobility = 100 − % non-mobile. */
  derive?: (value: number) => number;
  /** Values that mean "none" for a text field (the DfE writes `0` for "no academy successor"). */
  none?: readonly string[];
}

/** Options that decide which rows of a DfE file are schools to read. */
export interface RowSelection {
  /** Read special schools (`RECTYPE` 2). Default `false`. */
  includeSpecial?: boolean;
  /** Read independent schools (`NFTYPE` `IND`/`INDSPEC`). Default `false`. */
  includeIndependent?: boolean;
}

/** A built-in file layout. */
export interface Preset {
  name: Exclude<PresetName, "generic">;
  phase: string;
  /** Headers that must be present for the file to be read at all. */
  required: readonly string[];
  columns: readonly PresetColumn[];
  /** Why a row is not a school to read, or `undefined` to read it. */
  skipReason(cell: (header: string) => string | undefined, selection: RowSelection): string | undefined;
}

const field = (header: string, f: Extract<Target, { kind: "field" }>["field"], type?: ValueType): PresetColumn =>
  type === undefined
    ? { header, target: { kind: "field", field: f } }
    : { header, target: { kind: "field", field: f }, type };

const group = (header: string, name: string, type: ValueType = "number"): PresetColumn => ({
  header,
  target: { kind: "subgroup", name },
  type,
});

const subject = (header: string, name: string): PresetColumn => ({ header, target: { kind: "subject", name } });

/** Attainment 8 and its elements: points, 0–90 (ten subjects' grades of at most 9, English and maths counted twice). */
const A8 = { min: 0, max: 90, expected: "an Attainment 8 score from 0 to 90" };
/** Progress 8: a school's average sits within a few points of 0; ±5 is beyond any school's. */
const P8 = { min: -5, max: 5, expected: "a Progress 8 score from -5 to +5" };
const ranged = (column: PresetColumn, range: NonNullable<PresetColumn["range"]>): PresetColumn => ({
  ...column,
  range,
});

const interval = (name: string, lower: string, upper: string): PresetColumn[] => [
  { header: lower, target: { kind: "interval", name, bound: "lower" } },
  { header: upper, target: { kind: "interval", name, bound: "upper" } },
];

function dfeSkipReason(totals: Record<string, string>): Preset["skipReason"] {
  return (cell, selection) => {
    // pandas writes a column of whole numbers with a blank among them as floats: RECTYPE 1 becomes "1.0".
    const rectype = (cell("RECTYPE")?.trim() ?? "").replace(/^(\d+)\.0*$/, "$1");
    const nftype = cell("NFTYPE")?.trim().toUpperCase() ?? "";
    if (rectype !== "1" && rectype !== "2") {
      const what = totals[rectype] ?? "not a school row";
      return `${what} (RECTYPE ${rectype === "" ? "blank" : rectype})`;
    }
    if (nftype.startsWith("IND") && !selection.includeIndependent) {
      return `independent school (NFTYPE ${nftype}): pass includeIndependent to read it`;
    }
    if (rectype === "2" && !selection.includeSpecial) {
      return "special school (RECTYPE 2): pass includeSpecial to read it";
    }
    return undefined;
  };
}

/**
 * The DfE's KS2 (end of primary) performance-table layout, as downloaded.
 * Headline attainment is `PTRWM_EXP` (% meeting the expected standard in reading, writing and maths);
 * subjects are the reading, writing and maths progress scores with their confidence limits.
 */
export const DFE_KS2: Preset = {
  name: "dfe-ks2",
  phase: "primary",
  required: ["URN", "RECTYPE"],
  columns: [
    field("URN", "urn"),
    field("SCHNAME", "name"),
    field("LEA", "la"),
    field("TELIG", "cohort"),
    field("TKS1AVERAGE", "priorAttainment"),
    field("PTFSM6CLA1A", "disadvantage"),
    field("TFSM6CLA1A", "disadvantagedCohort"),
    field("TNotFSM6CLA1A", "otherCohort"),
    field("PTEALGRP2", "eal"),
    field("PTRWM_EXP", "attainment", "percentage"),
    { header: "PTMOBN", target: { kind: "field", field: "mobility" }, derive: (nonMobile) => 100 - nonMobile },
    { header: "URN_AC", target: { kind: "field", field: "successor" }, none: ["0"] },
    group("PTRWM_EXP_B", "boys", "percentage"),
    group("PTRWM_EXP_G", "girls", "percentage"),
    group("PTRWM_EXP_FSM6CLA1A", "disadvantaged", "percentage"),
    group("PTRWM_EXP_NotFSM6CLA1A", "other", "percentage"),
    group("PTRWM_EXP_EAL", "eal", "percentage"),
    group("PTRWM_EXP_L", "low", "percentage"),
    group("PTRWM_EXP_M", "middle", "percentage"),
    group("PTRWM_EXP_H", "high", "percentage"),
    subject("READPROG", "reading"),
    subject("WRITPROG", "writing"),
    subject("MATPROG", "maths"),
    ...interval("reading", "READPROG_LOWER", "READPROG_UPPER"),
    ...interval("writing", "WRITPROG_LOWER", "WRITPROG_UPPER"),
    ...interval("maths", "MATPROG_LOWER", "MATPROG_UPPER"),
  ],
  skipReason: dfeSkipReason({ "3": "local-authority total", "4": "national total", "5": "national total" }),
};

/**
 * The DfE's KS4 (end of secondary) performance-table layout, full or provisional (short) as downloaded.
 * Headline attainment is Attainment 8 (`ATT8SCR`); Progress 8 is kept with its confidence limits.
 */
export const DFE_KS4: Preset = {
  name: "dfe-ks4",
  phase: "secondary",
  required: ["URN", "RECTYPE"],
  columns: [
    field("URN", "urn"),
    field("SCHNAME", "name"),
    field("LEA", "la"),
    field("TPUP", "cohort"),
    field("KS2APS", "priorAttainment"),
    field("PTFSM6CLA1A", "disadvantage"),
    field("TFSM6CLA1A", "disadvantagedCohort"),
    field("TNOTFSM6CLA1A", "otherCohort"),
    field("PTEALGRP2", "eal"),
    ranged(field("ATT8SCR", "attainment"), A8),
    ranged(field("P8MEA", "progress"), P8),
    ...interval("progress", "P8CILOW", "P8CIUPP"),
    ...[
      group("ATT8SCR_FSM6CLA1A", "disadvantaged"),
      group("ATT8SCR_NFSM6CLA1A", "other"),
      group("ATT8SCR_BOYS", "boys"),
      group("ATT8SCR_GIRLS", "girls"),
      group("ATT8SCR_EAL", "eal"),
      group("ATT8SCR_LO", "low"),
      group("ATT8SCR_AV", "middle"),
      group("ATT8SCR_HI", "high"),
      subject("ATT8SCRENG", "english"),
      subject("ATT8SCRMAT", "maths"),
      subject("ATT8SCREBAC", "ebacc"),
      subject("ATT8SCROPEN", "open"),
    ].map((c) => ranged(c, A8)),
  ],
  skipReason: dfeSkipReason({ "4": "local-authority total", "5": "national total", "7": "national total" }),
};

/** The built-in DfE presets by name. */
export const PRESETS: Readonly<Record<Exclude<PresetName, "generic">, Preset>> = {
  "dfe-ks2": DFE_KS2,
  "dfe-ks4": DFE_KS4,
};
