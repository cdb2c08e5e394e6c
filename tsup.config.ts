import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";

const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };

const common = {
  format: ["esm", "cjs"] as ("esm" | "cjs")[],
  sourcemap: true,
  // Maps point at src/ by path without carrying its text: stack traces keep their files and lines, and the package
  // does not ship its sources a second time (they were 1.7 MB of 2.9 MB unpacked).
  esbuildOptions(options: { sourcesContent?: boolean }) {
    options.sourcesContent = false;
  },
  target: "es2022",
  outDir: "dist",
};

export default defineConfig([
  // The core: no Node APIs, runs in Node, Deno, browsers and notebooks.
  { ...common, entry: { index: "src/index.ts" }, platform: "neutral", dts: true, clean: true },
  // File reading for Node, and the fos command line.
  { ...common, entry: { node: "src/node/index.ts" }, platform: "node", dts: true, external: ["families-of-schools"] },
  {
    ...common,
    // The CLI imports the core by path and carries its own copy: its plumbing (CSV cells, shown values) need not be
    // public API.
    entry: { cli: "src/cli/main.ts" },
    format: ["esm"],
    platform: "node",
    banner: { js: "#!/usr/bin/env node" },
    define: { __FOS_VERSION__: JSON.stringify(version) },
  },
]);
