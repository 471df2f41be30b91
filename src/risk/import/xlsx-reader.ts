/**
 * XLSX → RawSheet[] with exceljs. Values are taken as stored: a formula stays a formula (its
 * cached result is ignored — TTT never evaluates formulas, so a stale or hand-broken cache cannot
 * slip in as a score), merged ranges are listed so the importer can refuse ambiguous cells.
 */
import type ExcelJS from "exceljs";
import { loadExcel } from "../excel.js";
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
function toRawCell(cell: ExcelJS.Cell, types: typeof ExcelJS.ValueType): RawCell {
  const v: unknown = cell.value;
  switch (cell.type) {
    case types.Null:
    case types.Merge:
      return null;
    case types.Formula:
      return { formula: cell.formula || "(shared formula)" };
    case types.Error: {
      const error = (v as { error?: unknown }).error;
      return { error: typeof error === "string" ? error : "#ERROR" };
    }
    case types.Number:
      return typeof v === "number" ? v : null;
    case types.Date:
      return v instanceof Date ? dateText(v) : null;
    case types.Boolean:
      return v === true ? "TRUE" : "FALSE";
    case types.Hyperlink: {
      const text = (v as { text?: unknown }).text;
      return typeof text === "string" ? text : typeof text === "object" ? richText(text) : "";
    }
    case types.RichText:
      return richText(v);
    case types.String:
    case types.SharedString:
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
  const excel = await loadExcel();
  const wb = new excel.Workbook();
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
        cells[col - 1] = toRawCell(cell, excel.ValueType);
      });
      for (let i = 0; i < cells.length; i++) cells[i] ??= null;
      rows.push({ number, cells });
    });
    return { name: ws.name, rows, merges: merges(ws) };
  });
}
