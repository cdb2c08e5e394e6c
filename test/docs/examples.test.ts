import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import * as core from "../../src/index.js";
import * as nodeEntry from "../../src/node/index.js";
import { fixture, ROOT } from "../helpers.js";
import { type DocExample, docExamples, ExampleError, exampleProgram, exampleTagCount } from "./examples.js";
import { exampleTypeErrors } from "./typecheck.js";

/**
 * Every `@example` in src/ runs here, and each `// =>` in it must hold (the convention: docs/api.md, "The examples").
 * An example's free names are bound from, in turn: the preamble below; the public API (src/index.ts); the Node
 * entry, for examples in src/node/; and its own module's exports, for an example of something the package does not
 * export. Any other name must be JavaScript's own (Map, Object, …).
 *
 * The preamble holds the README's names for the stages of the walk-through, made once, when an example first uses
 * them, from the fixture region (1,042 schools, 2016–2019); the type is what the type-check declares them as.
 */
const PREAMBLE: Record<string, { make: () => unknown; type: string }> = {
  records: {
    make: () => core.readSchools(fixture("region/region.csv")).records,
    type: 'import("../../src/index.js").SchoolYear[]',
  },
  schools: {
    make: () => core.panel(value("records") as core.SchoolYear[]).schools,
    type: 'import("../../src/index.js").School[]',
  },
  grouping: {
    make: () => core.groupFamilies(value("schools") as core.School[]),
    type: 'import("../../src/index.js").Grouping',
  },
  benchmarks: {
    make: () => core.benchmarkFamilies(value("grouping") as core.Grouping, value("schools") as core.School[]),
    type: 'import("../../src/index.js").Benchmarks',
  },
};

const made = new Map<string, unknown>();
function value(name: string): unknown {
  if (!made.has(name)) made.set(name, PREAMBLE[name]?.make());
  return made.get(name);
}

const examples = docExamples(ROOT);
const programs = new Map(examples.map((e) => [e, safely(() => exampleProgram(e.code))]));
const namespaces = new Map<string, Record<string, unknown>>([
  ["src/index.ts", core],
  ["src/node/index.ts", nodeEntry],
]);
for (const e of examples)
  if (!namespaces.has(e.file)) namespaces.set(e.file, await import(pathToFileURL(join(ROOT, e.file)).href));

function safely<T>(make: () => T): T | Error {
  try {
    return make();
  } catch (error) {
    return error as Error;
  }
}

/** Which module each free name of an example comes from (preamble names and JavaScript's own are not listed). */
function importsOf(example: DocExample, free: readonly string[]): Map<string, string> {
  const documented = example.name in core || (example.file.startsWith("src/node/") && example.name in nodeEntry);
  const from = ["src/index.ts", ...(example.file.startsWith("src/node/") ? ["src/node/index.ts"] : [])];
  if (!documented) from.push(example.file);
  const out = new Map<string, string>();
  for (const name of free) {
    if (name in PREAMBLE) continue;
    const m = from.find((f) => name in (namespaces.get(f) as Record<string, unknown>));
    if (m !== undefined) out.set(name, m);
  }
  return out;
}

it("finds every @example in src/", () => {
  expect(examples.length).toBe(exampleTagCount(ROOT));
  expect(examples.length).toBeGreaterThanOrEqual(59);
});

describe("the examples in the doc comments", () => {
  const seen = new Map<string, number>();
  for (const example of examples) {
    const title = `${example.file} ${example.name}`;
    const n = (seen.get(title) ?? 0) + 1;
    seen.set(title, n);
    it(n === 1 ? title : `${title} (${n})`, async () => {
      const where = (line: number) => `${example.file}:${example.line + line - 1}`;
      const program = programs.get(example) as ReturnType<typeof exampleProgram> | Error;
      if (program instanceof Error)
        throw new Error(`${where(program instanceof ExampleError ? program.line : 1)}: ${program.message}`);
      const { js, expectations, free } = program;
      const bindings: Record<string, unknown> = {};
      for (const [name, m] of importsOf(example, free)) bindings[name] = namespaces.get(m)?.[name];
      for (const name of free) if (name in PREAMBLE) bindings[name] = value(name);
      const reached = expectations.map(() => 0);
      bindings.__check = (k: number, actual: unknown, expected: unknown) => {
        const e = expectations[k] as (typeof expectations)[number];
        reached[k] = (reached[k] ?? 0) + 1;
        expect(actual, `${where(e.line)}: ${e.statement} // => ${e.expected}`).toEqual(expected);
      };
      bindings.__approx = (x: number, decimals: number) => expect.closeTo(x, decimals);
      const run = new Function(...Object.keys(bindings), `return ${js}`)(...Object.values(bindings));
      try {
        await run();
      } catch (error) {
        if ((error as Error).name === "AssertionError") throw error;
        throw new Error(`${where(1)}: the example threw ${error}`, { cause: error });
      }
      for (const [k, e] of expectations.entries())
        expect(reached[k], `${where(e.line)}: this // => was never reached`).toBeGreaterThan(0);
    });
  }

  it("type-check, with the project's compiler options (unused names and list[0] allowed)", () => {
    const typed = examples.flatMap((example) => {
      const program = programs.get(example);
      return program instanceof Error || program === undefined
        ? []
        : [{ example, imports: importsOf(example, program.free) }];
    });
    const types = Object.fromEntries(Object.entries(PREAMBLE).map(([name, p]) => [name, p.type]));
    expect(exampleTypeErrors(ROOT, typed, types)).toEqual([]);
  });
});
