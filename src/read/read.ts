import { FamiliesError, type Problem } from "../errors.js";
import { duplicateProblems, type SafeParseResult, type SchoolYear } from "../schema.js";
import { type CsvRange, cellOf, csvRanges } from "./csv.js";
import {
  type ColumnMapping,
  ColumnMappingSchema,
  GENERIC_HEADERS,
  SCALAR_FIELDS,
  type ScalarField,
  type Target,
  targetLabel,
} from "./fields.js";
import { PRESETS, type Preset, type PresetName, type RowSelection } from "./presets.js";
import { fastNumber, fastNumberAt, readCell, type ValueType, yearFromFileName } from "./values.js";

/** Options for {@link readSchools}. */
export interface ReadOptions extends RowSelection {
  /** The file layout: `generic` (tidy snake_case, the default), `dfe-ks2` or `dfe-ks4` (raw DfE downloads). */
  preset?: PresetName;
  /** Column names for fields whose header differs from the layout's; see {@link ColumnMapping}. Default: none. */
  mapping?: ColumnMapping;
  /** The file's name, used in messages and to find the year (`2018-2019` → 2019). Default: none. */
  file?: string;
  /** The academic year's end for rows without a year. Default: the `year` column, else the file name. */
  year?: number;
  /** The phase for rows without one. Default: the preset's (`primary`/`secondary`), else `all`. */
  phase?: string;
  /**
   * `strict` (default): any invalid row makes the read throw a {@link FamiliesError} holding every problem.
   * `lenient`: invalid rows are returned in `rejected`, each with its problems.
   */
  mode?: "strict" | "lenient";
}

/** A row that was read but not accepted, with every reason. */
export interface RejectedRow {
  file?: string;
  line: number;
  urn?: string;
  /** The row's raw cells by header. */
  values: Record<string, string>;
  problems: Problem[];
}

/** A row that is not a school record (a total row, an independent school, a blank row), and why. */
export interface SkippedRow {
  file?: string;
  line: number;
  urn?: string;
  name?: string;
  reason: string;
}

/** What a read did, so that nothing is lost silently. */
export interface ReadReport {
  file?: string;
  preset: PresetName;
  /** Data rows in the file (not counting the header and empty lines). */
  rows: number;
  /** Rows that became records. */
  records: number;
  /** Rows rejected (lenient mode only; strict mode throws instead). */
  rejected: number;
  /** Rows deliberately not read, each with its reason. */
  skipped: SkippedRow[];
  /** The years found, ascending. */
  years: number[];
  /** Which header each field was read from. */
  columns: Record<string, string>;
  /** Columns the preset reads that this file does not have (their fields are missing for every row). */
  absentColumns: string[];
  /** Headers that were not read. */
  ignoredColumns: string[];
  /** DfE presets only: rows with fewer cells than the header, read as if the missing trailing cells were blank. */
  shortRows: number;
  /** For each field, how many rows had no value (blank or a suppression code). */
  missing: Record<string, number>;
  /** How often each suppression code was met, over all columns read (`blank` for empty cells). */
  codes: Record<string, number>;
}

/** The result of {@link readSchools}. */
export interface ReadResult {
  records: SchoolYear[];
  /** The line of the file each record was read from, parallel to `records`. */
  lines: number[];
  rejected: RejectedRow[];
  report: ReadReport;
}

interface ColumnPlan {
  target: Target;
  header: string;
  index: number;
  type: ValueType;
  derive?: (value: number) => number;
  none?: readonly string[];
}

/** A column ready for the row loop: where its value goes, worked out once per file. */
interface Slot {
  column: ColumnPlan;
  /** `field`: record[key]; `bag`: record[key][name]; `interval`: record.intervals[name][bound]. */
  kind: "field" | "bag" | "interval";
  key: string;
  name: string;
  bound: "lower" | "upper";
  /** Names such as `__proto__` need defineProperty to stay plain data. */
  plainName: boolean;
  /** The value for a blank cell, or for every row when the file has no such column (`index` -1): phase and year. */
  fallback?: string | number;
  /** Phase labels are compared in lower case. */
  lowerCase?: boolean;
}

const FIELD_RANK = new Map<string, number>(Object.keys(SCALAR_FIELDS).map((f, i) => [f, i]));
const KIND_RANK: Record<Target["kind"], number> = { field: 0, subgroup: 1, subject: 2, interval: 3 };

/** Slots in the canonical key order of a record, so that records come out in one shape whatever the column order. */
function orderSlots(slots: Slot[]): Slot[] {
  const rank = (s: Slot): number =>
    KIND_RANK[s.column.target.kind] * 1000 + (s.kind === "field" ? (FIELD_RANK.get(s.key) ?? 999) : 0);
  return slots
    .map((slot, order) => ({ slot, order }))
    .sort((a, b) => rank(a.slot) - rank(b.slot) || a.order - b.order)
    .map((x) => x.slot);
}

function slotOf(column: ColumnPlan): Slot {
  const t = column.target;
  const base = { column, bound: "lower" as "lower" | "upper" };
  switch (t.kind) {
    case "field":
      return { ...base, kind: "field", key: t.field, name: "", plainName: true };
    case "subgroup":
    case "subject":
      return {
        ...base,
        kind: "bag",
        key: t.kind === "subgroup" ? "subgroups" : "subjects",
        name: t.name,
        plainName: !UNSAFE_NAMES.has(t.name),
      };
    case "interval":
      return {
        ...base,
        kind: "interval",
        key: "intervals",
        name: t.name,
        bound: t.bound,
        plainName: !UNSAFE_NAMES.has(t.name),
      };
  }
}

const UNSAFE_NAMES: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

function norm(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, "");
}

function typeOf(target: Target): ValueType {
  return target.kind === "field" ? SCALAR_FIELDS[target.field] : "number";
}

function findHeader(header: readonly string[], name: string): number {
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
    if (target) plan.push({ target, header: h, index, type: typeOf(target) });
  });
  return plan;
}

function mappingTargets(mapping: ColumnMapping): { target: Target; header: string }[] {
  const out: { target: Target; header: string }[] = [];
  for (const f of Object.keys(SCALAR_FIELDS) as ScalarField[]) {
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

interface Plan {
  columns: ColumnPlan[];
  absent: string[];
  problems: Problem[];
}

function buildPlan(header: readonly string[], options: ReadOptions, preset: Preset | undefined): Plan {
  const file = options.file;
  const at = file === undefined ? {} : { file };
  const problems: Problem[] = [];
  const absent: string[] = [];
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
        continue;
      }
      columns.push({
        target: c.target,
        header: c.header,
        index,
        type: c.type ?? typeOf(c.target),
        ...(c.derive ? { derive: c.derive } : {}),
        ...(c.none ? { none: c.none } : {}),
      });
    }
  } else {
    columns = genericPlan(header);
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
        columns.push({ target, header: header[index] ?? wanted, index, type: typeOf(target) });
      }
    }
  }
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
  return { columns, absent, problems };
}

function setOwn(bag: Record<string, unknown>, name: string, value: unknown, plain: boolean): void {
  if (plain) bag[name] = value;
  else Object.defineProperty(bag, name, { value, enumerable: true, writable: true, configurable: true });
}

/** Applies a read cell to a record under construction. */
function put(record: Record<string, unknown>, slot: Slot, value: string | number): void {
  if (slot.kind === "field") {
    record[slot.key] = value;
    return;
  }
  record[slot.key] ??= {};
  const bag = record[slot.key] as Record<string, unknown>;
  if (slot.kind === "bag") {
    setOwn(bag, slot.name, value, slot.plainName);
    return;
  }
  const own = Object.hasOwn(bag, slot.name) ? (bag[slot.name] as Record<string, number>) : undefined;
  if (own) own[slot.bound] = value as number;
  // Two literal shapes rather than a computed key, which is slow to build.
  else setOwn(bag, slot.name, slot.bound === "lower" ? { lower: value } : { upper: value }, slot.plainName);
}

function isBlank(text: string, row: CsvRange): boolean {
  for (let k = 0; k < row.count; k++) {
    if (row.quoted && row.unquoted[k] !== undefined) {
      if ((row.unquoted[k] as string).trim() !== "") return false;
      continue;
    }
    const from = row.start[k] as number;
    const to = row.end[k] as number;
    // A cell starting with a visible ASCII character is not blank; any other is sliced and trimmed (trim knows
    // every kind of space, such as U+00A0).
    if (to <= from) continue;
    const first = text.charCodeAt(from);
    if ((first > 32 && first < 127) || text.slice(from, to).trim() !== "") return false;
  }
  return true;
}

/**
 * Reads school records from CSV text: the generic tidy layout, any layout through a column mapping,
 * or the DfE's raw KS2/KS4 performance-table files (`preset: "dfe-ks2"` / `"dfe-ks4"`).
 *
 * Missing values (blank cells and suppression codes such as `SUPP`, `NP`, `NE`, `LOWCOV`, `NA`, `x`, `c`, `z`)
 * become absent fields and are counted in `report.missing` and `report.codes`; they are not errors.
 * Rows that are not schools (DfE totals, and by default independent and special schools) are listed in
 * `report.skipped` with the reason. No row is dropped silently. Runs in O(rows × columns).
 *
 * @param text - The file's text (a leading byte-order mark is fine).
 * @param options - See {@link ReadOptions}.
 * @returns `{ records, rejected, report }`.
 * @throws {FamiliesError} with every problem: in strict mode for any invalid row; in both modes when the
 *   file cannot be read at all (not CSV, a required column missing, no year to be found, a bad mapping).
 * @throws {TypeError} when `text` is not a string.
 * @example
 * readSchools("urn,year,disadvantage,attainment\n100001,2019,22%,61\n").records;
 * // => [{ urn: "100001", phase: "all", year: 2019, disadvantage: 22, attainment: 61 }]
 */
export function readSchools(text: string, options: ReadOptions = {}): ReadResult {
  if (typeof text !== "string") throw new TypeError(`readSchools: text must be a string, not ${typeof text}`);
  const mode = options.mode ?? "strict";
  if (mode !== "strict" && mode !== "lenient") {
    throw new RangeError(`readSchools: mode must be "strict" or "lenient", not ${JSON.stringify(mode)}`);
  }
  const presetName: PresetName = options.preset ?? "generic";
  const preset = presetName === "generic" ? undefined : PRESETS[presetName];
  if (presetName !== "generic" && !preset) {
    throw new RangeError(`readSchools: unknown preset ${JSON.stringify(presetName)}; use generic, dfe-ks2 or dfe-ks4`);
  }
  const file = options.file;
  const at = file === undefined ? {} : { file };
  const cursor = csvRanges(text, file);
  const header = cursor.header;
  const plan = buildPlan(header, options, preset);
  const problems = [...plan.problems];

  const hasYearColumn = plan.columns.some((c) => c.target.kind === "field" && c.target.field === "year");
  const fallbackYear = options.year ?? (file === undefined ? undefined : yearFromFileName(file));
  if (!hasYearColumn && fallbackYear === undefined && header.length > 0 && plan.problems.length === 0) {
    problems.push({
      code: "no-year",
      ...at,
      message: `no year for ${file === undefined ? "this file" : `'${file}'`}: it has no year column${file === undefined ? "" : " and its name has no '2018-2019' pattern"}; give the year (options.year, or YEAR=PATH on the command line)`,
    });
  }
  if (options.year !== undefined && (!Number.isInteger(options.year) || options.year < 1900 || options.year > 2200)) {
    throw new RangeError(`readSchools: year must be a whole number such as 2019, not ${options.year}`);
  }
  if (problems.length > 0) throw new FamiliesError(problems);

  const defaultPhase = (options.phase ?? preset?.phase ?? "all").trim().toLowerCase() || "all";
  const selection: RowSelection = {
    includeSpecial: options.includeSpecial ?? false,
    includeIndependent: options.includeIndependent ?? false,
  };
  // The row filter finds its columns (RECTYPE, NFTYPE) the way the required-column check does, once each.
  const headerIndex = new Map<string, number>();
  const indexOf = (h: string): number => {
    let i = headerIndex.get(h);
    if (i === undefined) {
      i = findHeader(header, h);
      headerIndex.set(h, i);
    }
    return i;
  };
  const urnIndex = plan.columns.find((c) => c.target.kind === "field" && c.target.field === "urn")?.index ?? -1;
  const nameIndex = plan.columns.find((c) => c.target.kind === "field" && c.target.field === "name")?.index ?? -1;

  const records: SchoolYear[] = [];
  const lines: number[] = [];
  const rejected: RejectedRow[] = [];
  const skipped: SkippedRow[] = [];
  const slots = plan.columns.map(slotOf);
  for (const [field, fallback] of [
    ["phase", defaultPhase],
    ["year", fallbackYear],
  ] as const) {
    let slot = slots.find((x) => x.kind === "field" && x.key === field);
    if (!slot) {
      if (fallback === undefined) continue;
      slot = slotOf({ target: { kind: "field", field }, header: field, index: -1, type: SCALAR_FIELDS[field] });
      slots.push(slot);
    }
    if (fallback !== undefined) slot.fallback = fallback;
    if (field === "phase") slot.lowerCase = true;
  }
  slots.splice(0, slots.length, ...orderSlots(slots));
  const missingCounts: number[] = slots.map(() => 0);
  const codeCounts = new Map<string, number>();
  const rowProblems: Problem[] = [];
  const firstLine = new Map<string, number[]>();
  let padded = 0;

  const reject = (line: number, row: CsvRange, urn: string | undefined, list: Problem[]): void => {
    rowProblems.push(...list);
    rejected.push({
      ...at,
      line,
      ...(urn ? { urn } : {}),
      values: Object.fromEntries(header.map((h, i) => [h, cellOf(text, row, i)])),
      problems: list,
    });
  };

  let rowCount = 0;
  for (let row = cursor.next(); row !== undefined; row = cursor.next()) {
    rowCount++;
    const line = row.line;
    const count = row.count;
    const urnText = urnIndex >= 0 && urnIndex < count ? cellOf(text, row, urnIndex).trim() : undefined;
    if (isBlank(text, row)) {
      skipped.push({ ...at, line, reason: "blank row (every cell empty)" });
      continue;
    }
    if (preset) {
      const nameText = nameIndex >= 0 && nameIndex < count ? cellOf(text, row, nameIndex).trim() : undefined;
      const identity = { ...(urnText ? { urn: urnText } : {}), ...(nameText ? { name: nameText } : {}) };
      const reason = preset.skipReason((h) => {
        const i = indexOf(h);
        return i < 0 || i >= count ? undefined : cellOf(text, row, i);
      }, selection);
      if (reason !== undefined) {
        skipped.push({ ...at, line, ...identity, reason });
        continue;
      }
    }
    const problemsHere: Problem[] = [];
    // The DfE's own files end some rows (independent and special schools) one cell short:
    // for the presets a short row is read with blank trailing cells, and counted.
    if (preset && count < header.length) padded++;
    else if (count !== header.length) {
      problemsHere.push({
        code: "column-count",
        ...at,
        line,
        message: `this row has ${count} values but the header has ${header.length} columns: check for a missing or extra comma, or an unquoted comma inside a value`,
      });
      reject(line, row, urnText, problemsHere);
      continue;
    }
    const record: Record<string, unknown> = {};
    for (let k = 0; k < slots.length; k++) {
      const slot = slots[k] as Slot;
      const c = slot.column;
      if (c.index < 0) {
        put(record, slot, slot.fallback as string | number);
        continue;
      }
      const ci = c.index;
      // The cell as text only when it is needed: a code to look up, a text field, or anything not a plain number.
      let raw = c.none !== undefined ? cellOf(text, row, ci) : undefined;
      if (raw !== undefined && (c.none as readonly string[]).includes(raw.trim())) continue;
      let value: string | number | undefined;
      if (c.type !== "text") {
        // Fast path for the usual plain number, read straight from the text; everything else gets the full reading and its message.
        const n =
          ci >= count
            ? Number.NaN
            : raw !== undefined || (row.quoted && row.unquoted[ci] !== undefined)
              ? fastNumber(raw ?? cellOf(text, row, ci))
              : fastNumberAt(text, row.start[ci] as number, row.end[ci] as number);
        if (
          c.type === "number"
            ? !Number.isNaN(n)
            : c.type === "percentage"
              ? n >= 0 && n <= 100
              : Number.isInteger(n) && n >= 0
        )
          value = n;
      }
      if (value === undefined) {
        raw ??= cellOf(text, row, ci);
        const read = readCell(raw, c.type);
        if (!read.ok) {
          problemsHere.push({ code: read.code, ...at, line, column: c.header, value: raw, message: read.message });
          continue;
        }
        if (read.value === undefined) {
          codeCounts.set(read.code, (codeCounts.get(read.code) ?? 0) + 1);
          missingCounts[k] = (missingCounts[k] ?? 0) + 1;
          if (slot.fallback !== undefined) put(record, slot, slot.fallback);
          continue;
        }
        value = read.value;
      }
      if (c.derive !== undefined && typeof value === "number") value = c.derive(value);
      else if (slot.lowerCase === true && typeof value === "string") value = value.toLowerCase();
      put(record, slot, value);
    }
    if (record.urn === undefined) {
      problemsHere.push({
        code: "missing-urn",
        ...at,
        line,
        column: plan.columns.find((c) => c.index === urnIndex)?.header ?? "urn",
        value: "",
        message: "no URN: every row needs a school id",
      });
    }
    if (record.year === undefined) {
      if (!problemsHere.some((p) => p.column !== undefined && /year/i.test(p.column))) {
        problemsHere.push({
          code: "missing-year",
          ...at,
          line,
          column: plan.columns.find((c) => c.target.kind === "field" && c.target.field === "year")?.header ?? "year",
          value: "",
          message: "no year: every row needs the academic year's end (2018/19 is 2019)",
        });
      }
    } else if ((record.year as number) < 1900 || (record.year as number) > 2200) {
      problemsHere.push({
        code: "out-of-range",
        ...at,
        line,
        column: "year",
        value: String(record.year),
        message: `'${record.year}' is not a plausible academic year (expected, e.g., 2019 for 2018/19)`,
      });
    }
    if (record.successor === record.urn) delete record.successor;
    const intervals = record.intervals as Record<string, { lower?: number; upper?: number }> | undefined;
    if (intervals) {
      let kept = 0;
      for (const name of Object.keys(intervals)) {
        const iv = intervals[name] as { lower?: number; upper?: number };
        // Half an interval says nothing: keep only complete ones.
        if (iv.lower === undefined || iv.upper === undefined) delete intervals[name];
        else {
          kept++;
          if (iv.lower > iv.upper) {
            problemsHere.push({
              code: "bad-interval",
              ...at,
              line,
              column: name,
              value: `${iv.lower}..${iv.upper}`,
              message: `the lower limit for ${name} (${iv.lower}) is above the upper limit (${iv.upper})`,
            });
          }
        }
      }
      if (kept === 0) delete record.intervals;
    }
    if (problemsHere.length === 0) {
      // URN → [year, line, year, line, …]: no joined key string to build and hash for every row.
      const urn = record.urn as string;
      const year = record.year as number;
      const seen = firstLine.get(urn);
      let first: number | undefined;
      if (seen === undefined) firstLine.set(urn, [year, line]);
      else {
        for (let s = 0; s < seen.length; s += 2) if (seen[s] === year) first = seen[s + 1];
        if (first === undefined) seen.push(year, line);
      }
      if (first !== undefined) {
        problemsHere.push({
          code: "duplicate",
          ...at,
          line,
          column: plan.columns.find((c) => c.index === urnIndex)?.header ?? "urn",
          value: record.urn as string,
          message: `school ${record.urn as string} appears twice for ${record.year as number} (first on line ${first}): keep one row per school per year`,
        });
      }
    }
    if (problemsHere.length > 0) {
      reject(line, row, urnText, problemsHere);
      continue;
    }
    records.push(record as SchoolYear);
    lines.push(line);
  }

  if (mode === "strict" && rowProblems.length > 0) throw new FamiliesError(rowProblems);

  const used = new Set(plan.columns.map((c) => c.index));
  if (preset) for (const h of preset.required) used.add(findHeader(header, h));
  const report: ReadReport = {
    ...at,
    preset: presetName,
    rows: rowCount,
    records: records.length,
    rejected: rejected.length,
    skipped,
    years: [...new Set(records.map((r) => r.year))].sort((a, b) => a - b),
    columns: Object.fromEntries(plan.columns.map((c) => [targetLabel(c.target), c.header])),
    absentColumns: plan.absent,
    shortRows: padded,
    ignoredColumns: header.filter((_, i) => !used.has(i)),
    missing: Object.fromEntries(
      slots.flatMap((slot, k) =>
        (missingCounts[k] ?? 0) > 0 ? [[targetLabel(slot.column.target), missingCounts[k] ?? 0]] : [],
      ),
    ),
    codes: Object.fromEntries(codeCounts),
  };
  return { records, lines, rejected, report };
}

/**
 * {@link readSchools} without throwing for bad data.
 *
 * @returns `{ success: true, data: { records, rejected, report } }` or `{ success: false, error }`.
 * @example
 * safeReadSchools("urn,year,disadvantage\n1,2019,134%\n").success;
 * // => false
 */
export function safeReadSchools(text: string, options: ReadOptions = {}): SafeParseResult<ReadResult> {
  try {
    return { success: true, data: readSchools(text, options) };
  } catch (error) {
    if (error instanceof FamiliesError) return { success: false, error };
    throw error;
  }
}

/**
 * Joins the reads of several files (e.g. one per year) into one, checking that no school appears twice
 * for the same year across them.
 *
 * @param reads - Results of {@link readSchools}, in any order.
 * @param mode - `strict` (default) throws on a duplicate; `lenient` moves the later row to `rejected`.
 * @returns The records of all files in the order given, every rejected row, and the reports one per file.
 * @throws {FamiliesError} in strict mode, naming both places of each duplicate.
 */
export function combineReads(
  reads: readonly ReadResult[],
  mode: "strict" | "lenient" = "strict",
): { records: SchoolYear[]; rejected: RejectedRow[]; reports: ReadReport[] } {
  // One read has been checked for duplicates already: its records are the result.
  if (reads.length === 1) {
    const only = reads[0] as ReadResult;
    return { records: [...only.records], rejected: [...only.rejected], reports: [only.report] };
  }
  const records: SchoolYear[] = [];
  // Where record i came from, worked out only for the few that need a message.
  const starts: number[] = [];
  for (const read of reads) {
    starts.push(records.length);
    for (const r of read.records) records.push(r);
  }
  const where = (i: number): { file?: string; line?: number } => {
    let f = starts.length - 1;
    while (f > 0 && (starts[f] as number) > i) f--;
    const read = reads[f] as ReadResult;
    return {
      ...(read.report.file === undefined ? {} : { file: read.report.file }),
      line: read.lines[i - (starts[f] as number)] ?? 0,
    };
  };
  const dupes = duplicateProblems(records, where);
  if (dupes.length > 0 && mode === "strict") throw new FamiliesError(dupes);
  const rejected = reads.flatMap((r) => r.rejected);
  if (dupes.length === 0) return { records, rejected, reports: reads.map((r) => r.report) };
  const seen = new Set<string>();
  const kept: SchoolYear[] = [];
  records.forEach((r, i) => {
    const key = `${r.urn}\u0000${r.year}`;
    if (!seen.has(key)) {
      seen.add(key);
      kept.push(r);
      return;
    }
    const w = where(i);
    rejected.push({
      ...(w.file === undefined ? {} : { file: w.file }),
      line: w.line ?? 0,
      urn: r.urn,
      values: {},
      problems: dupes.filter((d) => d.file === w.file && d.line === w.line),
    });
  });
  return { records: kept, rejected, reports: reads.map((r) => r.report) };
}
