/**
 * Escaping and formatting shared by the report renderers (Markdown, HTML, the SVG heatmap, and
 * later PDF/XLSX), so every format prints a date, a score or a percentage the same way and no
 * format forgets to escape. Pure and deterministic: no clock, no locale.
 *
 * These exports are a stable contract for other renderers: change behaviour only with the
 * golden files (src/risk/report/__golden__) in view.
 */
import { textColorOn } from "../../render/color.js";
import { escapeHtml } from "../../render/html.js";
import type { MethodologyDefinition } from "../methodology/methodology.schema.js";

/** HTML escaping is shared with the handbook (render/html.ts); re-exported for the renderers. */
export { escapeHtml };
/** Text colour on a level fill is shared with the PDF tables (render/color.ts). */
export { textColorOn };

/**
 * Text for SVG/XML: the HTML escapes plus removal of the control characters XML 1.0 forbids —
 * one of those in a note would make the whole SVG unparseable (svg-to-pdfkit included).
 */
export function escapeXml(s: string): string {
  // eslint-disable-next-line no-control-regex
  return escapeHtml(s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, ""));
}

/**
 * Inline Markdown text that reads literally: emphasis, code, links, raw HTML and table pipes are
 * escaped; line breaks become `<br>` so the text can sit in a table cell or a list item without
 * ending it. Ampersands are escaped only where they would start an entity.
 */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`)
    .replace(/&(?=#?[a-zA-Z0-9]+;)/g, "&amp;")
    .replace(/\r\n?|\n/g, "<br>");
}

/** A GFM table cell: escaped text, with a visible dash for "nothing" so columns stay readable. */
export function mdCell(s: string | null | undefined): string {
  return s === null || s === undefined || s.trim() === "" ? "—" : escapeMarkdown(s.trim());
}

/** "2026-03-01": the calendar day (UTC) of an ISO timestamp or date; "" for null. */
export function formatDate(iso: string | null): string {
  if (iso === null) return "";
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t).toISOString().slice(0, 10);
}

/** 3 → "3", 2.3333 → "2.33", 2.5 → "2.5": statistics stay short without hiding fractions. */
export function formatNumber(x: number, maxDecimals = 2): string {
  if (Number.isInteger(x)) return String(x);
  return x.toFixed(maxDecimals).replace(/0+$/, "").replace(/\.$/, "");
}

/** A share 0..1 as a whole percentage: 0.8333 → "83%". */
export function formatPercent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** A settled score in prose and lists: "L4 I3 High" (axes named, so 4×3 is not read as 12). */
export function formatScore(s: { likelihood: number; impact: number; levelLabel: string }): string {
  return `L${s.likelihood} I${s.impact} ${s.levelLabel}`;
}

/** A score where space is short (meta-table cells): "4×3 High", likelihood first. */
export function formatScoreCompact(s: {
  likelihood: number;
  impact: number;
  levelLabel: string;
}): string {
  return `${s.likelihood}×${s.impact} ${s.levelLabel}`;
}

/** A score whose level is an id (VersionDiff.scores), labelled through the methodology. */
export function scoreWithLevel(
  m: MethodologyDefinition,
  s: { likelihood: number; impact: number; level: string } | null,
  none = "not scored",
): string {
  return s === null ? none : formatScore({ ...s, levelLabel: levelOf(m, s.level).label });
}

/** A level's label and colour by id; unknown ids (a changed methodology) show as grey. */
export function levelOf(
  m: MethodologyDefinition,
  id: string,
): { id: string; label: string; color: string } {
  const l = m.levels.find((x) => x.id === id);
  return { id, label: l?.label ?? id, color: l?.color ?? "#9e9e9e" };
}

/** "4b, 4c" or `empty` ("none") — lists of ids in prose. */
export function formatList(items: readonly string[], empty = "none"): string {
  return items.length === 0 ? empty : items.join(", ");
}

/** "1 row", "3 rows", "0 rows". */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}

/** "2–4" for a spread, or "3" when it is none. */
export function formatRange(min: number, max: number): string {
  return min === max ? formatNumber(min) : `${formatNumber(min)}–${formatNumber(max)}`;
}

/** "Serious" for impact 3: the label alone (CSV for CISO Assistant wants words, not numbers). */
export function scaleLabel(scale: readonly { value: number; label: string }[], v: number): string {
  return scale.find((x) => x.value === v)?.label ?? String(v);
}

/** A value with its scale label: "3 More than once a year". */
export function scaleValue(scale: readonly { value: number; label: string }[], v: number): string {
  const s = scale.find((x) => x.value === v);
  return s === undefined ? String(v) : `${v} ${s.label}`;
}
