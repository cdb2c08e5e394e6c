// One authority's real files as an analyst has them: Hampshire's three KS2 files, its GIAS register rows and links,
// through the built CLI.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { combineReads, readSchools, schoolsToCsv } from "../../src/index.js";
import { fixture, ROOT } from "../helpers.js";

const fos = (args: string[]) => spawnSync("node", [`${ROOT}dist/cli.js`, ...args], { cwd: ROOT, encoding: "utf8" });

const D = "fixtures/dfe";
const KS2 = ["2016-2017", "2017-2018", "2018-2019"].map((y) => `${D}/${y}_850_excerpt_ks2final.csv`);
const GIAS = ["--gias", `${D}/2022-04-20_gias_850_excerpt.csv`];
const LINKS = ["--links", `${D}/2021_giaslinks_excerpt.csv`];

describe("--gias and --links on one authority's files", () => {
  it("group --csv names each school and its authority, and says what the register found", () => {
    const r = fos(["group", "--preset", "dfe-ks2", ...GIAS, "--csv", ...KS2]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe("urn,name,la,la_name,family");
    expect(lines.slice(1).every((l) => /^\d+,("[^"]+"|[^,]+),850,Hampshire,P0[12]$/.test(l))).toBe(true);
    expect(r.stderr).toContain(
      "note: fixtures/dfe/2022-04-20_gias_850_excerpt.csv: 34 of 34 URNs found; locations added to 93 records, local authority names to 93; 5 schools closed\n",
    );
  });

  it("the report's tables name each school's authority", () => {
    const html = fos(["report", "--preset", "dfe-ks2", ...GIAS, "--same-la", ...KS2]).stdout;
    expect(html).toContain("<td>Hampshire</td>");
    expect(html).not.toContain("<td>850</td>");
  });

  it("benchmark --csv carries the names too", () => {
    const r = fos(["benchmark", "--preset", "dfe-ks2", ...GIAS, "--csv", ...KS2]);
    expect(r.stdout.split("\n")[0]).toMatch(
      /^urn,name,la,la_name,family,attainment,improvement,dx,dy,quadrant,withinNoise,targetGap,reason,disadvantaged,disadvantaged_pupils,disadvantaged_vs_family,disadvantaged_family_gap,disadvantaged_gap,pooled_years,projection_year,projection,projection_low,projection_high,subgroup_/,
    );
    expect(r.stdout).toContain(",Hampshire,P01,");
  });

  it("--links joins conversions a file's own successor column does not have", () => {
    // The three years written in the generic layout without their URN_AC successors.
    const records = combineReads(
      KS2.map((f) => readSchools(fixture(f.slice("fixtures/".length)), { preset: "dfe-ks2", file: f })),
    ).records.map(({ successor: _, ...r }) => r);
    const file = join(mkdtempSync(join(tmpdir(), "fos-links-")), "hampshire.csv");
    writeFileSync(file, schoolsToCsv(records));
    const rows = (args: string[]) =>
      fos(["group", "--csv", ...args, file])
        .stdout.trim()
        .split("\n").length - 1;
    // Without the links, three converted schools' old URNs have no 2019 data and are left out of the families.
    expect(rows([])).toBe(31);
    expect(fos(["group", "--json", file]).stdout).toContain("no data for 2019, the latest year (its last is 2018)");
    expect(rows([...LINKS])).toBe(31);
    expect(JSON.parse(fos(["group", "--json", ...LINKS, file]).stdout).unassigned).toEqual([]);
  });

  it("a register with problems stops the command, naming every one", () => {
    const bad = join(mkdtempSync(join(tmpdir(), "fos-gias-")), "gias.csv");
    writeFileSync(bad, "URN,Easting\n115864,east\n115864,1\n");
    const r = fos(["validate", "--preset", "dfe-ks2", "--gias", bad, ...KS2]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`${bad}:2 Easting "east" 'east' is not a number`);
    expect(r.stdout).toContain(`${bad}:3 URN "115864" URN 115864 is also on line 2`);
  });
});

describe("partners in one authority's data", () => {
  it("says that no cross-authority partner exists, and how to allow partners in the same one; no pair is exit 1", () => {
    const r = fos(["pairs", "--preset", "dfe-ks2", ...GIAS, "--csv", ...KS2]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(
      "note: every school is in one local authority (850), so no partner in another authority is possible; add --same-la",
    );
    expect(r.stderr).toContain("no pairs: none of the 4 schools needing support could be matched");
  });

  it("without locations, says for how many pairs the distance rule lapsed; --require-distance refuses them", () => {
    const lapsed = fos(["pairs", "--preset", "dfe-ks2", "--same-la", "--csv", ...KS2]);
    expect(lapsed.stderr).toContain(
      "note: distance not checked for 4 pairs: no coordinates; add --gias FILE (the GIAS establishment file) for locations, or --require-distance to refuse such pairs\n",
    );
    const strict = fos(["pairs", "--preset", "dfe-ks2", "--same-la", "--require-distance", ...KS2]);
    // No pair at all: exit 1, each school needing support named with its reason.
    expect(strict.status).toBe(1);
    expect(strict.stdout).toBe("");
    expect(strict.stderr).toContain("no pairs: none of the 4 schools needing support could be matched");
    expect(strict.stderr.match(/of unknown distance \(no coordinates\) — 2 schools: /g)).toHaveLength(2);
    expect(JSON.parse(fos(["pairs", "--preset", "dfe-ks2", "--same-la", ...KS2]).stdout).distanceUnknown).toBe(4);
  });

  it("with --gias, every pair is at least 5 km apart and says how far, naming the authority", () => {
    const r = fos(["pairs", "--preset", "dfe-ks2", ...GIAS, "--same-la", ...KS2]);
    const out = JSON.parse(r.stdout);
    expect(out.pairs.length).toBe(4);
    for (const p of out.pairs) {
      expect(p.facts.distanceKm).toBeGreaterThanOrEqual(5);
      expect(p.reasons[1]).toMatch(/^same local authority \(Hampshire\), \d+ km apart$/);
    }
    expect(r.stderr).not.toContain("distance not checked");
  });
});
