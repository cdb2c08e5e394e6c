/// <reference types="node" />
import { benchmarkFamilies } from "../../benchmark/benchmark.js";
import { FamiliesError } from "../../errors.js";
import { EmptyResult, leftOutLines } from "../../node/shell/empty.js";
import { type FlagTable, flagHelp, INPUT_FLAGS, OUTPUT_FLAGS } from "../../node/shell/flag-table.js";
import { helpOrCheck, numberFlag, parseFlags } from "../../node/shell/flags.js";
import { schoolsOrNothing } from "../../node/shell/input.js";
import { emit, readInput, timed, writtenTo } from "../../node/shell/io.js";
import { jsonResult } from "../../node/shell/json.js";
import { type ListedApart, measuresFlag, placesFromList } from "../../node/shell/place-lists.js";
import { plural } from "../../node/shell/print.js";
import { linksFlag, registerFlag } from "../../node/shell/register.js";
import { UsageError } from "../../node/shell/usage.js";
import { panel, type School } from "../../panel/panel.js";
import { type NeighbourhoodClusters, neighbourhoodClusters, PLACE_SIZES } from "../../place/clusters.js";
import { describePlaces } from "../../place/names.js";
import {
  CONTEXT_MEASURES,
  clusterProfile,
  measureWords,
  type PlaceProfile,
  SIMILAR_PLACES_K,
  type SimilarPlaces,
  similarPlaces,
} from "../../place/profile.js";
import { type PlaceOutcome, placeFamilies, placeRecords } from "../../place/records.js";
import { readSchools } from "../../read/read.js";
import { registerRecords } from "../../read/register.js";
import { placeReport } from "../../render/places.js";
import type { SchoolYear } from "../../schema.js";

/** The flags of places (its input flags beside --gias and --links are as for validate, and not listed). */
const PLACES_FLAGS = {
  gias: { ...INPUT_FLAGS.gias, help: "the GIAS establishment file (required)" },
  absence: {
    type: "string",
    value: "FILE",
    help: "the DfE's school-level absence file (URN, PERCTOT, PPERSABS10)",
  },
  la: { type: "string", value: "CODES", help: "only these local authorities, e.g. 350-359 or 352,356" },
  min: { type: "string", value: "N", help: `the fewest schools in a cluster (default ${PLACE_SIZES.min})` },
  max: { type: "string", value: "N", help: `the most schools in a cluster (default ${PLACE_SIZES.max})` },
  "same-la": { type: "boolean", help: "keep each cluster within one local authority" },
  k: { type: "string", value: "N", help: `similar places for each place (default ${SIMILAR_PLACES_K})` },
  outcome: {
    type: "string",
    value: "NAME",
    choices: ["ks2", "ks4", "absence"],
    help: "the outcome each place's family chart shows (with two or more years of data): ks2, ks4 or absence (default ks4 when secondaries have attainment, else ks2, else absence)",
  },
  year: { type: "string", value: "YEAR", help: "the year of the data (default the latest year of FILES or --absence)" },
  links: {
    ...INPUT_FLAGS.links,
    help: "the GIAS links file: a school that converted keeps its old URN's census and absence",
  },
  places: {
    type: "string",
    value: "FILE",
    help: "places as their leaders drew them: a CSV of urn and place (one school a line). Each listed place gets its profile, map and similar places, in place of the computed clusters for its schools; the schools in no listed place are clustered as usual (--min, --max, --same-la), to compare with. Listed schools not in the data, and the data's schools in no listed place, are named with the reason",
  },
  measures: {
    type: "string",
    value: "FILE",
    help: "measures of your own: a CSV of urn and numeric columns (e.g. an LSOA's income deprivation joined to each school by GIAS's 'LSOA (code)'). Each column joins each place's pupil-weighted profile and the comparison of places",
  },
  json: {
    ...OUTPUT_FLAGS.json,
    help: "print JSON: { clusters: [{ id, name, source, hubs, members, schools: [{ urn, name, phase, stage, la, distanceKm }], profile, similar, similarOn }], unplaced: [{ urn, reason }], listed: { file, notInData, unlisted } }",
  },
  out: { ...OUTPUT_FLAGS.out, help: "write the HTML place report (or the JSON) to PATH" },
  title: { type: "string", value: "TEXT", help: "the report's title" },
} as const satisfies FlagTable;

export const PLACES_HELP = `fos places [FILES] --gias FILE [options]

Neighbourhood clusters of schools across phases, built around the secondary schools pupils move on to
(as Wythenshawe's and South Solihull's schools worked together): every located school in one cluster,
each with its map, its profile (pupil-weighted disadvantage, EAL, SEN, KS2 and KS4 attainment, absence,
with 95% margins) and the places most like it elsewhere. Each place is named from its schools' GIAS
locality or town and postcode districts ("Wythenshawe (M22, M23)", its code beside it), each school by
its stage (infant, junior, first, primary, middle, secondary, all-through, special, 16 plus). The GIAS
file alone is enough (phase, location, pupils); FILES (any layout 'fos validate' reads) and --absence
add the profile's measures.

Options:
${flagHelp(PLACES_FLAGS)}

Examples:
  fos places --gias edubasealldata.csv --absence 2018-2019_england_abs.csv --la 350-359 --out places.html
  fos places census.csv --gias edubasealldata.csv --la 350-359 --places wythenshawe.csv \\
    --measures income-deprivation.csv --out wythenshawe.html`;

/** "350-359,802" as a set of codes. */
function laCodes(text: string): Set<string> {
  const out = new Set<string>();
  for (const part of text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const range = /^(\d+)-(\d+)$/.exec(part);
    if (range && Number(range[1]) > Number(range[2]))
      throw new UsageError(`--la ${part} runs backwards: write the smaller code first (${range[2]}-${range[1]})`);
    if (range) for (let c = Number(range[1]); c <= Number(range[2]); c++) out.add(String(c));
    else if (/^\d+$/.test(part)) out.add(part);
    else throw new UsageError(`--la takes local-authority codes such as 350-359 or 352,356, not '${part}'`);
  }
  return out;
}

/** The data's year: the files' latest, else the absence file's (from a 2018-2019 pattern in its name), else this year. */
function dataYear(records: readonly SchoolYear[], absence: string | undefined): number {
  // A loop, not Math.max(...years): a file of more than about 130,000 rows would overflow the call stack.
  if (records.length > 0) return records.reduce((latest, r) => Math.max(latest, r.year), Number.NEGATIVE_INFINITY);
  const named = absence === undefined ? undefined : /(\d{4})-(\d{4})/.exec(absence)?.[2];
  return named === undefined ? new Date().getFullYear() : Number(named);
}

/** The absence file's records for a year (a column mapping onto the field table's absence fields). */
function absenceRecords(path: string, year: number): SchoolYear[] {
  const read = readSchools(readInput({ path }), {
    mapping: { urn: "URN", overallAbsence: "PERCTOT", persistentAbsence: "PPERSABS10" },
    year,
    file: path,
    mode: "lenient",
  });
  // The file ends with total rows (LA and national), which have no URN: left out, and said so.
  const totals = read.rejected.filter((r) => r.problems.every((p) => p.code === "missing-urn"));
  const bad = read.rejected.filter((r) => !totals.includes(r));
  if (bad.length > 0) throw new FamiliesError(bad.flatMap((r) => r.problems));
  if (totals.length > 0)
    process.stderr.write(`note: ${path}: ${plural(totals.length, "row")} without a URN (totals) left out\n`);
  return read.records;
}

/**
 * One record per school and year: the register's, with the files' and the absence file's values over it. A record
 * under a URN that continues as another in the area (an academy converter's old URN, through --links) fills the
 * successor's record where it has no value of its own, so a converter keeps its predecessor's census profile.
 */
function mergedRecords(
  base: readonly SchoolYear[],
  layers: readonly (readonly SchoolYear[])[],
  keep: (urn: string) => boolean,
  finalOf: (urn: string) => string,
): SchoolYear[] {
  const byKey = new Map<string, SchoolYear>();
  const key = (urn: string, year: number) => `${urn}\u0000${year}`;
  for (const r of base) byKey.set(key(r.urn, r.year), r);
  // A school's own records first; then its predecessors', which only fill what it lacks.
  for (const layer of layers)
    for (const own of [true, false])
      for (const r of layer) {
        const urn = keep(finalOf(r.urn)) ? finalOf(r.urn) : r.urn;
        if ((urn === r.urn) !== own || !keep(urn)) continue;
        const was = byKey.get(key(urn, r.year));
        const defined = Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined && v !== ""));
        const merged = !was
          ? { ...r, urn }
          : own
            ? { ...was, ...defined, phase: was.phase }
            : { ...defined, ...Object.fromEntries(Object.entries(was).filter(([, v]) => v !== undefined)), urn };
        byKey.set(key(urn, r.year), merged as SchoolYear);
      }
  return [...byKey.values()];
}

/** Why no place was made, and what to do: an area with no school (and why), else every school with its reason. */
function noPlaceLines(
  unplaced: readonly { urn: string; reason: string }[],
  context: {
    whole: readonly { la?: string }[];
    values: { gias?: string; la?: string };
    files: readonly string[];
    inFiles: number;
  },
): string[] {
  const { whole, values } = context;
  if (unplaced.length > 0)
    return [`no places: none of the ${plural(unplaced.length, "school")} could be placed`, ...leftOutLines(unplaced)];
  if (values.la === undefined) return [`no places: ${values.gias ?? context.files.join(", ")} has no school to place`];
  const source = values.gias === undefined ? context.files.join(", ") : `this GIAS file (${values.gias})`;
  if (values.gias !== undefined && context.inFiles === 0 && whole.length > 0 && whole.every((e) => e.la === undefined))
    return [
      `no places: ${source} has no LA codes (no 'LA (code)' column), so --la ${values.la} selects no school`,
      "use the full GIAS download (edubasealldata…csv), which has them, or leave out --la",
    ];
  const codes = [...new Set(whole.map((e) => e.la).filter((la): la is string => la !== undefined))].sort();
  return [
    `no places: no school in ${source} is in local authority ${values.la} (--la)`,
    codes.length === 0
      ? "leave out --la"
      : `its local-authority codes include ${codes.slice(0, 8).join(", ")}${codes.length > 8 ? ", …" : ""}: choose among them with --la`,
  ];
}

/** Each URN's last successor (through the links the panel follows), for the records given. */
function successors(records: readonly SchoolYear[], links: readonly { urn: string; successor: string }[]) {
  if (links.length === 0) return (urn: string) => urn;
  const next = new Map(panel(records, { links }).joined.map((l) => [l.urn, l.successor]));
  return (urn: string): string => {
    const seen = new Set<string>();
    let at = urn;
    while (next.has(at) && !seen.has(at)) {
      seen.add(at);
      at = next.get(at) as string;
    }
    return at;
  };
}

/** Why a school has no location, in the words of what was given (--gias or not). */
function unlocatedReason(gias: string | undefined, listed: boolean, links: boolean): string {
  if (gias === undefined) return "no location (easting and northing): add --gias FILE (the GIAS establishment file)";
  if (listed) return `no location (easting and northing) in ${gias}`;
  return `not in ${gias}, so no location: a school that has closed, or converted to an academy under a new URN${links ? " that --links does not lead to" : " (--links FILE, the GIAS links file, follows it to its successor)"}`;
}

/** fos places: clusters, profiles and similar places, as an HTML report or JSON. */
export async function places(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags("places", args, {
    ...INPUT_FLAGS,
    ...OUTPUT_FLAGS,
    ...PLACES_FLAGS,
  });
  if (helpOrCheck(PLACES_HELP, values)) return 0;
  if (values.csv) throw new UsageError("places writes an HTML report or --json, not --csv");
  const { outcome } = values;
  if (outcome !== undefined && values.json)
    throw new UsageError("--outcome chooses the report's family charts; --json has none, so leave it out");
  if (values.gias === undefined && positionals.length === 0)
    throw new UsageError(
      "places needs --gias FILE (the GIAS establishment file: phase, location, pupils), or FILES with locations",
    );
  const las = values.la === undefined ? undefined : laCodes(values.la);
  const inArea = (la: string | undefined) => las === undefined || (la !== undefined && las.has(la));
  const everyone = registerFlag(values.gias) ?? [];
  const register = everyone.filter((e) => inArea(e.la));
  // The files are read without --links (so that a converter's old records stay whole; they are joined below) and
  // placed in an authority by their own LA code, else the register's.
  const { gias: _register, links: _links, ...input } = values;
  const files = positionals.length > 0 ? schoolsOrNothing(positionals, input) : [];
  if (!files) return 1;
  const laOf = new Map(everyone.map((e) => [e.urn, e.la]));
  const fileRecords = files.flatMap((s) => s.years).filter((r) => inArea(r.la ?? laOf.get(r.urn)));
  const year = numberFlag(values.year, "year") ?? dataYear(fileRecords, values.absence);
  const absence = values.absence === undefined ? [] : absenceRecords(values.absence, year);
  // The area's schools: the register's, and the files' (which the register may lack: they are listed if unlocated).
  const area = new Set([...register.map((e) => e.urn), ...fileRecords.map((r) => r.urn)]);
  const base = registerRecords(register, year);
  const links = linksFlag(values.links);
  const finalOf = successors([...base, ...fileRecords, ...absence], links);
  const records = mergedRecords(base, [fileRecords, absence], (urn) => area.has(urn), finalOf);
  const { schools } = panel(records);
  const min = numberFlag(values.min, "min");
  const max = numberFlag(values.max, "max");
  const k = numberFlag(values.k, "k");
  const measures = measuresFlag(values.measures, schools);
  const cluster = (some: School[]) =>
    timed("clustering", () =>
      neighbourhoodClusters(some, {
        ...(min === undefined ? {} : { min }),
        ...(max === undefined ? {} : { max }),
        ...(values["same-la"] ? { sameLa: true } : {}),
      }),
    );
  const fromList = values.places === undefined ? undefined : placesFromList(values.places, schools, cluster);
  const clustered = fromList?.result ?? cluster(schools);
  const listed = new Set(register.map((e) => e.urn));
  for (const u of clustered.unplaced)
    if (u.reason.startsWith("no location (easting and northing) in the data"))
      u.reason = unlocatedReason(values.gias, listed.has(u.urn), values.links !== undefined);
  if (clustered.clusters.length === 0)
    throw new EmptyResult(
      noPlaceLines(clustered.unplaced, { whole: everyone, values, files: positionals, inFiles: files.length }),
    );
  const result = describePlaces(clustered, everyone);
  const apart = fromList?.apart(result);
  const bySchool = new Map(schools.map((s) => [s.urn, s]));
  const profiles = result.clusters.map((c) => clusterProfile(c, bySchool, measures ? { measures } : {}));
  const similar = similarPlaces(profiles, k === undefined ? {} : { k });
  similarNotes(similar);
  if (values.json) await emit(jsonResult(placesJson(result, profiles, similar, apart)), values.out);
  else {
    const benchmarks = placeBenchmarks(result.clusters, schools, similar, values.outcome);
    await emit(
      placeReport(
        {
          places: result,
          profiles,
          similar,
          ...(benchmarks ? { benchmarks } : {}),
          ...(apart ? { listed: apart } : {}),
        },
        values.title === undefined ? {} : { title: values.title },
      ),
      values.out,
    );
  }
  for (const note of result.notes) process.stderr.write(`note: ${note}\n`);
  process.stderr.write(
    `${plural(result.clusters.length, "place")} of ${plural(
      result.clusters.reduce((t, c) => t + c.members.length, 0),
      "school",
    )}; ${plural(result.unplaced.length, "school")} not placed${writtenTo(values.out)}\n`,
  );
  return 0;
}

/** The JSON of fos places: each place named, its schools with their phases and stages, its similar places named. */
function placesJson(
  result: NeighbourhoodClusters,
  profiles: readonly PlaceProfile[],
  similar: readonly SimilarPlaces[],
  apart: ListedApart | undefined,
) {
  const names = new Map(result.clusters.map((c) => [c.id, c.name]));
  return {
    clusters: result.clusters.map((c, i) => ({
      id: c.id,
      ...(c.name === undefined ? {} : { name: c.name }),
      ...(c.source === undefined ? {} : { source: c.source }),
      hubs: c.hubs,
      members: c.members,
      schools: c.schools.map((s) => ({
        urn: s.urn,
        ...(s.name === undefined ? {} : { name: s.name }),
        phase: s.phase,
        ...(s.stage === undefined ? {} : { stage: s.stage }),
        ...(s.la === undefined ? {} : { la: s.la }),
        distanceKm: Math.round(s.distanceKm * 100) / 100,
      })),
      profile: profiles[i],
      similar: similar[i]?.similar.map(({ id, ...q }) => ({ id, name: names.get(id), ...q })),
      similarOn: similar[i]?.measures,
      ...(similar[i]?.note === undefined ? {} : { similarNote: similar[i]?.note }),
    })),
    unplaced: result.unplaced,
    ...(apart === undefined ? {} : { listed: apart }),
    notes: result.notes,
  };
}

/** Notes on stderr: what the places were compared on when it is not their context, and places with no similar places. */
function similarNotes(similar: readonly SimilarPlaces[]): void {
  const on = [...new Set(similar.flatMap((s) => s.measures))];
  if (similar.length > 0 && !on.some((m) => (CONTEXT_MEASURES as readonly string[]).includes(m)))
    process.stderr.write(
      `note: no place has ${measureWords(CONTEXT_MEASURES, "or")}${on.length > 0 ? `, so similar places are compared on ${measureWords(on)}` : ""}: give FILES with them (e.g. the school census) to compare places on their pupils\n`,
    );
  const none = similar.filter((s) => s.note !== undefined);
  if (none.length > 0)
    process.stderr.write(
      `note: ${plural(none.length, "place")} without similar places (${none[0]?.id}: ${none[0]?.note}${none.length > 1 ? "; …" : ""})\n`,
    );
}

/**
 * Each place and its similar places benchmarked as a family, for the report's charts: on the outcome asked, else KS4
 * when secondaries have attainment, else KS2, else absence; none when the data has fewer than two years of it.
 */
function placeBenchmarks(
  clusters: Parameters<typeof placeRecords>[0],
  schools: readonly School[],
  similar: Parameters<typeof placeFamilies>[0],
  flag: string | undefined,
) {
  const has = (phases: string[]) =>
    schools.some((s) => phases.includes(s.phase) && s.years.some((r) => r.attainment !== undefined));
  const outcome: PlaceOutcome =
    (flag as PlaceOutcome | undefined) ??
    (has(["secondary", "all-through"]) ? "ks4" : has(["primary"]) ? "ks2" : "absence");
  const records = placeRecords(clusters, schools, outcome);
  if (new Set(records.map((r) => r.year)).size < 2) return undefined;
  return timed("benchmarking the places", () =>
    benchmarkFamilies(
      { families: placeFamilies(similar) },
      panel(records).schools,
      outcome === "absence" ? { measure: "absence" } : {},
    ),
  );
}
