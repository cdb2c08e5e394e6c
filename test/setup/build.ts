/// <reference types="node" />
import { execFileSync } from "node:child_process";
import { readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// Build once before any test file runs, so that the tests of the built CLI and the packed
// package never race each other over dist/. Afterwards, remove the temporary folders the tests made
// (named fos-…, made during this run), so that runs do not pile them up.
export default function setup(): () => void {
  const started = Date.now();
  execFileSync("npm", ["run", "build", "--silent"], {
    cwd: fileURLToPath(new URL("../..", import.meta.url)),
    stdio: ["ignore", "ignore", "inherit"],
  });
  return () => {
    for (const name of readdirSync(tmpdir())) {
      if (!name.startsWith("fos-")) continue;
      const path = join(tmpdir(), name);
      try {
        if (statSync(path).birthtimeMs >= started - 1000) rmSync(path, { recursive: true, force: true });
      } catch {
        // Gone already, or not ours to remove: leave it.
      }
    }
  };
}
