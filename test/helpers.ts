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
