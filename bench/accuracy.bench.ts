// How good is a family? The real-data study (printed when the file loads): on every secondary school in England
// (KS4 2018/19 Attainment 8 with the January 2019 census's disadvantage, EAL and SEN) and on Hampshire KS2 (prior
// attainment and disadvantage), the leave-one-out accuracy of families, the 50 nearest and each baseline, and
// fitted weights against equal ones on held-out folds. Timed: groupingAccuracy and fitWeights on 20,000 schools.
import { readFileSync } from "node:fs";
import { bench, describe } from "vitest";
import {
  type Accuracy,
  accuracyBaselines,
  comparisonGroups,
  fitWeights,
  type GroupFamiliesOptions,
  groupFamilies,
  groupingAccuracy,
  panel,
  readSchools,
  type School,
  syntheticRegion,
} from "../src/index.js";

const read = (path: string): School[] =>
  panel(readSchools(readFileSync(new URL(path, import.meta.url), "utf8")).records).schools;
const cell = (a: Accuracy) => `${a.rmse.toFixed(2)} / ${a.r2.toFixed(3)} (${a.n})`;

function study(
  label: string,
  schools: readonly School[],
  options: GroupFamiliesOptions,
  fitFeatures: GroupFamiliesOptions["weights"],
): string[] {
  const g = groupFamilies(schools, options);
  const families = groupingAccuracy(g, schools);
  const nearest = groupingAccuracy(comparisonGroups(schools, { ...options, k: 50 }), schools);
  const b = accuracyBaselines(g, schools);
  const fit = fitWeights(schools, { ...options, features: Object.keys(fitFeatures ?? {}) as never });
  const rows = [
    ["families, 12–20 (equal weights)", families],
    ["50 nearest", nearest],
    ["k-means, sizes free", b.kMeans],
    ["sort and chop", b.sortAndChop],
    ["financial benchmarking, 30 nearest", b.financial],
    ["random families", b.random],
  ] as const;
  return [
    ...rows.map(([name, a]) => `| ${label} | ${name} | ${cell(a)} |`),
    `| ${label} | families, fitted weights (${Object.entries(fit.weights)
      .map(([k, v]) => `${k} ${(v ?? 0).toFixed(2)}`)
      .join(
        ", ",
      )}): held-out folds, equal → fitted | ${fit.equal.r2.toFixed(3)} → ${fit.fitted.r2.toFixed(3)}; by fold ${fit.folds.map((f) => `${f.equal.toFixed(3)} → ${f.fitted.toFixed(3)}`).join(", ")} |`,
  ];
}

const census = { disadvantage: 1, eal: 1, sen: 1 };
console.log(
  [
    "",
    "| data | grouping | RMSE / R² (schools scored) |",
    "|---|---|---|",
    ...study(
      "England KS4 2019, Attainment 8",
      read("../fixtures/dfe/england_ks4_2019.csv"),
      { weights: census },
      census,
    ),
    ...study(
      "Hampshire KS2 2019, % RWM",
      read("../fixtures/dfe/hampshire_ks2_2017-2019.csv"),
      {},
      { priorAttainment: 1, disadvantage: 1 },
    ),
  ].join("\n"),
);

const region = panel(syntheticRegion({ primaries: 16500, secondaries: 3500, detail: false })).schools;
const grouping = groupFamilies(region);
describe("how good is a family, at 20,000 schools", () => {
  bench("groupingAccuracy (attainment, 20,000 schools)", () => {
    groupingAccuracy(grouping, region);
  });
  bench(
    "fitWeights (5 features, 5 folds, 20,000 schools)",
    () => {
      fitWeights(region);
    },
    { iterations: 2, warmupIterations: 0 },
  );
});
