// Points in the standardised, weighted feature space: squared distances, centroids and the exact change in the
// sum of squared distances (SSE) when one point changes cluster. Written once here for grouping, regrouping and
// quality.

/** The squared distance between point `ai / d` of `a` and point `bi / d` of `b` (flat arrays, offsets in numbers). */
export function dist2(a: ArrayLike<number>, ai: number, b: ArrayLike<number>, bi: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const diff = (a[ai + j] as number) - (b[bi + j] as number);
    s += diff * diff;
  }
  return s;
}

/** The squared distance between two points given as arrays of the same length. */
export function squaredDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return dist2(a, 0, b, 0, a.length);
}

/** The rows `which` of a flat array of `d` coordinates a row, in that order, as a new flat array. */
export function rowsOf(coords: Float64Array, d: number, which: ArrayLike<number>): Float64Array {
  const out = new Float64Array(which.length * d);
  for (let r = 0; r < which.length; r++) {
    const at = (which[r] as number) * d;
    out.set(coords.subarray(at, at + d), r * d);
  }
  return out;
}

/** The centroid of some points of `d` coordinates: each coordinate's sum over them, divided by their count. */
export function centroidOf(points: readonly ArrayLike<number>[], d: number): number[] {
  const c = new Array<number>(d).fill(0);
  for (const p of points) for (let j = 0; j < d; j++) c[j] = (c[j] as number) + (p[j] as number);
  for (let j = 0; j < d; j++) c[j] = (c[j] as number) / points.length;
  return c;
}

/** Exact centroids, sizes and SSE of a labelling of the points of a flat array into k clusters. O(n·d). */
export function centroidsOf(
  coords: Float64Array,
  d: number,
  labels: Int32Array,
  k: number,
): { centroids: Float64Array; sizes: Int32Array; sse: number } {
  const n = labels.length;
  const centroids = new Float64Array(k * d);
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    const c = labels[i] as number;
    sizes[c] = (sizes[c] as number) + 1;
    for (let j = 0; j < d; j++) centroids[c * d + j] = (centroids[c * d + j] as number) + (coords[i * d + j] as number);
  }
  for (let c = 0; c < k; c++) {
    const s = sizes[c] as number;
    if (s > 0) for (let j = 0; j < d; j++) centroids[c * d + j] = (centroids[c * d + j] as number) / s;
  }
  let sse = 0;
  for (let i = 0; i < n; i++) sse += dist2(coords, i * d, centroids, (labels[i] as number) * d, d);
  return { centroids, sizes, sse };
}

/**
 * The move rule (Hartigan): taking point x out of a cluster of n points whose centroid is at squared distance
 * `d2` from it lowers the SSE by n/(n−1)·d2; putting it into a cluster of n at squared distance `d2` raises it by
 * n/(n+1)·d2. A move pays when {@link joinCost} < {@link leaveGain}.
 */
export function leaveGain(n: number, d2: number): number {
  return n > 1 ? (n / (n - 1)) * d2 : 0;
}

/** The rise in SSE from adding a point at squared distance `d2` to a cluster of n points; see {@link leaveGain}. */
export function joinCost(n: number, d2: number): number {
  return (n / (n + 1)) * d2;
}

/** The points turned by `angle` in the plane of the first two features (a copy; one feature: unchanged). */
export function rotate(coords: Float64Array, d: number, angle: number): Float64Array {
  const out = Float64Array.from(coords);
  if (d < 2) return out;
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  for (let i = 0; i < out.length; i += d) {
    const x = coords[i] as number;
    const y = coords[i + 1] as number;
    out[i] = c * x - s * y;
    out[i + 1] = s * x + c * y;
  }
  return out;
}
