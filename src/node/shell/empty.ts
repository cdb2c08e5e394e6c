/// <reference types="node" />
// Empty results: a command that would write no family, no group, no benchmark, no pair, no place or no score says
// why, names the schools it left out and what to do, and exits 1, instead of writing an empty file and exiting 0.
import { FEATURE_WORDS } from "../../features/features.js";
import type { School } from "../../panel/panel.js";
import { plural } from "./print.js";

/** A result with nothing in it: printed as its lines on stderr, exit 1 (main.ts). */
export class EmptyResult extends Error {
  readonly lines: readonly string[];

  constructor(lines: readonly string[]) {
    super(lines[0]);
    this.lines = lines;
  }
}

/** The features the command line's --weights names, by the library's name. */
const WEIGHT_NAMES = {
  priorAttainment: "prior",
  disadvantage: "disadvantage",
  eal: "eal",
  sen: "sen",
  mobility: "mobility",
  overallAbsence: "absence",
} as const;

type Feature = keyof typeof WEIGHT_NAMES;

/**
 * Every school left out, named: one line for each reason, with the URNs it applies to. So that no school goes
 * unmentioned whatever the output's format (a CSV of families has no row for them).
 */
export function leftOutLines(schools: readonly { urn: string; reason: string }[], indent = "  "): string[] {
  const byReason = new Map<string, string[]>();
  for (const s of schools) {
    const list = byReason.get(s.reason);
    if (list) list.push(s.urn);
    else byReason.set(s.reason, [s.urn]);
  }
  return [...byReason].map(
    ([reason, urns]) => `${indent}${reason} — ${plural(urns.length, "school")}: ${urns.join(", ")}`,
  );
}

/** "a.csv", "a.csv and b.csv", "the 3 files". */
function filesWord(files: readonly string[]): string {
  const named = files.map((f) => (f.replace(/^\d{4}=/, "") === "-" ? "stdin" : f.replace(/^\d{4}=/, "")));
  if (named.length === 0) return "the data";
  if (named.length <= 2) return named.join(" and ");
  return `the ${named.length} files`;
}

/**
 * Why no school could be grouped, and what to do: a year no school has, a feature no school has (with the features
 * the data does have, as --weights to copy), or, when neither, the reasons listed.
 */
export function whyNoneGrouped(
  schools: readonly School[],
  features: readonly { name: string }[],
  files: readonly string[],
  year: number | undefined,
): string[] {
  const where = filesWord(files);
  const years = [...new Set(schools.flatMap((s) => s.years.map((y) => y.year)))].sort((a, b) => a - b);
  if (year !== undefined && !years.includes(year)) {
    const span = years.length === 0 ? "none" : `${years[0]}–${years[years.length - 1]}`;
    return [
      `no school in ${where} has data for ${year} (--year ${year}): the data's years are ${span}; give one of them with --year, or leave --year out (each school's latest year)`,
    ];
  }
  const has = (f: Feature) => schools.some((s) => s.years.some((y) => y[f] !== undefined));
  const all = Object.keys(WEIGHT_NAMES) as Feature[];
  const absent = features.map((f) => f.name as Feature).filter((f) => all.includes(f) && !has(f));
  if (absent.length === 0) return inOtherYears(schools, features, where, year ?? years[years.length - 1], years);
  const present = all.filter(has);
  const fix =
    present.length === 0
      ? `the data has none of the features (${Object.values(WEIGHT_NAMES).join(", ")}): check its columns ('fos validate' notes those it does not read), its --preset, or give a --map`
      : `choose features the data has with --weights ${present.map((f) => `${WEIGHT_NAMES[f]}=1`).join(",")}`;
  return [`no ${absent.map((f) => FEATURE_WORDS[f]).join(" or ")} in ${where}: ${fix}`];
}

/**
 * The features every school lacks in the year grouped on, where other years have them (a provisional KS4 file has
 * no prior attainment or disadvantage): that year, and the fix.
 */
function inOtherYears(
  schools: readonly School[],
  features: readonly { name: string }[],
  where: string,
  target: number | undefined,
  years: readonly number[],
): string[] {
  if (target === undefined) return [];
  const all = Object.keys(WEIGHT_NAMES) as Feature[];
  const inYear = (f: Feature, y: number) =>
    schools.some((s) => s.years.some((r) => r.year === y && r[f] !== undefined));
  const missing = features.map((f) => f.name as Feature).filter((f) => all.includes(f) && !inYear(f, target));
  const others = years.filter((y) => y !== target && missing.every((f) => inYear(f, y)));
  const last = others[others.length - 1];
  if (missing.length === 0 || last === undefined) return [];
  return [
    `no ${missing.map((f) => FEATURE_WORDS[f]).join(" or ")} for ${target} in ${where}, though ${others.join(", ")} ${others.length === 1 ? "has" : "have"} them: group on ${last} with --year ${last}, or add ${target}'s context (the school census, with --map)`,
  ];
}

/** The lines of an empty grouping: what is empty, why (when known), then every school with its reason. */
export function noGroupLines(
  what: string,
  schools: readonly School[],
  result: { features: readonly { name: string }[]; unassigned: readonly { urn: string; reason: string }[] },
  files: readonly string[],
  year: number | undefined,
): string[] {
  const n = result.unassigned.length;
  return [
    n === 0
      ? `${what}: there is no school to place`
      : `${what}: ${n === 1 ? "the one school could not be placed" : `none of the ${n} schools could be placed`}`,
    ...whyNoneGrouped(schools, result.features, files, year),
    ...(n === 0 ? [] : ["every school, with the reason:", ...leftOutLines(result.unassigned)]),
  ];
}
