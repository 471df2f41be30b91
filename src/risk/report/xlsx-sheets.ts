/**
 * The working sheets of the XLSX report, in the shape of the group's own spreadsheet: the
 * meta-table, one line per row (read back by the spreadsheet import), the workflows those rows
 * refer to, every vote of every revealed round, the mitigation plan and the heatmap grid.
 */
import type ExcelJS from "exceljs";
import type { MetaCell, ReportData } from "./report.data.js";
import { activeRows, threatLabel } from "./report.prose.js";
import { formatScoreCompact, scaleValue } from "./text.js";
import { addLines, addTable, fillCell, setWidths, styleHeader, wrap } from "./xlsx-style.js";

/**
 * The Rows sheet's headers, exactly: the spreadsheet import (src/risk/import) matches them, so a
 * report can be edited and read back.
 */
export const ROWS_HEADERS = [
  "Row",
  "Threat",
  "Title",
  "Workflow",
  "Description",
  "Vulnerability",
  "Assets",
  "Current mitigations",
  "Planned mitigations",
  "Likelihood",
  "Impact",
  "Risk",
  "Rule",
  "Reason",
  "Notes",
] as const;

/** A header row at row 1 that stays in view, with `widths` per column. */
function header(ws: ExcelJS.Worksheet, headers: readonly string[], widths: number[]): void {
  ws.getRow(1).values = [...headers];
  styleHeader(ws.getRow(1));
  setWidths(ws, widths);
  ws.views = [{ state: "frozen", xSplit: 1, ySplit: 1 }];
}

function metaText(c: MetaCell): string {
  const split = c.split ? " (split)" : "";
  if (c.likelihood === null || c.impact === null || c.levelLabel === null) {
    return `${c.row}\nnot scored${split}`;
  }
  const score = { likelihood: c.likelihood, impact: c.impact, levelLabel: c.levelLabel };
  return `${c.row}\n${formatScoreCompact(score)}${split}`;
}

function putMeta(ws: ExcelJS.Worksheet, row: number, col: number, c: MetaCell): void {
  const cell = ws.getCell(row, col);
  cell.value = metaText(c);
  wrap(cell);
  if (c.color !== null) fillCell(cell, c.color);
}

/**
 * Threats down, workflows across. A workflow column holding several rows (variants such as
 * 4e-power) gets one spreadsheet line per row, so each keeps its own level colour; a generic
 * row spans every workflow column (a threat with both kinds gets its generic rows below, labelled
 * "(all workflows)", as in the HTML report).
 */
export function metaTableSheet(ws: ExcelJS.Worksheet, data: ReportData): void {
  const t = data.metaTable;
  const n = t.workflows.length;
  header(
    ws,
    ["Threat", ...t.workflows.map((w) => `${w.id} — ${w.name}`)],
    [36, ...t.workflows.map(() => 20)],
  );
  ws.getRow(1).height = 32;
  let row = 2;
  /** A block of `height` lines under one label; returns the next free row. */
  const block = (text: string, height: number, fill: (first: number) => void): number => {
    const label = ws.getCell(row, 1);
    label.value = text;
    label.font = { bold: true };
    wrap(label);
    if (height > 1) ws.mergeCells(row, 1, row + height - 1, 1);
    fill(row);
    for (let k = 0; k < height; k++) ws.getRow(row + k).height = 30;
    return row + height;
  };
  for (const line of t.lines) {
    const perWorkflow = line.perWorkflow;
    const generic = line.generic;
    if (perWorkflow !== null) {
      const height = Math.max(1, ...perWorkflow.map((cells) => cells.length));
      row = block(threatLabel(line.threat), height, (first) =>
        perWorkflow.forEach((cells, j) =>
          cells.forEach((c, k) => putMeta(ws, first + k, j + 2, c)),
        ),
      );
    }
    if (generic !== null) {
      const text =
        perWorkflow === null ? threatLabel(line.threat) : `${line.threat.id} (all workflows)`;
      row = block(text, Math.max(1, generic.length), (first) =>
        generic.forEach((c, k) => {
          if (n > 1) ws.mergeCells(first + k, 2, first + k, n + 1);
          putMeta(ws, first + k, 2, c);
        }),
      );
    }
  }
  addLines(
    ws,
    row + 1,
    [
      "Threats down, workflows across. Each cell gives a row, its likelihood × impact and its " +
        "level; “(split)” marks a row whose last round was split. A threat that is not unique " +
        "to a workflow has one generic row, spanning every workflow.",
    ],
    Math.max(1, n + 1),
  );
}

/**
 * One line per active row in the group's columns; the threat's own text (not the linked
 * mitigation items, which have their sheet) so an edit-and-import round trip changes nothing.
 */
export function rowsSheet(ws: ExcelJS.Worksheet, data: ReportData): void {
  header(ws, ROWS_HEADERS, [12, 9, 28, 10, 40, 40, 24, 40, 40, 11, 9, 11, 14, 40, 40]);
  const rows = activeRows(data);
  rows.forEach((r, i) => {
    const s = r.score;
    const line = ws.getRow(i + 2);
    line.values = [
      r.id,
      r.threat.id,
      r.threat.title,
      r.workflow?.id ?? "",
      r.threat.description,
      r.threat.vulnerability,
      r.threat.assets.join(", "),
      r.threat.currentMitigations,
      r.threat.plannedMitigations,
      s?.likelihood ?? null,
      s?.impact ?? null,
      s?.levelLabel ?? "",
      s?.rule ?? "",
      s?.reason ?? "",
      r.notes,
    ];
    line.eachCell((cell) => wrap(cell));
    if (s !== null) fillCell(line.getCell(12), s.color);
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: ROWS_HEADERS.length } };
}

/**
 * The workflows the Workflow column refers to (those of the meta-table: not retired, or still
 * used), in the import's "Workflows" sheet shape, so an import into a new assessment finds them.
 */
export function workflowsSheet(ws: ExcelJS.Worksheet, data: ReportData): void {
  const headers = ["ID", "Name", "Description", "Lifetime", "Scope breadth"];
  header(ws, [...headers, "Refresh/exchange", "Holder"], [8, 36, 50, 20, 28, 28, 24]);
  const shown = new Set(data.metaTable.workflows.map((w) => w.id));
  data.workflows
    .filter((w) => shown.has(w.id))
    .forEach((w, i) => {
      const line = ws.getRow(i + 2);
      line.values = [
        w.id,
        w.name,
        w.description,
        w.lifetime,
        w.scopeBreadth,
        w.refreshExchange,
        w.holder,
      ];
      line.eachCell((cell) => wrap(cell));
    });
}

const ROUND_HEADERS = [
  "Row",
  "Round",
  "Opened by",
  "Opened at",
  "Revealed at",
  "Voter",
  "Likelihood",
  "Impact",
  "Confidence",
  "Note",
  "Cast at",
  "Likelihood median",
  "Likelihood mean",
  "Likelihood IQR",
  "Likelihood consensus",
  "Impact median",
  "Impact mean",
  "Impact IQR",
  "Impact consensus",
];

/** One line per vote of every revealed round (open rounds have no visible votes). */
export function roundsSheet(ws: ExcelJS.Worksheet, data: ReportData): void {
  header(
    ws,
    ROUND_HEADERS,
    [12, 7, 16, 22, 22, 18, 10, 8, 11, 40, 22, 10, 10, 10, 12, 10, 10, 10, 12],
  );
  let row = 2;
  for (const r of data.rows) {
    for (const round of r.rounds) {
      if (round.state !== "revealed") continue;
      const st = round.stats;
      for (const v of round.votes) {
        ws.getRow(row++).values = [
          r.id,
          round.number,
          round.openedBy,
          round.openedAt,
          round.revealedAt ?? "",
          v.voter,
          v.likelihood,
          v.impact,
          v.confidence ?? "",
          v.note ?? "",
          v.castAt,
          st ? st.likelihood.median : null,
          st ? st.likelihood.mean : null,
          st ? st.likelihood.iqr : null,
          st?.likelihood.consensus ?? "",
          st ? st.impact.median : null,
          st ? st.impact.mean : null,
          st ? st.impact.iqr : null,
          st?.impact.consensus ?? "",
        ];
      }
    }
  }
  // Means stay unrounded in the cell (a reviewer may recompute them); two decimals are shown.
  for (const col of [13, 17]) ws.getColumn(col).numFmt = "0.00";
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: ROUND_HEADERS.length } };
}

/** The plan as the tracker shows it: low-hanging fruit first, then by due date. */
export function mitigationsSheet(ws: ExcelJS.Worksheet, data: ReportData): void {
  const headers = ["Id", "Title", "Description", "Kind", "Status", "Owner", "Due", "Effort"];
  header(
    ws,
    [...headers, "Low-hanging fruit", "Rows", "Highest level"],
    [8, 36, 44, 10, 12, 18, 12, 9, 10, 30, 14],
  );
  const m = data.methodology;
  data.mitigations.forEach((x, i) => {
    const line = ws.getRow(i + 2);
    const highest = m.levels.find((l) => l.id === x.highestLevel);
    line.values = [
      x.id,
      x.title,
      x.description,
      x.kind,
      x.status,
      x.owner ?? "",
      x.dueDate ?? "",
      x.effort,
      x.lowHangingFruit ? "yes" : "",
      x.rowLevels.map((l) => `${l.row} (${l.levelLabel ?? "unscored"})`).join(", "),
      highest?.label ?? "",
    ];
    line.eachCell((cell) => wrap(cell));
    if (highest !== undefined) fillCell(line.getCell(11), highest.color);
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length + 3 } };
}

/** The heatmap as a coloured grid: each cell holds the ids of the rows settled there. */
export function heatmapSheet(ws: ExcelJS.Worksheet, data: ReportData): void {
  const m = data.methodology;
  const impacts = [...new Set(data.heatmap.map((c) => c.impact))].sort((a, b) => a - b);
  const likelihoods = [...new Set(data.heatmap.map((c) => c.likelihood))].sort((a, b) => b - a);
  header(
    ws,
    ["Likelihood \\ Impact", ...impacts.map((i) => scaleValue(m.impact, i))],
    [26, ...impacts.map(() => 22)],
  );
  likelihoods.forEach((l, k) => {
    const row = ws.getRow(k + 2);
    row.height = 48;
    const label = row.getCell(1);
    label.value = scaleValue(m.likelihood, l);
    label.font = { bold: true };
    wrap(label);
    impacts.forEach((i, j) => {
      const c = data.heatmap.find((x) => x.likelihood === l && x.impact === i);
      if (c === undefined) return;
      const cell = row.getCell(j + 2);
      cell.value = c.rows.length > 0 ? c.rows.join(", ") : null;
      wrap(cell);
      fillCell(cell, c.color);
    });
  });
  addTable(
    ws,
    likelihoods.length + 3,
    ["Level", "Rows"],
    m.levels.map((lv) => [
      { value: lv.label, fill: lv.color },
      data.summary.countsByLevel.find((c) => c.level === lv.id)?.count ?? 0,
    ]),
  );
}
