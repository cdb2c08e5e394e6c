/**
 * A static k-d tree over n points in d dimensions, stored flat (`coords[i * d + j]`).
 * Built in O(n log n) by median splits on the widest dimension; a k-nearest query costs about
 * O(log n + k) for the low dimensions (2–6 features) this library groups on.
 */
export interface KdTree {
  readonly d: number;
  readonly coords: Float64Array;
  /** Point indices in tree order. */
  readonly order: Int32Array;
  /** Per node: split dimension (-1 for a leaf). Nodes are implicit over ranges of `order`. */
  readonly nodes: KdNode[];
}

interface KdNode {
  start: number;
  end: number;
  dim: number;
  split: number;
  left: number;
  right: number;
  /** Bounding box, min then max per dimension. */
  box: Float64Array;
}

const LEAF = 12;

function select(order: Int32Array, coords: Float64Array, d: number, dim: number, lo: number, hi: number, k: number): void {
  // Quickselect (Hoare partition) so that order[k] holds the k-th smallest along dim; ties by index.
  const key = (i: number): number => coords[(order[i] as number) * d + dim] as number;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    const pivot = key(mid);
    const pivotIdx = order[mid] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (key(i) < pivot || (key(i) === pivot && (order[i] as number) < pivotIdx)) i++;
      while (key(j) > pivot || (key(j) === pivot && (order[j] as number) > pivotIdx)) j--;
      if (i <= j) {
        const t = order[i] as number;
        order[i] = order[j] as number;
        order[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/** Builds a k-d tree over `n = coords.length / d` points. */
export function buildKdTree(coords: Float64Array, d: number): KdTree {
  const n = Math.floor(coords.length / d);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const nodes: KdNode[] = [];
  const build = (start: number, end: number): number => {
    const box = new Float64Array(2 * d).fill(0);
    for (let j = 0; j < d; j++) {
      box[j] = Infinity;
      box[d + j] = -Infinity;
    }
    for (let i = start; i < end; i++) {
      const p = (order[i] as number) * d;
      for (let j = 0; j < d; j++) {
        const v = coords[p + j] as number;
        if (v < (box[j] as number)) box[j] = v;
        if (v > (box[d + j] as number)) box[d + j] = v;
      }
    }
    const id = nodes.length;
    const node: KdNode = { start, end, dim: -1, split: 0, left: -1, right: -1, box };
    nodes.push(node);
    if (end - start <= LEAF) return id;
    let dim = 0;
    let widest = -1;
    for (let j = 0; j < d; j++) {
      const w = (box[d + j] as number) - (box[j] as number);
      if (w > widest) {
        widest = w;
        dim = j;
      }
    }
    if (widest <= 0) return id; // all points equal: a leaf, however large
    const mid = (start + end) >> 1;
    select(order, coords, d, dim, start, end - 1, mid);
    node.dim = dim;
    node.split = coords[(order[mid] as number) * d + dim] as number;
    node.left = build(start, mid);
    node.right = build(mid, end);
    return id;
  };
  if (n > 0) build(0, n);
  return { d, coords, order, nodes };
}

/** Squared distance from a query to a node's bounding box. */
function boxDistance(box: Float64Array, q: Float64Array, qOff: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const v = q[qOff + j] as number;
    const lo = box[j] as number;
    const hi = box[d + j] as number;
    const diff = v < lo ? lo - v : v > hi ? v - hi : 0;
    s += diff * diff;
  }
  return s;
}

/**
 * The k nearest points to a query (squared Euclidean distance), nearest first, ties by index.
 * `skip` leaves one point out (the query itself). Results are written to `outIdx` / `outDist` (length ≥ k);
 * returns how many were found.
 */
export function kNearest(
  tree: KdTree,
  query: Float64Array,
  qOff: number,
  k: number,
  outIdx: Int32Array,
  outDist: Float64Array,
  skip = -1,
): number {
  const { d, coords, order, nodes } = tree;
  if (nodes.length === 0 || k <= 0) return 0;
  let found = 0;
  // outIdx/outDist kept sorted ascending (insertion: k is small).
  const worse = (dist: number, idx: number, atDist: number, atIdx: number): boolean => dist > atDist || (dist === atDist && idx > atIdx);
  const consider = (idx: number): void => {
    if (idx === skip) return;
    const p = idx * d;
    let s = 0;
    for (let j = 0; j < d; j++) {
      const diff = (coords[p + j] as number) - (query[qOff + j] as number);
      s += diff * diff;
    }
    if (found === k && worse(s, idx, outDist[k - 1] as number, outIdx[k - 1] as number)) return;
    let pos = found < k ? found++ : k - 1;
    while (pos > 0 && worse(outDist[pos - 1] as number, outIdx[pos - 1] as number, s, idx)) {
      outDist[pos] = outDist[pos - 1] as number;
      outIdx[pos] = outIdx[pos - 1] as number;
      pos--;
    }
    outDist[pos] = s;
    outIdx[pos] = idx;
  };
  const stack: number[] = [0];
  while (stack.length > 0) {
    const id = stack.pop() as number;
    const node = nodes[id] as KdNode;
    // <= keeps equally distant points in play, so ties resolve by index whatever the tree's shape.
    if (found === k && boxDistance(node.box, query, qOff, d) > (outDist[k - 1] as number)) continue;
    if (node.dim < 0) {
      for (let i = node.start; i < node.end; i++) consider(order[i] as number);
      continue;
    }
    const goLeft = (query[qOff + node.dim] as number) < node.split;
    // Visit the nearer child first: push it last.
    if (goLeft) {
      stack.push(node.right, node.left);
    } else {
      stack.push(node.left, node.right);
    }
  }
  return found;
}
