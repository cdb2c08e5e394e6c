// Types for readme-chart.mjs (plain JavaScript, so that fixtures/readme-chart.mjs runs it with Node alone).
export function readmeChart(
  fos: Pick<
    typeof import("../../src/index.js"),
    | "readGias"
    | "registerPhases"
    | "readSchools"
    | "joinRegister"
    | "combineReads"
    | "panel"
    | "readLinks"
    | "benchmarkFamilies"
    | "groupFamilies"
    | "familyChart"
  >,
  ks2Texts: Record<string, string>,
  giasText: string,
  linksText: string,
): string;
