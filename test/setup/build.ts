/// <reference types="node" />
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

// Build once before any test file runs, so that the tests of the built CLI and the packed
// package never race each other over dist/.
export default function setup(): void {
  execFileSync("npm", ["run", "build", "--silent"], {
    cwd: fileURLToPath(new URL("../..", import.meta.url)),
    stdio: ["ignore", "ignore", "inherit"],
  });
}
