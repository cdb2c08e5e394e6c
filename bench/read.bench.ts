import { bench, describe } from "vitest";
import { panel, readSchools, schoolsToCsv, syntheticRegion } from "../src/index.js";

// All of England's size: 20,000 schools (~17% secondary), four years, every column the generic layout has.
const records = syntheticRegion({ primaries: 16_600, secondaries: 3_400, years: 4, seed: 1 });
const text = schoolsToCsv(records);
const mb = (text.length / 1e6).toFixed(1);

describe(`read: 20,000 schools × 4 years (${records.length} rows, ${mb} MB of CSV)`, () => {
  bench(
    "readSchools (generic layout)",
    () => {
      readSchools(text);
    },
    { iterations: 5, warmupIterations: 1 },
  );

  bench(
    "panel (one history per school)",
    () => {
      panel(records);
    },
    { iterations: 5, warmupIterations: 1 },
  );

  bench(
    "schoolsToCsv",
    () => {
      schoolsToCsv(records);
    },
    { iterations: 5, warmupIterations: 1 },
  );
});
