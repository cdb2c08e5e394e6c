// Reciprocity of comparison groups (asked for when NFER consulted on statistical neighbours): is a school in the
// group of each school in its own group? Marked on every group; with `symmetric`, every link is made both ways.
import { compareText } from "../internal/order.js";

/** One school's comparison group, as comparisonGroups builds it. */
interface Group {
  urn: string;
  neighbours: string[];
  distances: number[];
  mutual: boolean[];
}

/**
 * One partition's groups as the search left them, by school index: school i's neighbours are
 * `links[i * want … i * want + sizes[i]]`, nearest first (ties by index), and its last one is `lastIdx[i]` at
 * squared distance `lastD2[i]`.
 */
export interface PartitionLinks {
  groups: Group[];
  links: Int32Array;
  want: number;
  sizes: Int32Array;
  lastD2: Float64Array;
  lastIdx: Int32Array;
  /** The squared distance between two schools, computed bit for bit as the search computed it. */
  d2: (i: number, j: number) => number;
}

/**
 * Marks each neighbour that has the school in its own group (`mutual`); with `symmetric`, first adds each school to
 * the group of every school in its group that lacks it (at the same distance, in distance order), so every link is
 * mutual and a group may hold more than k.
 *
 * A group holds the nearest schools by (squared distance, index), so i is in j's group exactly when (d²(i, j), i)
 * comes no later than j's last neighbour: one comparison a link, with no set of each group's members. O(n·k) for
 * n schools with k neighbours each (O(n·k + m log m) with `symmetric`, m the links added).
 */
export function reciprocate(p: PartitionLinks, symmetric: boolean): void {
  const { groups, links, want, sizes, lastD2, lastIdx, d2 } = p;
  const holds = (j: number, i: number): boolean => {
    if ((sizes[j] as number) === 0) return false;
    const d = d2(i, j);
    const last = lastD2[j] as number;
    return d < last || (d === last && i <= (lastIdx[j] as number));
  };
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i] as Group;
    const size = sizes[i] as number;
    const mutual = new Array<boolean>(size);
    for (let w = 0; w < size; w++) mutual[w] = holds(links[i * want + w] as number, i);
    g.mutual = mutual;
  }
  if (symmetric) symmetrise(p);
}

/** Adds each school to the group of every school in its group that lacks it; then every link is mutual. */
function symmetrise({ groups, links, want, sizes }: PartitionLinks): void {
  const extra = new Map<number, { urn: string; distance: number }[]>();
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i] as Group;
    for (let w = 0; w < (sizes[i] as number); w++) {
      if (g.mutual[w]) continue;
      const u = links[i * want + w] as number;
      const list = extra.get(u);
      const add = { urn: g.urn, distance: g.distances[w] as number };
      if (list) list.push(add);
      else extra.set(u, [add]);
    }
  }
  for (const [u, adds] of extra) {
    const g = groups[u] as Group;
    const all = [...g.neighbours.map((urn, i) => ({ urn, distance: g.distances[i] as number })), ...adds].sort(
      (a, b) => a.distance - b.distance || compareText(a.urn, b.urn),
    );
    g.neighbours = all.map((x) => x.urn);
    g.distances = all.map((x) => x.distance);
  }
  for (const g of groups) g.mutual = g.neighbours.map(() => true);
}
