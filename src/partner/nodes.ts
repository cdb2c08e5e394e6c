import type { Benchmarks, FamilyBenchmark, MemberBenchmark } from "../benchmark/types.js";
import { byUrn } from "../internal/order.js";
import { meanAndSd, zScore } from "../internal/stats.js";
import { fail } from "./settings.js";

/** One area a school can be matched on: a subject, or a within-school gap. */
export interface Area {
  /** Standardised within phase, higher is better. */
  z: number;
  /** In the area's own units (points; for a gap, the gap itself). */
  value: number;
  kind: "subject" | "gap";
}

/** A benchmarked school as the matching sees it. */
export interface Node {
  m: MemberBenchmark;
  family: FamilyBenchmark;
  /** z-scores within phase: prior attainment, disadvantage, attainment. */
  zPrior?: number;
  zDis?: number;
  zAtt?: number;
  /** Each area's standardised result and its value. */
  areas: Map<string, Area>;
  /** Its weakest area, once found (`false`: none below average). */
  weakest?: [string, Area] | false;
}

/** The within-school gaps, read so that higher is better (a narrower gap), and their words. */
export const GAP_AREAS: Record<string, { value: (g: number) => number; words: string }> = {
  "other−disadvantaged": { value: (g) => -g, words: "disadvantaged pupils' gap to others" },
  "girls−boys": { value: (g) => -Math.abs(g), words: "gap between girls and boys" },
};

/** Every member once, in URN order, with its family and its z-scores within its phase. */
export function nodesOf(benchmarks: Pick<Benchmarks, "families">): { nodes: Node[]; byUrn: Map<string, Node> } {
  const nodes: Node[] = [];
  for (const family of benchmarks.families) for (const m of family.members) nodes.push({ m, family, areas: new Map() });
  nodes.sort((a, b) => byUrn(a.m, b.m));
  const index = new Map<string, Node>();
  for (const n of nodes) {
    if (index.has(n.m.urn)) fail(`school ${n.m.urn} is in two families`);
    index.set(n.m.urn, n);
  }
  const phases = new Map<string, Node[]>();
  for (const n of nodes) {
    const list = phases.get(n.m.phase);
    if (list) list.push(n);
    else phases.set(n.m.phase, [n]);
  }
  for (const list of phases.values()) standardise(list);
  return { nodes, byUrn: index };
}

/** Standardises one phase: intake, attainment, and each area (a subject's raw value = family mean + difference). */
function standardise(list: Node[]): void {
  const sPrior = meanAndSd(list.map((n) => n.m.priorAttainment));
  const sDis = meanAndSd(list.map((n) => n.m.disadvantage));
  const sAtt = meanAndSd(list.map((n) => n.m.attainment));
  const raw = list.map(rawAreas);
  const names = [...new Set(raw.flatMap((v) => [...v.keys()]))];
  for (const name of names) {
    const scored = raw.map((v) => {
      const a = v.get(name);
      if (a === undefined) return undefined;
      return a.kind === "gap" ? (GAP_AREAS[name] as { value: (g: number) => number }).value(a.value) : a.value;
    });
    const s = meanAndSd(scored);
    for (const [i, n] of list.entries()) {
      const a = raw[i]?.get(name);
      const v = zScore(scored[i], s);
      if (a && v !== undefined) n.areas.set(name, { z: v, value: a.value, kind: a.kind });
    }
  }
  for (const n of list) {
    const zp = zScore(n.m.priorAttainment, sPrior);
    const zd = zScore(n.m.disadvantage, sDis);
    const za = zScore(n.m.attainment, sAtt);
    if (zp !== undefined) n.zPrior = zp;
    if (zd !== undefined) n.zDis = zd;
    if (za !== undefined) n.zAtt = za;
  }
}

/** A school's subjects (as raw values) and known gaps. */
function rawAreas(n: Node): Map<string, { value: number; kind: "subject" | "gap" }> {
  const values = new Map<string, { value: number; kind: "subject" | "gap" }>();
  for (const [name, diff] of Object.entries(n.m.subjects)) {
    const mean = n.family.subjects[name]?.mean;
    if (mean !== undefined) values.set(name, { value: mean + diff, kind: "subject" });
  }
  for (const [name, gap] of Object.entries(n.m.gaps)) {
    if (GAP_AREAS[name]) values.set(name, { value: gap, kind: "gap" });
  }
  return values;
}
