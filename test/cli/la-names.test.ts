// Local authorities named without a GIAS file, from the DfE's LA code list built into the core. Before, la_name was
// blank and reasons gave bare codes unless --gias was given.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { panel } from "../../src/index.js";
import { ROOT } from "../helpers.js";

const fos = (args: string[]) => spawnSync("node", [`${ROOT}dist/cli.js`, ...args], { cwd: ROOT, encoding: "utf8" });
const KS2 = "fixtures/dfe/hampshire_ks2_2017-2019.csv";

describe("LA names from the DfE's code list", () => {
  it("names each school's authority by its code, and keeps a record's own name", () => {
    const { schools } = panel([
      { urn: "1", la: "850", phase: "primary", year: 2019 },
      { urn: "2", la: "352", phase: "primary", year: 2019 },
      { urn: "3", la: "850", laName: "Hampshire County Council", phase: "primary", year: 2019 },
      { urn: "4", la: "999", phase: "primary", year: 2019 },
      { urn: "5", la: "940", phase: "primary", year: 2022 },
    ]);
    expect(schools.map((s) => s.laName)).toEqual([
      "Hampshire",
      "Manchester",
      "Hampshire County Council",
      undefined,
      "North Northamptonshire",
    ]);
  });

  it("fills la_name in fos group's CSV and the authority in pairs' reasons, without --gias", () => {
    const group = fos(["group", KS2, "--csv"]);
    expect(group.status).toBe(0);
    const [header, first] = group.stdout.split("\n");
    expect(header).toBe("urn,name,la,la_name,family");
    expect(first).toMatch(/^\d+,[^,]*,850,Hampshire,P\d+$/);
    const pairs = fos(["pairs", KS2, "--same-la", "--json"]);
    expect(pairs.status).toBe(0);
    const out = JSON.parse(pairs.stdout) as { pairs: { reasons: string[] }[] };
    expect(out.pairs.length).toBeGreaterThan(0);
    for (const p of out.pairs)
      expect(p.reasons[1]).toBe("same local authority (Hampshire), distance unknown (no coordinates)");
  });
});
