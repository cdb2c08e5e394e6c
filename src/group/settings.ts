import { ArgumentError, checkOptions } from "../errors.js";

/** The options of groupFamilies that are numbers or words to check (the rest are checked where they are used). */
interface Checked {
  min?: number;
  max?: number;
  size?: number;
  maxPerLa?: number;
  effort?: string;
  starts?: number;
  maxPasses?: number;
}

/** The family sizes groupFamilies makes unless told otherwise: 12 to 20 schools, as in Greater Manchester. */
export const FAMILY_SIZES = { min: 12, max: 20 } as const;

/** The efforts groupFamilies can spend (see its `effort` option). */
export const EFFORTS = ["standard", "thorough"] as const;

/** Checks groupFamilies' options for a public function (`caller`), whose name the errors carry; the bounds. */
export function checkGroupOptions(caller: string, options: Checked): { min: number; max: number } {
  checkOptions(caller, options);
  const min = options.min ?? FAMILY_SIZES.min;
  const max = options.max ?? FAMILY_SIZES.max;
  checkBounds(caller, min, max, options.size, options.maxPerLa);
  if (options.effort !== undefined && !(EFFORTS as readonly string[]).includes(options.effort))
    throw new ArgumentError(
      caller,
      `must be "standard" or "thorough", not ${JSON.stringify(options.effort)}`,
      "effort",
    );
  for (const [name, most] of [
    ["starts", 1000],
    ["maxPasses", 10000],
  ] as const) {
    const v = options[name];
    if (v !== undefined && !(Number.isInteger(v) && v >= 1 && v <= most))
      throw new ArgumentError(caller, `must be a whole number from 1 to ${most}, not ${v}`, name);
  }
  return { min, max };
}

function checkBounds(
  caller: string,
  min: number,
  max: number,
  size: number | undefined,
  maxPerLa: number | undefined,
): void {
  for (const [name, v] of [
    ["min", min],
    ["max", max],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ArgumentError(caller, `must be a whole number ≥ 1, not ${v}`, name);
  }
  if (min > max) throw new ArgumentError(caller, `(${min}) is larger than max (${max})`, "min");
  if (size !== undefined && !(Number.isFinite(size) && size > 0))
    throw new ArgumentError(caller, `must be a number above 0, not ${size}`, "size");
  if (
    maxPerLa !== undefined &&
    !(Number.isFinite(maxPerLa) && maxPerLa > 0 && (maxPerLa < 1 || Number.isInteger(maxPerLa)))
  ) {
    throw new ArgumentError(
      caller,
      `must be a whole number ≥ 1 or a share between 0 and 1, not ${maxPerLa}`,
      "maxPerLa",
    );
  }
}
