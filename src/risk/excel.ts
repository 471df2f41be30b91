import type ExcelJS from "exceljs";

/**
 * exceljs, loaded when a workbook is first read or written, not with the module graph: it adds
 * some 17 MB to a process and a quarter of a second to its start, which every `ttt` command
 * (an ingest's writer included) paid before (bench/RESULTS.md, 2026-11-27).
 */
export async function loadExcel(): Promise<typeof ExcelJS> {
  return (await import("exceljs")).default;
}
