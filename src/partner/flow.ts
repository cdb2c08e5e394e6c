/**
 * The exact step of {@link matchPartners}: a maximum-score bipartite b-matching, solved as a min-cost flow by
 * successive shortest paths (Dijkstra on reduced costs with Johnson potentials).
 *
 * Each left node i (a school needing support) supplies leftCap[i] units; a unit flows either through a pair arc
 * (left i → right j, capacity 1, cost −score) and on to the sink (right j → sink, capacity rightCap[j]), or
 * straight to the sink through a "no partner" arc. That arc costs 0 when only the total score counts, and more
 * than any total score when the number of pairs comes first — so the cheapest flow is, exactly, the matching
 * with the most pairs and the highest total score among those (or simply the highest total score).
 * Units are routed one at a time from their own left node (successive shortest paths from any node with
 * supply keep the flow optimal at every step), and each Dijkstra stops at the sink, so a search stays local
 * unless earlier pairs must be rearranged.
 *
 * The graph is split into connected components first and each is solved on its own: with the default rules
 * (partners from the same family) components have at most a family's members, so the whole costs about
 * O(Σ_c F_c · E_c log V_c) — far below one solve over everything.
 */

/** A pair that may be chosen: left (a school needing support), right (a supporter), and its score. */
export interface FlowEdge {
  left: number;
  right: number;
  score: number;
}

/**
 * The edges of a maximum-score b-matching.
 *
 * @param leftCap - How many pairs each left node may take.
 * @param rightCap - How many pairs each right node may take.
 * @param edges - Allowed pairs; at most one per (left, right).
 * @param mostPairs - `true`: as many pairs as possible, then the highest total score; `false`: the highest total score.
 * @returns Indices into `edges` of the chosen pairs, ascending.
 */
export function bestMatching(
  leftCap: ArrayLike<number>,
  rightCap: ArrayLike<number>,
  edges: readonly FlowEdge[],
  mostPairs: boolean,
): number[] {
  const nLeft = leftCap.length;
  const parent = new Int32Array(nLeft + rightCap.length);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x] as number] as number;
      x = parent[x] as number;
    }
    return x;
  };
  for (const e of edges) {
    const a = find(e.left);
    const b = find(nLeft + e.right);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  }
  const components = new Map<number, number[]>();
  edges.forEach((e, index) => {
    const root = find(e.left);
    const list = components.get(root);
    if (list) list.push(index);
    else components.set(root, [index]);
  });
  const chosen: number[] = [];
  for (const list of components.values()) {
    for (const i of solveComponent(leftCap, rightCap, edges, list, mostPairs)) chosen.push(i);
  }
  return chosen.sort((a, b) => a - b);
}

function solveComponent(
  leftCap: ArrayLike<number>,
  rightCap: ArrayLike<number>,
  edges: readonly FlowEdge[],
  list: readonly number[],
  mostPairs: boolean,
): number[] {
  // Local numbering: lefts, then rights, then the sink; in order of first appearance (edges come in URN order).
  const leftId = new Map<number, number>();
  const rightId = new Map<number, number>();
  for (const i of list) {
    const e = edges[i] as FlowEdge;
    if (!leftId.has(e.left)) leftId.set(e.left, leftId.size);
    if (!rightId.has(e.right)) rightId.set(e.right, rightId.size);
  }
  const L = leftId.size;
  const R = rightId.size;
  const n = L + R + 1;
  const sink = n - 1;
  const m = 2 * (L + R + list.length);
  const to = new Int32Array(m);
  const cap = new Int32Array(m);
  const cost = new Float64Array(m);
  const next = new Int32Array(m);
  const head = new Int32Array(n).fill(-1);
  let count = 0;
  const add = (u: number, v: number, c: number, w: number): number => {
    const id = count;
    to[count] = v;
    cap[count] = c;
    cost[count] = w;
    next[count] = head[u] as number;
    head[u] = count++;
    to[count] = u;
    cap[count] = 0;
    cost[count] = -w;
    next[count] = head[v] as number;
    head[v] = count++;
    return id;
  };
  const pairArc = list.map((i) => {
    const e = edges[i] as FlowEdge;
    return add(leftId.get(e.left) as number, L + (rightId.get(e.right) as number), 1, -e.score);
  });
  for (const [global, local] of rightId) add(L + local, sink, rightCap[global] as number, 0);
  // "No partner" is an arc straight to the sink. Its cost: 0 when only the score counts; when coverage comes
  // first, more than any total score can be (each score is at most 1), so a pair is always worth making.
  const supply = new Int32Array(L);
  let units = 0;
  for (const [global, local] of leftId) {
    supply[local] = leftCap[global] as number;
    units += supply[local] as number;
  }
  const none = mostPairs ? units + 1 : 0;
  for (let v = 0; v < L; v++) add(v, sink, supply[v] as number, none);

  // Potentials making every reduced cost ≥ 0: the graph is a DAG at the start, so one pass gives them.
  const pot = new Float64Array(n);
  for (const arc of pairArc) {
    const v = to[arc] as number;
    pot[v] = Math.min(pot[v] as number, cost[arc] as number);
  }
  pot[sink] = none;
  for (let v = L; v < sink; v++) pot[sink] = Math.min(pot[sink] as number, pot[v] as number);

  // Successive shortest paths, one unit of supply at a time from a chosen left node, Dijkstra stopping at the
  // sink: each search stays near its start unless the matching must be rearranged.
  const dist = new Float64Array(n).fill(Infinity);
  const via = new Int32Array(n);
  const done = new Uint8Array(n);
  const touched: number[] = [];
  const heap = new Heap(64);
  for (let r = 0; r < L; r++) {
    for (let unit = supply[r] as number; unit > 0; unit--) {
      dist[r] = 0;
      touched.push(r);
      heap.push(r, 0);
      while (heap.size > 0) {
        const u = heap.pop();
        if (done[u]) continue;
        done[u] = 1;
        if (u === sink) break;
        const du = dist[u] as number;
        for (let a = head[u] as number; a !== -1; a = next[a] as number) {
          if ((cap[a] as number) <= 0) continue;
          const v = to[a] as number;
          if (done[v]) continue;
          // Reduced costs are ≥ 0 in exact arithmetic; clamp the rounding.
          const nd = du + Math.max(0, (cost[a] as number) + (pot[u] as number) - (pot[v] as number));
          if (nd < (dist[v] as number)) {
            if (dist[v] === Infinity) touched.push(v);
            dist[v] = nd;
            via[v] = a;
            heap.push(v, nd);
          }
        }
      }
      heap.clear();
      // The sink is always reached: the "no partner" arc has room for every unit.
      const reach = dist[sink] as number;
      // pot += min(dist, reach) for every node, less the constant `reach`, which changes no reduced cost.
      for (const v of touched) {
        if (done[v] && (dist[v] as number) < reach) pot[v] = (pot[v] as number) - (reach - (dist[v] as number));
      }
      for (let v = sink; v !== r; v = to[(via[v] as number) ^ 1] as number) {
        const a = via[v] as number;
        cap[a] = (cap[a] as number) - 1;
        cap[a ^ 1] = (cap[a ^ 1] as number) + 1;
      }
      for (const v of touched) {
        dist[v] = Infinity;
        done[v] = 0;
      }
      touched.length = 0;
    }
  }
  return list.filter((_, k) => cap[pairArc[k] as number] === 0);
}

/** A binary min-heap of (node, key), ties to the lower node so the result does not depend on insertion order. */
class Heap {
  private nodes: Int32Array;
  private keys: Float64Array;
  size = 0;
  constructor(capacity: number) {
    this.nodes = new Int32Array(Math.max(4, capacity));
    this.keys = new Float64Array(Math.max(4, capacity));
  }
  clear(): void {
    this.size = 0;
  }
  private less(i: number, j: number): boolean {
    const a = this.keys[i] as number;
    const b = this.keys[j] as number;
    return a < b || (a === b && (this.nodes[i] as number) < (this.nodes[j] as number));
  }
  private swap(i: number, j: number): void {
    const n = this.nodes[i] as number;
    const k = this.keys[i] as number;
    this.nodes[i] = this.nodes[j] as number;
    this.keys[i] = this.keys[j] as number;
    this.nodes[j] = n;
    this.keys[j] = k;
  }
  push(node: number, key: number): void {
    if (this.size === this.nodes.length) {
      const nodes = new Int32Array(this.size * 2);
      nodes.set(this.nodes);
      const keys = new Float64Array(this.size * 2);
      keys.set(this.keys);
      this.nodes = nodes;
      this.keys = keys;
    }
    let i = this.size++;
    this.nodes[i] = node;
    this.keys[i] = key;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }
  pop(): number {
    const top = this.nodes[0] as number;
    this.size--;
    if (this.size > 0) {
      this.swap(0, this.size);
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < this.size && this.less(l, best)) best = l;
        if (r < this.size && this.less(r, best)) best = r;
        if (best === i) break;
        this.swap(i, best);
        i = best;
      }
    }
    return top;
  }
}
