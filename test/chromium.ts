// Debian's Chromium for the browser tests (test/render/browser.test.ts, report-print.test.ts): where it is, whether
// it is there (required under CI: FOS_REQUIRE_BROWSER), and how to launch it headless.
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Whether Chromium is there; a test file skips its browser tests when not, unless FOS_REQUIRE_BROWSER is set. */
export const found = existsSync(CHROMIUM);
if (!found && process.env.FOS_REQUIRE_BROWSER)
  throw new Error(
    `Chromium is not at ${CHROMIUM}, and FOS_REQUIRE_BROWSER is set: install it (apt-get install -y chromium)`,
  );
if (!found)
  console.warn(
    `browser test skipped: no Chromium at ${CHROMIUM} (install Debian's chromium package, or set CHROMIUM_PATH)`,
  );

/** Chromium, headless, without a sandbox, a GPU, or network calls of its own. */
export const launch = () =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
