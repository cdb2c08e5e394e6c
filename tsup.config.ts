import { defineConfig } from "tsup";

const common = {
  format: ["esm", "cjs"] as ("esm" | "cjs")[],
  sourcemap: true,
  target: "es2022",
  outDir: "dist",
};

export default defineConfig([
  // The core: no Node APIs, runs in Node, Deno, browsers and notebooks.
  { ...common, entry: { index: "src/index.ts" }, platform: "neutral", dts: true, clean: true },
  // The same core for bundlers and CDNs that ask for the "browser" condition: csv-parse's own
  // browser build (which carries its own Buffer) is bundled in, so nothing needs a polyfill.
  {
    ...common,
    entry: { browser: "src/index.ts" },
    platform: "browser",
    noExternal: ["csv-parse"],
    esbuildOptions(options) {
      options.alias = { "csv-parse/sync": "csv-parse/browser/esm/sync" };
    },
  },
  // File reading for Node, and the fos command line.
  { ...common, entry: { node: "src/node/index.ts" }, platform: "node", dts: true, external: ["families-of-schools"] },
  { ...common, entry: { cli: "src/cli/main.ts" }, format: ["esm"], platform: "node", external: ["families-of-schools"], banner: { js: "#!/usr/bin/env node" } },
]);
