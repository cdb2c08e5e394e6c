// The shapes comparison groups are made of: the groups themselves, and the locations and nearest lists of the search.

/**
 * Where a partition's schools are: its distinct points (locations), numbered in the order they are searched in, and
 * the schools at each (see `collapse` and `locationsIn` in neighbours.ts).
 */
export interface Locations {
  /** The locations' coordinates, flat (`coords[l * d + j]`). */
  coords: Float64Array;
  first: Int32Array;
  count: Int32Array;
  members: Int32Array;
  locOf: Int32Array;
}

/** One school's own comparison group. */
export interface ComparisonGroup {
  urn: string;
  /** The partition searched: the phase by default (see `Family.partition`). */
  partition: string;
  /** The most similar schools, nearest first (ties by URN). */
  neighbours: string[];
  /**
   * Their distances, in the standardised weighted feature space, parallel to `neighbours`. Read-only: schools at
   * the same point have the same distances, and share one array (copy it before changing it).
   */
  distances: readonly number[];
  /**
   * Whether each neighbour has this school in its own group too, parallel to `neighbours`. Read-only: schools at the
   * same point with the same flags share one array.
   */
  mutual: readonly boolean[];
}

/**
 * Each location's nearest schools, the location's own among them: its first `width` = `want + 1` schools in order
 * of (squared distance, index), `len[l]` of them (fewer in a smaller partition), at `idx[l * width …]` and
 * `d2[l * width …]`. A school's group is its location's list without itself, cut at `want`: one list serves every
 * school at the location, so 1,000,000 schools at 63,000 points keep 3 million entries, not 50 million.
 */
export interface NearestLists {
  width: number;
  len: Int32Array;
  idx: Int32Array;
  d2: Float64Array;
}
