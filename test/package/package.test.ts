import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";

// The packed package, installed into fresh projects and used as a user would.
const work = mkdtempSync(join(tmpdir(), "fos-pack-"));
const run = (cmd: string, args: string[], cwd: string, input?: string): string =>
  execFileSync(cmd, args, {
    cwd,
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

  it("ships only dist, with types for import and require", () => {
    const files = readdirSync(join(project, "node_modules/families-of-schools/dist"));
    expect(files).toEqual(
      expect.arrayContaining(["index.js", "index.cjs", "index.d.ts", "index.d.cts", "node.js", "node.cjs", "cli.js"]),
    );
    expect(readdirSync(join(project, "node_modules/families-of-schools")).sort()).toEqual(
      ["LICENSE", "README.md", "dist", "package.json"].sort(),
    );
  });

  it("passes publint and are-the-types-wrong (for Node 16+ resolution and bundlers)", () => {
    expect(run("npx", ["--no-install", "publint", "run", tarball, "--strict"], ROOT)).toMatch(/All good!/);
    // attw exits non-zero on any problem; node10 resolution is out of scope (engines: node >= 20.19, which can require() the ESM-only d3-scale).
    run("npx", ["--no-install", "attw", tarball, "--profile", "node16"], ROOT);
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

  it("runs its core without Node globals, as in a browser", () => {
    const script = `delete globalThis.Buffer; delete globalThis.process;
      const m = await import("families-of-schools");
      console.log(JSON.stringify(m.readSchools("urn,year,attainment\\n1,2019,50\\n").records));`;
    expect(JSON.parse(run("node", ["--input-type=module", "-e", script], project))).toEqual([
      { urn: "1", phase: "all", year: 2019, attainment: 50 },
    ]);
  });

  it("runs the README's quickstart as written", () => {
    // The first ts block under "## Quickstart", run as a user would: the installed package, the fixtures beside it.
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Quickstart"));
    const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
    expect(code).toContain('from "families-of-schools"');
    mkdirSync(join(project, "fixtures/dfe"), { recursive: true });
    mkdirSync(join(project, "fixtures/region"), { recursive: true });
    copyFileSync(join(ROOT, "fixtures/region/region.csv"), join(project, "fixtures/region/region.csv"));
    for (const y of ["2016-2017", "2017-2018", "2018-2019"]) {
      const f = `fixtures/dfe/${y}_850_excerpt_ks2final.csv`;
      copyFileSync(join(ROOT, f), join(project, f));
    }
    writeFileSync(join(project, "quickstart.mjs"), code);
    const out = run("node", ["quickstart.mjs"], project);
    // What the comments say it prints.
    expect(out).toContain("priorAttainment: 16.1");
    expect(out).toMatch(/^31$/m);
    expect(out).toContain("P01 primary");
    expect(out).toContain("different local authority (Oldham / Manchester), 13 km apart");
    expect(out).toContain("true true");
    expect(out).toMatch(/^50$/m);
    expect(out).toContain("'134%' is not a percentage between 0 and 100");
  });

  it("installs the fos command", () => {
    const result = spawnSync("npx", ["--no-install", "fos", "validate", "--json", "bad.csv"], {
      cwd: project,
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      rows: 1,
      problems: [{ file: "bad.csv", line: 2, column: "disadvantage", value: "134%" }],
    });
  });
});
