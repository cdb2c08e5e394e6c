// Types for wythenshawe-example.mjs (plain JavaScript, so that fixtures/wythenshawe.mjs runs it with Node alone).
export function wythenshawe(
  fos: Pick<
    typeof import("../../src/index.js"),
    | "readGias"
    | "registerRecords"
    | "readSchools"
    | "panel"
    | "neighbourhoodClusters"
    | "clusterProfile"
    | "similarPlaces"
    | "placeMap"
  >,
  giasText: string,
  contextText: string,
): { svg: string; table: string; here: string[] };
