import { describe, expect, it } from "vitest";
import { readPlaceList, readSchoolMeasures } from "../../src/index.js";
import { thrown } from "../helpers.js";

describe("readPlaceList", () => {
  it("reads urn and place (any case, 'place name' too), skipping blank lines", () => {
    expect(readPlaceList("URN,Place name\n 105434 , Wythenshawe \n\n139456,Wythenshawe\n").rows).toEqual([
      { urn: "105434", place: "Wythenshawe", line: 2 },
      { urn: "139456", place: "Wythenshawe", line: 4 },
    ]);
  });

  it("reports every problem with its file, line, column and value", () => {
    const error = thrown(() => readPlaceList("urn,place\n1,North\n,North\n2,\n1,South\n", { file: "places.csv" }));
    expect(error.name).toBe("FamiliesError");
    expect(error.issues.map((p) => [p.code, p.line, p.column, p.value])).toEqual([
      ["missing-urn", 3, "urn", ""],
      ["missing-value", 4, "place", ""],
      ["duplicate", 5, "urn", "1"],
    ]);
    expect(error.issues[2]?.message).toBe(
      "URN 1 is also on line 2 (North): a school belongs to one place, so list it once",
    );
    expect(error.issues.every((p) => p.file === "places.csv")).toBe(true);
  });

  it("names the missing column", () => {
    const error = thrown(() => readPlaceList("urn,cluster\n1,North\n"));
    expect(error.issues[0]?.code).toBe("missing-column");
    expect(error.issues[0]?.message).toMatch(
      /a list of places needs a URN column \(urn\) and a place column \(place\)/,
    );
  });
});

describe("readSchoolMeasures", () => {
  it("reads each column as a measure; blanks and suppression codes are missing", () => {
    expect(readSchoolMeasures("urn,income deprivation,IDACI\n1,31.2,x\n2,,0.4\n")).toEqual({
      columns: ["income deprivation", "IDACI"],
      schools: { "1": { "income deprivation": 31.2 }, "2": { IDACI: 0.4 } },
    });
  });

  it("reports every bad cell and line, not the first", () => {
    const error = thrown(() => readSchoolMeasures("urn,a,b\n1,one,2\n,3,4\n1,5,6\n2,7,1,000\n", { file: "m.csv" }));
    expect(error.issues.map((p) => [p.code, p.line, p.column, p.value])).toEqual([
      ["invalid-value", 2, "a", "one"],
      ["missing-urn", 3, "urn", ""],
      ["duplicate", 4, "urn", "1"],
      ["column-count", 5, undefined, undefined],
    ]);
    expect(error.issues[0]?.message).toBe(
      "'one' is not a number: write a number, or leave the cell blank where the school has none",
    );
    expect(error.issues[3]?.message).toMatch(/4 cells where the header has 3/);
  });

  it("reports a header without urn, a repeated or blank header and the profile's own names", () => {
    const error = thrown(() => readSchoolMeasures("school,a,a,,eal\n1,2,3,4,5\n", { reserved: ["eal"] }));
    expect(error.issues.map((p) => [p.code, p.column ?? p.value])).toEqual([
      ["missing-column", "urn"],
      ["ambiguous-column", "a"],
      ["missing-column", ""],
      ["ambiguous-column", "eal"],
    ]);
  });
});
