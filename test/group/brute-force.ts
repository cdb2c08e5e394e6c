// The least cost of assigning points (2-d, flat) to fixed centres with every centre taking min..max of them, by
// trying every assignment: the oracle both exact assignments are checked against on small cases.
export function bruteForce(coords: number[], k: number, min: number, max: number, centres: number[]): number {
  const n = coords.length / 2;
  let best = Number.POSITIVE_INFINITY;
  const labels = new Array<number>(n).fill(0);
  const visit = (i: number): void => {
    if (i === n) {
      const sizes = new Array<number>(k).fill(0);
      for (const l of labels) sizes[l]!++;
      if (sizes.some((s) => s < min || s > max)) return;
      let cost = 0;
      for (const [p, l] of labels.entries())
        cost += (coords[2 * p]! - centres[2 * l]!) ** 2 + (coords[2 * p + 1]! - centres[2 * l + 1]!) ** 2;
      best = Math.min(best, cost);
      return;
    }
    for (let c = 0; c < k; c++) {
      labels[i] = c;
      visit(i + 1);
    }
  };
  visit(0);
  return best;
}
