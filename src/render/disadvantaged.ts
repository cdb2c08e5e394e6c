import type { FamilyBenchmark, MemberBenchmark } from "../benchmark/types.js";
import { escapeMarkup } from "./escape.js";

/** Options for {@link disadvantagedParagraph}. */
export interface DisadvantagedParagraphOptions {
  /**
   * How results read: `percentage` ("42% met the expected standard", KS2) or `score` ("an average Attainment 8 of
   * 38.2", KS4). Default: `percentage` for a primary school, `score` otherwise.
   */
  kind?: "percentage" | "score";
}

const Z95 = 1.96;

/**
 * The paragraph a school's section leads with: its disadvantaged pupils against its family's, against other pupils
 * in schools like it and nationally, whether each difference is more than chance, which members' disadvantaged
 * pupils do best, and where its results are heading (a projection, not a target) — in the words a head teacher
 * would use. Empty when the school has no result for disadvantaged pupils (e.g. suppressed). O(family size).
 *
 * @param family - The school's family, from `benchmarkFamilies`.
 * @param urn - The school's URN.
 * @param options - See {@link DisadvantagedParagraphOptions}.
 * @returns An HTML fragment (`<p class="disadvantaged">…</p>`), text escaped; "" when there is nothing to say.
 * @example
 * disadvantagedParagraph(benchmarks.families[0], "105015").split(". ")[0];
 * // => '<p class="disadvantaged">Of its 38 disadvantaged pupils, 29% met the expected standard'
 */
export function disadvantagedParagraph(
  family: FamilyBenchmark,
  urn: string,
  options: DisadvantagedParagraphOptions = {},
): string {
  const m = family.members.find((x) => x.urn === urn);
  const d = m?.disadvantaged;
  if (m === undefined || d === undefined) return "";
  const kind = options.kind ?? (m.phase === "primary" ? "percentage" : "score");
  const value = (x: number) => (kind === "percentage" ? `${Math.round(x)}%` : x.toFixed(1));
  const diff = (x: number) => {
    const n = kind === "percentage" ? Math.round(Math.abs(x)) : Number(Math.abs(x).toFixed(1));
    return `${n} ${kind === "percentage" ? "percentage point" : "point"}${n === 1 ? "" : "s"}`;
  };
  const side = (x: number) => (x >= 0 ? "above" : "below");
  const chance = (x: number, se: number | undefined) =>
    se === undefined
      ? ""
      : Math.abs(x) > Z95 * se
        ? " (more than chance alone would give)"
        : " (within what chance alone could give)";
  const pupils =
    d.pupils === undefined
      ? "its disadvantaged pupils"
      : `its ${d.pupils} disadvantaged pupil${d.pupils === 1 ? "" : "s"}`;
  const result =
    kind === "percentage"
      ? `${value(d.attainment)} met the expected standard`
      : `the average Attainment 8 score was ${value(d.attainment)}`;
  const s: string[] = [`Of ${pupils}, ${result}${poolWords(m)}.`];
  const fam = family.disadvantaged;
  if (d.vsFamily !== undefined && d.familyAverage !== undefined)
    s.push(
      `Disadvantaged pupils in its family of similar schools reached ${value(d.familyAverage)}${fam ? ` (${fam.pupils} pupils in ${fam.members} schools)` : ""}: this school is ${diff(d.vsFamily)} ${side(d.vsFamily)} them${chance(d.vsFamily, d.vsFamilySE)}.`,
    );
  const gaps: string[] = [];
  if (d.familyGap !== undefined && d.familyOther !== undefined)
    gaps.push(`${diff(d.familyGap)} ${side(d.familyGap)} other pupils in schools like it (${value(d.familyOther)})`);
  if (d.gap !== undefined && d.nationalOther !== undefined)
    gaps.push(`${diff(d.gap)} ${side(d.gap)} other pupils nationally (${value(d.nationalOther)})`);
  if (gaps.length > 0) s.push(`Its disadvantaged pupils are ${gaps.join(", and ")}.`);
  const best = (fam?.best ?? []).filter((b) => b.urn !== urn && b.attainment > d.attainment);
  if (best.length > 0)
    s.push(
      `In the family, disadvantaged pupils do best at ${listWords(best.map((b) => `${b.name ?? b.urn} (${value(b.attainment)}${b.pupils === undefined ? "" : ` of ${b.pupils}`})`))}: schools like this one to learn from.`,
    );
  const p = m.projection;
  if (p)
    s.push(
      `Its results overall are heading for about ${value(p.attainment)} in ${p.year} (likely between ${value(p.low)} and ${value(p.high)}): a projection, not a target.`,
    );
  return `<p class="disadvantaged">${escapeMarkup(s.join(" "))}</p>`;
}

/** ", over 2015–2019 together" when the member's results were pooled. */
function poolWords(m: MemberBenchmark): string {
  const years = m.outcome?.years;
  if (years === undefined || years.length < 2) return "";
  return ` (${years[0]}–${years[years.length - 1]} taken together, as one year's cohort is small)`;
}

/** "A", "A and B", "A, B and C". */
function listWords(xs: readonly string[]): string {
  return xs.length <= 1 ? (xs[0] ?? "") : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`;
}
