// Why an accuracy row has no result, or means less than it seems: what a reader of the quality table needs beside
// a dash or beside the 50 nearest of a set barely larger than 50.
import type { School } from "../panel/panel.js";

/** Why no school was scored: no school has the measure, or no group has two schools with it. */
export function emptyNote(
  values: ReadonlyMap<string, number>,
  measure: string,
  year: number,
  kind: "families" | "neighbours",
): string {
  const what =
    measure === "improvement"
      ? `an improvement to ${year} (results in at least two of the three years)`
      : `${measure} in ${year}`;
  if (values.size === 0) return `no school has ${what}`;
  return kind === "families"
    ? `no group has two schools with ${what}`
    : `no school with ${what} has a neighbour with it`;
}

/**
 * When a partition is too small for k nearest to be a comparison group: with k or more of the others, the k nearest
 * are everyone else; with fewer than 2k + 1 schools, more than half of them. Undefined when every partition has more.
 */
export function crowdNote(sizes: ReadonlyMap<string, number>, k: number): string | undefined {
  const parts: string[] = [];
  for (const [key, n] of [...sizes].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))) {
    if (n - 1 <= k)
      parts.push(
        `only ${n} ${key} school${n === 1 ? "" : "s"}: each school's ${k} nearest are all the other ${n - 1}, the average of everyone else`,
      );
    else if (n <= 2 * k)
      parts.push(
        `only ${n} ${key} schools: each school's ${k} nearest are ${k} of the other ${n - 1}, nearly everyone`,
      );
  }
  return parts.length > 0 ? `${parts.join("; ")} (not a comparison group)` : undefined;
}

/** Each partition's size, from its members' partition keys. */
export function sizesOf(keys: Iterable<string>): Map<string, number> {
  const out = new Map<string, number>();
  for (const key of keys) out.set(key, (out.get(key) ?? 0) + 1);
  return out;
}

/** Why the financial comparators scored no school: which of pupils, disadvantage and SEN no school has. */
export function financialNote(
  points: readonly { urn: string; year: number }[],
  records: ReadonlyMap<string, School>,
): string {
  const fields = [
    ["cohort", "pupil numbers (cohort)"],
    ["disadvantage", "disadvantage"],
    ["sen", "SEN"],
  ] as const;
  const missing = fields.filter(([field]) =>
    points.every((p) => records.get(p.urn)?.years.find((y) => y.year === p.year)?.[field] === undefined),
  );
  if (missing.length > 0)
    return `no school has ${missing.map(([, words]) => words).join(" or ")} in this data: the comparators need pupils, disadvantage and SEN`;
  return "no school has all three of pupils, disadvantage and SEN with a result to predict";
}
