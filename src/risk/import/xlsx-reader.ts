/**
 * XLSX → RawSheet[] with exceljs. Values are taken as stored: a formula stays a formula (its
 * cached result is ignored — TTT never evaluates formulas, so a stale or hand-broken cache cannot
 * slip in as a score), merged ranges are listed so the importer can refuse ambiguous cells.
 */
import ExcelJS from "exceljs";
import { ImportRejectedError } from "./import.types.js";
import { parseRange, type MergeRange, type RawCell, type RawSheet } from "./sheet-model.js";

/** XLSX files are ZIP archives: they start with "PK\x03\x04". */
export function looksLikeZip(data: Buffer): boolean {
  return data.length >= 4 && data.readUInt32BE(0) === 0x504b0304;
}

function dateText(d: Date): string {
  const iso = d.toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
}

function richText(value: unknown): string {
  const parts = (value as { richText?: { text?: unknown }[] }).richText ?? [];
  return parts.map((p) => (typeof p.text === "string" ? p.text : "")).join("");
}

/** One exceljs cell as a RawCell; exhaustive over exceljs's value types. */
function toRawCell(cell: ExcelJS.Cell): RawCell {
  const v: unknown = cell.value;
  switch (cell.type) {
    case ExcelJS.ValueType.Null:
    case ExcelJS.ValueType.Merge:
      return null;
    case ExcelJS.ValueType.Formula:
      return { formula: cell.formula || "(shared formula)" };
    case ExcelJS.ValueType.Error: {
      const error = (v as { error?: unknown }).error;
      return { error: typeof error === "string" ? error : "#ERROR" };
    }
    case ExcelJS.ValueType.Number:
      return typeof v === "number" ? v : null;
    case ExcelJS.ValueType.Date:
      return v instanceof Date ? dateText(v) : null;
    case ExcelJS.ValueType.Boolean:
      return v === true ? "TRUE" : "FALSE";
    case ExcelJS.ValueType.Hyperlink: {
      const text = (v as { text?: unknown }).text;
      return typeof text === "string" ? text : typeof text === "object" ? richText(text) : "";
    }
    case ExcelJS.ValueType.RichText:
      return richText(v);
    case ExcelJS.ValueType.String:
    case ExcelJS.ValueType.SharedString:
      return typeof v === "string" ? v : String(v);
  }
}

function merges(ws: ExcelJS.Worksheet): MergeRange[] {
  const refs = (ws.model as { merges?: unknown }).merges;
  if (!Array.isArray(refs)) return [];
  return refs
    .filter((r): r is string => typeof r === "string")
    .map((r) => parseRange(r))
    .filter((r): r is MergeRange => r !== undefined);
}

/** Every worksheet of the workbook, in order; an unreadable file is rejected (422). */
export async function readXlsx(data: Buffer): Promise<RawSheet[]> {
  if (!looksLikeZip(data)) {
    throw new ImportRejectedError("not an XLSX file", [
      { message: "the file is not an XLSX workbook (no ZIP signature); save it as .xlsx" },
    ]);
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ImportRejectedError("unreadable XLSX file", [
      { message: `cannot read the workbook: ${reason}` },
    ]);
  }
  return wb.worksheets.map((ws) => {
    const rows: RawSheet["rows"] = [];
    ws.eachRow({ includeEmpty: false }, (row, number) => {
      const cells: RawCell[] = [];
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        cells[col - 1] = toRawCell(cell);
      });
      for (let i = 0; i < cells.length; i++) cells[i] ??= null;
      rows.push({ number, cells });
    });
    return { name: ws.name, rows, merges: merges(ws) };
  });
}
