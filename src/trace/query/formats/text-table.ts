/**
 * Plain-text tables for the terminal: columns padded to their widest cell, two spaces apart, no
 * colours. Log values are untrusted, so control characters (line breaks, ANSI escapes) are shown
 * as \xNN instead of reaching the terminal, where they could break the layout or rewrite it,
 * and so are the Unicode bidirectional controls (as \uNNNN), which could make a value read in a
 * different order from the one it has ("Trojan Source", CVE-2021-42574).
 */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** A cell as printed: control characters escaped. */
export function cell(value: string): string {
  return value.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100
      ? `\\x${code.toString(16).padStart(2, "0")}`
      : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/** Header and rows as lines, each indented by two spaces; the last column is not padded. */
export function textTable(headers: readonly string[], rows: readonly string[][]): string[] {
  const all = [headers, ...rows].map((r) => r.map(cell));
  const widths = headers.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  return all.map(
    (r) =>
      "  " +
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
        .join("  ")
        .trimEnd(),
  );
}
