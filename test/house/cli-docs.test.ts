// docs/cli.md and the commands' help are made separately (the help from the flag table, the page by hand): every flag
// a command's help lists is in docs/cli.md, and docs/cli.md names no flag that no command has.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BENCHMARK_HELP } from "../../src/cli/commands/benchmark.js";
import { DEMO_HELP } from "../../src/cli/commands/demo.js";
import { GROUP_HELP } from "../../src/cli/commands/group.js";
import { PAIRS_HELP } from "../../src/cli/commands/pairs.js";
import { PLACES_HELP } from "../../src/cli/commands/places.js";
import { QUALITY_HELP } from "../../src/cli/commands/quality.js";
import { REPORT_HELP } from "../../src/cli/commands/report.js";
import { VALIDATE_HELP } from "../../src/cli/commands/validate.js";
import { USAGE } from "../../src/node/shell/usage.js";
import { ROOT } from "../helpers.js";

const HELP = [BENCHMARK_HELP, DEMO_HELP, GROUP_HELP, PAIRS_HELP, PLACES_HELP, QUALITY_HELP, REPORT_HELP, VALIDATE_HELP];
/** The command line's own flags, for every command: not in any command's table. */
const EVERY_COMMAND = ["--help", "--quiet", "--version"];
const flags = (text: string): Set<string> => new Set(text.match(/--[a-z][a-z0-9-]*/g) ?? []);

describe("docs/cli.md and the commands' help", () => {
  const page = flags(readFileSync(join(ROOT, "docs/cli.md"), "utf8"));
  const help = new Set([...HELP.flatMap((h) => [...flags(h)]), ...flags(USAGE), ...EVERY_COMMAND]);

  it("documents every flag the help lists", () => {
    expect([...help].filter((f) => !page.has(f) && !EVERY_COMMAND.includes(f)).sort()).toEqual([]);
  });

  it("names no flag that no command has", () => {
    expect([...page].filter((f) => !help.has(f)).sort()).toEqual([]);
  });
});
