// Calibration of the projections on real data: Hampshire KS2. 2019 is projected from 2017 and 2018 alone (the
// committed fixture) and compared with what happened; the tuning check (2018 from 2016 and 2017) needs the raw
// 2016/17 file beside the checkout (../shared/data), whose PTRWM_EXP_16 column holds the 2016 results (with no 2016
// cohort: the 2017 cohort stands in for it), and is skipped without it. Needs `npm run build` first.
//   node bench/calibration.mjs
import { existsSync, readFileSync } from "node:fs";
import { calibrateProjections, combineReads, groupFamilies, panel, readSchools } from "../dist/index.js";

const fixture = new URL("../fixtures/dfe/hampshire_ks2_2017-2019.csv", import.meta.url);
const rows = [];

/** Families from the years before `year`, then the calibration of `year`. */
function calibrate(schools, year) {
  const before = schools
    .map((s) => ({ ...s, years: s.years.filter((r) => r.year < year) }))
    .filter((s) => s.years.length > 0);
  return calibrateProjections(groupFamilies(before), schools, { year });
}

function add(label, c) {
  const f = (x) => x.toFixed(2);
  for (const [who, r] of [
    ["all schools", c.all],
    [`cohort under ${c.small.below}`, c.small],
  ])
    rows.push(
      `| ${label} | ${who} | ${r.schools} | ${(100 * r.coverage).toFixed(1)}% | ${f(r.rmse.projection)} | ${f(r.rmse.lastYear)} | ${f(r.rmse.ownTrend)} | ${f(r.mae.projection)} | ${f(r.mae.lastYear)} | ${f(r.mae.ownTrend)} |`,
    );
  const fit = c.fits[0];
  if (fit)
    console.log(
      `${label}: overdispersion ${fit.overdispersion.toFixed(2)}, level variance ${fit.levelVariance.toFixed(1)}, trend variance ${fit.trendVariance.toFixed(1)}, family variance ${fit.familyVariance.toFixed(1)} (${fit.schools} schools)`,
    );
}

const raw = new URL("../../shared/data/dfe/hampshire_ks2/", import.meta.url);
if (existsSync(new URL("2016-2017_850_ks2final.csv", raw))) {
  const files = ["2016-2017_850_ks2final.csv", "2017-2018_850_ks2final.csv"];
  const reads = files.map((f) => readSchools(readFileSync(new URL(f, raw), "utf8"), { preset: "dfe-ks2", file: f }));
  const records = combineReads(reads).records;
  const lines = readFileSync(new URL(files[0], raw), "utf8")
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/);
  const header = lines[0].split(",");
  const at = (name) => header.indexOf(name);
  for (const line of lines.slice(1)) {
    // These rows have no quoted commas before the columns read (URN, TELIG, PTRWM_EXP_16 and RECTYPE are early or numeric).
    const c = line.split(",");
    if (c[at("RECTYPE")] !== "1" || c.length !== header.length) continue;
    const p = Number.parseFloat(c[at("PTRWM_EXP_16")]);
    const n = Number.parseInt(c[at("TELIG")], 10);
    if (Number.isFinite(p) && n > 0)
      records.push({ urn: c[at("URN")], phase: "primary", year: 2016, attainment: p, cohort: n });
  }
  add("tuning: 2018 from 2016–17", calibrate(panel(records).schools, 2018));
}
add("test: 2019 from 2017–18", calibrate(panel(readSchools(readFileSync(fixture, "utf8")).records).schools, 2019));
console.log(
  "\n| projected | schools | n | inside 95% interval | RMSE projection | RMSE same as last year | RMSE own straight line | MAE projection | MAE last year | MAE own line |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
for (const r of rows) console.log(r);
