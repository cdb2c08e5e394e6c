import { describe, expect, it } from "vitest";
import { combineReads, decodeBytes, readSchools } from "../../src/index.js";
import { fixture, thrown } from "../helpers.js";

const messages = (text: string, options = {}) =>
  readSchools(text, { mode: "lenient", ...options }).rejected.flatMap((r) => r.problems.map((p) => p.message));

describe("impossible numbers are refused where they are read", () => {
  it("a value written with % lies in 0–100, whatever the column (attainment 134%)", () => {
    expect(messages("urn,year,attainment\n1,2019,134%\n2,2019,-1%\n3,2019,61%\n")).toEqual([
      "'134%' is not a percentage between 0 and 100",
      "'-1%' is not a percentage between 0 and 100",
    ]);
  });

  it("attainment is never negative (−61)", () => {
    expect(messages("urn,year,attainment\n1,2019,-61\n")).toEqual([
      "'-61' is not a result of 0 or more (a percentage of pupils, or a points score)",
    ]);
  });

  it("a preset's measure lies in its documented range: Attainment 8 0–90, Progress 8 ±5", () => {
    const header =
      "RECTYPE,LEA,ESTAB,URN,SCHNAME,ICLOSE,NFTYPE,TPUP,ATT8SCR,P8PUP,TP8ADJ,P8MEA,P8CILOW,P8CIUPP,P8MEA_ORIG";
    const text = `${header}\n1,815,4052,121670,Bedale High School,0,CY,125,95,123,1,7.2,-0.09,0.36,0.12\n`;
    expect(messages(text, { preset: "dfe-ks4", year: 2019 })).toEqual([
      "'95' is not an Attainment 8 score from 0 to 90",
      "'7.2' is not a Progress 8 score from -5 to +5",
    ]);
  });
});

describe("the wrong preset is a problem that names the right one", () => {
  const ks4 = fixture("dfe/2018-2019_815_excerpt_ks4provisional.csv");
  const ks2 = fixture("dfe/2018-2019_850_excerpt_ks2final.csv");

  it("a KS4 file read as KS2 has none of KS2's core columns", () => {
    const error = thrown(() => readSchools(ks4, { preset: "dfe-ks2", file: "ks4.csv" }));
    expect(error.issues).toMatchObject([{ code: "wrong-preset", file: "ks4.csv", line: 1 }]);
    expect(error.issues[0]?.message).toMatch(/it looks like a dfe-ks4 file: read it with the dfe-ks4 preset$/);
  });

  it("a KS2 file read as KS4 finds only the disadvantage column they share", () => {
    const error = thrown(() => readSchools(ks2, { preset: "dfe-ks4", file: "ks2.csv" }));
    expect(error.issues[0]?.message).toBe(
      "the dfe-ks4 preset's core columns KS2APS, ATT8SCR are not in this file, so schools would lack what families are grouped and benchmarked on; it looks like a dfe-ks2 file: read it with the dfe-ks2 preset",
    );
  });

  it("the right presets still read their files", () => {
    expect(readSchools(ks4, { preset: "dfe-ks4", year: 2019 }).records.length).toBeGreaterThan(0);
    expect(readSchools(ks2, { preset: "dfe-ks2", year: 2019 }).records.length).toBeGreaterThan(0);
  });
});

describe("encodings, decided per file", () => {
  const bytes = (...parts: (string | number[])[]) =>
    Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? [...Buffer.from(p, "utf8")] : p)));

  it("reads UTF-8 as UTF-8, and Windows-1252 (GIAS) as Windows-1252", () => {
    expect(decodeBytes(bytes("Ecole Saint-Andr", [0xc3, 0xa9]))).toEqual({
      text: "Ecole Saint-André",
      encoding: "utf-8",
    });
    expect(decodeBytes(bytes("Saint-Andr", [0xe9]))).toEqual({ text: "Saint-André", encoding: "windows-1252" });
  });

  it("a file mixing the two keeps each é as é", () => {
    const mixed = decodeBytes(bytes("Andr", [0xc3, 0xa9], ",Jos", [0xe9], "\n"));
    expect(mixed).toEqual({ text: "André,José\n", encoding: "utf-8 and windows-1252" });
  });

  it("a UTF-16 file gets one problem saying to save it as UTF-8, not per-cell errors", () => {
    const utf16 = Uint8Array.from([0xff, 0xfe, ...[...Buffer.from("urn,year\n1,2019\n", "utf16le")]]);
    const error = thrown(() => decodeBytes(utf16, "schools.csv"));
    expect(error.issues).toEqual([
      {
        code: "encoding",
        file: "schools.csv",
        message:
          "this file is UTF-16 text (as Excel's 'Unicode text' saves it): save it as CSV UTF-8 (comma delimited), then read it again",
      },
    ]);
  });

  it("a NUL character inside a cell is a problem, not a value", () => {
    expect(messages("urn,year,name\n1,2019,Al\u0000der\n2,2019,Beech\n")).toEqual([
      "'Al\\u0000der' holds a NUL character: the file may be damaged, or not a text file",
    ]);
  });
});

describe("more impossible values and slow paths", () => {
  it("eastings and northings off the British National Grid are refused", () => {
    expect(messages("urn,year,easting,northing\n1,2019,-5,100\n2,2019,800000,1400000\n")).toEqual([
      "'-5' is not an easting on the British National Grid (0 to 700000 metres)",
      "'800000' is not an easting on the British National Grid (0 to 700000 metres)",
      "'1400000' is not a northing on the British National Grid (0 to 1300000 metres)",
    ]);
  });

  it("joins 130,000 duplicate rows across two files in linear time", () => {
    const rows = Array.from({ length: 130_000 }, (_, i) => `${100000 + i},2019,50`).join("\n");
    const text = `urn,year,attainment\n${rows}\n`;
    const a = readSchools(text, { file: "a.csv" });
    const b = readSchools(text, { file: "b.csv" });
    const started = performance.now();
    const joined = combineReads([a, b], "lenient");
    // Quadratic joining took over a minute here; linear takes well under a second. The bound is generous.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(joined.records).toHaveLength(130_000);
    expect(joined.rejected).toHaveLength(130_000);
    expect(joined.rejected[0]?.problems[0]?.message).toBe(
      "school 100000 appears twice for 2019 (first at a.csv line 2): keep one row per school per year",
    );
  });
});
