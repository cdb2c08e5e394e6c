// The Wythenshawe example, as one function of the library (passed in) and the two excerpts' texts: used by
// fixtures/wythenshawe.mjs to write docs/places.md's map and table, and by a test to check they are still true.

/** Wythenshawe's places in Greater Manchester: their map (SVG) and their profile beside similar places (Markdown). */
export function wythenshawe(fos, giasText, contextText) {
  const gias = fos.readGias(giasText);
  const base = new Map(fos.registerRecords(gias.establishments, 2019).map((r) => [r.urn, r]));
  for (const r of fos.readSchools(contextText).records) {
    const was = base.get(r.urn);
    if (was) base.set(r.urn, { ...was, ...r, phase: was.phase });
  }
  const { schools } = fos.panel([...base.values()]);
  const places = fos.neighbourhoodClusters(schools);
  const byUrn = new Map(schools.map((s) => [s.urn, s]));
  const profiles = places.clusters.map((c) => fos.clusterProfile(c, byUrn));
  const similar = fos.similarPlaces(profiles, { k: 2 });
  const postcode = new Map(gias.establishments.map((e) => [e.urn, e.postcode ?? ""]));
  const isHere = (u) => /^M2[23] /.test(postcode.get(u) ?? "");
  const here = places.clusters.filter((c) => c.members.filter(isHere).length * 2 > c.members.length);
  const hubs = new Set(here.flatMap((c) => c.hubs));
  const svg = fos.placeMap(
    here.flatMap((c) => c.schools.map((s) => ({ ...s, hub: hubs.has(s.urn) }))),
    { title: `Wythenshawe: places ${here.map((c) => c.id).join(" and ")}`, id: "wythenshawe", width: 720, height: 520 },
  );
  const columns = [
    ...new Set(here.flatMap((c) => [c.id, ...(similar.find((s) => s.id === c.id)?.similar ?? []).map((s) => s.id)])),
  ];
  const profile = new Map(profiles.map((p) => [p.id, p]));
  const cell = (v) => fos.profileValueText(v);
  const rows = [
    ["% disadvantaged (ever FSM)", "disadvantage"],
    ["% EAL", "eal"],
    ["% SEN support", "sen"],
    ["KS4 Attainment 8", "ks4Attainment"],
    ["% overall absence", "overallAbsence"],
    ["% persistently absent", "persistentAbsence"],
  ];
  const las = (id) => profile.get(id)?.las.join(", ");
  const table = [
    `| 2019, pupil-weighted (± 95%) | ${columns.map((id) => `${id}${here.some((c) => c.id === id) ? " (Wythenshawe)" : ""}`).join(" | ")} |`,
    `|---|${columns.map(() => "---").join("|")}|`,
    `| local authorities | ${columns.map(las).join(" | ")} |`,
    `| schools | ${columns.map((id) => profile.get(id)?.schools).join(" | ")} |`,
    ...rows.map(
      ([label, m]) => `| ${label} | ${columns.map((id) => cell(profile.get(id)?.measures[m])).join(" | ")} |`,
    ),
  ].join("\n");
  return { svg, table, here: here.map((c) => c.id) };
}
