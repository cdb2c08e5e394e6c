import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * Tests that run the built package as a user does (the CLI spawned, the package packed, pages in Chromium): they
 * need dist/, which test/setup/build.ts builds first. Every other test file is a unit test of the source.
 */
const PROCESS_TESTS = [
  "test/cli/**/*.test.ts",
  "test/package/**/*.test.ts",
  "test/property/generated.test.ts",
  "test/partner/distance.test.ts",
  "test/render/browser.test.ts",
  "test/render/report-print.test.ts",
];

/**
 * The second routes to the figures README.md, docs/ and bench/RESULTS.md print (each re-derives a printed figure from
 * real data by plain loops), and the checks on all of England: pure, but England-sized, so not unit tests.
 */
const FIGURE_TESTS = ["test/**/second-route*.test.ts", "test/**/england-*.test.ts", "test/house/outputs.test.ts"];

export default defineConfig({
  resolve: {
    // The Node entry imports the core by the package's name; in tests that is the source.
    alias: { "families-of-schools": fileURLToPath(new URL("./src/index.ts", import.meta.url)) },
  },
  test: {
    setupFiles: ["test/setup/fast-check.ts"],
    testTimeout: 60_000,
    benchmark: { include: ["bench/**/*.bench.ts"] },
    // `npm test` runs them all; `npm run test:unit` only the unit tests (no build, no spawned process, no browser,
    // no England-sized re-derivation).
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["test/**/*.test.ts"], exclude: [...PROCESS_TESTS, ...FIGURE_TESTS] },
      },
      { extends: true, test: { name: "figures", include: FIGURE_TESTS } },
      { extends: true, test: { name: "process", include: PROCESS_TESTS, globalSetup: ["test/setup/build.ts"] } },
    ],
  },
});
