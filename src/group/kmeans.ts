// Unconstrained k-means and its k-means++ seeding: the engine's seeds, and the baseline families are measured against.
import { centroidsOf } from "../internal/geometry.js";
import { buildKdTree, kNearest } from "../internal/kdtree.js";
import { seededRandom } from "../internal/random.js";

/**
 * k-means++ seeding (Arthur and Vassilvitskii 2007): each next centre is drawn with probability proportional to
 * the squared distance to the nearest centre so far, from a seeded generator. Points are kept in lists by their
 * nearest centre, with that list's largest distance: a new centre at least twice that far from a centre cannot
 * take any of its points, so only nearby lists are looked at. The draw walks a Fenwick tree of the distances.
 * O(k² + n log n + the points looked at), against O(n·k) for the plain method.
 */
export function kMeansPlusPlus(coords: Float64Array, d: number, k: number, seed: number): Float64Array {
  const n = Math.floor(coords.length / d);
  const rnd = seededRandom(seed);
  const centroids = new Float64Array(k * d);
  const nearest = new Float64Array(n).fill(Infinity);
  // Fenwick tree over nearest[] (1-based), for the weighted draw.
  const tree = new Float64Array(n + 1);
  const add = (i: number, delta: number): void => {
    for (let x = i + 1; x <= n; x += x & -x) tree[x] = (tree[x] as number) + delta;
  };
  let top = 1;
  while (top * 2 <= n) top *= 2;
  /** The first point whose running total of distances exceeds u. */
  const find = (u: number): number => {
    let pos = 0;
    for (let step = top; step > 0; step >>= 1) {
      const next = pos + step;
      if (next <= n && (tree[next] as number) <= u) {
        pos = next;
        u -= tree[next] as number;
      }
    }
    return Math.min(pos, n - 1);
  };
  // Points by nearest centre (before the first centre, all in one list), with each list's largest distance.
  const lists: number[][] = [];
  const radius: number[] = [];
  let total = 0;
  let pick = Math.floor(rnd.next() * n);
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) centroids[c * d + j] = coords[pick * d + j] as number;
    const mine: number[] = [];
    const scan = (list: number[]): number[] => {
      const stay: number[] = [];
      for (const i of list) {
        let s = 0;
        for (let j = 0; j < d; j++) s += ((coords[i * d + j] as number) - (centroids[c * d + j] as number)) ** 2;
        const old = nearest[i] as number;
        if (s < old) {
          nearest[i] = s;
          if (old === Infinity) {
            add(i, s);
            total += s;
          } else {
            add(i, s - old);
            total += s - old;
          }
          mine.push(i);
        } else stay.push(i);
      }
      return stay;
    };
    if (c === 0) {
      scan(Array.from({ length: n }, (_, i) => i));
    } else {
      for (let o = 0; o < c; o++) {
        const list = lists[o] as number[];
        if (list.length === 0) continue;
        let s = 0;
        for (let j = 0; j < d; j++) s += ((centroids[o * d + j] as number) - (centroids[c * d + j] as number)) ** 2;
        // |x − new| ≥ |new − old| − |x − old| ≥ |x − old| whenever |new − old| ≥ 2 |x − old|.
        if (s >= 4 * (radius[o] as number)) continue;
        const stay = scan(list);
        if (stay.length !== list.length) lists[o] = stay;
      }
    }
    let far = 0;
    for (const i of mine) if ((nearest[i] as number) > far) far = nearest[i] as number;
    lists.push(mine);
    radius.push(far);
    // Radii only ever shrink; the stale, larger value is still a safe bound.
    const u = rnd.next() * total;
    pick = total > 0 ? find(u) : 0;
  }
  return centroids;
}

/**
 * Unconstrained k-means (Lloyd's algorithm) with k-means++ seeding from a seeded generator. Each point's
 * nearest centroid is found by a k-d tree over the centroids, and skipped altogether while Hamerly's bounds
 * (2010) prove it cannot have changed: an upper bound on the distance to its own centroid and a lower bound on
 * the distance to any other, moved on by how far the centroids moved. The result is Lloyd's, step for step
 * (a point whose bounds tie is looked up again); only the work is less: about O(iterations · changed · log k).
 * Stops when no point changes cluster, or after `maxIterations` (default 100). Clusters can be of any size.
 */
export function kMeans(
  coords: Float64Array,
  d: number,
  k: number,
  seed = 1,
  maxIterations = 100,
): { labels: Int32Array; sse: number; iterations: number } {
  const n = Math.floor(coords.length / d);
  let current: Float64Array = kMeansPlusPlus(coords, d, k, seed);
  const labels = new Int32Array(n).fill(-1);
  const upper = new Float64Array(n);
  const lower = new Float64Array(n);
  const idx = new Int32Array(2);
  const dist = new Float64Array(2);
  const moved = new Float64Array(k);
  let iterations = 0;
  // Rounding in the bounds is far below this; a point within it of a tie is looked up again.
  const slack = 1e-9;
  for (; iterations < maxIterations; iterations++) {
    const tree = buildKdTree(current, d);
    let changed = 0;
    for (let i = 0; i < n; i++) {
      if (iterations > 0) {
        if ((upper[i] as number) + slack < (lower[i] as number)) continue;
        // Tighten the upper bound to the exact distance, and test again.
        const c = labels[i] as number;
        let s = 0;
        for (let j = 0; j < d; j++) s += ((coords[i * d + j] as number) - (current[c * d + j] as number)) ** 2;
        upper[i] = Math.sqrt(s);
        if ((upper[i] as number) + slack < (lower[i] as number)) continue;
      }
      const found = kNearest(tree, coords, i * d, Math.min(2, k), idx, dist);
      const c = idx[0] as number;
      upper[i] = Math.sqrt(dist[0] as number);
      lower[i] = found > 1 ? Math.sqrt(dist[1] as number) : Infinity;
      if (labels[i] !== c) {
        labels[i] = c;
        changed++;
      }
    }
    const next = centroidsOf(coords, d, labels, k);
    // An emptied centre stays where it was.
    for (let c = 0; c < k; c++)
      if (next.sizes[c] === 0) for (let j = 0; j < d; j++) next.centroids[c * d + j] = current[c * d + j] as number;
    // How far each centroid moved; every lower bound drops by the largest move (the second largest for the point whose own centre moved most).
    let most = 0;
    let mostAt = -1;
    let second = 0;
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += ((next.centroids[c * d + j] as number) - (current[c * d + j] as number)) ** 2;
      const m = Math.sqrt(s);
      moved[c] = m;
      if (m > most) {
        second = most;
        most = m;
        mostAt = c;
      } else if (m > second) second = m;
    }
    for (let i = 0; i < n; i++) {
      const c = labels[i] as number;
      upper[i] = (upper[i] as number) + (moved[c] as number);
      lower[i] = (lower[i] as number) - (c === mostAt ? second : most);
    }
    current = next.centroids;
    if (changed === 0) break;
  }
  return { labels, sse: centroidsOf(coords, d, labels, k).sse, iterations };
}
