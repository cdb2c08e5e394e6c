import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { comparisonGroups, panel, readSchools } from "../../src/index.js";
import { jsonPieces, linePieces } from "../../src/node/shell/json.js";
import { fixture, ROOT } from "../helpers.js";

const fos = (args: string[]) =>
  spawnSync("node", [`${ROOT}dist/cli.js`, ...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 1e9 });
const joined = (pieces: Iterable<string>) => [...pieces].join("");

// Output is written in pieces; these check the pieces make the very bytes the whole string used to be.
describe("output written in pieces", () => {
  it("JSON in pieces is JSON.stringify(value, null, 2) and a newline, for any JSON value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(joined(jsonPieces(v))).toBe(`${JSON.stringify(v, null, 2)}\n`);
      }),
      { numRuns: 300 },
    );
  });

  it("and for values JSON.stringify leaves out or changes: undefined, functions, NaN, dates, empty containers", () => {
    const big = Array.from({ length: 3000 }, (_, i) => ({
      i,
      gone: undefined,
      f: () => i,
      nan: Number.NaN,
      when: new Date(Date.UTC(2019, 0, 1 + (i % 28))),
      list: [undefined, i, [], {}, { only: undefined }],
      text: `line "${i}"\n\u2028`,
    }));
    const value = { big, nested: { deep: [[big.slice(0, 2500)]] }, none: undefined, empty: {} };
    const pieces = [...jsonPieces(value)];
    expect(pieces.length).toBeGreaterThan(1000); // written in pieces, not as one
    expect(pieces.join("")).toBe(`${JSON.stringify(value, null, 2)}\n`);
  });

  it("a real result (each school's 50 nearest) in pieces is its JSON.stringify", () => {
    const { schools } = panel(readSchools(fixture("region/region.csv")).records);
    const value = comparisonGroups(schools);
    expect(joined(jsonPieces(value))).toBe(`${JSON.stringify(value, null, 2)}\n`);
  });

  it("lines in pieces are the lines joined by newlines, with a final newline", () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1 }), (lines) => {
        expect(joined(linePieces(lines))).toBe(`${lines.join("\n")}\n`);
      }),
    );
  });
});

describe("every command's output, streamed (the built CLI)", () => {
  const dir = mkdtempSync(join(tmpdir(), "fos-stream-"));
  const R = "fixtures/region/region.csv";

  it.each([
    ["group", R],
    ["group", R, "--method", "neighbours"],
    ["benchmark", R],
    ["pairs", R],
    ["quality", R, "--json"],
    ["validate", R, "--json"],
    ["places", "--gias", "fixtures/dfe/2022-07_gias_gm_excerpt.csv", "--json"],
  ])("fos %s … writes JSON laid out as JSON.stringify(value, null, 2) does", (...args) => {
    const r = fos(args);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${JSON.stringify(JSON.parse(r.stdout), null, 2)}\n`);
  });

  it.each([
    ["group", R, "--csv"],
    ["group", R, "--method", "neighbours", "--csv"],
    ["benchmark", R, "--csv"],
    ["pairs", R, "--csv"],
    ["quality", R],
  ])("fos %s … writes the same bytes to --out as to standard output, many chunks of them", (...args) => {
    const out = join(dir, "out.csv");
    const piped = fos(args);
    const written = fos([...args, "--out", out]);
    expect([piped.status, written.status]).toEqual([0, 0]);
    expect(readFileSync(out, "utf8")).toBe(piped.stdout);
    expect(piped.stdout.endsWith("\n") && !piped.stdout.endsWith("\n\n")).toBe(true);
  });

  it("a file the disk cannot take is an error naming it, exit 2 (and a device is not removed)", () => {
    const r = fos(["group", R, "--method", "neighbours", "--csv", "--out", "/dev/full"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^fos: cannot write \/dev\/full: the disk is full\n/);
    expect(statSync("/dev/full").isCharacterDevice()).toBe(true);
  });
});
