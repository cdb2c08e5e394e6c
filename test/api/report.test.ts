/// <reference types="node" />
// The public API, as its types say it: every export of the two entries (the core and families-of-schools/node) with
// its declaration, comments left out, in docs/api-report.txt. A change to the API fails here until the report is
// regenerated (FOS_UPDATE_API=1) and the change is looked at in review: nothing is exported, renamed or retyped by
// accident.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";

const REPORT = join(ROOT, "docs/api-report.txt");
const ENTRIES = { "families-of-schools": "src/index.ts", "families-of-schools/node": "src/node/index.ts" };

/** A node with every function body taken away (functions, methods, constructors, accessors). */
function withoutBodies<T extends ts.Node>(node: T): T {
  const f = ts.factory;
  const visit = (n: ts.Node): ts.Node => {
    const m = ts.canHaveModifiers(n) ? ts.getModifiers(n) : undefined;
    if (ts.isFunctionDeclaration(n))
      return f.updateFunctionDeclaration(
        n,
        m,
        n.asteriskToken,
        n.name,
        n.typeParameters,
        n.parameters,
        n.type,
        undefined,
      );
    if (ts.isMethodDeclaration(n))
      return f.updateMethodDeclaration(
        n,
        m,
        n.asteriskToken,
        n.name,
        n.questionToken,
        n.typeParameters,
        n.parameters,
        n.type,
        undefined,
      );
    if (ts.isConstructorDeclaration(n)) return f.updateConstructorDeclaration(n, m, n.parameters, undefined);
    if (ts.isGetAccessorDeclaration(n))
      return f.updateGetAccessorDeclaration(n, m, n.name, n.parameters, n.type, undefined);
    return ts.visitEachChild(n, visit, undefined);
  };
  return visit(node) as T;
}

/** One declaration as source text without its comments or bodies: what a user of the types sees. */
function declared(node: ts.Node, printer: ts.Printer, file: ts.SourceFile): string {
  return printer.printNode(ts.EmitHint.Unspecified, withoutBodies(node), file).replace(/^export (declare )?/, "");
}

/** Each entry's exports, sorted by name, with their declarations. */
function apiReport(): string {
  const options = { ...ts.getDefaultCompilerOptions(), strict: true, types: ["node"], noEmit: true };
  const program = ts.createProgram(
    Object.values(ENTRIES).map((f) => join(ROOT, f)),
    { ...options, paths: { "families-of-schools": [join(ROOT, "src/index.ts")] }, baseUrl: ROOT },
  );
  const checker = program.getTypeChecker();
  const printer = ts.createPrinter({ removeComments: true });
  const out: string[] = [];
  for (const [entry, path] of Object.entries(ENTRIES)) {
    const file = program.getSourceFile(join(ROOT, path)) as ts.SourceFile;
    const symbols = checker.getExportsOfModule(checker.getSymbolAtLocation(file) as ts.Symbol);
    out.push(`# ${entry} (${symbols.length} exports)`, "");
    for (const exported of [...symbols].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      for (const d of symbol.declarations ?? []) {
        const flags = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.InTypeAlias;
        // A type alias written in terms of a value (`(typeof NAMES)[number]`) is shown as the type it stands for.
        const text = ts.isVariableDeclaration(d)
          ? `const ${d.name.getText()}: ${checker.typeToString(checker.getTypeOfSymbol(symbol), d, ts.TypeFormatFlags.NoTruncation)};`
          : ts.isTypeAliasDeclaration(d) && /\btypeof\b/.test(d.type.getText())
            ? `type ${d.name.text} = ${checker.typeToString(checker.getDeclaredTypeOfSymbol(symbol), d, flags)};`
            : declared(d, printer, d.getSourceFile());
        out.push(text, "");
      }
    }
  }
  return `${out.join("\n").trimEnd()}\n`;
}

describe("the public API", () => {
  it("is the reviewed one (docs/api-report.txt)", () => {
    const now = apiReport();
    if (process.env.FOS_UPDATE_API === "1") writeFileSync(REPORT, now);
    expect(now).toBe(readFileSync(REPORT, "utf8"));
  }, 60_000);
});
