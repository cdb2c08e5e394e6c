import { ArgumentError, FamiliesError, type Problem } from "../errors.js";
import { byUrn, compareText } from "../internal/order.js";
import { populationSd, zScore } from "../internal/stats.js";
import type { School } from "../panel/panel.js";
import type { SchoolYear } from "../schema.js";

/** How features can be put on one scale, and how schools can be split before grouping (besides a function). */
export const STANDARDISE_METHODS = ["z", "rank"] as const;
export const GROUP_BY = ["phase", "none"] as const;

/** Numeric context fields a grouping can use. */
export const CONTEXT_FIELDS = ["priorAttainment", "disadvantage", "eal", "sen", "mobility", "overallAbsence"] as const;
/** A numeric context field of {@link SchoolYear}. */
export type ContextField = (typeof CONTEXT_FIELDS)[number];

/** Each feature (context field) in words, for the reasons and messages a person reads ("prior attainment", "EAL"). */
export const FEATURE_WORDS: Readonly<Record<ContextField, string>> = {
  priorAttainment: "prior attainment",
  disadvantage: "disadvantage",
  eal: "EAL",
  sen: "SEN",
  mobility: "mobility",
  overallAbsence: "overall absence",
};

/** How schools are described for grouping: which features, how scaled, how split, which year. */
export interface FeatureOptions {
  /**
   * The features to group on and their weights (relative; they are normalised to sum to 1).
   * Default `{ priorAttainment: 1, disadvantage: 1 }`: prior attainment and disadvantage, equally weighted,
   * as Greater Manchester's Families were built. London's booklets used
   * `{ priorAttainment: 0.66, disadvantage: 0.2, eal: 0.1, mobility: 0.04 }`.
   */
  weights?: Partial<Record<ContextField, number>>;
  /**
   * How each feature is put on a common scale before weighting, within each group of `by`:
   * `z` (default): (value − mean) / standard deviation; `rank`: percentile rank, for skewed features.
   */
  standardise?: "z" | "rank";
  /** Group separately by phase (default), not at all (`none`), or by a key of your own. */
  by?: "phase" | "none" | ((school: School) => string);
  /** The year whose context is used. Default `latest`: each school's latest year. */
  year?: number | "latest";
  /**
   * With `year: "latest"`, whether a school with no data in the latest year of the data (closed, not yet open, or
   * missing from that year's file) is grouped on its own latest year. Default `false`: it is not grouped, and is
   * listed in `unassigned` with the reason, since it has nothing to be benchmarked on in that year.
   */
  includeAbsent?: boolean;
  /**
   * Average each feature over this many years ending at that year (the years the school has data for;
   * missing values skipped). Default 1. One year of a small cohort's prior attainment is noisy, and families
   * built on a 3-year average change less from year to year for reasons that are only noise.
   */
  contextYears?: number;
}

/** One school described for grouping. */
export interface FeaturePoint {
  urn: string;
  la?: string;
  name?: string;
  /** The partition (phase, or the `by` key). */
  key: string;
  /** The year the context came from. */
  year: number;
  /** Raw feature values, in the order of the features. */
  values: number[];
}

/** The described schools, split into partitions, and the schools that could not be described. */
export interface FeatureSet {
  features: { name: ContextField; weight: number }[];
  standardise: "z" | "rank";
  /** Partition key → points sorted by URN, with their weighted standardised coordinates (flat). */
  partitions: { key: string; points: FeaturePoint[]; coords: Float64Array }[];
  unassigned: { urn: string; reason: string }[];
}

/**
 * The schools a stage works on, checked: every stage after `panel` takes its schools, so that successor links (and a
 * links table) are followed once, where they are given. School-year records are refused with what to do instead.
 */
export function schoolsFor(fn: string, input: readonly School[]): readonly School[] {
  if (!Array.isArray(input)) throw new ArgumentError(fn, "schools must be an array, from panel(records).schools");
  const first = input[0] as object | undefined;
  if (first !== undefined && (typeof first !== "object" || first === null || !("years" in first)))
    throw new ArgumentError(
      fn,
      "expected schools from panel(records).schools, not school-year records: call panel(records) first (it joins each school's years and follows academy successors)",
    );
  // The same school twice (or two schools with one URN) would sit in two families at once. Schools in strictly
  // ascending URN order (as panel gives them) hold none: checked without a map of a million URNs.
  let ascending = true;
  for (let i = 1; i < input.length && ascending; i++) {
    const a = input[i - 1]?.urn;
    const b = input[i]?.urn;
    ascending = typeof a === "string" && typeof b === "string" && a < b;
  }
  if (ascending) return input;
  const seen = new Map<string, number>();
  for (let i = 0; i < input.length; i++) {
    const s = input[i] as School;
    const was = seen.get(s?.urn);
    if (was !== undefined)
      throw new ArgumentError(
        fn,
        `holds school ${s.urn} twice (items ${was} and ${i}): give each school once`,
        "schools",
      );
    seen.set(s?.urn, i);
  }
  return input;
}

/** Checks feature options, naming the function in any error. */
export function resolveFeatures(fn: string, options: FeatureOptions): { name: ContextField; weight: number }[] {
  const weights = options.weights ?? { priorAttainment: 1, disadvantage: 1 };
  const entries = Object.entries(weights).filter(([, w]) => w !== undefined) as [string, number][];
  for (const [name, w] of entries) {
    if (!(CONTEXT_FIELDS as readonly string[]).includes(name)) {
      throw new ArgumentError(fn, `unknown feature '${name}'; features are ${CONTEXT_FIELDS.join(", ")}`);
    }
    if (typeof w !== "number" || !Number.isFinite(w) || w < 0) {
      throw new ArgumentError(fn, `the weight of ${name} must be a number ≥ 0, not ${String(w)}`);
    }
  }
  const used = entries.filter(([, w]) => w > 0);
  if (used.length === 0) throw new ArgumentError(fn, `give at least one feature a weight above 0`);
  const total = used.reduce((s, [, w]) => s + w, 0);
  // A fixed order, so that the same weights in any order give the same grouping.
  return CONTEXT_FIELDS.filter((f) => used.some(([n]) => n === f)).map((f) => ({
    name: f,
    weight: (used.find(([n]) => n === f)?.[1] ?? 0) / total,
  }));
}

/** The latest year any school has data for, or undefined when none has any. */
function latestYear(schools: readonly School[]): number | undefined {
  let latest: number | undefined;
  for (let i = 0; i < schools.length; i++) {
    const years = (schools[i] as School).years;
    const y = years[years.length - 1]?.year;
    if (y !== undefined && (latest === undefined || y > latest)) latest = y;
  }
  return latest;
}

/**
 * Describes schools for grouping: picks each school's context year, reads its features, splits the schools
 * into partitions, and standardises and weights the features within each partition. Schools missing a
 * feature (or the year) are listed in `unassigned` with the reason. A feature value that is not a finite number
 * (NaN, ±Infinity) throws a {@link FamiliesError} (code `invalid-record`) naming each one. O(n log n).
 */
export function describeSchools(fn: string, input: readonly School[], options: FeatureOptions): FeatureSet {
  const { partitions, ...rest } = describeColumns(fn, input, options);
  const d = rest.features.length;
  return {
    ...rest,
    partitions: partitions.map(({ key, schools, years, values, coords }) => ({
      key,
      points: schools.map((s, i) =>
        makePoint(s.urn, s.la, s.name, key, years[i] as number, values.slice(i * d, i * d + d)),
      ),
      coords,
    })),
  };
}

/** The described schools of one partition as columns, in URN order (see {@link describeColumns}). */
export interface FeatureColumns {
  key: string;
  schools: School[];
  /** Each school's context year. */
  years: number[];
  /** Raw feature values, `d` a school (`values[i * d + j]`). */
  values: number[];
  /** Weighted standardised coordinates, `d` a school. */
  coords: Float64Array;
}

/** What {@link readOne} reads a school with, and where it puts what it finds. */
interface Reading {
  features: readonly { name: ContextField }[];
  year: number | "latest";
  latest: number | undefined;
  window: number;
  by: NonNullable<FeatureOptions["by"]>;
  /** One school's values, exactly as read (a double each), until it is known to have them all. */
  scratch: Float64Array;
  unassigned: { urn: string; reason: string }[];
  groups: Map<string, { schools: School[]; years: number[]; values: number[] }>;
  bad: Problem[];
}

/**
 * One school's features into its partition's columns, or the school into `unassigned` with the reason. Indexed
 * loops, no closures, no spread: this runs once a school, mostly before the JIT has compiled it (a fresh process's
 * comparisonGroups spent a fifth of its time here at 20,000 schools).
 */
function readOne(school: School, r: Reading): void {
  const { features, year, latest, window, by, scratch, unassigned, groups, bad } = r;
  const record = year === "latest" ? school.years[school.years.length - 1] : school.years.find((y) => y.year === year);
  if (!record) {
    unassigned.push({ urn: school.urn, reason: year === "latest" ? "no data" : `no data for ${year}` });
    return;
  }
  if (latest !== undefined && record.year < latest) {
    unassigned.push({
      urn: school.urn,
      reason: `no data for ${latest}, the latest year (its last is ${record.year}): closed, or missing from that year's file`,
    });
    return;
  }
  const span =
    window === 1 ? [record] : school.years.filter((y) => y.year > record.year - window && y.year <= record.year);
  let missing: string[] | undefined;
  for (let j = 0; j < features.length; j++) {
    const f = features[j] as { name: ContextField };
    const v = spanMean(span, f.name, school.urn, bad);
    if (v !== undefined) scratch[j] = v;
    else {
      missing ??= [];
      missing.push(FEATURE_WORDS[f.name]);
    }
  }
  if (missing !== undefined) {
    unassigned.push({
      urn: school.urn,
      reason: `no ${missing.join(" or ")} in ${window === 1 ? record.year : `${record.year - window + 1}–${record.year}`}`,
    });
    return;
  }
  const key = by === "phase" ? school.phase : by === "none" ? "all" : String(by(school));
  let group = groups.get(key);
  if (group === undefined) {
    group = { schools: [], years: [], values: [] };
    groups.set(key, group);
  }
  group.schools.push(school);
  group.years.push(record.year);
  for (let j = 0; j < features.length; j++) group.values.push(scratch[j] as number);
}

/**
 * {@link describeSchools} without a point object a school: its partitions as columns. comparisonGroups needs only
 * the URNs and coordinates, and at 1,000,000 schools the points were 140 MB it could not use.
 */
export function describeColumns(
  fn: string,
  input: readonly School[],
  options: FeatureOptions,
): Omit<FeatureSet, "partitions"> & { partitions: FeatureColumns[] } {
  const features = resolveFeatures(fn, options);
  const standardise = options.standardise ?? "z";
  if (!(STANDARDISE_METHODS as readonly string[]).includes(standardise))
    throw new ArgumentError(fn, `must be "z" or "rank", not ${JSON.stringify(standardise)}`, "standardise");
  const by = options.by ?? "phase";
  if (typeof by !== "function" && !(GROUP_BY as readonly string[]).includes(by))
    throw new ArgumentError(fn, `must be "phase", "none" or a function`, "by");
  const year = options.year ?? "latest";
  const window = options.contextYears ?? 1;
  if (!(Number.isInteger(window) && window >= 1))
    throw new ArgumentError(fn, `must be a whole number ≥ 1, not ${window}`, "contextYears");
  const schools = schoolsFor(fn, input);
  const unassigned: { urn: string; reason: string }[] = [];
  const groups = new Map<string, { schools: School[]; years: number[]; values: number[] }>();
  const latest = year === "latest" && options.includeAbsent !== true ? latestYear(schools) : undefined;
  const bad: Problem[] = [];
  const reading: Reading = {
    features,
    year,
    latest,
    window,
    by,
    scratch: new Float64Array(features.length),
    unassigned,
    groups,
    bad,
  };
  // A school at a time in a function of its own: this loop is compiled while it runs, and small it is compiled
  // sooner (see docs/design.md, "Fresh processes").
  for (let i = 0; i < schools.length; i++) readOne(schools[i] as School, reading);
  if (bad.length > 0) throw new FamiliesError(bad);
  unassigned.sort(byUrn);
  const d = features.length;
  const partitions = [...groups.entries()]
    .sort((a, b) => compareText(a[0], b[0]))
    .map(([key, group]) => {
      const inOrder = byUrnOrder(group, d);
      return { key, ...inOrder, coords: standardiseCoords(inOrder.values, d, features, standardise) };
    });
  return { features, standardise, partitions, unassigned };
}

/** A partition's columns in URN order (they are usually in it already, as panel gives schools). */
function byUrnOrder(
  group: { schools: School[]; years: number[]; values: number[] },
  d: number,
): { schools: School[]; years: number[]; values: number[] } {
  const { schools, years, values } = group;
  let sorted = true;
  for (let i = 1; i < schools.length && sorted; i++)
    sorted = byUrn(schools[i - 1] as School, schools[i] as School) <= 0;
  if (sorted) return group;
  const order = schools.map((_, i) => i).sort((a, b) => byUrn(schools[a] as School, schools[b] as School));
  const sortedValues = new Array<number>(values.length);
  order.forEach((i, r) => {
    for (let j = 0; j < d; j++) sortedValues[r * d + j] = values[i * d + j] as number;
  });
  return {
    schools: order.map((i) => schools[i] as School),
    years: order.map((i) => years[i] as number),
    values: sortedValues,
  };
}

/** A point with its fields in one order, `la` and `name` only when present. */
function makePoint(
  urn: string,
  la: string | undefined,
  name: string | undefined,
  key: string,
  year: number,
  values: number[],
): FeaturePoint {
  if (la === undefined) return name === undefined ? { urn, key, year, values } : { urn, name, key, year, values };
  return name === undefined ? { urn, la, key, year, values } : { urn, la, name, key, year, values };
}

/**
 * A feature's mean over a school's years (the present values), or undefined when none has it. A value that is not a
 * finite number (NaN, ±Infinity, text: only records built in code can hold one) is added to `bad`, since no distance
 * can be measured from it. A sum too large for a double is averaged scaled instead, so 9e307 twice is 9e307.
 */
function spanMean(span: readonly SchoolYear[], field: ContextField, urn: string, bad: Problem[]): number | undefined {
  let sum = 0;
  let count = 0;
  for (const y of span) {
    const v = y[field] as unknown;
    if (v === undefined) continue;
    if (typeof v !== "number" || !Number.isFinite(v)) {
      bad.push({
        code: "invalid-record",
        column: field,
        value: String(v),
        message: `school ${urn} in ${y.year}: ${field} is ${typeof v === "number" ? String(v) : `'${String(v)}'`}, not a finite number; give a number or leave it undefined (missing)`,
      });
      continue;
    }
    sum += v;
    count++;
  }
  if (count === 0) return undefined;
  if (Number.isFinite(sum)) return sum / count;
  let scaled = 0;
  for (const y of span) if (y[field] !== undefined) scaled += (y[field] as number) / count;
  return scaled;
}

/** Values this large or larger are scaled down before they are standardised, so that no sum or square overflows. */
const HUGE = 1e150;

function standardiseCoords(
  values: readonly number[],
  d: number,
  features: readonly { weight: number }[],
  how: "z" | "rank",
): Float64Array {
  const n = values.length / d;
  const coords = new Float64Array(n * d);
  // A loop a function (column, scaled, zScores, ranks, place): V8 compiles a long loop while it runs, once for each
  // loop of a function and the whole function each time; with all of them here it compiled this four times, each
  // holding up the searches waiting behind it (see docs/design.md, "Fresh processes").
  for (let j = 0; j < d; j++) {
    const column = scaled(columnOf(values, d, j, n));
    const z = how === "z" ? zScores(column) : ranks(column);
    place(coords, d, j, z, Math.sqrt((features[j] as { weight: number }).weight));
  }
  return coords;
}

/** Feature j of every school, from values laid out a school at a time. */
function columnOf(values: readonly number[], d: number, j: number, n: number): number[] {
  const column = new Array<number>(n);
  for (let i = 0; i < n; i++) column[i] = values[i * d + j] as number;
  return column;
}

/**
 * The column divided by its largest magnitude when that is huge. A z-score does not change when every value is
 * divided by the same number: dividing by the largest keeps the mean's sum and the deviations' squares finite for
 * any finite values (two of 9e307 would overflow the sum).
 */
function scaled(column: number[]): number[] {
  let largest = 0;
  for (let i = 0; i < column.length; i++) largest = Math.max(largest, Math.abs(column[i] as number));
  return largest >= HUGE ? column.map((v) => v / largest) : column;
}

/** z-scores about a plain mean: it only shifts every school alike, and keeps comparison groups' near-ties where they were. */
function zScores(column: readonly number[]): number[] {
  const n = column.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += column[i] as number;
  mean /= n;
  const scale = { mean, sd: populationSd(column, mean, n) };
  const z = new Array<number>(n);
  for (let i = 0; i < n; i++) z[i] = zScore(column[i], scale) as number;
  return z;
}

/** Percentile ranks (ties share their mean rank), scaled to unit variance like a z-score. */
function ranks(column: readonly number[]): number[] {
  const n = column.length;
  const idx = column.map((_, i) => i).sort((a, b) => (column[a] as number) - (column[b] as number) || a - b);
  const rank = new Array<number>(n);
  for (let s = 0; s < n; ) {
    let e = s;
    while (e + 1 < n && column[idx[e + 1] as number] === column[idx[s] as number]) e++;
    for (let t = s; t <= e; t++) rank[idx[t] as number] = (s + e) / 2;
    s = e + 1;
  }
  return rank.map((r) => (n > 1 ? ((r + 0.5) / n - 0.5) * Math.sqrt(12) : 0));
}

/** Feature j of the coordinates: the standardised column times the weight's square root. */
function place(coords: Float64Array, d: number, j: number, z: readonly number[], scale: number): void {
  for (let i = 0; i < z.length; i++) coords[i * d + j] = (z[i] as number) * scale;
}
