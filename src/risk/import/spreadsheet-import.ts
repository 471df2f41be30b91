/**
 * The group's spreadsheet (XLSX or CSV) → an import plan, without I/O. Every problem is reported
 * with sheet, row and column; a row with a problem is left out of the plan, so the caller can
 * either refuse the file (default) or import the rest (skip-invalid) from the same result.
 */
import { defaultRowId } from "../catalogue/rows.service.js";
import type { Workflow } from "../model.js";
import type { ImportIssue } from "./import.types.js";
import {
  byPosition,
  CATALOGUE_ID,
  ID_HINT,
  LIMITS,
  splitList,
  type PlanContext,
  type PlanResult,
} from "./import-plan.js";
import { assembleRows, type RowDraft } from "./row-drafts.js";
import { parseScore } from "./score-values.js";
import type { RawSheet } from "./sheet-model.js";
import { readTable, type Cell, type Table, type TableRow } from "./sheet-table.js";
import {
  GENERIC_WORKFLOW,
  normalizeHeader,
  ROW_COLUMNS,
  ROW_SHEET_NAMES,
  WORKFLOW_SHEET_NAMES,
  type RowField,
} from "./spreadsheet-columns.js";
import { planWorkflowSheet } from "./workflow-sheet.js";

/** "4", 4, "tr4", "TR 4" → "TR-4": the group numbers its threats TR-n. */
export function normalizeThreatId(cell: Cell): string {
  const t = cell.text.trim();
  const n = /^(?:tr[\s_-]*)?(\d+)$/i.exec(t)?.[1];
  return n === undefined ? t : `TR-${Number(n)}`;
}

/** A workflow cell → the workflow's id (by id, then by name, case-insensitive). */
function resolveWorkflow(text: string, known: Workflow[]): Workflow | undefined {
  const t = text.trim().toLowerCase();
  return (
    known.find((w) => w.id === text.trim()) ??
    known.find((w) => w.id.toLowerCase() === t) ??
    known.find((w) => w.name.trim().toLowerCase() === t)
  );
}

const NO_HEADER =
  "no header row found: expected a row naming columns such as Threat ID, Title, Workflow, " +
  "Likelihood and Impact among the first 10 rows";

/** Reads one data row into a draft, or returns the row's issues. */
function draftRow(
  table: Table<RowField>,
  r: TableRow<RowField>,
  ctx: PlanContext,
  workflows: Workflow[],
): RowDraft | ImportIssue[] {
  const issues = [...r.issues];
  const at = (column: string | undefined, message: string): void => {
    issues.push({
      ...(table.sheet === undefined ? {} : { sheet: table.sheet }),
      row: r.row,
      ...(column === undefined ? {} : { column }),
      message,
    });
  };
  const c = r.cells;
  const cols = table.columns;
  const textOf = (f: RowField, max: number = LIMITS.text): string | undefined => {
    const cell = c[f];
    if (cell === undefined) return undefined;
    if (cell.text.length > max) at(cell.column, `longer than ${max} characters`);
    return cell.text;
  };

  let threatId = "";
  if (c.threatId === undefined) {
    if (!issues.some((i) => i.column === cols.threatId))
      at(cols.threatId, "missing: every row needs a threat id");
  } else {
    threatId = normalizeThreatId(c.threatId);
    if (!CATALOGUE_ID.test(threatId))
      at(cols.threatId, `"${threatId}" is not a valid id (${ID_HINT})`);
  }

  let workflowId: string | null = null;
  const wfCell = c.workflow;
  if (wfCell !== undefined && !GENERIC_WORKFLOW.has(wfCell.text.trim().toLowerCase())) {
    const wf = resolveWorkflow(wfCell.text, workflows);
    if (wf !== undefined) workflowId = wf.id;
    else {
      const known = workflows.map((w) => w.id).join(", ");
      at(
        wfCell.column,
        `unknown workflow "${wfCell.text}" (${known === "" ? "no workflows are defined: add a Workflows sheet" : `known: ${known}`})`,
      );
    }
  }

  // A row id is given, or derived (TR-1, 4a) from a valid threat id.
  let rowId = c.rowId?.text.trim() ?? "";
  if (rowId !== "" && !CATALOGUE_ID.test(rowId))
    at(c.rowId?.column, `"${rowId}" is not a valid row id (${ID_HINT})`);
  else if (rowId === "" && CATALOGUE_ID.test(threatId))
    rowId = defaultRowId(threatId, workflowId ?? undefined, undefined);

  let score: RowDraft["score"] = null;
  const l = c.likelihood;
  const i = c.impact;
  if (l !== undefined || i !== undefined) {
    const both =
      "missing: a score needs both likelihood and impact (leave both empty for an unscored row)";
    const lv = l === undefined ? undefined : parseScore(ctx.methodology, "likelihood", l, "value");
    const iv = i === undefined ? undefined : parseScore(ctx.methodology, "impact", i, "value");
    const cellHasIssue = (col: string | undefined) => r.issues.some((x) => x.column === col);
    if (l === undefined && !cellHasIssue(cols.likelihood)) at(cols.likelihood, both);
    if (typeof lv === "string") at(l?.column, lv);
    if (i === undefined && !cellHasIssue(cols.impact)) at(cols.impact, both);
    if (typeof iv === "string") at(i?.column, iv);
    if (typeof lv === "number" && typeof iv === "number") score = { likelihood: lv, impact: iv };
  }

  const title = textOf("title", LIMITS.title);
  const assets = c.assets === undefined ? undefined : splitList(c.assets.text);
  if (assets !== undefined && assets.length > LIMITS.assets)
    at(c.assets?.column, `more than ${LIMITS.assets} assets`);
  if (assets?.some((a) => a.length > LIMITS.short))
    at(c.assets?.column, `an asset name is longer than ${LIMITS.short} characters`);
  const draft: RowDraft = {
    sheet: table.sheet,
    row: r.row,
    columns: { threatId: cols.threatId, rowId: cols.rowId, title: cols.title },
    threatId,
    rowId,
    workflowId,
    threat: {
      title,
      description: textOf("description"),
      vulnerability: textOf("vulnerability"),
      assets,
      currentMitigations: textOf("currentMitigations"),
      plannedMitigations: textOf("plannedMitigations"),
    },
    notes: textOf("notes") ?? "",
    score,
  };
  return issues.length > 0 ? issues : draft;
}

/** Plans the import of a workbook (or a CSV's single sheet) into the target described by ctx. */
export function planSpreadsheet(sheets: RawSheet[], ctx: PlanContext): PlanResult {
  const warnings: string[] = [];
  const isWorkflowSheet = (s: RawSheet) =>
    s.name !== undefined && WORKFLOW_SHEET_NAMES.has(normalizeHeader(s.name));
  const wfSheet = sheets.find(isWorkflowSheet);
  // A sheet named Rows/Risks first (a TTT report has a Summary sheet before it), then in order.
  const preferred = (s: RawSheet) =>
    s.name !== undefined && ROW_SHEET_NAMES.has(normalizeHeader(s.name)) ? 0 : 1;
  let table: Table<RowField> | undefined;
  for (const s of [...sheets].sort((a, b) => preferred(a) - preferred(b))) {
    if (s === wfSheet) continue;
    const t = table === undefined ? readTable(s, ROW_COLUMNS) : undefined;
    if (t !== undefined) table = t;
    else if (s.name !== undefined) warnings.push(`sheet ${s.name} ignored: not the sheet of rows`);
  }
  if (table === undefined) {
    const sheet = sheets.length === 1 ? sheets[0]?.name : undefined;
    return {
      plan: { threats: [], workflows: [], rows: [], warnings },
      issues: [{ ...(sheet === undefined ? {} : { sheet }), message: NO_HEADER }],
      fatal: true,
    };
  }
  const wf = wfSheet === undefined ? undefined : planWorkflowSheet(wfSheet, ctx);
  const fatal: ImportIssue[] = [...(wf?.fatal ?? []), ...table.fatal];
  const cols = table.columns;
  if ((cols.likelihood === undefined) !== (cols.impact === undefined)) {
    const missing = cols.likelihood === undefined ? "Likelihood" : "Impact";
    fatal.push({
      ...(table.sheet === undefined ? {} : { sheet: table.sheet }),
      row: table.headerRow,
      message: `missing column ${missing}: a score needs both likelihood and impact`,
    });
  }
  warnings.push(...(wf?.warnings ?? []), ...table.warnings);

  const known = [
    ...ctx.existing.workflows.filter((w) => !wf?.workflows.some((p) => p.workflow.id === w.id)),
    ...(wf?.workflows.map((p) => p.workflow) ?? []),
  ];
  const rowIssues: ImportIssue[] = [];
  const drafts: RowDraft[] = [];
  if (fatal.length === 0) {
    for (const r of table.rows) {
      const d = draftRow(table, r, ctx, known);
      if (Array.isArray(d)) rowIssues.push(...d);
      else drafts.push(d);
    }
  }
  const assembled = assembleRows(drafts, ctx);
  const issues = [...fatal, ...(wf?.issues ?? []), ...rowIssues, ...assembled.issues].sort(
    (a, b) => (a.sheet === b.sheet ? 0 : a.sheet === wfSheet?.name ? -1 : 1) || byPosition(a, b),
  );
  return {
    plan: {
      threats: assembled.threats,
      workflows: fatal.length === 0 ? (wf?.workflows ?? []) : [],
      rows: fatal.length === 0 ? assembled.rows : [],
      warnings: [...warnings, ...assembled.warnings],
    },
    issues: fatal.length > 0 ? fatal : issues,
    fatal: fatal.length > 0,
  };
}
