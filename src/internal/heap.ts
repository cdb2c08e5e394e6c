// A binary min-heap of numbers keyed by distance, for Dijkstra searches.

/** A binary min-heap of (distance, node) pairs; stale pairs are skipped when popped. */
export class Heap {
  private keys: number[] = [];
  private nodes: number[] = [];
  get size(): number {
    return this.keys.length;
  }
  clear(): void {
    this.keys.length = 0;
    this.nodes.length = 0;
  }
  push(key: number, node: number): void {
    const { keys, nodes } = this;
    let i = keys.length;
    keys.push(key);
    nodes.push(node);
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
  lastKey = 0;
  pop(): number {
    const { keys, nodes } = this;
    const node = nodes[0] as number;
    this.lastKey = keys[0] as number;
    const key = keys.pop() as number;
    const last = nodes.pop() as number;
    const n = keys.length;
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
}
