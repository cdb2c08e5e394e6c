// The exact assignment's working state: which point is where, the flow through the sink, the potentials, and each
// centre's row of cheapest moves, made when the search first reaches it and kept up as points come and go.
import { candidatesOf } from "./candidates.js";

/** Points (indices into `coords`) to assign to centres with size bounds: what every assignment has. */
export interface Points {
  /** Every point's coordinates, flat, `d` per point. */
  coords: Float64Array;
  d: number;
  /** The points to assign (indices into coords). */
  points: Int32Array;
  /** The centres, flat, `d` per centre. */
  centres: Float64Array;
  /** Each centre takes at least `lo` and at most `hi` points; Σlo ≤ points ≤ Σhi. */
  lo: number;
  hi: number;
}

/**
 * The problem as the search reads it: always these fields, in this order, whatever the caller passed (problems of
 * several shapes made V8 throw its compiled search away and compile it again, each time a new shape came).
 */
export interface Routing extends Points {
  prices: Float64Array | undefined;
}

/**
 * The working state. The centres and a sink T (node m) form the graph the shortest paths run on: a→b moves a member
 * of a to b (at the cheapest such member's cost); a→T lets a keep one more point (while it has fewer than hi), and
 * T→b lets b keep one fewer (while it has more than lo).
 */
export interface State {
  p: number;
  m: number;
  lo: number;
  hi: number;
  /**
   * Each point i's candidate centres are cand[start[i] .. start[i+1]); candCost their costs. Nearest first, or, when
   * `dense`, every centre in order (centre b at start[i] + b; cand is then empty).
   */
  start: Int32Array;
  dense: boolean;
  cand: Int32Array;
  candCost: Float64Array;
  /** Each point's centre, as an index into candCost (and cand); see {@link centreOf}. */
  slot: Int32Array;
  /** Each centre's points (its size is the list's length). */
  members: number[][];
  /**
   * Per centre a, its row: the centres its members can move to, the least cost of such a move, and the member making
   * it, at rowTo/rowCost/rowWho[rowAt[a] .. rowAt[a] + rowLen[a]). The rows share three flat arrays, each row with
   * room for rowRoom[a] entries, kept from one rebuild to the next; a row that outgrows its room moves to the end
   * (rowEnd), the arrays doubling when full. (JS arrays a row, emptied and refilled at each rebuild, were most of
   * an assignment's time and garbage.)
   */
  rowTo: Int32Array;
  rowCost: Float64Array;
  rowWho: Int32Array;
  rowAt: Int32Array;
  rowRoom: Int32Array;
  rowLen: Int32Array;
  rowEnd: number;
  /**
   * Whether centre a's row is made (1) and kept up to date. A row is made when the search first reaches its centre
   * and kept from then on: a search need not reach every centre (12% fewer rows made on 39 regions of 32 families).
   */
  ready: Uint8Array;
  /**
   * How many points beyond lo each centre passes the sink (0..hi−lo): a centre holds lo + flow + its excess, a point
   * too many when that excess is positive, one short when negative.
   */
  flow: Int32Array;
  /** The points the sink is passed beyond the n − m·lo it must take (its excess). */
  sinkExcess: number;
  /** Potentials of the centres and the sink (index m), keeping every reduced cost ≥ 0. */
  pi: Float64Array;
  /** Scratch: where a centre stands in the row being built (−1: not in it). */
  mark: Int32Array;
}

/**
 * The state to start a search from, each point offered its L cheapest centres (all of them when L ≥ m): every point
 * at its cheapest, the sink's flow set so that every reduced cost starts ≥ 0, no row made yet.
 */
export function stateOf(problem: Routing, L: number): State {
  const m = problem.centres.length / problem.d;
  const p = problem.points.length;
  const { start, cand, candCost, first, dense } = candidatesOf(problem, m, L);
  const { lo, hi, prices } = problem;
  const s: State = {
    p,
    m,
    lo: problem.lo,
    hi: problem.hi,
    start,
    dense,
    cand,
    candCost,
    slot: Int32Array.from(first),
    members: Array.from({ length: m }, () => []),
    rowTo: new Int32Array(0),
    rowCost: new Float64Array(0),
    rowWho: new Int32Array(0),
    rowAt: new Int32Array(m),
    rowRoom: new Int32Array(m),
    rowLen: new Int32Array(m),
    rowEnd: 0,
    ready: new Uint8Array(m),
    flow: new Int32Array(m),
    sinkExcess: m * lo - p, // not −(p − m·lo): −0 when they are equal, a double where V8 expects an integer
    pi: new Float64Array(m + 1),
    mark: new Int32Array(m).fill(-1),
  };
  // Every point at its cheapest candidate after the prices (the potentials; the sink's is 0): optimal without the
  // bounds, so every reduced cost of a move starts ≥ 0.
  for (let i = 0; i < p; i++) (s.members[centreOf(s, i)] as number[]).push(i);
  // So that the sink's edges start ≥ 0 too, a centre dearer than the sink keeps only lo (it cannot pass the sink
  // a point), one cheaper passes it all it can (hi − lo); one priced as the sink passes what it holds beyond lo.
  for (let c = 0; c < m; c++) {
    const price = prices === undefined ? 0 : (prices[c] as number);
    s.pi[c] = price;
    const f = price > 0 ? 0 : price < 0 ? hi - lo : Math.min(Math.max(sizeOf(s, c) - lo, 0), hi - lo);
    s.flow[c] = f;
    s.sinkExcess += f;
  }
  // A row has at most m − 1 entries (dense: m, one a centre, its own unused); most have far fewer when the points
  // are offered a few centres each.
  const room = dense ? m : Math.max(1, Math.min(m - 1, Math.ceil((2 * cand.length) / Math.max(p, 1))));
  s.rowTo = new Int32Array(m * room);
  s.rowCost = new Float64Array(m * room);
  s.rowWho = new Int32Array(m * room);
  for (let c = 0; c < m; c++) {
    s.rowAt[c] = c * room;
    s.rowRoom[c] = room;
  }
  s.rowEnd = m * room;
  return s;
}

/** Centre a's row again from its members: for each centre b a member could go to, the cheapest such move. */
export function buildRow(s: State, a: number): void {
  if (s.dense) {
    buildDenseRow(s, a);
    return;
  }
  const { start, cand, candCost, slot, mark } = s;
  let len = 0;
  for (const q of s.members[a] as number[]) {
    const own = candCost[slot[q] as number] as number;
    for (let j = start[q] as number, e = start[q + 1] as number; j < e; j++) {
      const b = cand[j] as number;
      if (b === a) continue;
      const v = (candCost[j] as number) - own;
      const at = mark[b] as number;
      if (at < 0) {
        if (len === s.rowRoom[a]) growRow(s, a);
        const t = (s.rowAt[a] as number) + len;
        mark[b] = len;
        s.rowTo[t] = b;
        s.rowCost[t] = v;
        s.rowWho[t] = q;
        len++;
        continue;
      }
      const t = (s.rowAt[a] as number) + at;
      if (v < (s.rowCost[t] as number) || (v === s.rowCost[t] && q < (s.rowWho[t] as number))) {
        s.rowCost[t] = v;
        s.rowWho[t] = q;
      }
    }
  }
  for (let t = s.rowAt[a] as number, e = t + len; t < e; t++) mark[s.rowTo[t] as number] = -1;
  s.rowLen[a] = len;
}

/** Twice the room for centre a's row (at most the m − 1 other centres), at the end of the rows, keeping its entries. */
function growRow(s: State, a: number): void {
  const room = Math.min(s.m - 1, 2 * (s.rowRoom[a] as number));
  if (s.rowEnd + room > s.rowTo.length) {
    const size = Math.max(2 * s.rowTo.length, s.rowEnd + room);
    const to = new Int32Array(size);
    const cost = new Float64Array(size);
    const who = new Int32Array(size);
    to.set(s.rowTo.subarray(0, s.rowEnd));
    cost.set(s.rowCost.subarray(0, s.rowEnd));
    who.set(s.rowWho.subarray(0, s.rowEnd));
    s.rowTo = to;
    s.rowCost = cost;
    s.rowWho = who;
  }
  const from = s.rowAt[a] as number;
  s.rowTo.copyWithin(s.rowEnd, from, from + (s.rowRoom[a] as number));
  s.rowCost.copyWithin(s.rowEnd, from, from + (s.rowRoom[a] as number));
  s.rowWho.copyWithin(s.rowEnd, from, from + (s.rowRoom[a] as number));
  s.rowAt[a] = s.rowEnd;
  s.rowRoom[a] = room;
  s.rowEnd += room;
}

/**
 * A dense row (every member offered every centre): entry b is the move to centre b, at +∞ while no member makes it
 * (its own centre's, or any when it has no members; the search relaxes no such edge). The same least cost and, on a
 * tie, the lowest member as the sparse row; kept up as members come and go ({@link joinRow}, {@link leaveRow}).
 */
function buildDenseRow(s: State, a: number): void {
  const at = s.rowAt[a] as number;
  for (let b = 0; b < s.m; b++) {
    s.rowTo[at + b] = b;
    s.rowCost[at + b] = Number.POSITIVE_INFINITY;
    s.rowWho[at + b] = -1;
  }
  s.rowLen[a] = s.m;
  for (const q of s.members[a] as number[]) joinRow(s, a, q);
}

/** Member q is now in centre a: each of a's dense entries takes q's move where it is cheaper (or as cheap, q lower). O(m). */
export function joinRow(s: State, a: number, q: number): void {
  const { candCost, m, rowCost, rowWho } = s;
  const row = s.rowAt[a] as number;
  const at = s.start[q] as number;
  const own = candCost[at + a] as number;
  for (let b = 0; b < m; b++) {
    if (b === a) continue;
    const v = (candCost[at + b] as number) - own;
    const t = row + b;
    if (v < (rowCost[t] as number) || (v === rowCost[t] && q < (rowWho[t] as number))) {
      rowCost[t] = v;
      rowWho[t] = q;
    }
  }
}

/** Member q has left centre a: the dense entries q made are found again among a's members. O(m + r·|a|) for r such entries. */
export function leaveRow(s: State, a: number, q: number): void {
  const { candCost, start, rowCost, rowWho } = s;
  const row = s.rowAt[a] as number;
  const members = s.members[a] as number[];
  for (let b = 0; b < s.m; b++) {
    if (rowWho[row + b] !== q) continue;
    let best = Number.POSITIVE_INFINITY;
    let by = -1;
    for (const r of members) {
      const at = start[r] as number;
      const v = (candCost[at + b] as number) - (candCost[at + a] as number);
      if (v < best || (v === best && r < by)) {
        best = v;
        by = r;
      }
    }
    rowCost[row + b] = best;
    rowWho[row + b] = by;
  }
}

/** Point i's centre. */
export const centreOf = (s: State, i: number): number =>
  s.dense ? (s.slot[i] as number) - (s.start[i] as number) : (s.cand[s.slot[i] as number] as number);

/** How many points centre c holds. */
const sizeOf = (s: State, c: number): number => (s.members[c] as number[]).length;

/** Node c's points too many (> 0) or too few (< 0): a centre's beyond lo and what it passes the sink, or the sink's. */
export const excessOf = (s: State, c: number): number =>
  c === s.m ? s.sinkExcess : sizeOf(s, c) - s.lo - (s.flow[c] as number);
