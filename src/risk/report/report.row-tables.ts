/**
 * The per-row content of the "Risk rows" section as format-neutral facts and tables (see
 * report.tables.ts): a threat's and a row's facts, every round's votes and statistics, the
 * settlement history and the fixed sentences around them — so Markdown, HTML and PDF record the
 * same figures for a reviewer to re-derive. Votes of an open round are never in here.
 */
import type { Threat } from "../model.js";
import type { AxisStatistics } from "../scoring/statistics.js";
import type { ReportData, ReportRound, ReportRow } from "./report.data.js";
import { lineageText, rawText, settledText, successorsOf, threatLabel } from "./report.prose.js";
import type { TableCell, TableContent } from "./report.tables.js";
import {
  formatDate,
  formatList,
  formatNumber,
  formatPercent,
  formatRange,
  formatScore,
} from "./text.js";

/** Threats that have rows in this version, in catalogue order, with their rows. */
export function threatBlocks(data: ReportData): {
  threat: Threat;
  heading: string;
  /** The single generic row shown in the threat's own block, or undefined. */
  inline: ReportRow | undefined;
  active: ReportRow[];
  retired: ReportRow[];
}[] {
  return data.threats.flatMap((t) => {
    const rows = data.rows.filter((r) => r.threat.id === t.id);
    if (rows.length === 0) return [];
    const active = rows.filter((r) => r.status === "active");
    const only = active.length === 1 ? active[0] : undefined;
    // A generic threat with one row reads as one block; otherwise each row gets a heading.
    const inline = only !== undefined && only.workflow === null && only.variant === null;
    const heading = threatLabel(t) + (inline && only.id !== t.id ? ` (row ${only.id})` : "");
    const retired = rows.filter((r) => r.status === "retired");
    return [{ threat: t, heading, inline: inline ? only : undefined, active, retired }];
  });
}

/** A threat's own text, label → value ("" where there is none). */
export function threatFacts(t: Threat): [string, string][] {
  return [
    ["Description", t.description],
    ["Vulnerability", t.vulnerability],
    ["Assets", formatList(t.assets, "")],
    ["Current mitigations", t.currentMitigations],
    ["Planned mitigations", t.plannedMitigations],
    ["Notes", t.notes],
  ];
}

/** A row's facts after its score, label → value ("" where there is none). */
export function rowFacts(r: ReportRow): [string, string][] {
  const s = r.score;
  return [
    ["Settled", s === null ? "" : settledText(s)],
    ["Reason", s?.reason ?? ""],
    [
      "Mitigation items",
      r.mitigations.map((x) => `${x.id} ${x.title} (${x.kind}, ${x.status})`).join("; "),
    ],
    ["Lineage", lineageText(r)],
    ["Row notes", r.notes],
  ];
}

/** "4e — Federated token exchange / power" or just the id. */
export function rowHeading(r: ReportRow): string {
  const rest = [r.workflow?.name, r.variant ?? undefined].filter(
    (x): x is string => x !== undefined && x !== "",
  );
  return rest.length === 0 ? r.id : `${r.id} — ${rest.join(" / ")}`;
}

/** Said instead of rounds when the row had none in this version. */
export function noRoundsText(data: ReportData, r: ReportRow): string {
  const from = r.score?.carriedFrom;
  return from
    ? `No rounds in ${data.version.label}: the score was carried from ${from}, whose report shows its rounds.`
    : `No rounds in ${data.version.label}.`;
}

/** "Retired: 4e — …, replaced by 4f, 4g; its last score (L3 I4 High) no longer counts." */
export function retiredText(data: ReportData, r: ReportRow): string {
  const next = successorsOf(data, r.id);
  const became = next.length === 0 ? "" : `, replaced by ${formatList(next)}`;
  const last =
    r.score === null ? "" : `; its last score (${formatScore(r.score)}) no longer counts`;
  return `Retired: ${rowHeading(r)}${became}${last}.`;
}

/** "Round 2 — opened by x on 2026-03-01" (the start of both round sentences). */
export const roundOpened = (x: ReportRound): string =>
  `Round ${x.number} — opened by ${x.openedBy} on ${formatDate(x.openedAt)}`;

/** The line of an open round: its votes stay secret. */
export const openRoundText = (x: ReportRound): string =>
  `${roundOpened(x)}, still open: its votes stay secret until the reveal.`;

/** The tail of a revealed round's heading line, after roundOpened. */
export const revealedTail = (x: ReportRound): string =>
  `, revealed on ${formatDate(x.revealedAt)}, ${x.votes.length} votes`;

/** The votes of a revealed round; confidence and note columns only when some vote has one. */
export function votesTable(r: ReportRow, x: ReportRound): TableContent {
  const withConfidence = x.votes.some((v) => v.confidence !== null);
  const withNote = x.votes.some((v) => v.note !== null && v.note !== "");
  return {
    caption: `Votes of round ${x.number} on ${r.id}`,
    headers: [
      "Voter",
      "Likelihood",
      "Impact",
      ...(withConfidence ? ["Confidence"] : []),
      ...(withNote ? ["Note"] : []),
    ],
    rows: x.votes.map((v): TableCell[] => [
      v.voter,
      v.likelihood,
      v.impact,
      ...(withConfidence ? [v.confidence ?? null] : []),
      ...(withNote ? [v.note ?? null] : []),
    ]),
  };
}

function statsLine(axis: string, a: AxisStatistics): string[] {
  return [
    axis,
    a.votes.join(", "),
    formatRange(a.min, a.max),
    a.modes.join(", "),
    formatNumber(a.median),
    formatNumber(a.mean),
    formatNumber(a.iqr),
    formatPercent(a.withinOneOfMedian),
    `${a.consensus}${a.delphiConsensus ? "" : " (IQR > 1)"}`,
  ];
}

/** The statistics of a revealed round per axis; null when it has none. */
export function statsTable(r: ReportRow, x: ReportRound): TableContent | null {
  const stats = x.stats;
  if (stats === null) return null;
  return {
    caption: `Statistics of round ${x.number} on ${r.id}`,
    headers: [
      "Axis",
      "Votes",
      "Range",
      "Mode(s)",
      "Median",
      "Mean",
      "IQR",
      "Within ±1 of median",
      "Consensus",
    ],
    rows: [statsLine("Likelihood", stats.likelihood), statsLine("Impact", stats.impact)],
  };
}

/** The heading of the settlement history. */
export const HISTORY_TITLE = "Settlement history (oldest first, the last is current)";

/** Every settlement of the row in this version, when there is more than the current one. */
export function historyTable(r: ReportRow): TableContent | null {
  if (r.settlements.length < 2) return null;
  return {
    caption: `Settlement history of ${r.id} (oldest first, the last is current)`,
    headers: ["Score", "Rule", "Raw", "Settled", "Reason"],
    rows: r.settlements.map((s) => [
      formatScore(s) + (s.current ? " (current)" : ""),
      s.rule,
      rawText(s).replace(/^raw /, ""),
      `${formatDate(s.settledAt)} by ${s.settledBy}` +
        (s.carriedFrom === null ? "" : `, carried from ${s.carriedFrom}`),
      s.reason ?? null,
    ]),
  };
}
