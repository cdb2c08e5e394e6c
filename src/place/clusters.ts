// Places as well as families: neighbourhood clusters of schools across phases, built around the secondary schools
// that pupils move on to, as Wythenshawe's and South Solihull's schools worked together.
import { ArgumentError } from "../errors.js";
import { buildKdTree, kNearest } from "../internal/kdtree.js";
import { compareText } from "../internal/order.js";
import type { School } from "../panel/panel.js";

/** The sizes of neighbourhood clusters unless told otherwise, in schools. */
export const PLACE_SIZES = { min: 6, max: 16 } as const;

/** Options for {@link neighbourhoodClusters}. */
export interface NeighbourhoodClustersOptions {
  /** Smallest cluster (schools of every phase). Default 6. */
  min?: number;
  /** Largest cluster. Default 16. */
  max?: number;
  /** Keep each cluster within one local authority. Default `false` (places cross boundaries). */
  sameLa?: boolean;
  /**
   * Pupil flows where an authority has them: each primary goes to the cluster of the secondary that most of its
   * pupils move on to, instead of the nearest. Rows for schools not in the data are ignored.
   */
  transitions?: readonly { primary: string; secondary: string; pupils: number }[];
}

/** One school in a cluster, and how far it is from the nearest of its cluster's hubs. */
export interface ClusterMember {
  urn: string;
  name?: string;
  phase: string;
  /** A finer phase from GIAS (infant, junior, first, middle, special, 16 plus, …): see `schoolStage`. */
  stage?: string;
  la?: string;
  easting: number;
  northing: number;
  /** Kilometres to the nearest hub of its cluster (0 for a hub). */
  distanceKm: number;
}

/** A neighbourhood cluster: its secondary schools (hubs) and every school in it. */
export interface NeighbourhoodCluster {
  /** The local authority of its first hub and a number: "352-03". */
  id: string;
  /** What people call it: "Wythenshawe (M22, M23)" (see `describePlaces`), or the name a list of places gave it. */
  name?: string;
  /** "listed" for a place from a list people drew (`listedPlaces`); none for a computed cluster. */
  source?: "listed";
  /** URNs of its secondary (and all-through) schools, ascending. */
  hubs: string[];
  /** URNs of every school in it, hubs included, ascending. */
  members: string[];
  schools: ClusterMember[];
}

/** The result of {@link neighbourhoodClusters}. */
export interface NeighbourhoodClusters {
  kind: "places";
  min: number;
  max: number;
  clusters: NeighbourhoodCluster[];
  /** Schools in no cluster, with the reason (no location; no secondary to cluster around). */
  unplaced: { urn: string; reason: string }[];
  /** What the clustering had to do that a reader should know (a cluster it could not bring within bounds). */
  notes: string[];
}

/** Phases a cluster forms around (internal: not re-exported). */
export const HUB_PHASES: ReadonlySet<string> = new Set(["secondary", "all-through", "middle deemed secondary"]);

interface Located {
  urn: string;
  name?: string;
  phase: string;
  la?: string;
  x: number;
  y: number;
}

interface Group {
  hubs: Located[];
  others: Located[];
  /** Sums of coordinates, for the centre. */
  sx: number;
  sy: number;
}

const size = (g: Group): number => g.hubs.length + g.others.length;
const centre = (g: Group): [number, number] => [g.sx / size(g), g.sy / size(g)];
const d2 = (ax: number, ay: number, bx: number, by: number): number => (ax - bx) ** 2 + (ay - by) ** 2;
const laOf = (g: Group): string | undefined => g.hubs[0]?.la;

/** Each school's latest location and phase, or why it has none. */
function locate(schools: readonly School[]): { located: Located[]; unplaced: { urn: string; reason: string }[] } {
  const located: Located[] = [];
  const unplaced: { urn: string; reason: string }[] = [];
  for (const s of schools) {
    const r = [...s.years].reverse().find((y) => y.easting !== undefined && y.northing !== undefined);
    if (!r) {
      unplaced.push({ urn: s.urn, reason: "no location (easting and northing) in the data" });
      continue;
    }
    located.push({
      urn: s.urn,
      ...(s.name === undefined ? {} : { name: s.name }),
      phase: s.phase,
      ...(s.la === undefined ? {} : { la: s.la }),
      x: r.easting as number,
      y: r.northing as number,
    });
  }
  located.sort((a, b) => compareText(a.urn, b.urn));
  return { located, unplaced };
}

/** Each hub's catchment: the hub, and the other schools whose nearest hub (or pupils' destination) it is. */
function catchments(located: readonly Located[], options: NeighbourhoodClustersOptions): Group[] {
  const hubs = located.filter((p) => HUB_PHASES.has(p.phase));
  const groups = hubs.map((h): Group => ({ hubs: [h], others: [], sx: h.x, sy: h.y }));
  const index = new Map(hubs.map((h, i) => [h.urn, i]));
  const flows = new Map<string, { secondary: string; pupils: number }>();
  for (const t of options.transitions ?? []) {
    const best = flows.get(t.primary);
    if (
      index.has(t.secondary) &&
      (!best || t.pupils > best.pupils || (t.pupils === best.pupils && compareText(t.secondary, best.secondary) < 0))
    )
      flows.set(t.primary, { secondary: t.secondary, pupils: t.pupils });
  }
  const coords = Float64Array.from(hubs.flatMap((h) => [h.x, h.y]));
  const tree = buildKdTree(coords, 2);
  const want = Math.min(hubs.length, options.sameLa ? 64 : 1);
  const idx = new Int32Array(want);
  const dist = new Float64Array(want);
  const q = new Float64Array(2);
  for (const p of located) {
    if (HUB_PHASES.has(p.phase)) continue;
    let at = flows.has(p.urn) ? (index.get((flows.get(p.urn) as { secondary: string }).secondary) as number) : -1;
    if (at < 0) {
      q[0] = p.x;
      q[1] = p.y;
      const found = kNearest(tree, q, 0, want, idx, dist);
      at = idx[0] as number;
      if (options.sameLa)
        for (let r = 0; r < found; r++)
          if ((hubs[idx[r] as number] as Located).la === p.la) {
            at = idx[r] as number;
            break;
          }
    }
    const g = groups[at] as Group;
    g.others.push(p);
    g.sx += p.x;
    g.sy += p.y;
  }
  return groups;
}

/** The nearest other group (by centre) that `fits` allows, or −1. O(groups). */
function nearestGroup(
  groups: readonly Group[],
  from: number,
  x: number,
  y: number,
  fits: (g: Group) => boolean,
): number {
  let best = -1;
  let bestD = Number.POSITIVE_INFINITY;
  for (const [i, g] of groups.entries()) {
    if (i === from || size(g) === 0 || !fits(g)) continue;
    const [cx, cy] = centre(g);
    const dd = d2(x, y, cx, cy);
    if (dd < bestD) {
      bestD = dd;
      best = i;
    }
  }
  return best;
}

/** Merges each catchment below `min` into its nearest neighbour (one that stays within `max` if any), smallest first. */
function mergeSmall(groups: Group[], min: number, max: number, sameLa: boolean): void {
  for (;;) {
    let small = -1;
    for (const [i, g] of groups.entries())
      if (size(g) > 0 && size(g) < min && (small < 0 || size(g) < size(groups[small] as Group))) small = i;
    if (small < 0) return;
    const g = groups[small] as Group;
    const [x, y] = centre(g);
    const sameArea = (o: Group) => !sameLa || laOf(o) === laOf(g);
    let into = nearestGroup(groups, small, x, y, (o) => sameArea(o) && size(o) + size(g) <= max);
    if (into < 0) into = nearestGroup(groups, small, x, y, sameArea);
    if (into < 0) return;
    const o = groups[into] as Group;
    o.hubs.push(...g.hubs);
    o.others.push(...g.others);
    o.sx += g.sx;
    o.sy += g.sy;
    groups[small] = { hubs: [], others: [], sx: 0, sy: 0 };
  }
}

/** A group above `max` passes its schools farthest from its hubs to the nearest group with room. */
function shedLarge(groups: Group[], max: number, min: number, sameLa: boolean): void {
  for (const [i, g] of groups.entries()) {
    if (size(g) <= max) continue;
    const far = (p: Located) => Math.min(...g.hubs.map((h) => d2(p.x, p.y, h.x, h.y)));
    g.others.sort((a, b) => far(b) - far(a) || compareText(a.urn, b.urn));
    while (size(g) > max && g.others.length > 0) {
      const p = g.others[0] as Located;
      const into = nearestGroup(
        groups,
        i,
        p.x,
        p.y,
        (o) => size(o) < max && size(o) >= min && (!sameLa || laOf(o) === p.la),
      );
      if (into < 0) break;
      g.others.shift();
      g.sx -= p.x;
      g.sy -= p.y;
      const o = groups[into] as Group;
      o.others.push(p);
      o.sx += p.x;
      o.sy += p.y;
    }
  }
}

/** Splits a group above `max` that has two or more hubs in two, around its two hubs farthest apart. */
function splitLarge(groups: Group[], max: number): void {
  const n = groups.length;
  for (let i = 0; i < n; i++) {
    const g = groups[i] as Group;
    if (size(g) <= max || g.hubs.length < 2) continue;
    let pair: [Located, Located] = [g.hubs[0] as Located, g.hubs[1] as Located];
    let far = -1;
    for (const a of g.hubs)
      for (const b of g.hubs) {
        const dd = d2(a.x, a.y, b.x, b.y);
        if (dd > far) [far, pair] = [dd, [a, b]];
      }
    const parts: Group[] = [0, 1].map(() => ({ hubs: [], others: [], sx: 0, sy: 0 }));
    const side = (p: Located) => (d2(p.x, p.y, pair[0].x, pair[0].y) <= d2(p.x, p.y, pair[1].x, pair[1].y) ? 0 : 1);
    for (const h of g.hubs) (parts[side(h)] as Group).hubs.push(h);
    for (const p of g.others) (parts[side(p)] as Group).others.push(p);
    for (const part of parts)
      for (const p of [...part.hubs, ...part.others]) [part.sx, part.sy] = [part.sx + p.x, part.sy + p.y];
    groups[i] = parts[0] as Group;
    groups.push(parts[1] as Group);
  }
}

/**
 * Puts every school with a location into exactly one neighbourhood cluster, built around the secondary schools
 * that pupils move on to: each school joins the catchment of its nearest secondary (or, with `transitions`, the one
 * most of its pupils go to); catchments below `min` merge with their nearest neighbour (staying within `max` where
 * one can), clusters above `max` with several secondaries split between the two farthest apart, and a cluster still
 * above `max` passes its farthest schools to the nearest cluster with room. `sameLa` keeps every cluster within one
 * local authority. Every cluster has at least one secondary; each school's distance to its nearest hub is given.
 * Deterministic (schools in URN order, ties by URN). O(n log n) to find catchments, O(k²) for k secondaries to merge.
 *
 * @param schools - From `panel`, with `easting` and `northing` (British National Grid), e.g. joined from GIAS.
 * @example
 * // The first place's hubs: its secondary schools.
 * neighbourhoodClusters(panel(records).schools).clusters[0].hubs;
 * // => ["105898", "105945", "106010"]
 */
export function neighbourhoodClusters(
  schools: readonly School[],
  options: NeighbourhoodClustersOptions = {},
): NeighbourhoodClusters {
  const min = options.min ?? PLACE_SIZES.min;
  const max = options.max ?? PLACE_SIZES.max;
  if (!(Number.isInteger(min) && min >= 1))
    throw new ArgumentError("neighbourhoodClusters", `must be a whole number ≥ 1, not ${min}`, "min");
  if (!(Number.isInteger(max) && max >= min))
    throw new ArgumentError("neighbourhoodClusters", `must be a whole number ≥ min (${min}), not ${max}`, "max");
  const { located, unplaced } = locate(schools);
  const sameLa = options.sameLa === true;
  if (!located.some((p) => HUB_PHASES.has(p.phase))) {
    for (const p of located) unplaced.push({ urn: p.urn, reason: "no secondary school in the data to cluster around" });
    return {
      kind: "places",
      min,
      max,
      clusters: [],
      unplaced: unplaced.sort((a, b) => compareText(a.urn, b.urn)),
      notes: [],
    };
  }
  const groups = catchments(located, options);
  for (let round = 0; round < 3; round++) {
    mergeSmall(groups, min, max, sameLa);
    splitLarge(groups, max);
    mergeSmall(groups, min, max, sameLa);
    shedLarge(groups, max, min, sameLa);
  }
  const clusters = describeClusters(groups.filter((g) => size(g) > 0));
  const notes = clusters
    .filter((c) => c.members.length < min || c.members.length > max)
    .map(
      (c) =>
        `cluster ${c.id} has ${c.members.length} schools, outside ${min}–${max}: no neighbour could take or give schools${sameLa ? " in the same local authority" : ""}`,
    );
  return { kind: "places", min, max, clusters, unplaced: unplaced.sort((a, b) => compareText(a.urn, b.urn)), notes };
}

/** Clusters with ids (by local authority, then from north-west to south-east), members and distances to hubs. */
function describeClusters(groups: readonly Group[]): NeighbourhoodCluster[] {
  const sorted = groups
    .map((g) => ({ g, hubs: [...g.hubs].sort((a, b) => compareText(a.urn, b.urn)), c: centre(g) }))
    .sort(
      (a, b) =>
        compareText(a.hubs[0]?.la ?? "", b.hubs[0]?.la ?? "") ||
        b.c[1] - a.c[1] ||
        a.c[0] - b.c[0] ||
        compareText(a.hubs[0]?.urn ?? "", b.hubs[0]?.urn ?? ""),
    );
  const count = new Map<string, number>();
  return sorted.map(({ g, hubs }) => {
    const la = hubs[0]?.la ?? "x";
    const k = (count.get(la) ?? 0) + 1;
    count.set(la, k);
    const all = [...g.hubs, ...g.others].sort((a, b) => compareText(a.urn, b.urn));
    return {
      id: `${la}-${String(k).padStart(2, "0")}`,
      hubs: hubs.map((h) => h.urn),
      members: all.map((p) => p.urn),
      schools: all.map((p) => ({
        urn: p.urn,
        ...(p.name === undefined ? {} : { name: p.name }),
        phase: p.phase,
        ...(p.la === undefined ? {} : { la: p.la }),
        easting: p.x,
        northing: p.y,
        distanceKm: Math.sqrt(Math.min(...g.hubs.map((h) => d2(p.x, p.y, h.x, h.y)))) / 1000,
      })),
    };
  });
}
