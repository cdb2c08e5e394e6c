import { maxOf, minOf, SCALAR_FIELD_NAMES } from "../fields.js";
import type { CsvRange } from "../text/csv.js";
import type { Target } from "./fields.js";
import type { ColumnPlan } from "./plan.js";

/** A column ready for the row loop: where its value goes, worked out once per file. */
export interface Slot {
  column: ColumnPlan;
  /** `field`: record[key]; `bag`: record[key][name]; `interval`: record.intervals[name][bound]. */
  kind: "field" | "bag" | "interval";
  key: string;
  name: string;
  bound: "lower" | "upper";
  /** Names such as `__proto__` need defineProperty to stay plain data. */
  plainName: boolean;
  /** The column rule's range and wholeness, unpacked once for the row loop's fast path. */
  min: number;
  max: number;
  integer: boolean;
  /** The value for a blank cell, or for every row when the file has no such column (`index` -1): phase and year. */
  fallback?: string | number;
  /** Phase labels are compared in lower case. */
  lowerCase?: boolean;
}

const FIELD_RANK = new Map<string, number>(SCALAR_FIELD_NAMES.map((f, i) => [f, i]));
const KIND_RANK: Record<Target["kind"], number> = { field: 0, subgroup: 1, subject: 2, interval: 3 };

/** Slots in the canonical key order of a record, so that records come out in one shape whatever the column order. */
export function orderSlots(slots: Slot[]): Slot[] {
  const rank = (s: Slot): number =>
    KIND_RANK[s.column.target.kind] * 1000 + (s.kind === "field" ? (FIELD_RANK.get(s.key) ?? 999) : 0);
  return slots
    .map((slot, order) => ({ slot, order }))
    .sort((a, b) => rank(a.slot) - rank(b.slot) || a.order - b.order)
    .map((x) => x.slot);
}

/** Where a planned column's value goes in a record. */
export function slotOf(column: ColumnPlan): Slot {
  const t = column.target;
  const rule = column.rule;
  const base = {
    column,
    bound: "lower" as "lower" | "upper",
    min: minOf(rule),
    max: maxOf(rule),
    integer: rule.type === "integer",
  };
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

function setOwn(bag: Record<string, unknown>, name: string, value: unknown, plain: boolean): void {
  if (plain) bag[name] = value;
  else Object.defineProperty(bag, name, { value, enumerable: true, writable: true, configurable: true });
}

/** Applies a read cell to a record under construction. */
export function put(record: Record<string, unknown>, slot: Slot, value: string | number): void {
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

/** Whether every cell of a row is empty or white space. */
export function isBlank(text: string, row: CsvRange): boolean {
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
