// Numbers written for people, the same way in reasons, charts and reports.

/** A number for people: at most `digits` decimals, no trailing zeros, a real minus sign; "–" when missing. */
export function formatNumber(value: number | undefined, digits = 1): string {
  if (value === undefined || !Number.isFinite(value)) return "–";
  const fixed = value.toFixed(digits);
  const text = digits > 0 ? fixed.replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "") : fixed;
  const clean = text === "-0" ? "0" : text;
  return clean.startsWith("-") ? `−${clean.slice(1)}` : clean;
}

/** As {@link formatNumber}, with a + for positive values (improvement, gaps). */
export function formatSigned(value: number | undefined, digits = 1): string {
  const text = formatNumber(value, digits);
  return value !== undefined && Number.isFinite(value) && text !== "0" && !text.startsWith("−") ? `+${text}` : text;
}
