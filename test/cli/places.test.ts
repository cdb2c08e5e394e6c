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

describe("fos places on the DfE's own files (issue 23)", () => {
  const ABSENCE = "fixtures/dfe/2018-2019_gm_abs_excerpt.csv";

  it("compares places on absence when the GIAS and absence files are all there is, and says so", () => {
    // The README's example. Before, every place got the same five places at distance 0.
    const r = fos(["places", "--gias", GIAS, "--la", "350-359", "--absence", ABSENCE, "--json"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      clusters: { id: string; similar: { id: string; distance: number }[]; similarOn: string[] }[];
    };
    expect(new Set(out.clusters.map((c) => c.similar.map((q) => q.id).join())).size).toBeGreaterThan(100);
    for (const c of out.clusters) {
      expect(c.similarOn).toEqual(["overallAbsence", "persistentAbsence"]);
      expect(c.similar.some((q) => q.distance > 0)).toBe(true);
    }
    expect(r.stderr).toContain(
      "note: no place has disadvantage, EAL or SEN, so similar places are compared on overall absence and persistent absence: give FILES with them (e.g. the school census) to compare places on their pupils\n",
    );
  });

  it("with the GIAS file alone, gives no similar places and says why", () => {
    const r = fos(["places", "--gias", GIAS, "--la", "352,358", "--json"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { clusters: { similar: unknown[]; similarNote: string }[] };
    for (const c of out.clusters) {
      expect(c.similar).toEqual([]);
      expect(c.similarNote).toBe("no measure in its profile: nothing to compare it on");
    }
    expect(r.stderr).toMatch(/note: \d+ places without similar places \(352-01: no measure in its profile/);
  });

  it("keeps an academy converter's census profile through --links, where without it the old URN is unplaced", () => {
    const files = [GIAS, "fixtures/dfe/gm_2019_context.csv", "fixtures/dfe/gm_2019_predecessors.csv"];
    const args = ["places", "--gias", ...files, "--json"];
    type Out = {
      clusters: { members: string[]; profile: { measures: { disadvantage?: { schools: number } } } }[];
      unplaced: { urn: string; reason: string }[];
    };
    const linked = JSON.parse(fos([...args, "--links", "fixtures/dfe/2021_giaslinks_gm_excerpt.csv"]).stdout) as Out;
    expect(linked.unplaced).toEqual([]);
    // 148095 (Chorley New Road Primary Academy, Bolton) has no 2019 census row; its predecessor 105178 has (38.9%).
    const place = linked.clusters.find((c) => c.members.includes("148095"));
    expect(place?.members).not.toContain("105178");
    const withContext = (out: Out) =>
      out.clusters.reduce((t, c) => t + (c.profile.measures.disadvantage?.schools ?? 0), 0);
    const unlinked = JSON.parse(fos(args).stdout) as Out;
    // Without --links the 44 old URNs are schools of their own, with no location, and their converters lack a profile.
    expect(unlinked.unplaced).toHaveLength(44);
    expect(unlinked.unplaced[0]?.reason).toBe(
      `not in ${GIAS}, so no location: a school that has closed, or converted to an academy under a new URN (--links FILE, the GIAS links file, follows it to its successor)`,
    );
    expect(withContext(linked) - withContext(unlinked)).toBe(44);
  });
});
