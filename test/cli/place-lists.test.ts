import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";

const fos = (args: string[]) => spawnSync("node", [`${ROOT}dist/cli.js`, ...args], { cwd: ROOT, encoding: "utf8" });
const GIAS = "fixtures/dfe/2022-07_gias_gm_excerpt.csv";
const CONTEXT = "fixtures/dfe/gm_2019_context.csv";
const LIST = "fixtures/places/wythenshawe.csv";
const MEASURES = "fixtures/places/gm_measures.csv";
const temp = () => mkdtempSync(join(tmpdir(), "fos-"));

interface Place {
  id: string;
  name?: string;
  source?: string;
  hubs: string[];
  members: string[];
  schools: { urn: string; phase: string; stage?: string }[];
  profile: { measures: Record<string, { mean: number }>; extra?: Record<string, { mean: number; schools: number }> };
  similar: { id: string; name?: string; measures: string[] }[];
  similarOn: string[];
}

describe("fos places --places and --measures (the built CLI)", () => {
  const r = fos(["places", CONTEXT, "--gias", GIAS, "--places", LIST, "--measures", MEASURES, "--json"]);
  const out = JSON.parse(r.stdout || "{}") as {
    clusters: Place[];
    listed: { file: string; notInData: unknown[]; unlisted: { urn: string; reason: string }[] };
  };

  it("gives the listed Wythenshawe its profile (with the measures of one's own) and similar places elsewhere", () => {
    expect(r.status).toBe(0);
    const w = out.clusters[0] as Place;
    expect([w.id, w.name, w.source, w.members.length, w.hubs]).toEqual([
      "Wythenshawe",
      "Wythenshawe",
      "listed",
      22,
      ["135874", "139456", "148965"],
    ]);
    expect(w.profile.measures.disadvantage?.mean).toBeGreaterThan(40);
    expect(w.profile.extra?.["FSM now (%)"]?.schools).toBeGreaterThan(15);
    expect(w.similarOn).toEqual(["disadvantage", "eal", "sen", "FSM now (%)", "places filled (%)"]);
    expect(w.similar).toHaveLength(5);
    expect(w.similar.every((s) => !s.id.startsWith("352-") && typeof s.name === "string")).toBe(true);
  });

  it("names the computed places and every school's phase and stage", () => {
    const computed = out.clusters.filter((c) => c.source === undefined);
    expect(computed.length).toBeGreaterThan(100);
    expect(computed.every((c) => /^[A-Z][\w' -]+( \([A-Z0-9, ]+\))?$/.test(c.name ?? ""))).toBe(true);
    expect(computed.find((c) => c.id.startsWith("351-"))?.name).toMatch(/^Bury/);
    const stages = new Set(out.clusters.flatMap((c) => c.schools.map((s) => s.stage)));
    expect([...stages].sort()).toEqual(["all-through", "infant", "junior", "primary", "secondary"]);
  });

  it("names every school of the data in no listed place, with its place to compare with", () => {
    expect(out.listed.notInData).toEqual([]);
    expect(out.listed.unlisted).toHaveLength(1026 - 22);
    expect(out.listed.unlisted[0]?.reason).toMatch(
      /^Brandwood Primary School: in no place of fixtures\/places\/wythenshawe\.csv; in Bolton \(BL\d\) \(350-\d\d\), computed to compare with$/,
    );
    expect(r.stderr).toContain("1 listed place; the 1004 schools in no listed place are clustered as usual");
  });

  it("writes the report with Wythenshawe's map, profile, measures and similar places, names beside codes", () => {
    const file = join(temp(), "w.html");
    const h = fos(["places", CONTEXT, "--gias", GIAS, "--places", LIST, "--measures", MEASURES, "--out", file]);
    expect(h.status).toBe(0);
    const html = readFileSync(file, "utf8");
    const section = html.slice(
      html.indexOf('<section class="place" id="place-Wythenshawe"'),
      html.indexOf("</section>"),
    );
    expect(section).toContain(
      '<h2>Wythenshawe <span class="note">as listed in wythenshawe.csv · 22 schools, 3 secondary</span></h2>',
    );
    expect(section).toContain("<svg");
    expect(section).toContain('FSM now (%) <span class="note">your measure</span>');
    expect(section).toMatch(/<a href="#place-350-\d\d">Bolton \(BL\d[^<]*\) <span class="note">350-\d\d<\/span><\/a>/);
    expect(html).toContain("<h2>Your places</h2>");
    expect(html).toContain(
      "<summary>1004 schools in no place of wythenshawe.csv: each is in one of the other places, computed to compare with</summary>",
    );
    expect(html).toMatch(/>junior \(|>junior</);
  });

  it("names listed schools not in the data, with their line, and never drops them", () => {
    const dir = temp();
    const list = join(dir, "list.csv");
    writeFileSync(list, `${readFileSync(join(ROOT, LIST), "utf8")}999999,Wythenshawe\n`);
    const j = fos(["places", "--gias", GIAS, "--places", list, "--json"]);
    expect(j.status).toBe(0);
    const listed = (JSON.parse(j.stdout) as { listed: { notInData: { urn: string; line: number; reason: string }[] } })
      .listed;
    expect(listed.notInData).toEqual([
      { urn: "999999", place: "Wythenshawe", line: 24, reason: expect.stringMatching(/but not in the data/) },
    ]);
    expect(j.stderr).toContain("1 listed school not in the data, so in no place: 999999 (line 24)");
  });

  it("reports every problem of the two files with file, line, column and value", () => {
    const dir = temp();
    const list = join(dir, "list.csv");
    const measures = join(dir, "m.csv");
    writeFileSync(list, "urn,place\n105434,Wythenshawe\n,Wythenshawe\n105434,Northenden\n");
    writeFileSync(measures, "urn,income deprivation\n105434,high\n105448,\n");
    const a = fos(["places", "--gias", GIAS, "--places", list]);
    expect(a.status).not.toBe(0);
    expect(a.stderr).toContain(`${list}, line 3, column urn: no URN for a school of Wythenshawe`);
    expect(a.stderr).toContain("no URN for a school of Wythenshawe");
    expect(a.stderr).toContain("URN 105434 is also on line 2 (Wythenshawe): a school belongs to one place");
    const b = fos(["places", "--gias", GIAS, "--measures", measures]);
    expect(b.status).not.toBe(0);
    expect(b.stderr).toContain(`${measures}, line 2, column income deprivation:`);
    expect(b.stderr).toContain("'high' is not a number: write a number, or leave the cell blank");
  });

  it("says in --help how a list of places combines with the computed ones", () => {
    const help = fos(["places", "--help"]).stdout;
    expect(help).toContain("--places FILE");
    expect(help).toContain("the schools in no listed place are clustered as usual");
    expect(help).toContain("--measures FILE");
    expect(help).toContain("LSOA (code)");
  });
});
