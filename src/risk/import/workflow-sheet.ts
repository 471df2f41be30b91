/**
 * The optional "Workflows" sheet: the token workflows that rows refer to. A workflow already in
 * the target is updated with the sheet's non-empty cells; a new one needs an id and a name.
 */
import type { Workflow } from "../model.js";
import type { ImportIssue } from "./import.types.js";
import {
  CATALOGUE_ID,
  ID_HINT,
  LIMITS,
  nextPosition,
  type ImportPlan,
  type PlanContext,
} from "./import-plan.js";
import type { RawSheet } from "./sheet-model.js";
import { readTable } from "./sheet-table.js";
import { WORKFLOW_COLUMNS, type WorkflowField } from "./spreadsheet-columns.js";

export interface WorkflowSheetPlan {
  workflows: ImportPlan["workflows"];
  issues: ImportIssue[];
  fatal: ImportIssue[];
  warnings: string[];
}

const TEXT_FIELDS = [
  "description",
  "lifetime",
  "scopeBreadth",
  "refreshExchange",
  "holder",
] as const;

/** Rows refer to workflows by id or name, so these are planned (and checked) before the rows. */
export function planWorkflowSheet(sheet: RawSheet, ctx: PlanContext): WorkflowSheetPlan {
  const table = readTable(sheet, WORKFLOW_COLUMNS);
  if (table === undefined) {
    return {
      workflows: [],
      issues: [],
      fatal: [
        {
          ...(sheet.name === undefined ? {} : { sheet: sheet.name }),
          message: "no header row found: expected columns ID and Name among the first 10 rows",
        },
      ],
      warnings: [],
    };
  }
  const issues: ImportIssue[] = [];
  const workflows: ImportPlan["workflows"] = [];
  const firstRow = new Map<string, number>();
  let position = nextPosition(ctx.existing.workflows);

  for (const r of table.rows) {
    const before = issues.length;
    const at = (column: string | undefined, message: string) =>
      issues.push({
        ...(table.sheet === undefined ? {} : { sheet: table.sheet }),
        row: r.row,
        ...(column === undefined ? {} : { column }),
        message,
      });
    issues.push(...r.issues);
    const has = (f: WorkflowField) => r.issues.some((i) => i.column === table.columns[f]);
    const id = r.cells.id?.text ?? "";
    const name = r.cells.name?.text ?? "";
    if (id === "" && !has("id")) at(table.columns.id, "missing: every workflow needs an id");
    else if (id !== "" && !CATALOGUE_ID.test(id))
      at(table.columns.id, `"${id}" is not a valid id (${ID_HINT})`);
    else if (firstRow.has(id))
      at(table.columns.id, `duplicate workflow id ${id} (first on row ${firstRow.get(id) ?? 0})`);
    const existing = ctx.existing.workflows.find((w) => w.id === id);
    if (name === "" && existing === undefined && !has("name"))
      at(table.columns.name, "missing: a new workflow needs a name");
    if (name.length > LIMITS.title)
      at(table.columns.name, `longer than ${LIMITS.title} characters`);
    for (const f of TEXT_FIELDS) {
      const cell = r.cells[f];
      const max = f === "description" ? LIMITS.text : LIMITS.short;
      if (cell !== undefined && cell.text.length > max)
        at(cell.column, `longer than ${max} characters`);
    }
    if (id !== "" && !firstRow.has(id)) firstRow.set(id, r.row);
    if (issues.length > before) continue;

    const text = (f: (typeof TEXT_FIELDS)[number]) => r.cells[f]?.text ?? existing?.[f] ?? "";
    const workflow: Workflow = {
      id,
      name: name === "" ? (existing?.name ?? id) : name,
      description: text("description"),
      lifetime: text("lifetime"),
      scopeBreadth: text("scopeBreadth"),
      refreshExchange: text("refreshExchange"),
      holder: text("holder"),
      retired: existing?.retired ?? false,
      position: existing?.position ?? position,
    };
    if (existing === undefined) position += 10;
    if (existing === undefined || JSON.stringify(existing) !== JSON.stringify(workflow))
      workflows.push({ workflow, before: existing });
  }
  return { workflows, issues, fatal: table.fatal, warnings: table.warnings };
}
