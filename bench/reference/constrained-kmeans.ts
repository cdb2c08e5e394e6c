// The exact size-constrained k-means reference (Bradley, Bennett and Demiriz 2000): Lloyd's algorithm whose
// assignment step is solved exactly as a minimum-cost flow (points → clusters, each cluster taking min..max).
// `exactAssignment` below is the first, slow version (the centre graph rebuilt for every point, O(k·n²)), kept as an
// independent check of src/assign/assign.ts, which the reference's k-means uses.
//
// The flow is solved by successive shortest paths on the "cluster graph": to place one more point, the cheapest
// way is a chain — an unplaced point joins cluster c1, a member of c1 moves to c2, … until a cluster with room —
// found by Bellman–Ford over the k clusters (edge a→b costs the cheapest move of a member of a to b). Clusters
// still below `min` end a chain at a large negative cost, so every cluster is filled to min first. Each step is
// an exact shortest augmenting path, so the final assignment is optimal for the given centroids.
import { kMeansPlusPlus } from "../../src/group/kmeans.js";
import { constrainedLloyd } from "../../src/group/polish.js";

export interface ReferenceResult {
  labels: Int32Array;
  sse: number;
  iterations: number;
}

export function exactAssignment(
  coords: Float64Array,
  d: number,
  centroids: Float64Array,
  k: number,
  min: number,
  max: number,
): Int32Array {
  const n = coords.length / d;
  const cost = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (coords[i * d + j]! - centroids[c * d + j]!) ** 2;
      cost[i * k + c] = s;
    }
  }
  const BIG = 1e9;
  const labels = new Int32Array(n).fill(-1);
  const sizes = new Int32Array(k);
  const members: number[][] = Array.from({ length: k }, () => []);
  // Per cluster, unplaced points by ascending cost, with a pointer past the placed ones.
  const sorted = Array.from({ length: k }, (_, c) =>
    Array.from({ length: n }, (_, i) => i).sort((a, b) => cost[a * k + c]! - cost[b * k + c]! || a - b),
  );
  const ptr = new Int32Array(k);
  const dist = new Float64Array(k);
  const predCluster = new Int32Array(k);
  const predPoint = new Int32Array(k);
  const w = new Float64Array(k * k);
  const wPoint = new Int32Array(k * k);
  for (let step = 0; step < n; step++) {
    for (let c = 0; c < k; c++) {
      const list = sorted[c]!;
      while (labels[list[ptr[c]!]!]! >= 0) ptr[c]!++;
      const i = list[ptr[c]!]!;
      dist[c] = cost[i * k + c]!;
      predCluster[c] = -1;
      predPoint[c] = i;
    }
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) {
        let best = Infinity;
        let who = -1;
        if (a !== b) {
          for (const q of members[a]!) {
            const v = cost[q * k + b]! - cost[q * k + a]!;
            if (v < best) {
              best = v;
              who = q;
            }
          }
        }
        w[a * k + b] = best;
        wPoint[a * k + b] = who;
      }
    }
    for (let round = 0; round < k; round++) {
      let changed = false;
      for (let a = 0; a < k; a++) {
        const da = dist[a]!;
        for (let b = 0; b < k; b++) {
          const nd = da + w[a * k + b]!;
          if (nd < dist[b]! - 1e-12) {
            dist[b] = nd;
            predCluster[b] = a;
            predPoint[b] = wPoint[a * k + b]!;
            changed = true;
          }
        }
      }
      if (!changed) break;
    }
    let end = -1;
    let endCost = Infinity;
    for (let c = 0; c < k; c++) {
      if (sizes[c]! >= max) continue;
      const v = dist[c]! + (sizes[c]! < min ? -BIG : 0);
      if (v < endCost) {
        endCost = v;
        end = c;
      }
    }
    // Walk the chain back: each point moves into the cluster after it.
    let c = end;
    sizes[end]!++;
    const seen = new Set<number>();
    while (c >= 0 && !seen.has(c)) {
      seen.add(c);
      const p = predPoint[c]!;
      const from = predCluster[c]!;
      if (from >= 0) {
        const list = members[from]!;
        list.splice(list.indexOf(p), 1);
      }
      labels[p] = c;
      members[c]!.push(p);
      if (from < 0) break;
      c = from;
    }
  }
  return labels;
}

/**
 * Size-constrained k-means (Bradley, Bennett and Demiriz 2000) from k-means++ seeds: Lloyd's algorithm whose
 * assignment step is exact (`exactAssignment` of src/assign/assign.ts, successive shortest paths over the centres),
 * until the labels stop changing or `maxIterations`. Each step can only lower the SSE.
 */
export function constrainedKMeans(
  coords: Float64Array,
  d: number,
  k: number,
  min: number,
  max: number,
  seed: number,
  maxIterations = 100,
): ReferenceResult {
  // Until the labels settle, whatever each step gains: the method as published.
  return constrainedLloyd(
    coords,
    d,
    k,
    min,
    max,
    kMeansPlusPlus(coords, d, k, seed),
    maxIterations,
    Number.NEGATIVE_INFINITY,
  );
}
