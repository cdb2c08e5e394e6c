/** Compares two strings by code unit (not locale): the library's one order of URNs and ids, for stable ties. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares two things with a URN by it. */
export function byUrn(a: { readonly urn: string }, b: { readonly urn: string }): number {
  return a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0;
}
