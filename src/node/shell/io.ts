/// <reference types="node" />
// Files in and out for the command line: the only place it touches the file system.

import { once } from "node:events";
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { decodeBytes } from "../../text/decode.js";
import { escapeControls } from "./print.js";
import { UsageError, WriteError } from "./usage.js";

/** One input file: its path (`-` for standard input) and the year given with it (`2019=path`). */
export interface Input {
  path: string;
  year?: number;
}

/** `[YEAR=]PATH`. */
export function parseInput(arg: string): Input {
  const m = /^(\d{4})=(.+)$/.exec(arg);
  if (m) return { path: m[2] as string, year: Number(m[1]) };
  return { path: arg };
}

/**
 * A file's text (or standard input's), decoded (see `decodeBytes`: a note on stderr when it is not UTF-8); a usage
 * error naming the path when it cannot be read; a FamiliesError for a UTF-16 file.
 */
export function readInput(input: Input): string {
  const name = input.path === "-" ? "stdin" : input.path;
  const { text, encoding } = decodeBytes(readBytes(input), name);
  if (encoding !== "utf-8")
    process.stderr.write(
      `note: ${name} is not UTF-8; read as ${encoding === "windows-1252" ? "Windows-1252 (as GIAS files are)" : "UTF-8 where it is, Windows-1252 for the other bytes"}\n`,
    );
  return text;
}

function readBytes(input: Input): Uint8Array {
  try {
    return input.path === "-" ? readFileSync(0) : readFileSync(input.path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new UsageError(`no such file: ${input.path}`);
    if (code === "EISDIR") throw new UsageError(`${input.path} is a folder, not a CSV file`);
    throw new UsageError(`cannot read ${input.path}: ${(error as Error).message}`);
  }
}

const WRITE_REASONS: Record<string, string> = {
  ENOENT: "its folder does not exist",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "the disk is read-only",
  EISDIR: "it is a folder; give a file name",
  ENOSPC: "the disk is full",
  ENOTDIR: "a part of the path is a file, not a folder",
  EEXIST: "it is a file, not a folder",
};

/** The flags that name a file to read. */
const INPUT_FLAGS = ["gias", "links", "map", "previous", "families", "pins", "forbid", "absence"] as const;

/** A file's identity (device and inode), or undefined when it is not an existing plain file. */
function identity(path: string): string | undefined {
  try {
    const s = statSync(path);
    return s.isFile() ? `${s.dev}:${s.ino}` : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Refuses an --out that is one of the command's inputs (the same path, or the same file by another path: a link, a
 * `./` or `../` spelling), before any work is done: writing would destroy the data the output is made from.
 */
export function refuseOverwrite(values: Record<string, unknown>, positionals: readonly string[]): void {
  const out = values.out;
  if (typeof out !== "string" || out === "-") return;
  const target = identity(out);
  if (target === undefined) return;
  const inputs: [string, string][] = [
    ...positionals.map((p) => ["a data file", parseInput(p).path] as [string, string]),
    ...INPUT_FLAGS.flatMap((f) =>
      typeof values[f] === "string" ? [[`the --${f} file`, values[f]] as [string, string]] : [],
    ),
  ];
  for (const [what, path] of inputs)
    if (path !== "-" && identity(path) === target)
      throw new UsageError(
        `--out ${out} is ${what}${path === out ? "" : ` (${path})`}: writing it would destroy that input; choose another --out`,
      );
}

/** How much output is gathered before it is written: big enough to write fast, small enough to hold. */
const CHUNK = 1 << 16;

/**
 * Writes the output, piece by piece as they come: to `out`, or to standard output when there is none or it is `-`.
 * Standard output is waited for when it is full (a slow pipe holds the command back, not its memory), so the size of
 * the output is limited only by the disk. A file that cannot be written in full is removed, not left half written.
 */
export async function emit(pieces: Iterable<string> | string, out: string | undefined): Promise<void> {
  const all = typeof pieces === "string" ? [pieces] : pieces;
  if (out === undefined || out === "-") return chunked(all, toStdout);
  if (out.trim() === "") throw new WriteError("--out needs a file name (or - for standard output)");
  const fd = attempt(out, () => openSync(out, "w"));
  try {
    // A file takes each write in full before the next: synchronous writes are its back-pressure.
    await chunked(all, async (chunk) => {
      attempt(out, () => writeSync(fd, chunk));
    });
  } catch (error) {
    // Only a plain file is removed: never a device or pipe named as --out (/dev/stdout).
    if (fstatSync(fd).isFile()) unlinkSync(out);
    closeSync(fd);
    throw error;
  }
  attempt(out, () => closeSync(fd));
}

/** Pieces gathered into chunks of about CHUNK characters, each handed to `write` in turn. */
async function chunked(pieces: Iterable<string>, write: (chunk: string) => Promise<void>): Promise<void> {
  let parts: string[] = [];
  let size = 0;
  for (const piece of pieces) {
    parts.push(piece);
    size += piece.length;
    if (size < CHUNK) continue;
    await write(parts.join(""));
    parts = [];
    size = 0;
  }
  if (size > 0) await write(parts.join(""));
}

async function toStdout(chunk: string): Promise<void> {
  if (!process.stdout.write(chunk)) await once(process.stdout, "drain");
}

/** A file-system call on the output, its error as a WriteError naming the path and the reason. */
function attempt<T>(out: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    throw new WriteError(`cannot write ${out}: ${WRITE_REASONS[code] ?? (error as Error).message}`);
  }
}

/**
 * Makes the folder `dir` (and its parents) for `--out-dir`, before any work is done, so that a folder that cannot be
 * made says so at once; a WriteError naming the folder and the reason.
 */
export function makeFolder(dir: string): void {
  if (dir.trim() === "") throw new WriteError("--out-dir needs a folder name");
  try {
    makeFolders(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    throw new WriteError(`cannot make the folder ${dir}: ${WRITE_REASONS[code] ?? (error as Error).message}`);
  }
}

/**
 * mkdir -p by hand: Node 20's `mkdirSync(dir, { recursive: true })` never returns for a path under /proc, where
 * mkdir says ENOENT for a folder that exists.
 */
function makeFolders(dir: string): void {
  try {
    mkdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST" && statSync(dir).isDirectory()) return;
    if (code !== "ENOENT" || dirname(dir) === dir) throw error;
    makeFolders(dirname(dir));
    mkdirSync(dir);
  }
}

/** Writes each page to its path inside `dir` (made by makeFolder), replacing a file of that name. */
export function writePages(dir: string, pages: readonly { path: string; html: string }[]): void {
  for (const page of pages) {
    const path = join(dir, page.path);
    attempt(path, () => writeFileSync(path, page.html));
  }
}

/** Where a command says it wrote its output, for its summary line: "; written to PATH", or nothing. */
export function writtenTo(out: string | undefined, lead = "; written to"): string {
  return out === undefined || out === "-" ? "" : `${lead} ${out}`;
}

// Progress on a terminal: the step under way stays on one status line at the foot of stderr, redrawn below anything
// else written there, and cleared when the step ends. Nothing when stderr is piped or redirected, under CI, or with
// --quiet. (The work is synchronous, so the line changes between steps and files, not while one runs.)
let quiet = false;
let status = "";
let installed = false;

// stderr as the process had it, taken before main.ts makes every message show its control characters escaped: the
// status line's own carriage return and erase-line must reach the terminal as they are (its text is escaped here).
const terminalWrite = process.stderr.write.bind(process.stderr);

/** `--quiet`: no progress and no step times on a terminal. */
export function setQuiet(value: boolean): void {
  quiet = value;
}

function live(): boolean {
  return !quiet && process.stderr.isTTY === true && !process.env.CI;
}

const statusLine = (text: string): string => `fos: ${escapeControls(text)} …`;

/**
 * Shows `text` as the status line, on a terminal (`reading file 2 of 3 (ks2.csv)`), or clears it for "", keeping
 * other stderr output above it.
 */
export function progress(text: string): void {
  if (!live()) return;
  if (!installed) {
    installed = true;
    const write = process.stderr.write.bind(process.stderr) as typeof process.stderr.write;
    process.stderr.write = ((...args: Parameters<typeof write>) => {
      if (status === "") return write(...args);
      terminalWrite("\r\x1b[K");
      const ok = write(...args);
      terminalWrite(statusLine(status));
      return ok;
    }) as typeof process.stderr.write;
  }
  if (status !== "") terminalWrite("\r\x1b[K");
  status = text;
  if (status !== "") terminalWrite(statusLine(status));
}

/**
 * Runs one step of a command. On a terminal, the step's name shows while it runs, and a step that took over a
 * second says so when it ends, so a long run shows where its time goes; piped or redirected output stays clean.
 * (FOS_PROGRESS_AFTER_MS changes the second.)
 */
export function timed<T>(label: string, run: () => T): T {
  const outer = status;
  progress(label);
  const started = performance.now();
  let out: T;
  try {
    out = run();
  } finally {
    progress(outer);
  }
  const ms = performance.now() - started;
  const after = Number(process.env.FOS_PROGRESS_AFTER_MS ?? 1000);
  if (live() && ms > (Number.isFinite(after) ? after : 1000))
    process.stderr.write(`fos: ${label} took ${(ms / 1000).toFixed(1)} s\n`);
  return out;
}
