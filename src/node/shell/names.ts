// Names beside codes in the command line's CSV outputs: a school's name, and its local authority's code and name.

/** What a school is called, as any stage's school-like value has it. */
interface Named {
  urn: string;
  name?: string | undefined;
  la?: string | undefined;
  laName?: string | undefined;
}

/** The CSV headers of the name columns, each after `prefix` (`supporter_name`, …). */
export function nameHeaders(prefix = ""): string[] {
  return [`${prefix}name`, `${prefix}la`, `${prefix}la_name`];
}

/** A school's name, LA code and LA name by URN, from every school-like value given (the first with a URN wins). */
export function nameLookup(...lists: readonly (readonly Named[])[]): (urn: string) => (string | undefined)[] {
  const byUrn = new Map<string, Named>();
  for (const list of lists) for (const s of list) if (!byUrn.has(s.urn)) byUrn.set(s.urn, s);
  return (urn) => {
    const s = byUrn.get(urn);
    return [s?.name, s?.la, s?.laName];
  };
}
