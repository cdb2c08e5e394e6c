// A second route to the disadvantaged-pupils paragraph that README.md and docs/disadvantaged.md print for a Hampshire
// junior school (116052): its code run as written, and each figure re-derived from the DfE file's own columns by
// plain loops over the family's members (no library helper past reading the files and grouping the families).
/// <reference types="node" />
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  benchmarkFamilies,
  combineReads,
  disadvantagedParagraph,
  familyReport,
  groupFamilies,
  panel,
  readSchools,
} from "../../src/index.js";
import { fixture, ROOT } from "../helpers.js";

const KS2 = ["2016-2017", "2017-2018", "2018-2019"].map((y) => `dfe/${y}_850_excerpt_ks2final.csv`);

/** The 2018/19 file's rows by URN: each column by name (no quoted commas before the columns read here). */
function rows2019(): Map<string, Record<string, string>> {
  const [head, ...lines] = fixture(KS2[2] as string)
    .replace(/^\uFEFF/, "")
    .trim()
    .split(/\r?\n/);
  const cols = (head as string).split(",");
  const out = new Map<string, Record<string, string>>();
  for (const line of lines) {
    const cells: string[] = [];
    let cell = "";
    let quoted = false;
    for (const ch of line) {
      if (ch === '"') quoted = !quoted;
      else if (ch === "," && !quoted) {
        cells.push(cell);
        cell = "";
      } else cell += ch;
    }
    cells.push(cell);
    const row = Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? ""]));
    if (row.URN) out.set(row.URN, row);
  }
  return out;
}

const pct = (v: string | undefined): number | undefined =>
  v !== undefined && /^\d+(\.\d+)?%?$/.test(v) ? Number.parseFloat(v) : undefined;

describe("the README's disadvantaged-pupils paragraph, by a second route", () => {
  it("prints what the code gives, and each figure is the DfE file's, pupil-weighted over the family", () => {
    const { schools } = panel(
      combineReads(KS2.map((f) => readSchools(fixture(f), { preset: "dfe-ks2", file: f }))).records,
    );
    const b = benchmarkFamilies(groupFamilies(schools, { min: 5, max: 9 }), schools, { nationalOther: 71 });
    const family = b.families[0];
    if (!family) throw new Error("no family");
    const text = disadvantagedParagraph(family, "116052").replace(/<[^>]+>/g, "");
    // The paragraph as both documents print it (their block quote, joined).
    // README.md quotes its first sentences (then "…"), docs/disadvantaged.md the whole of it.
    for (const [doc, end] of [
      ["README.md", text.indexOf(" Its disadvantaged pupils")],
      ["docs/disadvantaged.md", text.length],
    ] as const) {
      const quoted = readFileSync(`${ROOT}${doc}`, "utf8")
        .split("\n")
        .filter((l) => l.startsWith("> "))
        .map((l) => l.slice(2))
        .join(" ");
      expect(quoted, doc).toContain(text.slice(0, end));
    }

    const raw = rows2019();
    const own = raw.get("116052") as Record<string, string>;
    let pupils = 0;
    let met = 0;
    let withValue = 0;
    let otherPupils = 0;
    let otherMet = 0;
    for (const m of family.members) {
      const r = raw.get(m.urn);
      const n = Number(r?.TFSM6CLA1A);
      const p = pct(r?.PTRWM_EXP_FSM6CLA1A);
      if (p !== undefined && n > 0) {
        pupils += n;
        met += (p * n) / 100;
        withValue++;
      }
      const no = Number(r?.TNotFSM6CLA1A);
      const po = pct(r?.PTRWM_EXP_NotFSM6CLA1A);
      if (po !== undefined && no > 0) {
        otherPupils += no;
        otherMet += (po * no) / 100;
      }
    }
    const school = pct(own.PTRWM_EXP_FSM6CLA1A) as number;
    const familyRate = (100 * met) / pupils;
    const otherRate = (100 * otherMet) / otherPupils;
    const r0 = (x: number) => Math.round(x).toString();
    expect(text).toContain(`Of its ${own.TFSM6CLA1A} disadvantaged pupils, ${r0(school)}% met the expected standard.`);
    expect(text).toContain(`reached ${r0(familyRate)}% (${pupils} pupils in ${withValue} schools)`);
    expect(text).toContain(`this school is ${r0(Math.abs(school - familyRate))} percentage points above them`);
    expect(text).toContain(
      `${r0(otherRate - school)} percentage points below other pupils in schools like it (${r0(otherRate)}%)`,
    );
    expect(text).toContain(`and ${71 - school} percentage points below other pupils nationally (71%)`);
    expect([own.TFSM6CLA1A, r0(school), r0(familyRate), pupils, withValue]).toEqual(["20", "35", "30", 161, 7]);
  });

  it("says which family average is which: the table's is the mean of the schools, the paragraph's the pupils taken together", () => {
    const { schools } = panel(
      combineReads(KS2.map((f) => readSchools(fixture(f), { preset: "dfe-ks2", file: f }))).records,
    );
    const b = benchmarkFamilies(groupFamilies(schools, { min: 5, max: 9 }), schools, { nationalOther: 71 });
    const family = b.families[0];
    if (!family) throw new Error("no family");
    const html = familyReport(b);
    const section = html.slice(html.indexOf('id="school-116052"'));
    expect(section).toContain('<th scope="col" class="num">Family average (of its schools)</th>');
    // The pupil-groups table's row for disadvantaged pupils: the mean of the members' percentages, one a school.
    const raw = rows2019();
    let total = 0;
    let n = 0;
    for (const m of family.members) {
      const p = pct(raw.get(m.urn)?.PTRWM_EXP_FSM6CLA1A);
      if (p === undefined) continue;
      total += p;
      n++;
    }
    const row = section.match(
      /<th scope="row">Disadvantaged pupils<\/th><td class="num">[^<]*<\/td><td class="num">([^<]*)<\/td>/,
    );
    expect(row?.[1]).toBe(`${Number((total / n).toFixed(1))}%`);
    // …where the paragraph's 30% is the 161 pupils taken together (the test above).
    expect(Math.round(total / n)).not.toBe(30);
  });
});
