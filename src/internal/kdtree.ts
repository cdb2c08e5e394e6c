/**
 * A static k-d tree over n points in d dimensions, stored flat (`coords[i * d + j]`), its nodes in typed
 * arrays. Built in O(n log n) by median splits on the widest dimension; a k-nearest query costs about
 * O(log n + k) for the low dimensions (2–6 features) this library groups on.
 */
import { dist2 } from "./geometry.js";
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

/** Whether point a comes before point b along `dim`: the smaller value first, ties by index. */
function comesBefore(coords: Float64Array, d: number, dim: number, a: number, b: number): boolean {
  const va = coords[a * d + dim] as number;
  const vb = coords[b * d + dim] as number;
  return va < vb || (va === vb && a < b);
}

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
  const less = (a: number, b: number): boolean => comesBefore(coords, d, dim, a, b);
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
  const less = (a: number, b: number): boolean => comesBefore(coords, d, dim, a, b);
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

/**
 * Builds a k-d tree over `n = coords.length / d` points. Nodes are numbered in depth-first order, each node before its
 * left subtree and that before its right. Built with a stack of pending nodes, not by recursion: a recursive closure
 * was deoptimised hundreds of times in a fresh process (a third of comparisonGroups' time at 20,000 schools went there).
 */
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
  // Pending nodes: their range, level, parent and side (0 left, 1 right, −1 the root); the left child popped first.
  const pending: number[] = n > 0 ? [0, n, 1, -1, -1] : [];
  while (pending.length > 0) {
    const side = pending.pop() as number;
    const parent = pending.pop() as number;
    const level = pending.pop() as number;
    const e = pending.pop() as number;
    const s = pending.pop() as number;
    const id = count++;
    if (side === 0) left[parent] = id;
    else if (side === 1) right[parent] = id;
    if (level > depth) depth = level;
    start[id] = s;
    end[id] = e;
    const widestDim = boundNode(coords, d, order, box, id, s, e);
    // A leaf: small enough, or all points equal (however many).
    if (e - s <= LEAF || widestDim < 0) continue;
    const mid = (s + e) >> 1;
    select(order, coords, d, widestDim, s, e - 1, mid);
    dim[id] = widestDim;
    split[id] = coords[(order[mid] as number) * d + widestDim] as number;
    pending.push(mid, e, level + 1, id, 1, s, mid, level + 1, id, 0);
  }
  return { d, coords, order, start, end, dim, split, left, right, box, stack: new Int32Array(2 * depth + 2) };
}

/** Sets node `id`'s bounding box over order[s..e); returns its widest dimension, or −1 when it has no width. */
function boundNode(
  coords: Float64Array,
  d: number,
  order: Int32Array,
  box: Float64Array,
  id: number,
  s: number,
  e: number,
): number {
  const b = id * 2 * d;
  for (let j = 0; j < d; j++) {
    box[b + j] = Infinity;
    box[b + d + j] = -Infinity;
  }
  extendBox(coords, d, order, box, b, s, e);
  return widestOf(box, b, d);
}

/**
 * Widens the box at `b` to hold the points order[s..e). A function that ends with its loop: V8 (Node 20) compiles a
 * long loop while it runs (on-stack replacement), before the code after it has ever run, and where there was such
 * code it threw the compiled loop away at every later call and made it again (boundNode: about 850 times in a fresh
 * process at 20,000 schools). See docs/design.md, "Fresh processes".
 */
function extendBox(
  coords: Float64Array,
  d: number,
  order: Int32Array,
  box: Float64Array,
  b: number,
  s: number,
  e: number,
): void {
  for (let i = s; i < e; i++) {
    const p = (order[i] as number) * d;
    for (let j = 0; j < d; j++) {
      const v = coords[p + j] as number;
      if (v < (box[b + j] as number)) box[b + j] = v;
      if (v > (box[b + d + j] as number)) box[b + d + j] = v;
    }
  }
}

/** The widest dimension of the box at `b` (−1 when it has no width). */
function widestOf(box: Float64Array, b: number, d: number): number {
  let widestDim = -1;
  let widest = 0;
  for (let j = 0; j < d; j++) {
    const w = (box[b + d + j] as number) - (box[b + j] as number);
    if (w > widest) {
      widest = w;
      widestDim = j;
    }
  }
  return widestDim;
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
    if (limit !== Infinity && boxDistance2(box, node, d, query, qOff) > limit) continue;
    const splitDim = dim[node] as number;
    if (splitDim < 0) {
      for (let t = start[node] as number, e = end[node] as number; t < e; t++) {
        const idx = order[t] as number;
        if (idx === skip) continue;
        const s = dist2(coords, idx * d, query, qOff, d);
        if (s > limit) continue;
        if (found === k && s === limit && idx > (outIdx[k - 1] as number)) continue;
        // Insert in order of (distance, index), dropping the last when the list is full.
        insertByDistance(outDist, outIdx, found < k ? found++ : k - 1, s, idx);
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

/**
 * A list of points nearest first, grown as needed: its first `len` entries are in use, weighing `total` between them
 * (see {@link hold}).
 */
export interface NearList {
  idx: Int32Array;
  d2: Float64Array;
  len: number;
  total: number;
}

/**
 * Adds point `idx`, at squared distance `s`, to a list of the nearest points that together weigh at least `need`
 * (point i weighs `weight[i]`), in order of (squared distance, index); then drops its farthest run of equal distance
 * while the rest still weigh `need`. Returns the list's new limit: the distance of its last point once it weighs
 * `need`, else `limit` as it was. The step both searches share ({@link nearestHolding}, and the plane grid's).
 */
export function hold(out: NearList, s: number, idx: number, weight: Int32Array, need: number, limit: number): number {
  if (out.len === out.idx.length) grow(out, out.len + 8);
  const idxs = out.idx;
  const d2s = out.d2;
  let len = out.len;
  insertByDistance(d2s, idxs, len++, s, idx);
  let total = out.total + (weight[idx] as number);
  if (total < need) {
    out.len = len;
    out.total = total;
    return limit;
  }
  // Drop the farthest run of equal distance while the rest still weigh `need`.
  for (;;) {
    const far = d2s[len - 1] as number;
    let j = len - 1;
    let run = 0;
    while (j >= 0 && d2s[j] === far) run += weight[idxs[j--] as number] as number;
    if (total - run < need) break;
    len = j + 1;
    total -= run;
  }
  out.len = len;
  out.total = total;
  return d2s[len - 1] as number;
}

/**
 * The nearest points that together weigh at least `need` (point i weighs `weight[i]`: the schools at a location),
 * nearest first by (squared distance, index), and every point as near as the last of them, so that a caller cutting
 * at `need` can order ties its own way. Written to `out` (grown when ties need more room); returns the squared
 * distance of the point that reaches `need`, or Infinity when all the points weigh less (or `bound` was too small).
 *
 * Where {@link kNearest} keeps a fixed number of points, this keeps as many as `need` asks for: at one school a point
 * that is about 50 points, at 23 schools a point 3, with no second search when a tie lies at the edge. `bound`, when
 * given, must be at least the answer (as for {@link kNearest}: (r + δ)² from a query δ away whose answer was r²).
 */
export function nearestHolding(
  tree: KdTree,
  query: Float64Array,
  qOff: number,
  weight: Int32Array,
  need: number,
  out: NearList,
  bound = Infinity,
): number {
  const { d, coords, order, start, end, dim, split, left, right, box, stack } = tree;
  out.len = 0;
  out.total = 0;
  let limit = bound;
  let top = 0;
  if (order.length > 0) stack[top++] = 0;
  while (top > 0) {
    const node = stack[--top] as number;
    // Prune a box farther than the limit; an equally far one may hold a tie, which is kept.
    if (limit !== Infinity && boxDistance2(box, node, d, query, qOff) > limit) continue;
    const splitDim = dim[node] as number;
    if (splitDim >= 0) {
      // Visit the nearer child first: push it last.
      const nearLeft = (query[qOff + splitDim] as number) < (split[node] as number);
      stack[top++] = (nearLeft ? right[node] : left[node]) as number;
      stack[top++] = (nearLeft ? left[node] : right[node]) as number;
      continue;
    }
    for (let t = start[node] as number, e = end[node] as number; t < e; t++) {
      const idx = order[t] as number;
      const s = dist2(coords, idx * d, query, qOff, d);
      if (s <= limit) limit = hold(out, s, idx, weight, need, limit);
    }
  }
  return out.total >= need ? limit : Infinity;
}

/** Room in a list for twice `size` entries, keeping its first `len`. */
export function grow(list: NearList, size: number): void {
  const idx = new Int32Array(2 * size);
  idx.set(list.idx.subarray(0, list.len));
  const d2 = new Float64Array(idx.length);
  d2.set(list.d2.subarray(0, list.len));
  list.idx = idx;
  list.d2 = d2;
}

/** The squared distance from a query point to a node's bounding box (0 inside it). */
function boxDistance2(box: Float64Array, node: number, d: number, query: ArrayLike<number>, qOff: number): number {
  const b = node * 2 * d;
  let s = 0;
  for (let j = 0; j < d; j++) {
    const v = query[qOff + j] as number;
    const lo = box[b + j] as number;
    const hi = box[b + d + j] as number;
    const diff = v < lo ? lo - v : v > hi ? v - hi : 0;
    s += diff * diff;
  }
  return s;
}

/**
 * Puts (s, idx) into a list ordered by (squared distance, index), at or before slot `at` (the list's first free slot,
 * or its last when a full list drops its farthest): the later entries move one down.
 */
function insertByDistance(d2s: Float64Array, idxs: Int32Array, at: number, s: number, idx: number): void {
  let i = at;
  while (i > 0) {
    const pd = d2s[i - 1] as number;
    if (pd < s || (pd === s && (idxs[i - 1] as number) < idx)) break;
    d2s[i] = pd;
    idxs[i] = idxs[i - 1] as number;
    i--;
  }
  d2s[i] = s;
  idxs[i] = idx;
}
