/**
 * Cell styling shared by the sheets of the XLSX report: level colours as solid fills with
 * readable text, bold shaded header rows, wrapped top-aligned text. Kept apart so every sheet of
 * the workbook looks alike and the colours are exactly the methodology's (the tests compare them).
 */
import type ExcelJS from "exceljs";
import type { TableCell, TableContent } from "./report.tables.js";
import { textColorOn } from "./text.js";

/** "#fb8c00" → "FFFB8C00", the ARGB form exceljs stores. */
export function argb(hex: string): string {
  return `FF${hex.replace(/^#/, "").toUpperCase()}`;
}

const HEADER_FILL = "#eeeeee";

/** A solid fill in `hex` with black or white text, whichever reads better. */
export function fillCell(cell: ExcelJS.Cell, hex: string, bold = false): void {
  cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: argb(hex) } };
  cell.font = { ...cell.font, bold, color: { argb: argb(textColorOn(hex)) } };
}

/** Long texts (descriptions, reasons) stay readable in a cell instead of running across. */
export function wrap(cell: ExcelJS.Cell): void {
  cell.alignment = { wrapText: true, vertical: "top" };
}

/** Bold, shaded, wrapped: how every table header of the workbook looks. */
export function styleHeader(row: ExcelJS.Row): void {
  row.eachCell((cell) => {
    fillCell(cell, HEADER_FILL, true);
    wrap(cell);
  });
}

/** Column widths in characters, since spreadsheets do not size columns to content. */
export function setWidths(ws: ExcelJS.Worksheet, widths: number[]): void {
  widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
}

/** What the report writes into cells: text, numbers (scores, counts) or nothing. */
export type CellValue = string | number | null;

/** A value with an optional fill, for tables where some cells carry a level colour. */
export interface StyledValue {
  value: CellValue;
  fill?: string | null | undefined;
  bold?: boolean;
}

const isStyled = (v: CellValue | StyledValue): v is StyledValue =>
  v !== null && typeof v === "object";

/**
 * Writes a header row and data rows from `startRow`, wrapping every cell; returns the next free
 * row (one blank row left after the table) so callers can stack blocks on one sheet.
 */
export function addTable(
  ws: ExcelJS.Worksheet,
  startRow: number,
  headers: string[],
  rows: (CellValue | StyledValue)[][],
): number {
  const head = ws.getRow(startRow);
  head.values = headers;
  styleHeader(head);
  rows.forEach((values, i) => {
    const row = ws.getRow(startRow + 1 + i);
    values.forEach((v, c) => {
      const cell = row.getCell(c + 1);
      cell.value = isStyled(v) ? v.value : v;
      wrap(cell);
      if (isStyled(v) && v.fill) fillCell(cell, v.fill, v.bold === true);
      else if (isStyled(v) && v.bold === true) cell.font = { bold: true };
    });
  });
  return startRow + rows.length + 2;
}

/** A bold line of text (a block title) at `row`; returns the next row. */
export function addHeading(ws: ExcelJS.Worksheet, row: number, text: string, size = 12): number {
  const cell = ws.getCell(row, 1);
  cell.value = text;
  cell.font = { bold: true, size };
  return row + 1;
}

/** Lines of prose in column A, one per row, wrapped across `span` merged columns. */
export function addLines(ws: ExcelJS.Worksheet, row: number, lines: string[], span = 1): number {
  // Spreadsheets do not grow merged rows to fit wrapped text: estimate the lines needed.
  let chars = 0;
  for (let c = 1; c <= span; c++) chars += ws.getColumn(c).width ?? 9;
  lines.forEach((line, i) => {
    const r = row + i;
    if (span > 1) ws.mergeCells(r, 1, r, span);
    const cell = ws.getCell(r, 1);
    cell.value = line;
    wrap(cell);
    const needed = Math.ceil((line.length * 1.1) / Math.max(10, chars));
    if (needed > 1) ws.getRow(r).height = 15 * needed;
  });
  return row + lines.length + 1;
}

/**
 * A neutral cell (report.tables.ts) in a sheet: ids and emphasis bold, colours as fills, a
 * second line after a line break; "nothing recorded" as an empty cell, as spreadsheets do.
 */
export function xlsxCell(c: TableCell): CellValue | StyledValue {
  if (c === null || typeof c !== "object") return c;
  const value = c.text + (c.after ?? "") + (c.sub === undefined ? "" : `\n${c.sub}`);
  const bold = c.row === true || c.strong === true;
  const fill = c.color ?? null;
  if (!bold && fill === null) return value;
  return bold ? { value, bold, ...(fill === null ? {} : { fill }) } : { value, fill };
}

/** A neutral table's headers and rows as addTable takes them. */
export function xlsxRows(t: TableContent): [string[], (CellValue | StyledValue)[][]] {
  return [t.headers, t.rows.map((r) => r.map(xlsxCell))];
}
