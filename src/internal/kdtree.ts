/**
 * A static k-d tree over n points in d dimensions, stored flat (`coords[i * d + j]`), its nodes in typed
 * arrays. Built in O(n log n) by median splits on the widest dimension; a k-nearest query costs about
 * O(log n + k) for the low dimensions (2–6 features) this library groups on.
 */
export interface KdTree {
  readonly d: number;
  readonly coords: Float64Array;
  /** Point indices in tree order; each node covers order[start[node] .. end[node]). */
  readonly order: Int32Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** Split dimension, or -1 for a leaf. */
  readonly dim: Int32Array;
  readonly split: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Bounding boxes: per node, d minimums then d maximums. */
  readonly box: Float64Array;
  /** A scratch stack for queries (depth-first, at most 2 × depth entries). */
  readonly stack: Int32Array;
}

const LEAF = 24;

/** Rearranges order[lo..hi] so that order[k] holds the k-th smallest along `dim` (ties by index). */
export function select(
  order: Int32Array,
  coords: Float64Array,
  d: number,
  dim: number,
  lo: number,
  hi: number,
  k: number,
): void {
  const less = (a: number, b: number): boolean => {
    const va = coords[a * d + dim] as number;
    const vb = coords[b * d + dim] as number;
    return va < vb || (va === vb && a < b);
  };
  while (hi > lo) {
    const pivot = order[(lo + hi) >> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (less(order[i] as number, pivot)) i++;
      while (less(pivot, order[j] as number)) j--;
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

/**
 * Rearranges order[lo..hi] so that its points in order along `dim` (ties by index) begin with those that lie, by
 * weight, before `target`: each point whose preceding weight plus half its own is below it. Returns where they end
 * (lo when none does). A quickselect on that cumulative weight: O(hi − lo) expected.
 */
export function selectByWeight(
  order: Int32Array,
  coords: Float64Array,
  d: number,
  dim: number,
  lo: number,
  hi: number,
  weights: Float64Array,
  target: number,
): number {
  const less = (a: number, b: number): boolean => {
    const va = coords[a * d + dim] as number;
    const vb = coords[b * d + dim] as number;
    return va < vb || (va === vb && a < b);
  };
  const swap = (i: number, j: number): void => {
    const t = order[i] as number;
    order[i] = order[j] as number;
    order[j] = t;
  };
  // The weight of the points already known to come first (before a).
  let before = 0;
  let a = lo;
  let b = hi;
  while (a <= b) {
    swap((a + b) >> 1, b);
    const pivot = order[b] as number;
    let at = a;
    let under = 0;
    for (let i = a; i < b; i++)
      if (less(order[i] as number, pivot)) {
        under += weights[order[i] as number] as number;
        swap(i, at++);
      }
    swap(at, b);
    const w = weights[pivot] as number;
    if (before + under + w / 2 < target) {
      before += under + w;
      a = at + 1;
    } else b = at - 1;
  }
  return a;
}

/** Builds a k-d tree over `n = coords.length / d` points. */
export function buildKdTree(coords: Float64Array, d: number): KdTree {
  const n = Math.floor(coords.length / d);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const cap = Math.max(1, 2 * Math.ceil(n / (LEAF / 2)) + 1);
  const start = new Int32Array(cap);
  const end = new Int32Array(cap);
  const dim = new Int32Array(cap).fill(-1);
  const split = new Float64Array(cap);
  const left = new Int32Array(cap).fill(-1);
  const right = new Int32Array(cap).fill(-1);
  const box = new Float64Array(cap * 2 * d);
  let count = 0;
  let depth = 0;
  const build = (s: number, e: number, level: number): number => {
    const id = count++;
    depth = Math.max(depth, level);
    start[id] = s;
    end[id] = e;
    const b = id * 2 * d;
    for (let j = 0; j < d; j++) {
      box[b + j] = Infinity;
      box[b + d + j] = -Infinity;
    }
    for (let i = s; i < e; i++) {
      const p = (order[i] as number) * d;
      for (let j = 0; j < d; j++) {
        const v = coords[p + j] as number;
        if (v < (box[b + j] as number)) box[b + j] = v;
        if (v > (box[b + d + j] as number)) box[b + d + j] = v;
      }
    }
    if (e - s <= LEAF) return id;
    let widestDim = 0;
    let widest = -1;
    for (let j = 0; j < d; j++) {
      const w = (box[b + d + j] as number) - (box[b + j] as number);
      if (w > widest) {
        widest = w;
        widestDim = j;
      }
    }
    if (widest <= 0) return id; // all points equal: a leaf, however large
    const mid = (s + e) >> 1;
    select(order, coords, d, widestDim, s, e - 1, mid);
    dim[id] = widestDim;
    split[id] = coords[(order[mid] as number) * d + widestDim] as number;
    left[id] = build(s, mid, level + 1);
    right[id] = build(mid, e, level + 1);
    return id;
  };
  if (n > 0) build(0, n, 1);
  return { d, coords, order, start, end, dim, split, left, right, box, stack: new Int32Array(2 * depth + 2) };
}

/**
 * The k nearest points to a query (squared Euclidean distance), nearest first, ties by index.
 * `skip` leaves one point out (the query itself). Results are written to `outIdx` / `outDist` (length ≥ k);
 * returns how many were found. The best k so far are kept in order, a newcomer inserted from the far end: for the
 * k of this library (2 to about 50) that costs less than a heap and the heap's final sort (13% less at k = 51).
 *
 * `bound`, when given, must be at least the k-th nearest squared distance (a caller may know one: for a query
 * at distance δ from one whose k-th nearest was at r, it is (r + δ)²). Points and boxes beyond it are passed over
 * from the start instead of filling the list first, and the result is the same.
 */
export function kNearest(
  tree: KdTree,
  query: Float64Array,
  qOff: number,
  k: number,
  outIdx: Int32Array,
  outDist: Float64Array,
  skip = -1,
  bound = Infinity,
): number {
  const { d, coords, order, start, end, dim, split, left, right, box, stack } = tree;
  if (order.length === 0 || k <= 0) return 0;
  let found = 0;
  // The k-th best so far once there are k (else the bound): anything farther cannot get in.
  let limit = bound;
  let top = 0;
  stack[top++] = 0;
  while (top > 0) {
    const node = stack[--top] as number;
    // Prune a box farther than the limit; an equally far one stays in play, so ties resolve by index.
    if (limit !== Infinity) {
      const b = node * 2 * d;
      let s = 0;
      for (let j = 0; j < d; j++) {
        const v = query[qOff + j] as number;
        const lo = box[b + j] as number;
        const hi = box[b + d + j] as number;
        const diff = v < lo ? lo - v : v > hi ? v - hi : 0;
        s += diff * diff;
      }
      if (s > limit) continue;
    }
    const splitDim = dim[node] as number;
    if (splitDim < 0) {
      for (let t = start[node] as number, e = end[node] as number; t < e; t++) {
        const idx = order[t] as number;
        if (idx === skip) continue;
        const p = idx * d;
        let s = 0;
        for (let j = 0; j < d; j++) {
          const diff = (coords[p + j] as number) - (query[qOff + j] as number);
          s += diff * diff;
        }
        if (s > limit) continue;
        if (found === k && s === limit && idx > (outIdx[k - 1] as number)) continue;
        // Insert in order of (distance, index), dropping the last when the list is full.
        let at = found < k ? found++ : k - 1;
        while (at > 0) {
          const pd = outDist[at - 1] as number;
          if (pd < s || (pd === s && (outIdx[at - 1] as number) < idx)) break;
          outDist[at] = pd;
          outIdx[at] = outIdx[at - 1] as number;
          at--;
        }
        outDist[at] = s;
        outIdx[at] = idx;
        if (found === k) limit = outDist[k - 1] as number;
      }
      continue;
    }
    // Visit the nearer child first: push it last.
    if ((query[qOff + splitDim] as number) < (split[node] as number)) {
      stack[top++] = right[node] as number;
      stack[top++] = left[node] as number;
    } else {
      stack[top++] = left[node] as number;
      stack[top++] = right[node] as number;
    }
  }
  return found;
}
