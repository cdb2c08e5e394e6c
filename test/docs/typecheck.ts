/// <reference types="node" />
import { join } from "node:path";
import ts from "typescript";
import type { DocExample } from "./examples.js";

/**
 * The examples type-checked, all at once: each becomes an async function in one generated file beside this one
 * (never written to disk), its names imported as the runner binds them, and the compiler runs on it with the
 * project's options (tsconfig.node.json) less the three a reader's own code need not share: unused names are
 * allowed, and `list[0]` is taken to be there (`noUncheckedIndexedAccess` off), as it is in most projects.
 */

/** Where each free name of an example comes from: a module (relative to the repository), or the preamble. */
export interface TypedExample {
  example: DocExample;
  /** name → module path relative to the repository ("src/index.ts"), for the names taken from a module. */
  imports: ReadonlyMap<string, string>;
}

/** The generated file's lines, and where each example's code starts in it. */
function generated(root: string, examples: readonly TypedExample[], preamble: Readonly<Record<string, string>>) {
  const modules = [...new Set(examples.flatMap((e) => [...e.imports.values()]))].sort();
  const alias = new Map(modules.map((m, i) => [m, `m${i}`]));
  const lines = modules.map(
    (m) => `import * as ${alias.get(m)} from ${JSON.stringify(`../../${m.replace(/\.ts$/, ".js")}`)};`,
  );
  for (const [name, type] of Object.entries(preamble)) lines.push(`declare const ${name}: ${type};`);
  const starts: number[] = [];
  for (const [k, { example, imports }] of examples.entries()) {
    lines.push(`export async function example${k}() {`);
    for (const [name, m] of imports) lines.push(`  const { ${name} } = ${alias.get(m)};`);
    starts.push(lines.length + 1);
    lines.push(...example.code.split("\n"), "}");
  }
  return { file: join(root, "test/docs/__examples__.ts"), text: lines.join("\n"), starts };
}

/** The compiler's options for the examples: tsconfig.node.json's, relaxed as said above. */
function options(root: string): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(root, "tsconfig.node.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  );
  if (!parsed) throw new Error("tsconfig.node.json could not be read");
  return { ...parsed.options, noUnusedLocals: false, noUnusedParameters: false, noUncheckedIndexedAccess: false };
}

/**
 * Each type error in the examples, as "src/file.ts:line: message". `preamble` gives each free variable's type, as
 * TypeScript written in the generated file (where `core` is not defined: use import("../../src/index.js").Name).
 */
export function exampleTypeErrors(
  root: string,
  examples: readonly TypedExample[],
  preamble: Readonly<Record<string, string>>,
): string[] {
  const { file, text, starts } = generated(root, examples, preamble);
  const compilerOptions = options(root);
  const host = ts.createCompilerHost(compilerOptions);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, version, ...rest) =>
    name === file ? ts.createSourceFile(name, text, version) : getSourceFile.call(host, name, version, ...rest);
  host.fileExists = (name) => name === file || fileExists.call(host, name);
  host.readFile = (name) => (name === file ? text : readFile.call(host, name));
  const program = ts.createProgram({ rootNames: [file], options: compilerOptions, host });
  const source = program.getSourceFile(file) as ts.SourceFile;
  const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
  return diagnostics.map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    const line = source.getLineAndCharacterOfPosition(d.start ?? 0).line + 1;
    let k = starts.length - 1;
    while (k > 0 && (starts[k] as number) > line) k--;
    const at = examples[k]?.example;
    return at
      ? `${at.file}:${at.line + line - (starts[k] as number)} (${at.name}): ${message}`
      : `line ${line}: ${message}`;
  });
}
