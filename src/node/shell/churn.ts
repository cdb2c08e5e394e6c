/// <reference types="node" />
// What `fos group --previous` says about a regrouping: what changed, why, and what each budget would buy.
import type { Regrouping } from "../../regroup/regroup.js";
import { budgetWords } from "../../render/frontier.js";

const pct = (x: number): string => `${(100 * x).toFixed(0)}%`;

/**
 * Lines for standard error: the schools kept, moved (bought by the budget, or forced) and joined; the tightness
 * recovered; and the frontier — the moves and the share recovered at each budget — so a coordinator can choose.
 */
export function churnLines(r: Regrouping, previous: string): string[] {
  const c = r.churn;
  const st = r.stability;
  const lines = [
    `kept from ${previous}: ${c.continuing - c.moved} of ${c.continuing} continuing schools stay in their family; ${c.charged} moved to make families tighter (budget ${c.budget}: --max-churn ${c.maxChurn}), ${c.forced} moved because sizes forced it; ${c.joined.length} joined, ${c.left.length} left`,
    `tightness: ${st.ratio.toFixed(2)}× a fresh grouping (families kept unchanged: ${(st.keepSse / st.freshSse).toFixed(2)}×); the budget recovered ${pct(st.recovered)} of what keeping them unchanged lost`,
    "what other budgets would buy (--max-churn):",
    `  ${"budget".padEnd(7)} ${"moves".padStart(6)} ${"recovered".padStart(10)} ${"× fresh".padStart(8)}`,
  ];
  for (const p of st.frontier)
    lines.push(
      `  ${budgetWords(p.maxChurn).padEnd(7)} ${String(p.charged).padStart(6)} ${pct(p.recovered).padStart(10)} ${`${p.ratio.toFixed(2)}×`.padStart(8)}${p.maxChurn === c.maxChurn ? "  ← this grouping" : ""}`,
    );
  return lines;
}
