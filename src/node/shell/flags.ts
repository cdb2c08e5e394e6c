/// <reference types="node" />
// The command line's flags parsed (their rows are in flag-table.ts), and their checked values.
import { parseArgs } from "node:util";
import type { ContextField, FeatureOptions } from "../../features/features.js";
import type { PresetName } from "../../read/presets.js";
import { FEATURE_FLAG_WORDS, FEATURE_NAMES, type GROUP_FLAGS } from "./flag-table.js";
import { refuseOverwrite } from "./io.js";
import { UsageError } from "./usage.js";

type OptionTable = Record<
  string,
  { type: "string" | "boolean"; short?: string; multiple?: boolean; choices?: readonly string[] }
>;

/** The values `parseArgs` gives for a table of options, as it types them. */
export type Flags<O extends OptionTable> = ReturnType<
  typeof parseArgs<{ args: string[]; allowPositionals: true; options: O }>
>["values"];

/**
 * The edit distance between two short words (for "did you mean"), counting a swap of two neighbouring letters as one
 * edit ("gruop" is one from "group"): the optimal string alignment distance.
 */
export function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(
        (row[j] as number) + 1,
        (next[j - 1] as number) + 1,
        (row[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (before[j - 2] as number) + 1);
      next[j] = d;
    }
    before = row;
    row = next;
  }
  return row[b.length] as number;
}

/** The known flag nearest to an unknown one, when it is near enough to be what was meant. */
export function suggestFlag(unknown: string, known: readonly string[]): string | undefined {
  const word = unknown.replace(/^-+/, "").split("=")[0]?.toLowerCase() ?? "";
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const k of known) {
    const d = k.startsWith(word) && word.length >= 3 ? 0.5 : editDistance(word, k);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best !== undefined && bestD <= Math.max(1, Math.floor(word.length / 3)) ? `--${best}` : undefined;
}

/**
 * A command's flags and files, parsed by Node's parseArgs; its errors as usage errors in plain words: an unknown
 * option with the nearest known one ("did you mean --preset?"), an option without its value. An --out that is one of
 * the inputs is refused here, before any work.
 */
export function parseFlags<O extends OptionTable>(command: string, args: string[], options: O) {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: O }>>;
  try {
    parsed = parseArgs({ args: negativeValues(args, options), allowPositionals: true, options });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = (error as Error).message;
    const flag = /'(-[^' ]+)/.exec(message)?.[1];
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && flag !== undefined) {
      const near = suggestFlag(flag, Object.keys(options));
      throw new UsageError(`${command} has no option ${flag}${near ? `; did you mean ${near}?` : ""}`);
    }
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && flag !== undefined)
      throw new UsageError(`${flag} needs a value (fos ${command} --help says which)`);
    throw error;
  }
  const given = parsed.values as Record<string, unknown>;
  if (given["max-churn"] !== undefined && given.previous === undefined)
    throw new UsageError("--max-churn needs --previous: it is the share of last year's families that may change");
  checkChoices(given, options);
  refuseOverwrite(parsed.values, parsed.positionals);
  return parsed;
}

/** Each word given to a flag that takes one of a list (its row's `choices`), checked before any file is read. */
function checkChoices(given: Record<string, unknown>, options: OptionTable): void {
  for (const [flag, value] of Object.entries(given)) {
    const choices = Object.hasOwn(options, flag) ? options[flag]?.choices : undefined;
    if (choices === undefined || typeof value !== "string" || choices.includes(value)) continue;
    const list = `${choices.slice(0, -1).join(", ")} or ${choices[choices.length - 1]}`;
    throw new UsageError(`--${flag} must be ${list}, not '${value}'`);
  }
}

/**
 * `--min -3` as `--min=-3`: parseArgs takes a value starting with '-' for a flag, and would say "--min needs a value";
 * a negative number after a flag that takes a value is that value (and the flag's own check then says what is wrong).
 */
function negativeValues(args: readonly string[], options: OptionTable): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const name = arg.startsWith("--") ? arg.slice(2) : undefined;
    const next = args[i + 1];
    const takesValue = name !== undefined && Object.hasOwn(options, name) && options[name]?.type === "string";
    if (takesValue && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** A flag's number, or undefined when the flag was not given; a usage error when it is not a number. */
export function numberFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n)) throw new UsageError(`--${flag} takes a number, not '${value}'`);
  return n;
}

/** The preset named by --preset, checked. */
export function presetFlag(value: string | undefined): PresetName {
  // parseFlags has checked it against the preset's row.
  return (value ?? "generic") as PresetName;
}

/** The core fields a preset maps, in words for messages. */
export const FIELD_WORDS: Record<string, string> = {
  attainment: "attainment",
  priorAttainment: "prior attainment",
  disadvantage: "disadvantage",
  cohort: "cohort size",
};

/** The name --allow-missing takes for each core field. */
export const ALLOW_NAMES: Record<string, string> = {
  attainment: "attainment",
  priorAttainment: "prior",
  disadvantage: "disadvantage",
  cohort: "cohort",
};

/** --allow-missing NAME (repeated, or comma-separated) as the fields it allows to be missing. */
export function allowMissingFlag(values: readonly string[] | undefined): Set<string> {
  const names = new Map<string, string>([
    ...Object.entries(ALLOW_NAMES).map(([field, name]) => [name, field] as const),
    ...[...FEATURE_NAMES].filter(([, f]) => Object.hasOwn(ALLOW_NAMES, f)),
    ["cohort", "cohort"],
    ["attainment", "attainment"],
  ]);
  const out = new Set<string>();
  for (const value of values ?? [])
    for (const part of value.split(",")) {
      const field = names.get(part.trim().toLowerCase());
      if (field === undefined)
        throw new UsageError(
          `--allow-missing takes ${Object.values(ALLOW_NAMES).join(", ")} (comma-separated or repeated), not '${part.trim()}'`,
        );
      out.add(field);
    }
  return out;
}

/** `prior=0.66,disadvantage=0.34` as weights by feature. */
export function parseWeights(text: string): Partial<Record<ContextField, number>> {
  const out: Partial<Record<ContextField, number>> = {};
  for (const part of text.split(",")) {
    const m = /^\s*([A-Za-z_]+)\s*=\s*([0-9.]+)\s*$/.exec(part);
    // A Map, not an object: '__proto__' or 'constructor' is no feature.
    const field = m ? FEATURE_NAMES.get((m[1] as string).toLowerCase()) : undefined;
    if (!m || !field || !Number.isFinite(Number(m[2]))) {
      throw new UsageError(
        `--weights: cannot read '${part.trim()}'; write feature=weight pairs such as prior=0.66,disadvantage=0.34 (features: ${FEATURE_FLAG_WORDS.join(", ")})`,
      );
    }
    out[field] = Number(m[2]);
  }
  return out;
}

/** The feature flags shared by group and benchmark, checked. */
export function featureFlags(values: Flags<typeof GROUP_FLAGS>): FeatureOptions {
  // --by and --standardise are checked against their rows' choices by parseFlags.
  const { weights } = values;
  const by = values.by as FeatureOptions["by"];
  const standardise = values.standardise as FeatureOptions["standardise"];
  const year = numberFlag(values.year, "year");
  const contextYears = numberFlag(values["context-years"], "context-years");
  return {
    ...(values["include-absent"] ? { includeAbsent: true } : {}),
    ...(contextYears === undefined ? {} : { contextYears }),
    ...(weights === undefined ? {} : { weights: parseWeights(weights) }),
    ...(by === undefined ? {} : { by }),
    ...(standardise === undefined ? {} : { standardise }),
    ...(year === undefined ? {} : { year }),
  };
}

/** The feature flags and --min, --max and --size, checked: what grouping and regrouping share. */
export function familyFlags(
  values: Flags<typeof GROUP_FLAGS>,
): FeatureOptions & { min?: number; max?: number; size?: number } {
  const min = numberFlag(values.min, "min");
  const max = numberFlag(values.max, "max");
  const size = numberFlag(values.size, "size");
  return {
    ...featureFlags(values),
    ...(min === undefined ? {} : { min }),
    ...(max === undefined ? {} : { max }),
    ...(size === undefined ? {} : { size }),
  };
}

/** Prints a command's help when asked (returns true), and checks the output flags. */
export function helpOrCheck(help: string, values: { help?: boolean; json?: boolean; csv?: boolean }): boolean {
  if (values.help) {
    process.stdout.write(`${help}\n`);
    return true;
  }
  if (values.json && values.csv) throw new UsageError("choose one of --json and --csv");
  return false;
}
