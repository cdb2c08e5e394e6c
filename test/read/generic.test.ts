import { describe, expect, it } from "vitest";
import { FamiliesError, formatProblem, readSchools, safeReadSchools, yearFromFileName } from "../../src/index.js";
import { fixture, thrown } from "../helpers.js";

describe("readSchools — the generic tidy layout", () => {
  it("reads a worked example into records with absent fields, not zeros", () => {
    const text = [
      "urn,name,la,phase,year,cohort,prior_attainment,disadvantage,attainment,eal,attainment_boys,subject_maths",
      "100001,Alder Primary,Bolton,Primary,2019,30,16.1,22%,61,,58,1.5",
      "100002,Birch Primary,Bury,primary,2019,28,15.8,17.60%,SUPP,3,,",
    ].join("\n");
    const { records, rejected, report } = readSchools(text);
    expect(rejected).toEqual([]);
    expect(records).toEqual([
      {
        urn: "100001",
        name: "Alder Primary",
        la: "Bolton",
        phase: "primary",
        year: 2019,
        cohort: 30,
        priorAttainment: 16.1,
        disadvantage: 22,
        attainment: 61,
        subgroups: { boys: 58 },
        subjects: { maths: 1.5 },
      },
      {
        urn: "100002",
        name: "Birch Primary",
        la: "Bury",
        phase: "primary",
        year: 2019,
        cohort: 28,
        priorAttainment: 15.8,
        disadvantage: 17.6,
        eal: 3,
      },
    ]);
    expect(report.missing).toEqual({ eal: 1, attainment: 1, "subgroups.boys": 1, "subjects.maths": 1 });
    expect(report.codes).toEqual({ blank: 3, SUPP: 1 });
    expect(report.years).toEqual([2019]);
    expect(report.columns.priorAttainment).toBe("prior_attainment");
  });

  it("defaults the phase to 'all' and lists the columns it did not read", () => {
    const { records, report } = readSchools("urn,year,colour\nA1,2019,red\n");
    expect(records).toEqual([{ urn: "A1", phase: "all", year: 2019 }]);
    expect(report.ignoredColumns).toEqual(["colour"]);
  });

  it("reads intervals from _lower/_upper pairs and drops half an interval", () => {
    const text =
      "urn,year,progress,progress_lower,progress_upper,subject_reading,subject_reading_lower,subject_reading_upper\n1,2019,0.2,-0.1,0.5,1.1,,2\n";
    const [r] = readSchools(text).records;
    expect(r?.intervals).toEqual({ progress: { lower: -0.1, upper: 0.5 } });
    expect(r?.subjects).toEqual({ reading: 1.1 });
  });

  it("reads any layout through a column mapping, given as an object or JSON", () => {
    const text = "School ID,Score,FSM %,Boys\nX1,55,12,50\n";
    const mapping = JSON.parse(
      '{"urn":"School ID","attainment":"Score","disadvantage":"FSM %","subgroups":{"boys":"Boys"}}',
    );
    const { records } = readSchools(text, { mapping, year: 2020 });
    expect(records).toEqual([
      { urn: "X1", phase: "all", year: 2020, disadvantage: 12, attainment: 55, subgroups: { boys: 50 } },
    ]);
  });

  it("takes the year from a 2018-2019 pattern in the file name", () => {
    expect(yearFromFileName("data/2018-2019_850_ks2final.csv")).toBe(2019);
    expect(yearFromFileName("ks4_2017-18.csv")).toBe(2018);
    expect(yearFromFileName("1999-00.csv")).toBe(2000);
    expect(yearFromFileName("2018-2020.csv")).toBeUndefined();
    expect(yearFromFileName("schools.csv")).toBeUndefined();
    const { records } = readSchools("urn,attainment\n1,50\n", { file: "x/2016-2017_results.csv" });
    expect(records[0]?.year).toBe(2017);
  });

  it("keeps header names such as __proto__ as plain data", () => {
    const text = "urn,year,attainment___proto__,__proto__\n1,2019,40,x\n";
    const { records, report } = readSchools(text);
    const groups = records[0]?.subgroups as Record<string, number>;
    expect(Object.hasOwn(groups, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(groups)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(report.ignoredColumns).toEqual(["__proto__"]);
  });

  it("never drops a row silently: a blank row is listed as skipped", () => {
    const { records, report } = readSchools("urn,year\n1,2019\n,\n2,2019\n");
    expect(records.map((r) => r.urn)).toEqual(["1", "2"]);
    expect(report.skipped).toEqual([{ line: 3, reason: "blank row (every cell empty)" }]);
    expect(report.rows).toBe(3);
  });
});

describe("readSchools — the messages a user gets for bad input", () => {
  it("reports every bad value with file, line, column and value, not just the first", () => {
    const error = thrown(() => readSchools(fixture("bad/bad-values.csv"), { file: "bad-values.csv" }));
    expect(error).toBeInstanceOf(FamiliesError);
    expect(error.name).toBe("FamiliesError");
    expect(error.issues.map((p) => formatProblem(p))).toEqual([
      "bad-values.csv, line 3, column disadvantage: '134%' is not a percentage between 0 and 100",
      "bad-values.csv, line 4, column cohort: 'thirty' is not a number",
      "bad-values.csv, line 4, column attainment: 'abc' is not a number",
      "bad-values.csv, line 5, column disadvantage: '-3' is not a percentage between 0 and 100",
      "bad-values.csv, line 6, column urn: school 100001 appears twice for 2019 (first at line 2): keep one row per school per year",
    ]);
    expect(error.issues[0]).toMatchObject({
      code: "out-of-range",
      file: "bad-values.csv",
      line: 3,
      column: "disadvantage",
      value: "134%",
    });
    expect(error.message).toMatch(/^5 problems in the data:\n {2}bad-values.csv, line 3/);
  });

  it("in lenient mode returns the good rows and every rejected row with its reasons", () => {
    const { records, rejected, report } = readSchools(fixture("bad/bad-values.csv"), { mode: "lenient" });
    expect(records.map((r) => r.urn)).toEqual(["100001"]);
    expect(rejected.map((r) => [r.line, r.urn, r.problems.length])).toEqual([
      [3, "100002", 1],
      [4, "100003", 2],
      [5, "100004", 1],
      [6, "100001", 1],
    ]);
    expect(rejected[0]?.values.disadvantage).toBe("134%");
    expect(report).toMatchObject({ rows: 5, records: 1, rejected: 4 });
  });

  it("names a missing urn column and how to map it", () => {
    const error = thrown(() => readSchools(fixture("bad/no-urn.csv"), { year: 2019 }));
    expect(error.issues.map((i) => i.message)).toEqual([
      `no column for urn: expected 'urn' or a mapping such as { "urn": "School ID" }`,
    ]);
  });

  it("says when no year can be found, and how to give one", () => {
    const error = thrown(() => readSchools(fixture("bad/no-year.csv"), { file: "no-year.csv" }));
    expect(error.issues).toEqual([
      {
        code: "no-year",
        file: "no-year.csv",
        message:
          "no year for 'no-year.csv': it has no year column and its name has no '2018-2019' pattern; give the year of its results, e.g. pass year: 2019",
        hint: { option: "year", value: 2019 },
      },
    ]);
  });

  it("points at the row where an unclosed quote opens", () => {
    const error = thrown(() => readSchools(fixture("bad/unclosed-quote.csv"), { file: "q.csv" }));
    expect(error.issues).toEqual([
      {
        code: "csv-syntax",
        file: "q.csv",
        line: 3,
        message: `not valid CSV: a quoted value that starts on line 3 is never closed: add the closing " or remove the opening one`,
      },
    ]);
  });

  it("reports rows with too few or too many values", () => {
    const error = thrown(() => readSchools(fixture("bad/column-count.csv")));
    expect(error.issues.map((i) => [i.line, i.message])).toEqual([
      [
        3,
        "this row has 2 values but the header has 3 columns: check for a missing or extra comma, or an unquoted comma inside a value",
      ],
      [
        4,
        "this row has 4 values but the header has 3 columns: check for a missing or extra comma, or an unquoted comma inside a value",
      ],
    ]);
  });

  it("names a mapped column the file does not have, and a misspelt mapping field", () => {
    const missing = thrown(() =>
      readSchools("id,score\n1,2\n", { year: 2019, mapping: { urn: "id", attainment: "Score %" } }),
    );
    expect(missing.issues.map((i) => i.message)).toEqual([
      "the mapping names column 'Score %' for attainment, but the file has no such column (it has: id, score)",
    ]);
    const misspelt = thrown(() =>
      readSchools("id\n1\n", { year: 2019, mapping: JSON.parse('{"urn":"id","atainment":"x"}') }),
    );
    expect(misspelt.issues[0]?.message).toMatch(
      /^the column mapping has unknown field 'atainment'; fields are: urn, name, la,/,
    );
  });

  it("asks for whole numbers, plain numbers and a URN on every row", () => {
    const error = thrown(() => readSchools('urn,year,cohort,attainment\n,2019,12.5,"1,234"\n'));
    expect(error.issues.map((i) => i.message)).toEqual([
      "'12.5' is not a whole number",
      "'1,234' is not a number (write numbers without thousands separators)",
      "no URN: every row needs a school id",
    ]);
  });

  it("safeReadSchools returns the error instead of throwing", () => {
    const result = safeReadSchools("urn,year,disadvantage\n1,2019,134%\n");
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues[0]?.code).toBe("out-of-range");
    expect(safeReadSchools("urn,year\n1,2019\n").success).toBe(true);
  });

  it("rejects bad arguments with the function's name", () => {
    expect(() => readSchools(42 as unknown as string)).toThrow(
      new TypeError("readSchools: text must be a string, not number"),
    );
    expect(() => readSchools("urn,year\n", { mode: "loose" as "strict" })).toThrow(RangeError);
    expect(() => readSchools("urn\n1\n", { year: 19.5 })).toThrow(/readSchools: year must be a whole number/);
  });

  it("reads quoted numbers and padded cells as numbers, and a row of spaces (even no-break spaces) as blank", () => {
    const text = 'urn,year,progress,disadvantage\n"100001",2019,"61"," 22% "\n , \u00a0,\t,\n100002,2019,-1.5e1,0.5\n';
    const { records, report } = readSchools(text);
    expect(records).toEqual([
      { urn: "100001", phase: "all", year: 2019, disadvantage: 22, progress: 61 },
      { urn: "100002", phase: "all", year: 2019, disadvantage: 0.5, progress: -15 },
    ]);
    expect(report.skipped).toEqual([{ line: 3, reason: "blank row (every cell empty)" }]);
  });
});
