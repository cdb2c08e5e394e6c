/** Every property of `T`, each of which may be `undefined`. */
export type Loose<T> = { [K in keyof T]-?: T[K] | undefined };

/**
 * `o` without its `undefined` properties: missing values are absent from results, as the API promises, not
 * present and `undefined`. When none is undefined (the usual case) this is `o` itself, unchanged.
 *
 * Why build results this way: a literal that names every property at once keeps them all inside the object,
 * while adding them one by one (`if (x !== undefined) row.x = x`) moves them to a separate store that is copied
 * each time it grows. At 20,000 rows of twenty fields that store was a quarter of `benchmarkFamilies`' result.
 * The copy made here when something is missing is the rare case. O(number of properties).
 */
export function compact<T extends object>(o: Loose<T>): T {
  for (const k in o) {
    if (o[k] === undefined) {
      const out: Record<string, unknown> = {};
      for (const j in o) if (o[j] !== undefined) out[j] = o[j];
      return out as T;
    }
  }
  return o as T;
}
