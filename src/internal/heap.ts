// A binary min-heap of numbers keyed by distance, for Dijkstra searches.

/**
 * A binary min-heap of (distance, node) pairs; stale pairs are skipped when popped. Ties go to the lower node. Its
 * arrays are typed and kept when it is cleared (a search clears it for every path), doubling when full.
 */
export class Heap {
  private keys = new Float64Array(16);
  private nodes = new Int32Array(16);
  private count = 0;
  /** The key of the pair `pop` last removed. */
  lastKey = 0;
  get size(): number {
    return this.count;
  }
  clear(): void {
    this.count = 0;
  }
  push(key: number, node: number): void {
    if (this.count === this.keys.length) this.grow();
    const { keys, nodes } = this;
    let i = this.count++;
    while (i > 0) {
      const up = (i - 1) >> 1;
      const ku = keys[up] as number;
      if (ku < key || (ku === key && (nodes[up] as number) <= node)) break;
      keys[i] = ku;
      nodes[i] = nodes[up] as number;
      i = up;
    }
    keys[i] = key;
    nodes[i] = node;
  }
  /** Removes the least pair; returns its node (its key is `lastKey`). */
  pop(): number {
    const { keys, nodes } = this;
    const node = nodes[0] as number;
    this.lastKey = keys[0] as number;
    const n = --this.count;
    const key = keys[n] as number;
    const last = nodes[n] as number;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        const r = c + 1;
        if (
          r < n &&
          ((keys[r] as number) < (keys[c] as number) ||
            (keys[r] === keys[c] && (nodes[r] as number) < (nodes[c] as number)))
        )
          c = r;
        if ((keys[c] as number) > key || (keys[c] === key && (nodes[c] as number) >= last)) break;
        keys[i] = keys[c] as number;
        nodes[i] = nodes[c] as number;
        i = c;
      }
      keys[i] = key;
      nodes[i] = last;
    }
    return node;
  }
  private grow(): void {
    const keys = new Float64Array(2 * this.keys.length);
    const nodes = new Int32Array(2 * this.nodes.length);
    keys.set(this.keys);
    nodes.set(this.nodes);
    this.keys = keys;
    this.nodes = nodes;
  }
}
