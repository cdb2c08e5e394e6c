// The school register: GIAS establishment files read as downloaded, and joined to school records by URN.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  decodeBytes,
  joinRegister,
  panel,
  readGias,
  readSchools,
  registerPhases,
  type SchoolYear,
} from "../../src/index.js";
import { fixture, thrown } from "../helpers.js";

const bytes = (path: string) => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url));

describe("readGias", () => {
  it("reads the full GIAS download (110 columns, CRLF, no final newline) with every phase in the library's words", () => {
    const { establishments, fields } = readGias(decodeBytes(bytes("dfe/2021-05_gias_936_excerpt.csv")).text);
    expect(fields).toEqual([
      "urn",
      "name",
      "la",
      "laName",
      "phase",
      "type",
      "status",
      "openDate",
      "closeDate",
      "pupils",
      "fsm",
      "postcode",
      "locality",
      "town",
      "giasPhase",
      "lowAge",
      "highAge",
      "lsoa",
      "easting",
      "northing",
    ]);
    expect(establishments).toHaveLength(22);
    expect(establishments[0]).toEqual({
      urn: "124911",
      name: "Chertsey Nursery School",
      la: "936",
      laName: "Surrey",
      phase: "nursery",
      type: "Local authority nursery school",
      status: "Open",
      pupils: 64,
      fsm: 18.2,
      postcode: "KT16 9ER",
      town: "Chertsey",
      giasPhase: "Nursery",
      lowAge: 2,
      highAge: 5,
      lsoa: "E01030656",
      easting: 503346,
      northing: 166818,
    });
    const phases = new Set(establishments.map((e) => e.phase ?? "(none)"));
    // GIAS's "Not applicable" (special schools, PRUs) gives no phase; the rest are named as records name them.
    expect([...phases].sort()).toEqual(["(none)", "16 plus", "all-through", "nursery", "primary", "secondary"]);
  });

  it("reads dd-mm-yyyy dates as ISO, and closed schools with their closing date", () => {
    const { establishments } = readGias(fixture("dfe/2022-04-20_gias_850_excerpt.csv"));
    const bordon = establishments.find((e) => e.urn === "115864");
    expect(bordon).toMatchObject({ status: "Closed", closeDate: "2018-08-31", laName: "Hampshire" });
  });

  it("matches a header with a note in brackets, and reads a file with only some of the columns", () => {
    const text =
      "URN,EstablishmentName,LA (name) [GIAS 2024-06-17],Easting,Northing\n1,A School,Hampshire,436950,121600\n";
    expect(readGias(text)).toEqual({
      establishments: [{ urn: "1", name: "A School", laName: "Hampshire", easting: 436950, northing: 121600 }],
      fields: ["urn", "name", "laName", "easting", "northing"],
    });
  });

  it("reports every problem at once: a blank URN, a URN twice, a bad number, a bad date, a location off the grid", () => {
    const text = [
      "URN,Easting,Northing,OpenDate,PercentageFSM",
      "1,436950,121600,01-09-2011,12.5",
      ",436950,121600,,",
      "1,436950,121600,,",
      "2,east,121600,,",
      "3,436950,9999999,,",
      "4,436950,121600,next year,",
      "5,436950,121600,,134",
    ].join("\n");
    const error = thrown(() => readGias(text, { file: "gias.csv" }));
    expect(error.issues.map((p) => [p.code, p.line, p.column])).toEqual([
      ["missing-urn", 3, "URN"],
      ["duplicate", 4, "URN"],
      ["invalid-value", 5, "Easting"],
      ["out-of-range", 6, "Northing"],
      ["invalid-value", 7, "OpenDate"],
      ["out-of-range", 8, "PercentageFSM"],
    ]);
    expect(error.issues[1]?.message).toBe("URN 1 is also on line 2: a register lists each establishment once");
    expect(error.issues.every((p) => p.file === "gias.csv")).toBe(true);
  });

  it("reads Easting and Northing 0,0 (GIAS's 'not located') as no location, not a place at the grid's origin", () => {
    const text = "URN,Easting,Northing\n1,0,0\n2,383000,398000\n3,0,398000\n";
    expect(readGias(text).establishments).toEqual([
      { urn: "1" },
      { urn: "2", easting: 383000, northing: 398000 },
      { urn: "3", easting: 0, northing: 398000 },
    ]);
  });

  it("reports a date that is no day of the calendar (31 February, month 13); 29 February only in a leap year", () => {
    const text = [
      "URN,OpenDate,CloseDate",
      "1,31-02-2019,",
      "2,45-13-2019,",
      "3,29-02-2020,29/02/2019",
      "4,2019-04-31,00-01-2019",
    ].join("\n");
    const error = thrown(() => readGias(text, { file: "gias.csv" }));
    expect(error.issues.map((p) => [p.line, p.column, p.value])).toEqual([
      [2, "OpenDate", "31-02-2019"],
      [3, "OpenDate", "45-13-2019"],
      [4, "CloseDate", "29/02/2019"],
      [5, "OpenDate", "2019-04-31"],
      [5, "CloseDate", "00-01-2019"],
    ]);
    expect(error.issues[0]?.message).toBe("'31-02-2019' is no day of the calendar");
    expect(readGias("URN,OpenDate\n3,29-02-2020\n").establishments[0]?.openDate).toBe("2020-02-29");
  });

  it("needs a URN column, and says so", () => {
    const error = thrown(() => readGias("EstablishmentName\nA\n", { file: "g.csv" }));
    expect(error.issues).toEqual([
      {
        code: "missing-column",
        file: "g.csv",
        line: 1,
        column: "URN",
        message: "no column URN: a GIAS establishment file needs URN",
      },
    ]);
  });
});

describe("joinRegister", () => {
  const register = readGias(
    "URN,EstablishmentName,LA (code),LA (name),EstablishmentStatus (name),CloseDate,Easting,Northing\n" +
      "1,Register Name,850,Hampshire,Open,,436950,121600\n" +
      "2,Two,850,Hampshire,Closed,31-08-2018,400000,100000\n" +
      "3,Three,850,Hampshire,Open,,,\n",
  ).establishments;
  const records: SchoolYear[] = [
    { urn: "1", name: "Own Name", phase: "primary", year: 2018 },
    { urn: "1", phase: "primary", year: 2019 },
    { urn: "2", phase: "primary", year: 2018, lat: 51, lon: -1 },
    { urn: "3", phase: "primary", year: 2019 },
    { urn: "9", phase: "primary", year: 2019 },
  ];

  it("adds what records lack; a record's own values win; nothing else changes", () => {
    const join = joinRegister(records, register);
    expect(join.records).toEqual([
      {
        urn: "1",
        name: "Own Name",
        la: "850",
        laName: "Hampshire",
        phase: "primary",
        year: 2018,
        easting: 436950,
        northing: 121600,
      },
      {
        urn: "1",
        name: "Register Name",
        la: "850",
        laName: "Hampshire",
        phase: "primary",
        year: 2019,
        easting: 436950,
        northing: 121600,
      },
      // Located already (lat/lon): no grid reference is added beside it.
      { urn: "2", name: "Two", la: "850", laName: "Hampshire", phase: "primary", year: 2018, lat: 51, lon: -1 },
      // No location in the register: none added.
      { urn: "3", name: "Three", la: "850", laName: "Hampshire", phase: "primary", year: 2019 },
      { urn: "9", phase: "primary", year: 2019 },
    ]);
    expect(join.records[4]).toBe(records[4]);
    expect(join.notFound).toEqual(["9"]);
    expect(join.filled).toEqual({ name: 3, la: 4, laName: 4, easting: 2, northing: 2, pupils: 0 });
    expect(join.closed).toEqual([{ urn: "2", closeDate: "2018-08-31" }]);
  });

  it("feeds panel: a school's local authority name comes with it", () => {
    const { schools } = panel(joinRegister(records, register).records);
    expect(schools.find((s) => s.urn === "1")?.laName).toBe("Hampshire");
  });
});

describe("phases from the register, for rows without one", () => {
  const phases = registerPhases(
    readGias("URN,PhaseOfEducation (name)\n1,Primary\n2,Secondary\n3,Not applicable\n").establishments,
  );

  it("registerPhases names each school's phase (none for GIAS's Not applicable)", () => {
    expect([...phases]).toEqual([
      ["1", "primary"],
      ["2", "secondary"],
    ]);
  });

  it("fills blank phase cells, and a file without a phase column; other schools fall back as before", () => {
    const blank = readSchools("urn,phase,year\n1,,2019\n2,primary,2019\n3,,2019\n", { phases, mode: "lenient" });
    expect(blank.records.map((r) => [r.urn, r.phase])).toEqual([
      ["1", "primary"],
      ["2", "primary"],
    ]);
    expect(blank.rejected[0]?.problems[0]?.code).toBe("missing-phase");
    const none = readSchools("urn,year\n1,2019\n2,2019\n3,2019\n", { phases });
    expect(none.records.map((r) => [r.urn, r.phase])).toEqual([
      ["1", "primary"],
      ["2", "secondary"],
      ["3", "all"],
    ]);
  });

  it("is not used where the data says the phase: a phase given, or a preset's", () => {
    expect(readSchools("urn,year\n2,2019\n", { phases, phase: "primary" }).records[0]?.phase).toBe("primary");
    const ks2 = readSchools(fixture("dfe/2018-2019_850_excerpt_ks2final.csv"), {
      preset: "dfe-ks2",
      file: "2018-2019_850_excerpt_ks2final.csv",
      phases: new Map([["116181", "secondary"]]),
    });
    expect(new Set(ks2.records.map((r) => r.phase))).toEqual(new Set(["primary"]));
  });
});
