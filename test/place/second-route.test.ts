// A second route to the Wythenshawe table (docs/places.md): every profile figure and the choice of the two places most like
// each Wythenshawe place, re-derived from the two fixture files with plain loops (a quote-aware line splitter, sums,
// and a printed table of Student's t), not through the library's readers, profiles or similarity. Only the places'
// memberships come from neighbourhoodClusters.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { neighbourhoodClusters, panel, readGias, registerRecords } from "../../src/index.js";
import { fixture, ROOT } from "../helpers.js";

/** One CSV line's cells, quotes undone. */
function cells(line: string): string[] {
  const out: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (c === "," && !quoted) {
      out.push(cell);
      cell = "";
    } else cell += c;
  }
  out.push(cell);
  return out;
}

/** A CSV file's rows as objects by header. */
function rows(text: string): Record<string, string>[] {
  const [header, ...lines] = text
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\n");
  const names = cells(header as string);
  return lines.map((l) => {
    const c = cells(l);
    const r: Record<string, string> = {};
    for (let i = 0; i < names.length; i++) r[names[i] as string] = c[i] ?? "";
    return r;
  });
}

/** Two-sided 95% points of Student's t for 1–20 degrees of freedom, as printed in any statistics table. */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086,
];

type Measure = "disadvantage" | "eal" | "sen" | "ks4" | "overall" | "persistent";
const COLUMN: Record<Measure, string> = {
  disadvantage: "disadvantage",
  eal: "eal",
  sen: "sen",
  ks4: "attainment",
  overall: "overall_absence",
  persistent: "persistent_absence",
};

describe("docs/places.md's Wythenshawe table, by a second route", () => {
  const giasText = fixture("dfe/2022-07_gias_gm_excerpt.csv");
  const gias = rows(giasText);
  const context = new Map(rows(fixture("dfe/gm_2019_context.csv")).map((r) => [r.urn as string, r]));
  const school = new Map(gias.map((g) => [g.URN as string, g]));
  // The places' memberships (and the Wythenshawe ones, by postcode), from the library.
  const { schools } = panel(registerRecords(readGias(giasText).establishments, 2019));
  const places = neighbourhoodClusters(schools).clusters;

  /** A place's pupil-weighted mean, standard error and margin on one measure, by plain loops. */
  function profile(members: readonly string[], m: Measure) {
    let sw = 0;
    let swx = 0;
    let sww = 0;
    const xs: { x: number; w: number }[] = [];
    for (const urn of members) {
      const g = school.get(urn) as Record<string, string>;
      const c = context.get(urn);
      const phase = g["PhaseOfEducation (name)"];
      if (m === "ks4" && phase !== "Secondary" && phase !== "All-through") continue;
      const raw = c?.[COLUMN[m]];
      if (raw === undefined || raw === "") continue;
      const pupils = c?.pupils ? Number(c.pupils) : g.NumberOfPupils ? Number(g.NumberOfPupils) : 1;
      const w = Math.max(1, pupils);
      xs.push({ x: Number(raw), w });
      sw += w;
      swx += w * Number(raw);
      sww += w * w;
    }
    if (xs.length === 0) return undefined;
    const mean = swx / sw;
    if (xs.length === 1) return { mean, n: 1 };
    let ss = 0;
    for (const { x, w } of xs) ss += w * (x - mean) * (x - mean);
    const nEff = (sw * sw) / sww;
    const se = Math.sqrt(ss / sw / Math.max(1, nEff - 1));
    return { mean, n: xs.length, margin: (T975[xs.length - 2] as number) * se };
  }
  const text = (v: ReturnType<typeof profile>) =>
    v === undefined
      ? "—"
      : `${v.mean.toFixed(1)}${v.margin === undefined ? "" : ` ± ${v.margin.toFixed(1)}`}${v.n < 5 ? ` (n = ${v.n})` : ""}`;
  /** A place's main authority: the LA code most of its schools have, ties to the lower code. */
  const mainLa = (members: readonly string[]) => {
    const count = new Map<string, number>();
    for (const u of members) {
      const la = school.get(u)?.["LA (code)"] as string;
      count.set(la, (count.get(la) ?? 0) + 1);
    }
    return [...count].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
  };

  it("has the profile figures and the similar places the README prints", () => {
    const wythenshawe = new Set(gias.filter((g) => /^M2[23] /.test(g.Postcode as string)).map((g) => g.URN));
    const here = places.filter((c) => c.members.filter((u) => wythenshawe.has(u)).length * 2 > c.members.length);
    // z-scores of each context measure across the places, then each place's two nearest elsewhere (RMS distance).
    const context3: Measure[] = ["disadvantage", "eal", "sen"];
    const z = places.map(() => [] as (number | undefined)[]);
    for (const [j, m] of context3.entries()) {
      const means = places.map((c) => profile(c.members, m)?.mean);
      const have = means.filter((v): v is number => v !== undefined);
      let sum = 0;
      for (const v of have) sum += v;
      const mean = sum / have.length;
      let ss = 0;
      for (const v of have) ss += (v - mean) * (v - mean);
      const sd = Math.sqrt(ss / (have.length - 1));
      for (const [i, v] of means.entries())
        (z[i] as (number | undefined)[])[j] = v === undefined ? undefined : (v - mean) / sd;
    }
    const columns: string[] = [];
    for (const c of here) {
      const i = places.indexOf(c);
      const near: { id: string; d: number }[] = [];
      for (const [q, o] of places.entries()) {
        if (q === i || mainLa(o.members) === mainLa(c.members)) continue;
        let ss = 0;
        let n = 0;
        for (let j = 0; j < 3; j++) {
          const a = (z[i] as (number | undefined)[])[j];
          const b = (z[q] as (number | undefined)[])[j];
          if (a === undefined || b === undefined) continue;
          ss += (a - b) * (a - b);
          n++;
        }
        if (n > 0) near.push({ id: o.id, d: Math.sqrt(ss / n) });
      }
      near.sort((a, b) => a.d - b.d || (a.id < b.id ? -1 : 1));
      for (const id of [c.id, ...near.slice(0, 2).map((x) => x.id)]) if (!columns.includes(id)) columns.push(id);
    }
    const byId = new Map(places.map((c) => [c.id, c.members]));
    const readme = readFileSync(join(ROOT, "docs", "places.md"), "utf8");
    const at = readme.indexOf("| 2019, pupil-weighted");
    const table = readme
      .slice(at, readme.indexOf("\n\n", at))
      .split("\n")
      .filter((l) => !/^\|[-| ]+\|$/.test(l))
      .map((l) =>
        l
          .split("|")
          .slice(1, -1)
          .map((c) => c.trim()),
      );
    expect(table[0]?.slice(1).map((h) => h.replace(" (Wythenshawe)", ""))).toEqual(columns);
    const labels: [string, Measure][] = [
      ["% disadvantaged (ever FSM)", "disadvantage"],
      ["% EAL", "eal"],
      ["% SEN support", "sen"],
      ["KS4 Attainment 8", "ks4"],
      ["% overall absence", "overall"],
      ["% persistently absent", "persistent"],
    ];
    for (const [label, m] of labels) {
      const row = table.find((r) => r[0] === label);
      expect(row?.slice(1)).toEqual(columns.map((id) => text(profile(byId.get(id) as string[], m))));
    }
    expect(table.find((r) => r[0] === "schools")?.slice(1)).toEqual(columns.map((id) => String(byId.get(id)?.length)));
  });
});
