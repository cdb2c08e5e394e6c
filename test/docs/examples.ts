/// <reference types="node" />
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";

/**
 * The `@example` blocks of the source's doc comments, and how each becomes a program whose `// =>` lines are checked.
 * The convention they follow is written once, in docs/api.md ("The examples"); examples.test.ts runs them.
 */

/** One `@example` block: where it is, what it documents, and its code (the comment's `*` prefix removed). */
export interface DocExample {
  /** The source file, relative to the repository, e.g. "src/group/families.ts". */
  file: string;
  /** The line of the file on which the example's code starts. */
  line: number;
  /** The declaration the doc comment belongs to, e.g. "groupFamilies". */
  name: string;
  code: string;
}

/** Every `.ts` file under `folder`, relative to `root`, in a stable order. */
function sourceFiles(root: string, folder: string): string[] {
  return (readdirSync(join(root, folder), { recursive: true }) as string[])
    .filter((f) => f.endsWith(".ts"))
    .map((f) => join(folder, f).split("\\").join("/"))
    .sort();
}

/** A doc comment, and the name declared right after it (`export function name`, `export const name`, `class name`). */
const DOC_COMMENT =
  /\/\*\*([\s\S]*?)\*\/\s*(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?(?:async\s+)?(?:function\*?|const|let|class|interface|type)?\s*([A-Za-z_$][\w$]*)?/g;

/** Every `@example` block in the `.ts` files under `src/` (read as text: they are in the repository). */
export function docExamples(root: string): DocExample[] {
  const out: DocExample[] = [];
  for (const file of sourceFiles(root, "src")) {
    const text = readFileSync(join(root, file), "utf8");
    for (const match of text.matchAll(DOC_COMMENT)) {
      const firstLine = text.slice(0, match.index).split("\n").length;
      const lines = (match[1] as string).split("\n").map((l) => l.replace(/^\s*\* ?/, ""));
      for (const [i, l] of lines.entries()) {
        if (!l.startsWith("@example")) continue;
        // The example runs to the next tag or the end of the comment.
        const end = lines.findIndex((m, j) => j > i && m.startsWith("@"));
        const code = lines.slice(i + 1, end === -1 ? undefined : end).join("\n");
        out.push({ file, line: firstLine + i + 1, name: match[2] ?? "(unnamed)", code: code.trimEnd() });
      }
    }
  }
  return out;
}

/** How many times `@example` is written in the `.ts` files under `src/`: the extraction must find that many. */
export function exampleTagCount(root: string): number {
  return sourceFiles(root, "src").reduce(
    (n, file) => n + (readFileSync(join(root, file), "utf8").match(/@example\b/g)?.length ?? 0),
    0,
  );
}

/** A mistake in an example's form, at a line of the example (1 is its first). */
export class ExampleError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = "ExampleError";
  }
}

/** One `// =>` of an example: its line within the example, and the expected value as written. */
export interface Expectation {
  line: number;
  statement: string;
  expected: string;
}

/** An example made runnable: JavaScript for the body of an async function, and the `// =>` lines it checks. */
export interface ExampleProgram {
  js: string;
  expectations: Expectation[];
  /** The names the example uses but does not declare: what it needs from the API and the preamble. */
  free: string[];
}

/** The identifiers a piece of code reads but never declares (property names, as in `a.b` or `{ b: 1 }`, are not read). */
export function freeNames(source: ts.SourceFile): string[] {
  const used = new Set<string>();
  const declared = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      const parent = node.parent;
      const isDeclared =
        (ts.isVariableDeclaration(parent) ||
          ts.isParameter(parent) ||
          ts.isBindingElement(parent) ||
          ts.isFunctionDeclaration(parent) ||
          ts.isClassDeclaration(parent)) &&
        parent.name === node;
      const isProperty =
        (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
        (ts.isPropertyAssignment(parent) && parent.name === node) ||
        (ts.isBindingElement(parent) && parent.propertyName === node);
      if (isDeclared) declared.add(node.text);
      else if (!isProperty) used.add(node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return [...used].filter((n) => !declared.has(n)).sort();
}

/** The expression statement (at any depth) that ends where a `// =>` starts: on its line, or on the line above. */
function statementBefore(source: ts.SourceFile, at: number): ts.ExpressionStatement | undefined {
  let found: ts.ExpressionStatement | undefined;
  const visit = (node: ts.Node): void => {
    if (
      ts.isExpressionStatement(node) &&
      node.end <= at &&
      /^[ \t]*(\r?\n[ \t]*)?$/.test(source.text.slice(node.end, at))
    )
      found = node;
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * `~18.3` in an expected value: a number given to the decimals shown, i.e. within half of its last digit. Strings
 * are matched first so that a `~` inside one is left alone.
 */
function approximations(expected: string): string {
  return expected.replace(
    /("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|~(-?\d+(?:\.(\d+))?)/g,
    (whole, quoted: string | undefined, n: string, decimals: string | undefined) =>
      quoted === undefined ? `__approx(${n}, ${decimals?.length ?? 0})` : whole,
  );
}

const TRANSPILE: ts.TranspileOptions = {
  compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  reportDiagnostics: true,
};

/** The syntax errors in TypeScript code, as messages. */
function syntaxErrors(code: string): string[] {
  const { diagnostics = [] } = ts.transpileModule(code, TRANSPILE);
  return diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

/**
 * Whether an expected value is one: it parses, and is not a value followed by words in brackets, which parses as a
 * call (`60 (pupil-weighted)`, `"P01" (the first)`).
 */
function isValue(expected: string): boolean {
  if (syntaxErrors(`(${expected});`).length > 0) return false;
  const source = ts.createSourceFile("value.ts", `(${expected});`, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  let e = (source.statements[0] as ts.ExpressionStatement).expression;
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  if (!ts.isCallExpression(e)) return true;
  let callee: ts.Expression = e.expression;
  while (ts.isParenthesizedExpression(callee) || ts.isCallExpression(callee)) callee = callee.expression;
  return !(
    ts.isLiteralExpression(callee) ||
    ts.isArrayLiteralExpression(callee) ||
    ts.isObjectLiteralExpression(callee) ||
    ts.isPrefixUnaryExpression(callee) ||
    [ts.SyntaxKind.TrueKeyword, ts.SyntaxKind.FalseKeyword, ts.SyntaxKind.NullKeyword].includes(callee.kind)
  );
}

/** TypeScript code as JavaScript. */
function transpiled(code: string): string {
  return ts.transpileModule(code, TRANSPILE).outputText;
}

/**
 * Rewrites an example so that each expression statement followed by `// => X` (on its line, or on the next; X may go
 * on over the lines below that start `//` and two spaces) becomes `__check(k, statement, X)`, and transpiles it to JavaScript.
 * Throws when a `// =>` follows no expression statement, or when the code or an expected value does not parse.
 */
export function exampleProgram(code: string): ExampleProgram {
  const source = ts.createSourceFile("example.ts", code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const lines = code.split("\n");
  let offset = 0;
  const starts = lines.map((l) => {
    offset += l.length + 1;
    return offset - l.length - 1;
  });
  const expectations: Expectation[] = [];
  const edits: { start: number; end: number; text: string }[] = [];
  for (const [i, l] of lines.entries()) {
    const column = l.indexOf("// =>");
    if (column === -1) continue;
    const parts = [l.slice(column + 5).trim()];
    // The value goes on over the lines below that are `//` and two or more spaces; `// Words` begins a note.
    for (let j = i + 1; j < lines.length && /^\s*\/\/ {2,}\S/.test(lines[j] as string); j++)
      parts.push((lines[j] as string).replace(/^\s*\/\//, "").trim());
    const expected = parts.join(" ");
    if (!isValue(approximations(expected)))
      throw new ExampleError(i + 1, `"// => ${expected}" is not a JavaScript value (words go on a // line above)`);
    const statement = statementBefore(source, (starts[i] as number) + column);
    if (statement === undefined)
      throw new ExampleError(i + 1, `"// => ${expected}" does not follow an expression statement`);
    if (edits.some((e) => e.start === statement.expression.getStart()))
      throw new ExampleError(i + 1, `a second "// =>" for one statement`);
    const k = expectations.length;
    expectations.push({ line: i + 1, statement: statement.expression.getText(), expected });
    edits.push({
      start: statement.expression.getStart(),
      end: statement.expression.end,
      text: `__check(${k}, (${statement.expression.getText()}), (${approximations(expected)}))`,
    });
  }
  let rewritten = code;
  for (const e of edits.sort((a, b) => b.start - a.start))
    rewritten = rewritten.slice(0, e.start) + e.text + rewritten.slice(e.end);
  const js = `(async () => {\n${rewritten}\n});\n`;
  const problems = syntaxErrors(js);
  if (problems.length > 0) throw new ExampleError(1, `the example does not parse: ${problems.join("; ")}`);
  return { js: transpiled(js), expectations, free: freeNames(source) };
}
