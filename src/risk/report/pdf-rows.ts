/**
 * The body of the PDF report: the meta-table, the risk rows (threats in catalogue order with
 * their text once, then each row with its score, every round's votes and statistics and its
 * settlement history) and the mitigation plan — the record a later version needs to re-derive or
 * question every number (risk-method.md: keep every round; record rule, raw figures, reason).
 * Mirrors html-rows.ts / html-sections.ts; votes of an open round are never printed.
 */
import type { Cell, CellLike, CellPart, Column, PdfLayout } from "./pdf-layout.js";
import { pdfTable, sectionTitle } from "./pdf-sections.js";
import type { MetaCell, ReportData, ReportRound, ReportRow } from "./report.data.js";
import { threatLabel } from "./report.prose.js";
import {
  HISTORY_TITLE,
  historyTable,
  noRoundsText,
  openRoundText,
  retiredText,
  revealedTail,
  roundOpened,
  rowFacts,
  rowHeading,
  statsTable,
  threatBlocks,
  threatFacts,
  votesTable,
} from "./report.row-tables.js";
import { SECTION_TEXT, type TableCell } from "./report.tables.js";
import { formatDate, formatScore, formatScoreCompact } from "./text.js";

function metaPart(c: MetaCell): CellPart {
  const split = c.split ? " (split)" : "";
  if (c.likelihood === null || c.impact === null || c.levelLabel === null) {
    return { text: `${c.row} not scored${split}` };
  }
  const score = formatScoreCompact({
    ...c,
    likelihood: c.likelihood,
    impact: c.impact,
    levelLabel: c.levelLabel,
  });
  return { text: `${c.row} ${score}${split}`, fill: c.color };
}

const metaCell = (cells: MetaCell[] | undefined, span = 1): Cell =>
  cells === undefined || cells.length === 0
    ? { text: "—", span }
    : { parts: cells.map(metaPart), span };

/** Threats × workflows at a glance, each cell in its level colour (the group's overview). */
export function metaTableSection(pdf: PdfLayout, data: ReportData): void {
  const t = data.metaTable;
  const n = Math.max(1, t.workflows.length);
  pdf.section(sectionTitle("meta-table"));
  pdf.paragraph(SECTION_TEXT.metaTable, { size: 9.5 });
  // As in the group's spreadsheet: a generic row spans the line; a threat with both kinds of
  // rows (rare) gets a second line for its generic rows.
  const lines = t.lines.flatMap((l): CellLike[][] => {
    const label: Cell = { text: threatLabel(l.threat), bold: true };
    const generic: CellLike[] = l.generic === null ? [] : [metaCell(l.generic, n)];
    if (l.perWorkflow === null) return [[label, ...generic]];
    const line = [label, ...l.perWorkflow.map((cells) => metaCell(cells))];
    return l.generic === null ? [line] : [line, [`${l.threat.id} (all workflows)`, ...generic]];
  });
  pdf.table(
    [["Threat", 2.2], ...t.workflows.map((w): Column => [`${w.id}\n${w.name}`, 1.2])],
    lines,
    { size: 7.5 },
  );
}

function roundBlock(pdf: PdfLayout, r: ReportRow, x: ReportRound): void {
  if (x.state !== "revealed") {
    pdf.paragraph(openRoundText(x), { size: 9 });
    return;
  }
  pdf.paragraph(roundOpened(x) + revealedTail(x), { size: 9.5, bold: true });
  const votes = votesTable(r, x);
  pdfTable(pdf, votes, VOTE_WEIGHTS, {
    size: 8,
    width: votes.headers.includes("Note") ? undefined : pdf.width * 0.5,
  });
  const stats = statsTable(r, x);
  if (stats !== null)
    pdfTable(pdf, stats, [1.6, 2.4, 1, 1.1, 1.1, 1, 0.9, 1.6, 1.6], { size: 7.5 });
}

const VOTE_WEIGHTS = { Voter: 3, Likelihood: 1.5, Impact: 1.5, Confidence: 1.8, Note: 7 };

/** Every settlement of the row in this version, each score in its level colour. */
function history(pdf: PdfLayout, r: ReportRow): void {
  const t = historyTable(r);
  if (t === null) return;
  pdf.paragraph(HISTORY_TITLE, { size: 9.5, bold: true });
  const rows = t.rows.map(([score, ...rest], i): TableCell[] => [
    { text: typeof score === "string" ? score : "", color: r.settlements[i]?.color ?? null },
    ...rest,
  ]);
  pdfTable(pdf, { ...t, rows }, [2, 1.6, 2, 2.6, 4.5], { size: 8 });
}

function rowBody(pdf: PdfLayout, data: ReportData, r: ReportRow): void {
  const s = r.score;
  if (s === null) pdf.paragraph("Score: not scored yet", { bold: true, size: 9.5 });
  else pdf.badge(`Score: ${formatScore(s)}`, s.color);
  pdf.keyValues(rowFacts(r));
  if (r.rounds.length === 0) pdf.muted(noRoundsText(data, r));
  for (const x of r.rounds) roundBlock(pdf, r, x);
  history(pdf, r);
  pdf.gap(6);
}

/** Every threat with its rows, rounds and settlements: the auditable record. */
export function rowsSection(pdf: PdfLayout, data: ReportData): void {
  pdf.section(sectionTitle("rows"));
  for (const b of threatBlocks(data)) {
    pdf.heading(b.heading, 13, { keep: 120 });
    pdf.keyValues(threatFacts(b.threat));
    if (b.inline !== undefined) rowBody(pdf, data, b.inline);
    else {
      for (const r of b.active) {
        pdf.heading(rowHeading(r), 11.5, { keep: 100 });
        rowBody(pdf, data, r);
      }
    }
    for (const r of b.retired) pdf.muted(retiredText(data, r));
    pdf.gap(8);
  }
}

/** The plan as a table, low-hanging fruit first (the order mitigationViews gives). */
export function mitigationsSection(pdf: PdfLayout, data: ReportData): void {
  pdf.section(sectionTitle("mitigations"));
  if (data.mitigations.length === 0) {
    pdf.paragraph(SECTION_TEXT.noMitigations);
    return;
  }
  pdf.paragraph(SECTION_TEXT.mitigations, { size: 9.5 });
  pdf.table(
    [
      ["Item", 1.9],
      ["Mitigation", 4.2],
      ["Kind", 1.4],
      ["Status", 1.7],
      ["Owner", 2.3],
      ["Due", 2],
      ["Effort", 1.4],
      ["Rows", 2.6],
    ],
    data.mitigations.map((x) => [
      x.id + (x.lowHangingFruit ? "\nlow-hanging fruit" : ""),
      x.title + (x.description.trim() === "" ? "" : `\n${x.description}`),
      x.kind,
      x.status,
      x.owner ?? "—",
      formatDate(x.dueDate) || "—",
      x.effort,
      x.rowLevels
        .map((l) => (l.levelLabel === null ? l.row : `${l.row} (${l.levelLabel})`))
        .join(", "),
    ]),
    { size: 8 },
  );
}
