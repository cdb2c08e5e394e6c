const SPECIAL = /[&<>"']/;

/**
 * Text from data made safe inside HTML or SVG, in element content and in quoted attributes alike:
 * a school called `<script>alert(1)</script>` or `Smith & Jones "Academy"` shows as exactly that.
 */
export function escapeMarkup(text: string): string {
  // Most text has nothing to escape: tested first, it is returned as it is, without a replace's work.
  if (!SPECIAL.test(text)) return text;
  return text.replace(/[&<>"']/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&#39;",
  );
}

/** An id fragment from a family id: letters, digits, - and _ only. */
export function idPart(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, "_");
}
