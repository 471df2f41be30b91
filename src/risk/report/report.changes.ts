/**
 * "What changed since the parent version" as plain text shared by every format: the VersionDiff
 * of ReportData turned into label/text lines and before/after scores. Users of peer tools asked
 * for exactly this ("new / modified / deleted"); computing the words once keeps formats alike.
 */
import type { FieldChange, KeyedDiff } from "../versions/diff.js";
import type { ReportData } from "./report.data.js";
import { formatList, scoreWithLevel } from "./text.js";

/** One line of "what changed since the parent version": a label and plain text. */
export interface ChangeItem {
  label: string;
  text: string;
}

/** "plannedMitigations" → "planned mitigations". */
function fieldName(field: string): string {
  return field.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

/** A short scalar value worth showing inline ("planned → in-progress"); long text is not. */
function shortValue(v: unknown): string | undefined {
  if (v === null) return "none";
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (typeof v === "string" && v.length <= 40 && !v.includes("\n")) return v === "" ? "—" : v;
  return undefined;
}

function fieldChange(c: FieldChange): string {
  const before = shortValue(c.before);
  const after = shortValue(c.after);
  const name = fieldName(c.field);
  return before !== undefined && after !== undefined ? `${name}: ${before} → ${after}` : name;
}

function keyedText(d: KeyedDiff): string {
  const parts: string[] = [];
  if (d.added.length > 0) parts.push(`added ${formatList(d.added)}`);
  if (d.removed.length > 0) parts.push(`removed ${formatList(d.removed)}`);
  if (d.changed.length > 0) {
    const edits = d.changed.map((x) => `${x.id} (${x.changes.map(fieldChange).join("; ")})`);
    parts.push(`edited ${edits.join(", ")}`);
  }
  return parts.length === 0 ? "unchanged" : parts.join("; ");
}

/**
 * What changed since the parent version, as label/text pairs every format lists the same way;
 * null for a first version. Scores are left to `scoreMoves`, which formats lay out as a table.
 */
export function changeItems(data: ReportData): ChangeItem[] | null {
  const c = data.summary.changes;
  if (c === null) return null;
  const r = c.rows;
  return [
    {
      label: "Rows split",
      text: r.split.map((s) => `${s.from} → ${formatList(s.into)}`).join("; ") || "none",
    },
    {
      label: "Rows merged",
      text: r.merged.map((m) => `${formatList(m.from)} → ${m.into}`).join("; ") || "none",
    },
    { label: "Rows added", text: formatList(r.added) },
    { label: "Rows removed", text: formatList(r.removed) },
    {
      label: "Rows edited",
      text: formatList(r.changed.map((x) => `${x.id} (${x.changes.map(fieldChange).join("; ")})`)),
    },
    { label: "Threats", text: keyedText(c.threats) },
    { label: "Workflows", text: keyedText(c.workflows) },
    { label: "Mitigation items", text: keyedText(c.mitigations) },
  ];
}

/**
 * Rows whose settled score moved since the parent version: before and after as text, with the
 * level id so formats that can colour do.
 */
export interface ScoreMove {
  row: string;
  before: { text: string; level: string | null };
  after: { text: string; level: string | null };
}

export function scoreMoves(data: ReportData): ScoreMove[] {
  const c = data.summary.changes;
  if (c === null) return [];
  const m = data.methodology;
  const side = (s: (typeof c.scores)[number]["before"]) => ({
    text: scoreWithLevel(m, s, "not scored"),
    level: s?.level ?? null,
  });
  return c.scores.map((s) => ({ row: s.rowId, before: side(s.before), after: side(s.after) }));
}

/** The heading of "what changed", naming the parent version when there is one. */
export function changesHeading(data: ReportData): string {
  const from = data.summary.changes?.from ?? data.version.parent;
  return data.summary.changes === null || from === null
    ? "What changed"
    : `What changed since ${from}`;
}

/** Said instead of the changes when there is nothing to compare with. */
export function noChangesSentence(data: ReportData): string {
  const from = data.summary.changes?.from ?? data.version.parent;
  return from === null
    ? `${data.version.label} is the first version: there is nothing to compare with.`
    : `No comparison with ${from} is available.`;
}

/** "Scores moved: none." or "Scores moved (4a, 4b):" before the table of moves. */
export function scoresMovedLine(data: ReportData): string {
  const moves = scoreMoves(data);
  return moves.length === 0
    ? "Scores moved: none."
    : `Scores moved (${formatList(moves.map((x) => x.row))}):`;
}
