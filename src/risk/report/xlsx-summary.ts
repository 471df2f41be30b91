/**
 * The Summary sheet (cover, executive summary, figures) and the Methodology sheet of the XLSX
 * report, with the same sentences as the other formats (report.prose.ts).
 *
 * The Summary sheet comes first in the workbook, and the spreadsheet import takes the first sheet
 * whose top ten rows name two known row columns as the sheet of rows; so no row near the top of
 * this sheet carries two column-like labels (no "Title" / "Description" pairs).
 */
import type ExcelJS from "exceljs";
import {
  changeItems,
  changesHeading,
  CONSENSUS_TEXT,
  countsByLevelLine,
  coverFacts,
  extremesSentence,
  ILLUSTRATIVE_NOTICE,
  noChangesSentence,
  rowsLine,
  scoresMovedLine,
  splitSentence,
  VOTING_TEXT,
} from "./report.prose.js";
import type { ReportData } from "./report.data.js";
import { REPORT_SECTIONS } from "./report.sections.js";
import {
  countsTable,
  figuresTable,
  rulesTable,
  scaleTable,
  scoreMovesTable,
  SECTION_TEXT,
  summaryLists,
  type TableContent,
} from "./report.tables.js";
import {
  addHeading,
  addLines,
  addTable,
  fillCell,
  setWidths,
  wrap,
  xlsxRows,
  type StyledValue,
} from "./xlsx-style.js";

const title = (id: (typeof REPORT_SECTIONS)[number]["id"]) =>
  REPORT_SECTIONS.find((s) => s.id === id)?.title ?? id;

/** Prose spans columns A–F of the Summary and Methodology sheets. */
const SPAN = 6;

/**
 * Rows by id as the other formats list them, with the full name before the score here (the
 * wide column B of the sheet holds the name); "None." when there are none.
 */
function rowTable(ws: ExcelJS.Worksheet, row: number, t: TableContent | null): number {
  if (t === null) return addLines(ws, row, ["None."], SPAN);
  const [headers, rows] = xlsxRows(t);
  const order = <T>(xs: T[]): T[] => [xs[0], xs[2], xs[1]] as T[];
  return addTable(ws, row, order(headers), rows.map(order));
}

function changes(ws: ExcelJS.Worksheet, row: number, data: ReportData): number {
  row = addHeading(ws, row, changesHeading(data), 11);
  const items = changeItems(data);
  if (items === null) return addLines(ws, row, [noChangesSentence(data)], SPAN);
  for (const item of items) {
    ws.getCell(row, 1).value = item.label;
    ws.getCell(row, 1).font = { bold: true };
    ws.mergeCells(row, 2, row, SPAN);
    ws.getCell(row, 2).value = item.text;
    wrap(ws.getCell(row, 2));
    row++;
  }
  row = addLines(ws, row + 1, [scoresMovedLine(data)], SPAN);
  const moves = scoreMovesTable(data);
  return moves === null ? row : addTable(ws, row - 1, ...xlsxRows(moves));
}

function figures(ws: ExcelJS.Worksheet, row: number, data: ReportData): number {
  const f = data.figures;
  row = addHeading(ws, row, "Figures recorded", 11);
  // Column B is the wide one: the figures start in column C, under the other numbers.
  const [headers, rows] = xlsxRows(figuresTable(data));
  const gap = <T>(xs: T[], blank: T): T[] => [xs[0] as T, blank, ...xs.slice(1)];
  row = addTable(
    ws,
    row,
    gap(headers, ""),
    rows.map((r) => gap(r, "")),
  );
  row = addTable(
    ws,
    row,
    ["Rounds", "", "Revealed", "Split", "Split, settled high"],
    [["Rounds of this version", "", f.revealedRounds, f.splitRounds, f.splitSettledHigh]],
  );
  return addLines(ws, row, [extremesSentence(data), splitSentence(data)], SPAN);
}

/** Cover, executive summary and recorded figures: what a reader opening the file sees first. */
export function summarySheet(ws: ExcelJS.Worksheet, data: ReportData): void {
  const { assessment: a, version: v } = data;
  setWidths(ws, [26, 56, 16, 16, 16, 16]);
  ws.mergeCells(1, 1, 1, SPAN);
  const head = ws.getCell(1, 1);
  head.value = a.title;
  head.font = { bold: true, size: 16 };
  wrap(head);
  ws.getRow(1).height = 42;
  if (a.illustrative) {
    ws.mergeCells(2, 1, 2, SPAN);
    const notice = ws.getCell(2, 1);
    notice.value = ILLUSTRATIVE_NOTICE;
    fillCell(notice, "#fff3cd", true);
  }
  let row = addHeading(ws, 4, `${title("cover")}: risk assessment report — version ${v.label}`);
  const facts: [string, string][] = [
    ...coverFacts(data),
    ["About", a.description],
    ["Version notes", v.notes],
    ["Generated", data.generatedAt],
  ];
  for (const [label, value] of facts) {
    ws.getCell(row, 1).value = label;
    ws.getCell(row, 1).font = { bold: true };
    ws.mergeCells(row, 2, row, SPAN);
    const cell = ws.getCell(row, 2);
    cell.value = value;
    wrap(cell);
    if (value.length > 100) ws.getRow(row).height = 15 * Math.ceil(value.length / 100);
    row++;
  }

  row = addHeading(ws, row + 1, title("summary"));
  row = addTable(ws, row, ...xlsxRows(countsTable(data)));
  row = addLines(
    ws,
    row - 1,
    [`Counts per level: ${countsByLevelLine(data)}`, rowsLine(data)],
    SPAN,
  );
  for (const l of summaryLists(data)) {
    row = addHeading(ws, row, l.heading, 11);
    row = addLines(ws, row, [l.criterion], SPAN) - 1;
    row = rowTable(ws, row, l.table);
  }
  row = changes(ws, row, data);
  figures(ws, row, data);
}

/** Scales, levels, the coloured matrix, and the voting and settlement rules. */
export function methodologySheet(ws: ExcelJS.Worksheet, data: ReportData): void {
  const m = data.methodology;
  setWidths(ws, [26, 40, 18, 18, 18, 18]);
  let row = addHeading(ws, 1, `${title("methodology")}: ${m.name}`, 14);
  row = addLines(ws, row, [m.description], SPAN);
  for (const axis of ["likelihood", "impact"] as const) {
    row = addHeading(ws, row, axis === "likelihood" ? "Likelihood" : "Impact", 11);
    row = addTable(ws, row, ...xlsxRows(scaleTable(data, axis)));
  }
  row = addHeading(ws, row, "Risk matrix", 11);
  row = addLines(ws, row, [SECTION_TEXT.matrix], SPAN);
  row = addTable(
    ws,
    row - 1,
    ["Likelihood ↓ Impact →", ...m.impact.map((i) => `${i.value} ${i.label}`)],
    [...m.likelihood].reverse().map((l) => {
      const li = m.likelihood.indexOf(l);
      return [
        { value: `${l.value} ${l.label}`, bold: true },
        ...m.impact.map((_, ii): StyledValue => {
          const level = m.levels[m.grid[li]?.[ii] ?? -1];
          return { value: level?.label ?? "?", fill: level?.color ?? null };
        }),
      ];
    }),
  );
  row = addTable(
    ws,
    row,
    ["Level", "Description", "Colour", "Id"],
    m.levels.map((l) => [{ value: l.label, fill: l.color }, l.description, l.color, l.id]),
  );
  row = addHeading(ws, row, "Voting and settlement", 11);
  row = addLines(
    ws,
    row,
    [
      ...VOTING_TEXT.map((t, i) => `${i + 1}. ${t}`),
      SECTION_TEXT.graded,
      ...Object.values(CONSENSUS_TEXT).map((t) => `• ${t}`),
      SECTION_TEXT.delphi,
    ],
    SPAN,
  );
  addTable(ws, row, ...xlsxRows(rulesTable(data)));
}
