// The README's picture of a family chart, as one function of the library (passed in) and the shipped Hampshire
// excerpts' texts: used by fixtures/readme-chart.mjs to write fixtures/readme/family-chart.svg, and by a test to check
// that the file is what the library draws today.

/** Hampshire's first family of schools (three years of KS2, joined to GIAS and its links) drawn as its chart. */
export function readmeChart(fos, ks2Texts, giasText, linksText) {
  const register = fos.readGias(giasText).establishments;
  const phases = fos.registerPhases(register);
  const reads = Object.entries(ks2Texts).map(([file, text]) =>
    fos.readSchools(text, { preset: "dfe-ks2", file, phases }),
  );
  const joined = fos.joinRegister(fos.combineReads(reads).records, register);
  const { schools } = fos.panel(joined.records, { links: fos.readLinks(linksText).links });
  const benchmarks = fos.benchmarkFamilies(fos.groupFamilies(schools), schools);
  const family = benchmarks.families[0];
  return fos.familyChart(family, {
    arrows: true,
    title: `Family ${family.id}: ${family.members.length} Hampshire primary schools, KS2 ${benchmarks.year}`,
  });
}
