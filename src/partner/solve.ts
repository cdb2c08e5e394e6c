import { bestMatching, type FlowEdge } from "./flow.js";

/**
 * The chosen edges: `exact`, the optimum by min-cost flow (most pairs first under `coverage`); `greedy`, the
 * best-scoring edges first while both ends have capacity (ties to the earlier edge).
 */
export function solveMatching(
  method: "exact" | "greedy",
  priority: "coverage" | "score",
  leftCap: readonly number[],
  rightCap: readonly number[],
  edges: readonly FlowEdge[],
): number[] {
  if (method === "exact") return bestMatching(leftCap, rightCap, edges, priority === "coverage");
  return greedyMatching(leftCap, rightCap, edges);
}

/** Best-scoring edges first, each taken while both its ends have capacity left. O(E log E). */
export function greedyMatching(
  leftCap: readonly number[],
  rightCap: readonly number[],
  edges: readonly FlowEdge[],
): number[] {
  const byScore = edges
    .map((_, i) => i)
    .sort((a, b) => (edges[b] as FlowEdge).score - (edges[a] as FlowEdge).score || a - b);
  const l = [...leftCap];
  const r = [...rightCap];
  const chosen: number[] = [];
  for (const i of byScore) {
    const e = edges[i] as FlowEdge;
    if ((l[e.left] as number) > 0 && (r[e.right] as number) > 0) {
      l[e.left] = (l[e.left] as number) - 1;
      r[e.right] = (r[e.right] as number) - 1;
      chosen.push(i);
    }
  }
  return chosen;
}
