import type ExcelJS from "exceljs";

/**
 * exceljs, loaded when a workbook is first read or written, not with the module graph: imported
 * alone it adds 28 MB of resident memory to a bare Node process and about a quarter of a second,
 * which every `ttt` command (an ingest's writer included) paid before (2026-11-27).
 */
export async function loadExcel(): Promise<typeof ExcelJS> {
  return (await import("exceljs")).default;
}
