import { ArgumentError } from "../errors.js";
import { byUrn } from "../internal/order.js";
import { type Random, seededRandom } from "../internal/random.js";
import type { SchoolYear } from "../schema.js";

/** A local authority of the synthetic region. */
export interface SyntheticAuthority {
  name: string;
  /** Centre, metres (British National Grid). */
  easting: number;
  northing: number;
  /** Relative deprivation, 0 (affluent) to 1 (most deprived). */
  deprivation: number;
  /** Share of the region's primary and secondary schools. */
  weight: number;
}

/**
 * Ten authorities laid out like Greater Manchester's (names, rough centres and relative deprivation),
 * so that the fixture region looks like the place the Families of Schools idea came from.
 */
export const GREATER_MANCHESTER_LIKE: readonly SyntheticAuthority[] = [
  { name: "Bolton", easting: 370_500, northing: 409_000, deprivation: 0.55, weight: 0.108 },
  { name: "Bury", easting: 380_500, northing: 410_500, deprivation: 0.4, weight: 0.071 },
  { name: "Manchester", easting: 384_500, northing: 397_500, deprivation: 0.85, weight: 0.16 },
  { name: "Oldham", easting: 393_000, northing: 405_000, deprivation: 0.7, weight: 0.097 },
  { name: "Rochdale", easting: 389_500, northing: 413_500, deprivation: 0.65, weight: 0.076 },
  { name: "Salford", easting: 377_500, northing: 399_500, deprivation: 0.65, weight: 0.092 },
  { name: "Stockport", easting: 390_000, northing: 389_500, deprivation: 0.3, weight: 0.108 },
  { name: "Tameside", easting: 394_500, northing: 398_000, deprivation: 0.55, weight: 0.087 },
  { name: "Trafford", easting: 376_500, northing: 393_000, deprivation: 0.25, weight: 0.08 },
  { name: "Wigan", easting: 359_500, northing: 404_000, deprivation: 0.45, weight: 0.121 },
];

/** Options for {@link syntheticRegion}. */
export interface SyntheticRegionOptions {
  /** Seed for the generator; the same seed gives the same region. Default `2008` (the year Greater Manchester's Challenge began). */
  seed?: number;
  /** Primary schools open in the first year. Default `855`. */
  primaries?: number;
  /** Secondary schools open in the first year. Default `176`. */
  secondaries?: number;
  /** The first academic year's end. Default `2016`. */
  firstYear?: number;
  /** Consecutive years. Default `4`. */
  years?: number;
  /** The authorities. Default {@link GREATER_MANCHESTER_LIKE}. */
  authorities?: readonly SyntheticAuthority[];
  /** Sub-group and subject outcomes and confidence limits. Default `true`; turn off for very large benchmark sets. */
  detail?: boolean;
  /** Schools that close, open and convert (with a new URN) part-way through. Default `true` when `years` > 2. */
  changes?: boolean;
}

const PLACES = [
  "Abbey",
  "Albert",
  "Alder",
  "Ash",
  "Beech",
  "Birch",
  "Bridge",
  "Brook",
  "Castle",
  "Cedar",
  "Chapel",
  "Church",
  "Clough",
  "Crown",
  "Dale",
  "Elm",
  "Fern",
  "Field",
  "Fir",
  "Forest",
  "Gorse",
  "Grange",
  "Green",
  "Hall",
  "Hawthorn",
  "Heath",
  "Hill",
  "Holly",
  "Ivy",
  "Kings",
  "Lark",
  "Lime",
  "Linden",
  "Manor",
  "Maple",
  "Meadow",
  "Mill",
  "Moor",
  "Moss",
  "Oak",
  "Orchard",
  "Park",
  "Pine",
  "Queens",
  "Rowan",
  "St Anne's",
  "St John's",
  "St Mary's",
  "St Paul's",
  "St Peter's",
  "Station",
  "Stone",
  "Thorn",
  "Vale",
  "Victoria",
  "Water",
  "Well",
  "Willow",
  "Wood",
  "Yew",
];
const SUFFIXES = ["", "side", "field", "wood", "lands", "bank", " Lane", " Road", " Park", " Hill"];

interface Latent {
  urn: string;
  name: string;
  la: SyntheticAuthority;
  phase: "primary" | "secondary";
  easting: number;
  northing: number;
  disadvantage: number;
  eal: number;
  sen: number;
  mobility: number;
  prior: number;
  cohort: number;
  effect: number;
  trend: number;
  boysGap: number;
  disadvantageGap: number;
  subjectEffects: number[];
  opens: number;
  closes: number;
  successor?: { urn: string; name: string; from: number };
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
const round = (x: number, dp: number): number => {
  const f = 10 ** dp;
  return Math.round(x * f) / f;
};

function pickAuthority(rnd: Random, las: readonly SyntheticAuthority[], total: number): SyntheticAuthority {
  let u = rnd.next() * total;
  for (const la of las) {
    u -= la.weight;
    if (u < 0) return la;
  }
  return las[las.length - 1] as SyntheticAuthority;
}

function binomialShare(rnd: Random, n: number, p: number): number {
  // Exact Bernoulli sum for the cohort sizes used here (at most a few hundred pupils).
  let k = 0;
  for (let i = 0; i < n; i++) if (rnd.next() < p) k++;
  return n === 0 ? 0 : (100 * k) / n;
}

/**
 * Generates a deterministic synthetic city region shaped like Greater Manchester: ten local authorities,
 * about 850 primary and 180 secondary schools over four consecutive years, with disadvantage skewed over
 * 0–80%, attainment falling with disadvantage, prior attainment correlated with both, realistic cohort sizes
 * (primary 15–90, secondary 80–300), sampling noise that shrinks with cohort size, schools spread over about
 * 40 km, sub-group and subject outcomes, suppressed small-group values, and a few schools closing, opening and
 * converting to academies (with a new URN and a `successor` link). Runs in O(schools × years × cohort).
 *
 * Primary attainment is the % meeting the expected standard (as KS2 `PTRWM_EXP`), prior attainment a KS1
 * average point score, subjects progress scores; secondary attainment is Attainment 8, prior attainment a KS2
 * average point score, subjects Attainment 8 elements, progress a Progress 8–like score.
 *
 * @param options - See {@link SyntheticRegionOptions}.
 * @returns School-year records, ordered by year then URN.
 * @example
 * syntheticRegion({ primaries: 20, secondaries: 0, years: 1, changes: false }).length;
 * // => 20
 */
export function syntheticRegion(options: SyntheticRegionOptions = {}): SchoolYear[] {
  const nPrimary = options.primaries ?? 855;
  const nSecondary = options.secondaries ?? 176;
  const nYears = options.years ?? 4;
  const las = options.authorities ?? GREATER_MANCHESTER_LIKE;
  for (const [name, v] of [
    ["primaries", nPrimary],
    ["secondaries", nSecondary],
    ["years", nYears],
  ] as const) {
    if (!Number.isInteger(v) || v < 0)
      throw new ArgumentError("syntheticRegion", `must be a whole number ≥ 0, not ${v}`, name);
  }
  if (las.length === 0) throw new ArgumentError("syntheticRegion", "authorities must not be empty");
  const g: Generator = {
    rnd: seededRandom(options.seed ?? 2008),
    las,
    totalWeight: las.reduce((t, la) => t + la.weight, 0),
    usedNames: new Set(),
    nextUrn: 105_000,
    // Academies' new URNs after every other school's (those and the few that open later are under 1.05 × n), so
    // the two never meet however large the region: 140000 as before where n is under about 33,000.
    nextAcademyUrn: Math.max(140_000, 105_000 + Math.ceil((nPrimary + nSecondary) * 1.05) + 1),
    firstYear: options.firstYear ?? 2016,
    nYears,
  };
  const schools: Latent[] = [];
  for (let i = 0; i < nPrimary; i++) schools.push(makeSchool(g, "primary", g.firstYear));
  for (let i = 0; i < nSecondary; i++) schools.push(makeSchool(g, "secondary", g.firstYear));
  if (options.changes ?? nYears > 2) changeSchools(g, schools, nPrimary, nSecondary);
  return recordsOf(g, schools, options.detail ?? true);
}

/** The generator's state: its random stream, the authorities, and the names and URNs given so far. */
interface Generator {
  rnd: Random;
  las: readonly SyntheticAuthority[];
  totalWeight: number;
  usedNames: Set<string>;
  nextUrn: number;
  nextAcademyUrn: number;
  firstYear: number;
  nYears: number;
}

function makeName(g: Generator, phase: "primary" | "secondary", la: SyntheticAuthority): string {
  const rnd = g.rnd;
  // Random names until a fresh one; a large region runs out of them, so then number the name.
  for (let attempt = 0; ; attempt++) {
    const first = PLACES[rnd.int(0, PLACES.length - 1)] as string;
    const suffix = SUFFIXES[rnd.int(0, SUFFIXES.length - 1)] as string;
    // Saints' names take no suffix ("St Mary's", not "St Mary'swood").
    const place = first.startsWith("St ") ? first : `${first}${suffix}`;
    const kind =
      phase === "primary"
        ? (["Primary School", "Primary School", "Community Primary School", "CE Primary School", "Junior School"][
            rnd.int(0, 4)
          ] as string)
        : (["High School", "Academy", "School", "College", "Community High School"][rnd.int(0, 4)] as string);
    const base = `${place} ${kind}`;
    const name = attempt < 20 ? base : `${base} (${attempt - 18})`;
    const key = `${name}|${la.name}`;
    if (!g.usedNames.has(key)) {
      g.usedNames.add(key);
      return name;
    }
  }
}

function makeSchool(g: Generator, phase: "primary" | "secondary", opens: number): Latent {
  const rnd = g.rnd;
  const la = pickAuthority(rnd, g.las, g.totalWeight);
  const easting = Math.round(la.easting + rnd.normal() * 3_200);
  const northing = Math.round(la.northing + rnd.normal() * 3_200);
  // Disadvantage: a logistic of area deprivation plus local variation, skewed towards low values, 1–80%.
  const z = (la.deprivation - 0.5) * 2.6 + rnd.normal() * 0.95;
  const disadvantage = round(clamp(1 + 79 / (1 + Math.exp(-(z - 0.55) * 1.25)), 0, 80), 1);
  const eal = round(clamp(disadvantage * (0.15 + 0.7 * la.deprivation ** 2) + rnd.normal() * 6 + 2, 0, 95), 1);
  const sen = round(clamp(11 + 0.06 * disadvantage + rnd.normal() * 3, 2, 40), 1);
  const mobility = round(clamp(4 + 0.12 * disadvantage + rnd.normal() * 2.5, 0, 40), 1);
  const prior =
    phase === "primary"
      ? round(17.3 - 0.03 * disadvantage + rnd.normal() * 0.5, 1)
      : round(29.4 - 0.045 * disadvantage + rnd.normal() * 0.6, 1);
  const cohort =
    phase === "primary"
      ? clamp(Math.round(([20, 30, 30, 45, 60, 60, 90][rnd.int(0, 6)] as number) * (0.8 + 0.35 * rnd.next())), 15, 90)
      : clamp(Math.round(110 + 110 * rnd.next() + rnd.normal() * 35), 80, 300);
  return {
    urn: String(g.nextUrn++),
    name: makeName(g, phase, la),
    la,
    phase,
    easting,
    northing,
    disadvantage,
    eal,
    sen,
    mobility,
    prior,
    cohort,
    effect: rnd.normal(),
    trend: rnd.normal() * 0.7,
    boysGap: 3 + rnd.normal() * 2,
    disadvantageGap: (phase === "primary" ? 17 : 11) + rnd.normal() * 4,
    subjectEffects: [rnd.normal(), rnd.normal(), rnd.normal(), rnd.normal()],
    opens,
    closes: g.firstYear + g.nYears,
  };
}

/** Halfway through: about 1.2% of schools close, 2% convert to academies under a new URN, and a few new schools open. */
function changeSchools(g: Generator, schools: Latent[], nPrimary: number, nSecondary: number): void {
  const mid = g.firstYear + Math.floor(g.nYears / 2);
  const base = schools.length;
  for (let i = 0; i < base; i++) {
    const s = schools[i] as Latent;
    const u = g.rnd.next();
    if (u < 0.012) s.closes = mid;
    else if (u < 0.032) {
      const name = s.name.replace(
        /( Community)? (Primary School|Junior School|High School|School|College)$/,
        (_m, _c, kind: string) =>
          kind === "Primary School" || kind === "Junior School" ? " Primary Academy" : " Academy",
      );
      s.successor = {
        urn: String(g.nextAcademyUrn++),
        name: name === s.name ? `${s.name} (Academy)` : name,
        from: mid,
      };
    }
  }
  const newPrimaries = Math.round(nPrimary * 0.008);
  const newSecondaries = Math.round(nSecondary * 0.02);
  for (let i = 0; i < newPrimaries; i++) schools.push(makeSchool(g, "primary", mid));
  for (let i = 0; i < newSecondaries; i++) schools.push(makeSchool(g, "secondary", mid));
}

/** Each open school's record for each year, ordered by year then URN. */
function recordsOf(g: Generator, schools: readonly Latent[], detail: boolean): SchoolYear[] {
  const { rnd, firstYear, nYears } = g;
  const out: SchoolYear[] = [];
  for (let y = 0; y < nYears; y++) {
    const year = firstYear + y;
    for (const s of schools) {
      if (year < s.opens || year >= s.closes) continue;
      const converted = s.successor !== undefined && year >= s.successor.from;
      const cohort = clamp(
        Math.round(s.cohort * (0.9 + 0.2 * rnd.next())),
        s.phase === "primary" ? 15 : 80,
        s.phase === "primary" ? 90 : 300,
      );
      const drift = s.trend * (y - (nYears - 1) / 2);
      const record: SchoolYear = {
        urn: converted ? (s.successor?.urn as string) : s.urn,
        name: converted ? (s.successor?.name as string) : s.name,
        la: s.la.name,
        phase: s.phase,
        year,
        cohort,
        priorAttainment: round(
          s.prior + (rnd.normal() * (s.phase === "primary" ? 0.6 : 0.9)) / Math.sqrt(cohort / 30),
          1,
        ),
        disadvantage: round(clamp(s.disadvantage + rnd.normal() * 1.5, 0, 100), 1),
        eal: round(clamp(s.eal + rnd.normal(), 0, 100), 1),
        sen: round(clamp(s.sen + rnd.normal(), 0, 100), 1),
        mobility: round(clamp(s.mobility + rnd.normal(), 0, 100), 1),
        easting: s.easting,
        northing: s.northing,
      };
      if (!converted && s.successor !== undefined && year === s.successor.from - 1) record.successor = s.successor.urn;
      if (s.phase === "primary") primaryOutcomes(rnd, s, record, cohort, drift, detail);
      else secondaryOutcomes(rnd, s, record, cohort, drift, detail);
      out.push(record);
    }
  }
  out.sort((a, b) => a.year - b.year || byUrn(a, b));
  return out;
}

/** Sub-groups with fewer than this many pupils are suppressed, as the DfE does. */
const SUPPRESS_BELOW = 6;

function primaryOutcomes(rnd: Random, s: Latent, r: SchoolYear, cohort: number, drift: number, detail: boolean): void {
  const expected = clamp(64 - 0.3 * (s.disadvantage - 25) + 9 * (s.prior - 16.4) + 5 * s.effect + 2.5 * drift, 5, 97);
  const p = expected / 100;
  r.attainment = Math.round(binomialShare(rnd, cohort, p));
  if (!detail) return;
  const disadvantagedPupils = Math.round((cohort * (r.disadvantage ?? 0)) / 100);
  const ealPupils = Math.round((cohort * (r.eal ?? 0)) / 100);
  const boys = Math.round(cohort * (0.42 + 0.16 * rnd.next()));
  const groups: Record<string, number> = {};
  const share = (n: number, pct: number): number | undefined =>
    n < SUPPRESS_BELOW ? undefined : Math.round(binomialShare(rnd, n, clamp(pct, 1, 99) / 100));
  const d = (r.disadvantage ?? 0) / 100;
  const entries: [string, number | undefined][] = [
    ["boys", share(boys, expected - s.boysGap / 2)],
    ["girls", share(cohort - boys, expected + s.boysGap / 2)],
    // The two groups' gap is the school's; their cohort-weighted mean is the school's expected outcome.
    ["disadvantaged", share(disadvantagedPupils, expected - s.disadvantageGap * (1 - d))],
    ["other", share(cohort - disadvantagedPupils, expected + s.disadvantageGap * d)],
    ["eal", share(ealPupils, expected - 2 + rnd.normal() * 3)],
  ];
  for (const [k, v] of entries) if (v !== undefined) groups[k] = v;
  r.subgroups = groups;
  const subjects: Record<string, number> = {};
  const intervals: Record<string, { lower: number; upper: number }> = {};
  ["reading", "writing", "maths"].forEach((name, i) => {
    const se = 5.5 / Math.sqrt(cohort);
    const value = round(0.6 * s.effect + 0.8 * (s.subjectEffects[i] ?? 0) + 0.4 * drift + rnd.normal() * se, 1);
    subjects[name] = value;
    intervals[name] = { lower: round(value - 1.96 * se, 1), upper: round(value + 1.96 * se, 1) };
  });
  r.subjects = subjects;
  r.intervals = intervals;
}

function secondaryOutcomes(
  rnd: Random,
  s: Latent,
  r: SchoolYear,
  cohort: number,
  drift: number,
  detail: boolean,
): void {
  const expected = clamp(
    46.5 - 0.16 * (s.disadvantage - 25) + 4.2 * (s.prior - 28.3) + 3.2 * s.effect + 1.2 * drift,
    15,
    75,
  );
  const pupilSd = 15;
  const att8 = round(expected + (rnd.normal() * pupilSd) / Math.sqrt(cohort), 1);
  r.attainment = att8;
  const se = 1.25 / Math.sqrt(cohort);
  const progress = round((att8 - (46.5 + 4.2 * (s.prior - 28.3))) / 10, 2);
  r.progress = progress;
  if (!detail) return;
  r.intervals = { progress: { lower: round(progress - 1.96 * se, 2), upper: round(progress + 1.96 * se, 2) } };
  const disadvantagedPupils = Math.round((cohort * (r.disadvantage ?? 0)) / 100);
  const boys = Math.round(cohort * (0.45 + 0.1 * rnd.next()));
  const mean = (n: number, mu: number): number | undefined =>
    n < SUPPRESS_BELOW ? undefined : round(mu + (rnd.normal() * pupilSd) / Math.sqrt(n), 1);
  const groups: Record<string, number> = {};
  const d = (r.disadvantage ?? 0) / 100;
  const entries: [string, number | undefined][] = [
    ["boys", mean(boys, att8 - s.boysGap / 2)],
    ["girls", mean(cohort - boys, att8 + s.boysGap / 2)],
    ["disadvantaged", mean(disadvantagedPupils, att8 - s.disadvantageGap * (1 - d))],
    ["other", mean(cohort - disadvantagedPupils, att8 + s.disadvantageGap * d)],
  ];
  for (const [k, v] of entries) if (v !== undefined) groups[k] = v;
  r.subgroups = groups;
  // Attainment 8 elements: English and maths double-weighted (max 18 each), EBacc and open (max 27 each).
  const shares = [0.21, 0.19, 0.29, 0.31];
  const subjects: Record<string, number> = {};
  ["english", "maths", "ebacc", "open"].forEach((name, i) => {
    subjects[name] = round(
      clamp(att8 * (shares[i] ?? 0.25) + 0.6 * (s.subjectEffects[i] ?? 0) + rnd.normal() * 0.3, 0, i < 2 ? 18 : 27),
      1,
    );
  });
  r.subjects = subjects;
}
