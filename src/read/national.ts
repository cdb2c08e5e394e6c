import { ANY_NUMBER } from "../fields.js";
import { splitCsv } from "../text/csv.js";
import { findHeader } from "./plan.js";
import type { PresetName } from "./presets.js";
import { readCell } from "./values.js";

/** Each DfE layout's national row for state-funded schools (`RECTYPE`) and its other pupils' headline column. */
const NATIONAL: Readonly<Record<Exclude<PresetName, "generic">, { rectype: string; other: string }>> = {
  "dfe-ks2": { rectype: "5", other: "PTRWM_EXP_NotFSM6CLA1A" },
  "dfe-ks4": { rectype: "7", other: "ATT8SCR_NFSM6CLA1A" },
};

/**
 * The national result of pupils who are not disadvantaged, from a DfE performance-table file's own national row for
 * state-funded schools (KS2 `RECTYPE` 5, KS4 `RECTYPE` 7): the figure the DfE measures its disadvantage gap from,
 * for `benchmarkFamilies`' `nationalOther`. Only that row is read (DfE files put `RECTYPE` first and the national
 * rows last, so the search starts at the end). O(file length) at worst.
 *
 * @param text - The file's text, as given to `readSchools`.
 * @param preset - `dfe-ks2` or `dfe-ks4`.
 * @returns The national other pupils' result, or undefined when the file has no such row or value (e.g. suppressed).
 * @example
 * nationalOtherPupils("RECTYPE,URN,PTRWM_EXP_NotFSM6CLA1A\n1,116182,65%\n5,,71%\n", "dfe-ks2");
 * // => 71
 */
export function nationalOtherPupils(text: string, preset: Exclude<PresetName, "generic">): number | undefined {
  const { rectype, other } = NATIONAL[preset];
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const end = body.indexOf("\n");
  if (end < 0) return undefined;
  const header = body.slice(0, end + 1);
  let at = body.lastIndexOf(`\n${rectype},`);
  if (at < 0) at = body.lastIndexOf(`\n"${rectype}",`);
  if (at < 0) return undefined;
  const stop = body.indexOf("\n", at + 1);
  const table = splitCsv(header + body.slice(at + 1, stop < 0 ? undefined : stop));
  const k = findHeader(table.header, other);
  const cell = table.rows[0]?.cells[k];
  if (k < 0 || cell === undefined || findHeader(table.header, "RECTYPE") !== 0) return undefined;
  const read = readCell(cell, ANY_NUMBER);
  return read.ok && typeof read.value === "number" ? read.value : undefined;
}
