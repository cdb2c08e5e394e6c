/// <reference types="node" />
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Problem } from "../src/index.js";

/** The repository's root folder. */
export const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** A fixture file's text (UTF-8), by its path under fixtures/. */
export function fixture(path: string): string {
  return readFileSync(new URL(`../fixtures/${path}`, import.meta.url), "utf8");
}

/** Calls `fn` and returns the FamiliesError-like error it throws, or fails. */
export function thrown(fn: () => unknown): { name: string; message: string; issues: Problem[] } {
  try {
    fn();
  } catch (error) {
    return error as ReturnType<typeof thrown>;
  }
  throw new Error("expected the call to throw");
}

/** The CSP meta every page of a report carries (see src/render/page.ts). */
export const CSP_META = '<meta http-equiv="Content-Security-Policy" content="default-src \'none\';';

/**
 * The links of a report's pages that lead nowhere: each `href` (and no `src`) must be relative, to a page of the set
 * (or the same page) and, with a `#fragment`, to an element with that id there. Returned as "page → href".
 */
export function brokenLinks(pages: readonly { path: string; html: string }[]): string[] {
  const ids = new Map(pages.map((p) => [p.path, new Set([...p.html.matchAll(/\bid="([^"]*)"/g)].map((m) => m[1]))]));
  const broken: string[] = [];
  for (const page of pages) {
    if (/\bsrc="/.test(page.html.replace(/<script>[\s\S]*?<\/script>/g, ""))) broken.push(`${page.path} → a src`);
    for (const [, href] of page.html.matchAll(/\bhref="([^"]*)"/g)) {
      const [file, fragment] = (href as string).split("#") as [string, string | undefined];
      const target = ids.get(file === "" ? page.path : file);
      if (!target || (fragment !== undefined && !target.has(fragment))) broken.push(`${page.path} → ${href}`);
    }
  }
  return broken;
}
