// Reciprocity of comparison groups (asked for when NFER consulted on statistical neighbours): is a school in the
// group of each school in its own group? Marked on every group; with `symmetric`, every link is made both ways.
import { compareText } from "../internal/order.js";

/** One school's comparison group, as comparisonGroups builds it. */
interface Group {
  urn: string;
  neighbours: string[];
  distances: number[];
  mutual?: boolean[];
}

/**
 * Marks each neighbour that has the school in its own group (`mutual`); with `symmetric`, first adds each school to
 * the group of every school in its group that lacks it (at the same distance, in distance order), so every link is
 * mutual and a group may hold more than k. O(total neighbours · log k).
 */
export function reciprocate(groups: Group[], symmetric: boolean): void {
  const linked = new Map(groups.map((g) => [g.urn, new Set(g.neighbours)]));
  if (symmetric) {
    const byUrn = new Map(groups.map((g) => [g.urn, g]));
    const extra = new Map<string, { urn: string; distance: number }[]>();
    for (const g of groups)
      for (const [i, u] of g.neighbours.entries()) {
        if (linked.get(u)?.has(g.urn) || !byUrn.has(u)) continue;
        const list = extra.get(u) ?? [];
        list.push({ urn: g.urn, distance: g.distances[i] as number });
        extra.set(u, list);
      }
    for (const [u, adds] of extra) {
      const g = byUrn.get(u) as Group;
      const all = [...g.neighbours.map((urn, i) => ({ urn, distance: g.distances[i] as number })), ...adds].sort(
        (a, b) => a.distance - b.distance || compareText(a.urn, b.urn),
      );
      g.neighbours = all.map((x) => x.urn);
      g.distances = all.map((x) => x.distance);
      linked.set(u, new Set(g.neighbours));
    }
  }
  for (const g of groups) g.mutual = g.neighbours.map((u) => linked.get(u)?.has(g.urn) === true);
}
