// Progress on a terminal (#27): under a pseudo-terminal (script(1), as a user's shell gives one), `fos report` on
// 50,000 schools shows its steps as they run on the status line; piped, it shows none of them.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { schoolsToCsv, syntheticRegion } from "../../src/index.js";
import { ROOT } from "../helpers.js";

const SCRIPT = "/usr/bin/script";
const dir = mkdtempSync(join(tmpdir(), "fos-progress-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The environment of a user at a terminal: not CI, no forced colours. */
const { CI: _ci, FORCE_COLOR: _fc, ...env } = process.env;

/** The status lines drawn ("fos: grouping …", each erased by a carriage return and erase-line when it ends). */
const updates = (text: string): string[] => [...text.matchAll(/fos: ([^\r\n]+?) …/g)].map((m) => m[1] as string);

describe.skipIf(!existsSync(SCRIPT))("progress on a terminal (the built CLI under script)", () => {
  it("fos report on 50,000 schools shows at least three progress updates; piped, none", () => {
    const n = 50_000;
    const file = join(dir, "region-2017-2019.csv");
    const records = syntheticRegion({
      primaries: Math.round(n * 0.83),
      secondaries: n - Math.round(n * 0.83),
      years: 3,
      detail: false,
      changes: false,
      seed: 5,
    });
    writeFileSync(file, schoolsToCsv(records));
    const out = join(dir, "report.html");
    const command = `node ${ROOT}dist/cli.js report ${file} --no-pairs --out ${out}`;
    const tty = spawnSync(SCRIPT, ["-qec", command, "/dev/null"], {
      cwd: ROOT,
      encoding: "utf8",
      env,
      maxBuffer: 64 * 1024 * 1024,
      timeout: 300_000,
    });
    expect(tty.status, tty.stdout.slice(-2000)).toBe(0);
    const shown = updates(tty.stdout);
    expect(shown.length, shown.join(" | ")).toBeGreaterThanOrEqual(3);
    expect(shown).toEqual(expect.arrayContaining(["reading 1 file", "grouping", "benchmarking"]));
    // Each status line is erased by the terminal's own control characters, not shown escaped.
    expect(tty.stdout).toContain("\r\x1b[K");
    expect(tty.stdout).not.toContain("\\u001b");
    // Piped (no terminal): no status line at all, only the summary.
    const piped = spawnSync("node", [`${ROOT}dist/cli.js`, "report", file, "--no-pairs", "--out", out], {
      cwd: ROOT,
      encoding: "utf8",
      env,
      timeout: 300_000,
    });
    expect(piped.status).toBe(0);
    expect(piped.stderr).not.toContain("\x1b[K");
    expect(updates(piped.stderr)).toEqual([]);
  }, 600_000);
});
