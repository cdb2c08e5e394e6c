import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";

const fos = (args: string[]) => spawnSync("node", [`${ROOT}dist/cli.js`, ...args], { cwd: ROOT, encoding: "utf8" });
const GIAS = "fixtures/dfe/2022-07_gias_gm_excerpt.csv";

describe("fos places (the built CLI)", () => {
  it("clusters the GIAS file alone, as JSON, for the authorities asked", () => {
    const r = fos(["places", "--gias", GIAS, "--la", "352,358", "--json"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      clusters: { id: string; hubs: string[]; members: string[]; profile: { schools: number; las: string[] } }[];
      unplaced: { urn: string; reason: string }[];
    };
    expect(out.clusters.length).toBeGreaterThan(10);
    for (const c of out.clusters) {
      expect(c.members.length).toBeGreaterThanOrEqual(6);
      expect(c.members.length).toBeLessThanOrEqual(16);
      expect(c.hubs.length).toBeGreaterThan(0);
      expect(["352", "358"]).toContain(c.profile.las[0]);
    }
    expect(out.unplaced).toEqual([]);
    expect(r.stderr).toMatch(/^\d+ places of \d+ schools; 0 schools not placed\n$/m);
  });

  it("writes the place report with a map and a profile for each place, from GIAS and a context file", () => {
    const out = join(mkdtempSync(join(tmpdir(), "fos-")), "places.html");
    const r = fos(["places", "--gias", GIAS, "fixtures/dfe/gm_2019_context.csv", "--out", out]);
    expect(r.status).toBe(0);
    const html = readFileSync(out, "utf8");
    const places = html.match(/<section class="place"/g)?.length ?? 0;
    expect(places).toBeGreaterThan(100);
    expect(html.match(/<g class="north"/g)).toHaveLength(places);
    expect(html).toContain("Overall absence (% of sessions; lower is better)");
    expect(html).toContain("Profile, beside the places most like it");
  });

  it("from files with locations alone, charts each place among the places most like it (four years of KS2)", () => {
    const out = join(mkdtempSync(join(tmpdir(), "fos-")), "places.html");
    const r = fos(["places", "fixtures/region/region.csv", "--out", out]);
    expect(r.status).toBe(0);
    const html = readFileSync(out, "utf8");
    const places = html.match(/<section class="place"/g)?.length ?? 0;
    expect(places).toBeGreaterThan(50);
    // Each place's family chart: it and its five most similar places, as points.
    expect(html.match(/<h3>Among the places most like it<\/h3>/g)?.length).toBe(places);
    expect(html).toMatch(/Place [\w-]+ and the places most like it, 2019/);
  });

  it("needs --gias, and says so", () => {
    const r = fos(["places", "--json"]);
    expect(r.status).toBe(2);
    expect(r.stderr.split("\n")[0]).toBe(
      "fos: places needs --gias FILE (the GIAS establishment file: phase, location, pupils), or FILES with locations",
    );
  });
});
