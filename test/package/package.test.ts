import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";

const README = readFileSync(join(ROOT, "README.md"), "utf8");

/** The first code block in `lang` after `marker` in the README (or a file of docs/): the text a user copies. */
function readmeBlock(marker: string, lang: string, file = "README.md"): string {
  const text = file === "README.md" ? README : readFileSync(join(ROOT, file), "utf8");
  const at = text.indexOf(marker);
  expect(at, `${file} has "${marker}"`).toBeGreaterThanOrEqual(0);
  const code = new RegExp(`\`\`\`${lang}\n([\\s\\S]*?)\`\`\``).exec(text.slice(at))?.[1];
  expect(code, `a ${lang} block after "${marker}"`).toBeDefined();
  return code as string;
}

/** Every sh block of the README, in order. */
const shellBlocks = (): string[] => [...README.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] as string);

/**
 * The lines of a README shell block that a user of the installed package runs: `npx fos …` commands and the
 * variables they use. Installing (git, npm, cd) is what this test's own set-up does; comments are not run, and
 * that is where the README writes commands that need large downloads (edubasealldata…), marked as such.
 */
const fosLines = (block: string): string[] =>
  block.split("\n").filter((l) => /^npx fos /.test(l) || /^[A-Z][A-Z0-9_]*=/.test(l));

// The packed package, installed into fresh projects and used as a user would.
const work = mkdtempSync(join(tmpdir(), "fos-pack-"));
// Without colour, whatever the CI sets: FORCE_COLOR (any value, for Deno) would colour console.log's output.
const { FORCE_COLOR: _forced, ...inherited } = process.env;
const plain = { ...inherited, NO_COLOR: "1" };
const run = (cmd: string, args: string[], cwd: string, input?: string): string =>
  execFileSync(cmd, args, {
    cwd,
    env: plain,
    encoding: "utf8",
    stdio: ["pipe", "pipe", "pipe"],
    ...(input === undefined ? {} : { input }),
  });

describe("the packed package", () => {
  let project: string;
  let tarball: string;

  beforeAll(() => {
    // --ignore-scripts: dist/ was built by test/setup/build.ts; building again here could race other tests.
    run("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", work], ROOT);
    tarball = join(work, readdirSync(work).find((f) => f.endsWith(".tgz"))!);
    project = join(work, "project");
    run("mkdir", ["-p", project], work);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "user", version: "1.0.0", private: true }));
    run("npm", ["install", "--silent", "--no-audit", "--no-fund", "--prefer-offline", tarball], project);
  }, 180_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("ships dist, with types for import and require, and the excerpts the demo and the README use", () => {
    const files = readdirSync(join(project, "node_modules/families-of-schools/dist"));
    expect(files).toEqual(
      expect.arrayContaining(["index.js", "index.cjs", "index.d.ts", "index.d.cts", "node.js", "node.cjs", "cli.js"]),
    );
    expect(readdirSync(join(project, "node_modules/families-of-schools")).sort()).toEqual(
      ["LICENSE", "README.md", "dist", "fixtures", "package.json"].sort(),
    );
    expect(readdirSync(join(project, "node_modules/families-of-schools/fixtures/dfe")).sort()).toEqual([
      "2016-2017_850_excerpt_ks2final.csv",
      "2017-2018_850_excerpt_ks2final.csv",
      "2018-2019_850_excerpt_ks2final.csv",
      "2021_giaslinks_excerpt.csv",
      "2022-04-20_gias_850_excerpt.csv",
      "2022-07_gias_351_354_excerpt.csv",
      "351_354_2019_context.csv",
    ]);
  });

  it("passes publint and are-the-types-wrong (node10, node16 and bundler resolution)", () => {
    // No message at all: typesVersions lives only at the top level, where node10 reads it (attw checks that below).
    // Colour codes stripped: CI may force colour (FORCE_COLOR), which would hide the numbered lines from the filter.
    const lint = stripVTControlCharacters(run("npx", ["--no-install", "publint", "run", tarball], ROOT));
    const messages = lint.split("\n").filter((l) => /^\d+\. /.test(l));
    expect(lint).not.toMatch(/Errors:|Warnings:|Suggestions:/);
    expect(messages).toEqual([]);
    expect(lint).toMatch(/All good!/);
    // attw exits non-zero on any problem, in any resolution (node10 finds families-of-schools/node by typesVersions).
    run("npx", ["--no-install", "attw", tarball], ROOT);
  });

  it("type-checks families-of-schools/node under moduleResolution node10", () => {
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "es2022",
          module: "commonjs",
          moduleResolution: "node10",
          esModuleInterop: true, // zod's own types need it under node10
          strict: true,
          noEmit: true,
          types: [],
        },
        files: ["old.ts"],
      }),
    );
    writeFileSync(
      join(project, "old.ts"),
      `import { readGiasFile } from "families-of-schools/node";
       import { joinRegister } from "families-of-schools";
       export const n: Promise<number> = readGiasFile("g.csv").then((g) => joinRegister([], g.establishments).notFound.length);`,
    );
    run(join(ROOT, "node_modules/.bin/tsc"), ["-p", "tsconfig.json"], project);
  });

  it("works from an ESM project", () => {
    writeFileSync(
      join(project, "esm.mjs"),
      `import { readSchools, FamiliesError } from "families-of-schools";
       import { readSchoolsFile } from "families-of-schools/node";
       const { records } = readSchools("urn,year,disadvantage\\n1,2019,22%\\n");
       let same = false;
       try { await readSchoolsFile("bad.csv"); } catch (e) { same = e instanceof FamiliesError; }
       console.log(JSON.stringify({ records, same }));`,
    );
    writeFileSync(join(project, "bad.csv"), "urn,year,disadvantage\n1,2019,134%\n");
    expect(JSON.parse(run("node", ["esm.mjs"], project))).toEqual({
      records: [{ urn: "1", phase: "all", year: 2019, disadvantage: 22 }],
      same: true,
    });
  });

  it("works from a CommonJS project", () => {
    writeFileSync(
      join(project, "cjs.cjs"),
      `const { readSchools } = require("families-of-schools");
       console.log(JSON.stringify(readSchools("urn,year\\n7,2018\\n").records));`,
    );
    expect(JSON.parse(run("node", ["cjs.cjs"], project))).toEqual([{ urn: "7", phase: "all", year: 2018 }]);
  });

  it("recognises its errors across its ESM and CommonJS builds (no dual-package hazard)", () => {
    writeFileSync(
      join(project, "dual.mjs"),
      `import { createRequire } from "node:module";
       import * as esm from "families-of-schools";
       const cjs = createRequire(import.meta.url)("families-of-schools");
       const thrown = (f) => { try { f(); } catch (e) { return e; } };
       const fromCjs = thrown(() => cjs.readSchools("name\\nA\\n"));
       const fromEsm = thrown(() => esm.readSchools("name\\nA\\n"));
       const argCjs = thrown(() => cjs.groupFamilies([], { min: 30, max: 20 }));
       console.log(JSON.stringify({
         twoClasses: esm.FamiliesError !== cjs.FamiliesError,
         esmSeesCjs: fromCjs instanceof esm.FamiliesError, cjsSeesEsm: fromEsm instanceof cjs.FamiliesError,
         argument: argCjs instanceof esm.ArgumentError && argCjs instanceof RangeError,
         notCrossed: fromCjs instanceof esm.ArgumentError || argCjs instanceof esm.FamiliesError,
         plain: new Error("x") instanceof esm.FamiliesError,
       }));`,
    );
    expect(JSON.parse(run("node", ["dual.mjs"], project))).toEqual({
      twoClasses: true,
      esmSeesCjs: true,
      cjsSeesEsm: true,
      argument: true,
      notCrossed: false,
      plain: false,
    });
  });

  it("runs its core without Node globals, as in a browser", () => {
    const script = `delete globalThis.Buffer; delete globalThis.process;
      const m = await import("families-of-schools");
      console.log(JSON.stringify(m.readSchools("urn,year,attainment\\n1,2019,50\\n").records));`;
    expect(JSON.parse(run("node", ["--input-type=module", "-e", script], project))).toEqual([
      { urn: "1", phase: "all", year: 2019, attainment: 50 },
    ]);
  });

  it("type-checks the README's quickstart with tsc --strict (nodenext) and runs it as written", () => {
    // The first ts block under "## Quickstart", as a user would use it: in the project, with only the installed
    // package. The same text is TypeScript (quickstart.mts, for tsc and TypeScript runners) and JavaScript
    // (quickstart.mjs, for node): no type annotations, narrowing with a thrown error where one is needed.
    const code = readmeBlock("## Quickstart", "ts");
    expect(code).toContain('from "families-of-schools"');
    writeFileSync(join(project, "quickstart.mts"), code);
    writeFileSync(join(project, "quickstart.mjs"), code);
    writeFileSync(
      join(project, "tsconfig.quickstart.json"),
      JSON.stringify({
        compilerOptions: { strict: true, module: "nodenext", moduleResolution: "nodenext", noEmit: true },
        files: ["quickstart.mts"],
      }),
    );
    const tsc = spawnSync(join(ROOT, "node_modules/.bin/tsc"), ["-p", "tsconfig.quickstart.json"], {
      cwd: project,
      env: plain,
      encoding: "utf8",
    });
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
    const out = run("node", ["quickstart.mjs"], project);
    // What the comments say it prints.
    expect(out).toContain("priorAttainment: 16.1");
    expect(out).toMatch(/^31 Hampshire$/m);
    expect(out).toContain("P01 primary");
    expect(out).toContain("different local authority (Oldham / Manchester), 13 km apart");
    expect(out).toContain("true true");
    expect(out).toMatch(/^50$/m);
    expect(out).toContain("'134%' is not a percentage between 0 and 100");
  }, 60_000);

  it("answers every command with JSON under --json from the install, a missing file too", () => {
    for (const command of ["validate", "group", "quality", "benchmark", "pairs", "report", "places", "demo"]) {
      const r = spawnSync("npx", ["--no-install", "fos", command, "missing.csv", "--json"], {
        cwd: project,
        env: plain,
        encoding: "utf8",
      });
      expect(r.status, command).toBe(2);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, problems: [{ code: "usage" }] });
    }
  }, 60_000);

  it("installs the fos command", () => {
    const result = spawnSync("npx", ["--no-install", "fos", "validate", "--json", "bad.csv"], {
      cwd: project,
      env: plain,
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      rows: 1,
      problems: [{ file: "bad.csv", line: 2, column: "disadvantage", value: "134%" }],
    });
  });

  it("prints its version and runs the demo from the install, writing the report to the current folder", () => {
    const version = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version;
    expect(run("npx", ["--no-install", "fos", "--version"], project).trim()).toBe(version);
    const out = run("npx", ["--no-install", "fos", "demo"], project);
    expect(out).toContain("Synthetic region: syntheticRegion()");
    expect(out).toContain("GIAS: 93 records located, local authority named (Hampshire)");
    expect(out).toMatch(/same local authority \(Hampshire\), \d+ km apart/);
    expect(existsSync(join(project, "demo-output/fixture-region-report.html"))).toBe(true);
    expect(existsSync(join(project, "demo-output/hampshire-report.html"))).toBe(true);
    // A place report with at least one place and its map, from the excerpts the package ships, and the command
    // that made it, as the user types it here.
    expect(out).toContain(
      "npx fos places node_modules/families-of-schools/fixtures/dfe/351_354_2019_context.csv --gias node_modules/families-of-schools/fixtures/dfe/2022-07_gias_351_354_excerpt.csv --out demo-output/bury-rochdale-places.html",
    );
    const places = readFileSync(join(project, "demo-output/bury-rochdale-places.html"), "utf8");
    // Each place named from its schools (town and postcode districts), its code beside the name.
    expect(places).toMatch(/<h2>(Bury|Rochdale) \([A-Z]{1,2}\d+[^)]*\) <span class="note">35[14]-01 /);
    expect(places).toMatch(/<svg [^>]*aria-labelledby="map-35[14]-01-title/);
    expect(out).not.toContain("fixtures/region");
  }, 60_000);

  it("runs every fos command in the README's shell blocks, as written, from the install", () => {
    const blocks = shellBlocks()
      .map(fosLines)
      .filter((lines) => lines.some((l) => l.startsWith("npx fos ")));
    const commands = blocks.flat().filter((l) => l.startsWith("npx fos "));
    // --version, demo, the walk-through's five, places: a README that lost its commands would pass vacuously.
    expect(commands.length).toBeGreaterThanOrEqual(8);
    for (const lines of blocks) {
      const r = spawnSync("bash", ["-e", "-c", lines.join("\n")], { cwd: project, env: plain, encoding: "utf8" });
      expect(r.status, `${lines.join("\n")}\n${r.stderr}`).toBe(0);
    }
    expect(readFileSync(join(project, "places.html"), "utf8")).toMatch(/<h2>[^<]+ <span class="note">35[14]-01 /);
  }, 120_000);

  it("runs the README's one-authority walk-through as written", () => {
    const script = readmeBlock("## One authority, end to end", "sh");
    const r = spawnSync("bash", ["-e", "-c", script], { cwd: project, env: plain, encoding: "utf8" });
    expect(r.stderr).not.toMatch(/problem|fos: /);
    expect(r.status).toBe(0);
    const families = readFileSync(join(project, "families.csv"), "utf8").split("\n");
    expect(families[0]).toBe("urn,name,la,la_name,family");
    expect(families[1]).toMatch(/^\d+,[^,]+,850,Hampshire,P0[12]$/);
    const pairs = readFileSync(join(project, "pairs.csv"), "utf8");
    expect(pairs).toMatch(/same local authority \(Hampshire\), \d+ km apart/);
    expect(pairs).not.toContain("distance unknown");
    expect(readFileSync(join(project, "report.html"), "utf8")).toContain("<svg");
    expect(readFileSync(join(project, "benchmark.csv"), "utf8").split("\n")[0]).toMatch(/^urn,name,la,la_name,family,/);
  }, 60_000);

  it("runs the README's Deno example with Deno (the deno npm package's binary)", () => {
    const code = readmeBlock("**Deno**", "ts", "docs/runtimes.md");
    writeFileSync(join(project, "deno-example.ts"), code);
    const deno = join(ROOT, "node_modules/.bin/deno");
    const out = run(deno, ["run", "--quiet", "--allow-read", "--allow-env", "deno-example.ts"], project);
    expect(out.trim()).toBe(/\/\/ => (\d+)/.exec(code)?.[1]);
  }, 120_000);
});
