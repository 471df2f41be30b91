/**
 * The XLSX report of a version: the group's working spreadsheet (meta-table, rows, rounds and
 * votes, mitigations, methodology) with a Summary sheet first and a Heatmap sheet last, so people
 * who live in spreadsheets get the same content as the PDF, filterable, and can edit the Rows
 * sheet and import it again (its headers are the import's).
 */
import type ExcelJS from "exceljs";
import { loadExcel } from "../excel.js";
import type { ReportData } from "./report.data.js";
import {
  heatmapSheet,
  metaTableSheet,
  mitigationsSheet,
  roundsSheet,
  rowsSheet,
  workflowsSheet,
} from "./xlsx-sheets.js";
import { methodologySheet, summarySheet } from "./xlsx-summary.js";

type SheetWriter = (ws: ExcelJS.Worksheet, data: ReportData) => void;

/** Sheet names in workbook order (the tests and the import rely on them). */
export const XLSX_SHEETS: readonly [string, SheetWriter][] = [
  ["Summary", summarySheet],
  ["Meta-table", metaTableSheet],
  ["Rows", rowsSheet],
  ["Workflows", workflowsSheet],
  ["Rounds", roundsSheet],
  ["Mitigations", mitigationsSheet],
  ["Methodology", methodologySheet],
  ["Heatmap", heatmapSheet],
];

/** The XLSX of one version; the Buffer is the whole file (report.service.ts sends it as is). */
export async function renderXlsx(data: ReportData): Promise<Buffer> {
  const excel = await loadExcel();
  const wb = new excel.Workbook();
  const at = new Date(data.generatedAt);
  wb.creator = "ttt";
  wb.lastModifiedBy = "ttt";
  wb.created = at;
  wb.modified = at;
  wb.title = `${data.assessment.title} — ${data.version.label}`;
  wb.subject = `Risk assessment report of ${data.assessment.id}, version ${data.version.label}`;
  for (const [name, write] of XLSX_SHEETS) write(wb.addWorksheet(name), data);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
