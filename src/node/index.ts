/// <reference types="node" />
import { readFile } from "node:fs/promises";
// The core is imported by the package's own name, so that the Node entry shares its classes
// (FamiliesError) with the main entry instead of bundling a second copy.
import {
  combineReads,
  decodeBytes,
  FamiliesError,
  type Problem,
  type ReadReport,
  type ReadResult,
  type ReadSchoolsOptions,
  type Register,
  type RejectedRow,
  readGias,
  readLinks,
  readSchools,
  type SchoolYear,
} from "families-of-schools";

/**
 * Decodes a file's bytes: UTF-8 (with or without a byte-order mark) when they are valid UTF-8, else Windows-1252
 * (the encoding of GIAS downloads) for every byte that is not part of a UTF-8 sequence; see `decodeBytes`.
 *
 * @throws {FamiliesError} for a UTF-16 file, saying to save it as UTF-8.
 */
export function decodeText(bytes: Uint8Array, file?: string): string {
  return decodeBytes(bytes, file).text;
}

/** A file to read, with the year when its name does not carry one. */
export interface FileInput {
  path: string;
  year?: number;
}

/**
 * Reads one CSV file of school records; see `readSchools` for the layouts and options.
 * The file name is used in every message and, for DfE files, to find the year.
 *
 * @param path - The file's path.
 * @param options - As for `readSchools`; `file` defaults to the path as given.
 * @returns `{ records, lines, rejected, report }`.
 * @throws {FamiliesError} for bad data (see `readSchools`); Node's own error when the file cannot be opened.
 * @example
 * const { records } = await readSchoolsFile("fixtures/region/region.csv");
 * records.length;
 * // => 4108
 */
export async function readSchoolsFile(path: string, options: ReadSchoolsOptions = {}): Promise<ReadResult> {
  const text = decodeText(await readFile(path), path);
  return readSchools(text, { ...options, file: options.file ?? path });
}

/**
 * Reads several files (e.g. one a year) and joins them, checking that no school appears twice for one year.
 * Every file is read before any error is thrown, so one error lists the problems of all of them.
 *
 * @param inputs - Paths, or `{ path, year }` for files whose name has no year.
 * @param options - As for `readSchools`, applied to every file.
 * @returns `{ records, rejected, reports }`.
 * @throws {FamiliesError} holding every problem in every file.
 */
export async function readSchoolFiles(
  inputs: readonly (string | FileInput)[],
  options: ReadSchoolsOptions = {},
): Promise<{ records: SchoolYear[]; rejected: RejectedRow[]; reports: ReadReport[] }> {
  const reads: ReadResult[] = [];
  const problems: Problem[] = [];
  for (const input of inputs) {
    const { path, year } = typeof input === "string" ? { path: input, year: undefined } : input;
    try {
      reads.push(await readSchoolsFile(path, { ...options, ...(year === undefined ? {} : { year }) }));
    } catch (error) {
      if (error instanceof FamiliesError) problems.push(...error.issues);
      else throw error;
    }
  }
  if (problems.length > 0) throw new FamiliesError(problems);
  return combineReads(reads, options.mode ?? "strict");
}

/**
 * Reads a successor-links file in the GIAS links layout (cp1252 or UTF-8).
 *
 * @param path - The file's path.
 * @returns `{ links, skipped }`; see `readLinks`.
 */
export async function readLinksFile(path: string): Promise<ReturnType<typeof readLinks>> {
  return readLinks(decodeText(await readFile(path), path), { file: path });
}

/**
 * Reads a GIAS establishment file (the "edubasealldata" download, cp1252 or UTF-8); see `readGias`.
 *
 * @param path - The file's path.
 * @returns `{ establishments, fields }`.
 * @example
 * const { records } = await readSchoolsFile("fixtures/dfe/2018-2019_850_excerpt_ks2final.csv", { preset: "dfe-ks2" });
 * const { establishments } = await readGiasFile("fixtures/dfe/2022-04-20_gias_850_excerpt.csv");
 * joinRegister(records, establishments).records[0].laName;
 * // => "Hampshire"
 */
export async function readGiasFile(path: string): Promise<Register> {
  return readGias(decodeText(await readFile(path), path), { file: path });
}
