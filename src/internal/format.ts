// Numbers written for people, the same way in reasons, charts and reports.

/** A number for people: at most `digits` decimals, no trailing zeros, a real minus sign; "–" when missing. */
export function formatNumber(value: number | undefined, digits = 1): string {
  if (value === undefined || !Number.isFinite(value)) return "–";
  let text = value.toFixed(digits);
  // Trailing zeros and a bare point go, by hand rather than by regular expression: a report of 20,000 schools
  // writes a few million numbers. (No point: toFixed wrote an exponent, 1e+21 and up, kept whole.)
  if (digits > 0 && text.includes(".")) {
    let end = text.length;
    while (text.charCodeAt(end - 1) === 48) end--;
    if (text.charCodeAt(end - 1) === 46) end--;
    text = text.slice(0, end);
  }
  if (text === "-0") return "0";
  return text.charCodeAt(0) === 45 ? `−${text.slice(1)}` : text;
}

/** As {@link formatNumber}, with a + for positive values (improvement, gaps). */
export function formatSigned(value: number | undefined, digits = 1): string {
  const text = formatNumber(value, digits);
  return value !== undefined && Number.isFinite(value) && text !== "0" && !text.startsWith("−") ? `+${text}` : text;
}
