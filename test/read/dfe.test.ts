import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { combineReads, type ReadResult, readSchools, SchoolYearSchema } from "../../src/index.js";
import { fixture } from "../helpers.js";

const KS2 = ["2016-2017", "2017-2018", "2018-2019"].map((y) => `dfe/${y}_850_excerpt_ks2final.csv`);

function rawRows(path: string): Record<string, string>[] {
  return parse(fixture(path), { bom: true, columns: true, relax_column_count: true }) as Record<string, string>[];
}

/** The raw cell as this library should read it: codes and blanks are missing, `%` is dropped. */
function expected(cell: string | undefined): number | undefined {
  if (cell === undefined) return undefined;
  const t = cell.trim();
  if (t === "" || /^(NP|NE|SUPP|LOWCOV|NA|NEW|x|c|z)$/i.test(t)) return undefined;
  return Number(t.replace(/%$/, ""));
}

describe("dfe-ks2 on the real Hampshire excerpt", () => {
  const reads: ReadResult[] = KS2.map((f) => readSchools(fixture(f), { preset: "dfe-ks2", file: f }));

  it("reads all three years, taking the year from each file name", () => {
    expect(reads.map((r) => r.report.years)).toEqual([[2017], [2018], [2019]]);
    expect(reads.map((r) => r.records.length)).toEqual([31, 31, 31]);
    for (const r of reads) {
      expect(r.rejected).toEqual([]);
      for (const rec of r.records) {
        expect(SchoolYearSchema.safeParse(rec).success).toBe(true);
        expect(rec.phase).toBe("primary");
      }
    }
  });

  it("lists every row it did not read, with the reason", () => {
    const reasons = reads[0]?.report.skipped.map((s) => s.reason.replace(/:.*$/, ""));
    expect(reasons).toEqual([
      "special school (RECTYPE 2)",
      "local-authority total (RECTYPE 3)",
      "special school (RECTYPE 2)",
      "national total (RECTYPE 5)",
      "national total (RECTYPE 4)",
    ]);
    expect(reads[0]?.report.skipped[1]).toMatchObject({ line: 31, reason: "local-authority total (RECTYPE 3)" });
    expect(reads[0]?.report.rows).toBe(36);
    const withSpecial = readSchools(fixture(KS2[0]!), { preset: "dfe-ks2", file: KS2[0]!, includeSpecial: true });
    expect(withSpecial.records.length).toBe(33);
  });

  it("matches the raw file, value by value, for every school row", () => {
    KS2.forEach((file, i) => {
      const raw = rawRows(file).filter((r) => r.RECTYPE === "1");
      const byUrn = new Map(reads[i]!.records.map((r) => [r.urn, r]));
      expect(byUrn.size).toBe(raw.length);
      for (const row of raw) {
        const rec = byUrn.get(row.URN!)!;
        expect(rec.name).toBe(row.SCHNAME);
        expect(rec.la).toBe("850");
        expect(rec.cohort).toBe(expected(row.TELIG));
        expect(rec.priorAttainment).toBe(expected(row.TKS1AVERAGE));
        expect(rec.disadvantage).toBe(expected(row.PTFSM6CLA1A));
        expect(rec.eal).toBe(expected(row.PTEALGRP2));
        expect(rec.attainment).toBe(expected(row.PTRWM_EXP));
        expect(rec.subgroups?.boys).toBe(expected(row.PTRWM_EXP_B));
        expect(rec.subgroups?.girls).toBe(expected(row.PTRWM_EXP_G));
        expect(rec.subgroups?.disadvantaged).toBe(expected(row.PTRWM_EXP_FSM6CLA1A));
        expect(rec.subgroups?.other).toBe(expected(row.PTRWM_EXP_NotFSM6CLA1A));
        expect(rec.subgroups?.eal).toBe(expected(row.PTRWM_EXP_EAL));
        expect(rec.subjects?.reading).toBe(expected(row.READPROG));
        expect(rec.subjects?.maths).toBe(expected(row.MATPROG));
        const lower = expected(row.READPROG_LOWER);
        expect(rec.intervals?.reading).toEqual(
          lower === undefined ? undefined : { lower, upper: expected(row.READPROG_UPPER) },
        );
        const nonMobile = expected(row.PTMOBN);
        expect(rec.mobility).toBe(nonMobile === undefined ? undefined : 100 - nonMobile);
      }
    });
  });

  it("reads a known school exactly (Liss Junior, 2016/17)", () => {
    const rec = reads[0]!.records.find((r) => r.urn === "115925");
    expect(rec).toMatchObject({
      name: "Liss Junior School",
      year: 2017,
      cohort: 58,
      priorAttainment: 16.5,
      disadvantage: 17,
      eal: 3,
      attainment: 59,
      mobility: 7,
      subgroups: { boys: 41, disadvantaged: 40 },
      subjects: { reading: 0.5 },
      intervals: { reading: { lower: -1.1, upper: 2.1 } },
    });
    // SUPP is missing, not zero.
    expect(rec?.subgroups?.eal).toBeUndefined();
  });

  it("counts suppressed values instead of failing on them", () => {
    const report = reads[2]!.report;
    expect(report.codes.SUPP).toBeGreaterThan(10);
    expect(report.missing["subgroups.eal"]).toBeGreaterThan(0);
  });

  it("keeps each academy's predecessor URN link", () => {
    expect(reads[0]!.records.find((r) => r.urn === "116181")?.successor).toBe("144093");
    expect(reads[0]!.records.find((r) => r.urn === "115925")?.successor).toBeUndefined();
    expect(combineReads(reads).records.length).toBe(93);
  });
});

describe("dfe-ks4 on the real North Yorkshire excerpt", () => {
  const fullFile = "dfe/2017-2018_815_excerpt_ks4final.csv";
  const shortFile = "dfe/2018-2019_815_excerpt_ks4provisional.csv";
  const full = readSchools(fixture(fullFile), { preset: "dfe-ks4", file: fullFile });
  const short = readSchools(fixture(shortFile), { preset: "dfe-ks4", file: shortFile });

  it("reads the full 2017/18 layout, value by value", () => {
    const raw = rawRows(fullFile).filter((r) => r.RECTYPE === "1" && !r.NFTYPE?.startsWith("IND"));
    expect(full.records.length).toBe(raw.length);
    for (const row of raw) {
      const rec = full.records.find((r) => r.urn === row.URN)!;
      expect(rec.phase).toBe("secondary");
      expect(rec.year).toBe(2018);
      expect(rec.cohort).toBe(expected(row.TPUP));
      expect(rec.priorAttainment).toBe(expected(row.KS2APS));
      expect(rec.disadvantage).toBe(expected(row.PTFSM6CLA1A));
      expect(rec.attainment).toBe(expected(row.ATT8SCR));
      expect(rec.progress).toBe(expected(row.P8MEA));
      expect(rec.subgroups?.disadvantaged).toBe(expected(row.ATT8SCR_FSM6CLA1A));
      expect(rec.subgroups?.other).toBe(expected(row.ATT8SCR_NFSM6CLA1A));
      expect(rec.subgroups?.boys).toBe(expected(row.ATT8SCR_BOYS));
      expect(rec.subgroups?.girls).toBe(expected(row.ATT8SCR_GIRLS));
      expect(rec.subjects?.english).toBe(expected(row.ATT8SCRENG));
      expect(rec.subjects?.open).toBe(expected(row.ATT8SCROPEN));
    }
    expect(full.records.find((r) => r.urn === "141179")).toMatchObject({
      name: "The Skipton Academy",
      cohort: 88,
      priorAttainment: 25.7,
      disadvantage: 24,
      attainment: 34.4,
      progress: -0.26,
      intervals: { progress: { lower: -0.52, upper: 0.01 } },
      subgroups: { disadvantaged: 27.9, other: 36.5, boys: 29.8 },
      subjects: { english: 7.8, maths: 5.9, ebacc: 9.7, open: 10.9 },
    });
  });

  it("leaves independent schools out by default, and says so", () => {
    const independents = full.report.skipped.filter((s) => s.reason.startsWith("independent"));
    expect(independents.length).toBe(3);
    expect(independents.map((s) => s.reason)).toContain(
      "independent school (NFTYPE IND): pass includeIndependent to read it",
    );
    const all = readSchools(fixture(fullFile), {
      preset: "dfe-ks4",
      file: fullFile,
      includeIndependent: true,
      includeSpecial: true,
    });
    expect(all.records.length).toBe(full.records.length + 5);
    // The DfE's file ends those rows one cell short; they are read, and counted.
    expect(all.report.shortRows).toBe(5);
    expect(all.records.find((r) => r.urn === rawRows(fullFile).find((x) => x.NFTYPE === "IND")?.URN)).toBeDefined();
  });

  it("reads the short provisional layout and names the columns it lacks", () => {
    expect(short.report.years).toEqual([2019]);
    expect(short.report.absentColumns).toContain("KS2APS (priorAttainment)");
    expect(short.report.absentColumns).toContain("PTFSM6CLA1A (disadvantage)");
    expect(short.records.every((r) => r.priorAttainment === undefined && r.disadvantage === undefined)).toBe(true);
    const raw = rawRows(shortFile).find((r) => r.URN === "121670")!;
    expect(short.records.find((r) => r.urn === "121670")).toMatchObject({
      name: raw.SCHNAME,
      cohort: Number(raw.TPUP),
      attainment: Number(raw.ATT8SCR),
      progress: Number(raw.P8MEA),
    });
  });

  it("finds RECTYPE and NFTYPE whatever their case, as it finds the other columns", () => {
    const [head, ...rest] = fixture(fullFile).split("\n");
    const lowered = [head!.toLowerCase(), ...rest].join("\n");
    const read = readSchools(lowered, { preset: "dfe-ks4", file: fullFile });
    expect(read.records.map((r) => r.urn)).toEqual(full.records.map((r) => r.urn));
    expect(read.report.skipped.map((x) => x.reason)).toEqual(full.report.skipped.map((x) => x.reason));
  });

  it("says plainly when a file is not the layout the preset expects", () => {
    expect(() => readSchools("urn,year\n1,2019\n", { preset: "dfe-ks4" })).toThrow(
      /^1 problem in the data:\n {2}line 1, column RECTYPE: no column RECTYPE: this does not look like a dfe-ks4 file \(is the preset right\?\)$/,
    );
  });
});
