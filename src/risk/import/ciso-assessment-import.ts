/**
 * A CISO Assistant risk-assessment export (CSV: semicolon-separated, usually behind a UTF-8 BOM;
 * or the same columns in XLSX) → an import plan. Format checked against
 * intuitem/ciso-assistant-community backend/core/views.py `risk_assessment_csv`: columns ref_id;
 * assets; threats; name; description; existing_controls; current_impact; current_proba;
 * current_risk; additional_controls; residual_impact; residual_proba; residual_risk; treatment;
 * strength_of_knowledge (optionally inherent_impact/proba/level; older releases wrote rid,
 * current_level, applied_controls, residual_level). Lists are comma-joined names; scores are the
 * NAMES of the matrix's levels ("Low", "High", "--" when unassessed), so the matrix must be
 * imported first and the assessment use it.
 *
 * Mapping: each scenario becomes one threat and its generic row, both with the scenario's
 * ref_id as id (S-n when empty). Current probability/impact become the settled score; TTT has no
 * residual score, so residual, inherent, treatment and strength of knowledge go to the row's notes.
 */
import { riskLevel } from "../methodology/grid.js";
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
import { readTable, type Table, type TableRow } from "./sheet-table.js";
import { normalizeHeader, type TableSpec } from "./spreadsheet-columns.js";

type CisoField =
  | "ref"
  | "name"
  | "description"
  | "threats"
  | "assets"
  | "vulnerabilities"
  | "existingControls"
  | "additionalControls"
  | "likelihood"
  | "impact"
  | "level"
  | "residualLikelihood"
  | "residualImpact"
  | "residualLevel"
  | "inherentLikelihood"
  | "inherentImpact"
  | "inherentLevel"
  | "treatment"
  | "knowledge"
  | "justification";

const col = (field: CisoField, label: string, headers: string[], required = false) => ({
  field,
  label,
  headers,
  required,
});

export const CISO_COLUMNS: TableSpec<CisoField> = {
  columns: [
    col("ref", "ref_id", ["ref_id", "rid", "ref", "reference", "id"]),
    col("name", "name", ["name", "scenario", "risk scenario", "title"], true),
    col("description", "description", ["description"]),
    col("threats", "threats", ["threats", "threat"]),
    col("assets", "assets", ["assets", "asset"]),
    col("vulnerabilities", "vulnerabilities", ["vulnerabilities", "vulnerability"]),
    col("existingControls", "existing_controls", [
      "existing_controls",
      "existing_applied_controls",
    ]),
    col("additionalControls", "additional_controls", [
      "additional_controls",
      "applied_controls",
      "extra_applied_controls",
      "added_controls",
    ]),
    col("likelihood", "current_proba", [
      "current_proba",
      "current probability",
      "current likelihood",
      "probability",
      "proba",
    ]),
    col("impact", "current_impact", ["current_impact", "impact"]),
    col("level", "current_risk", ["current_risk", "current_level", "current risk level"]),
    col("residualLikelihood", "residual_proba", ["residual_proba", "residual probability"]),
    col("residualImpact", "residual_impact", ["residual_impact"]),
    col("residualLevel", "residual_risk", ["residual_risk", "residual_level"]),
    col("inherentLikelihood", "inherent_proba", ["inherent_proba", "inherent probability"]),
    col("inherentImpact", "inherent_impact", ["inherent_impact"]),
    col("inherentLevel", "inherent_level", ["inherent_level", "inherent_risk"]),
    col("treatment", "treatment", ["treatment", "treatment status"]),
    col("knowledge", "strength_of_knowledge", ["strength_of_knowledge"]),
    col("justification", "justification", ["justification"]),
  ],
  ignored: [],
};

/** Headers only CISO Assistant's export has: enough to tell it from the group's spreadsheet. */
const MARKERS = new Set(
  [
    "current_proba",
    "current_impact",
    "current_risk",
    "current_level",
    "residual_proba",
    "residual_impact",
    "residual_risk",
    "residual_level",
    "existing_applied_controls",
    "additional_controls",
    "strength_of_knowledge",
  ].map(normalizeHeader),
);

/** True when one of the sheet's top rows has a CISO Assistant column. */
export function looksLikeCisoAssessment(sheet: RawSheet): boolean {
  return sheet.rows
    .filter((r) => r.number <= 10)
    .some((r) => r.cells.some((c) => typeof c === "string" && MARKERS.has(normalizeHeader(c))));
}

const UNASSESSED = new Set(["", "--", "-", "—"]);
const assessed = (t: string | undefined) => t !== undefined && !UNASSESSED.has(t.trim());

function draftScenario(
  t: Table<CisoField>,
  r: TableRow<CisoField>,
  ordinal: number,
  ctx: PlanContext,
  warnings: string[],
): RowDraft | ImportIssue[] {
  const issues = [...r.issues];
  const at = (column: string | undefined, message: string) =>
    issues.push({
      ...(t.sheet === undefined ? {} : { sheet: t.sheet }),
      row: r.row,
      ...(column === undefined ? {} : { column }),
      message,
    });
  const c = r.cells;
  const text = (f: CisoField) => c[f]?.text ?? "";
  let id = text("ref");
  if (id === "") id = `S-${ordinal}`;
  else if (!CATALOGUE_ID.test(id))
    at(c.ref?.column, `"${id}" is not usable as a row id (${ID_HINT})`);
  const name = text("name");
  if (name === "" && !r.issues.some((i) => i.column === t.columns.name))
    at(t.columns.name, "missing: every scenario needs a name");
  if (name.length > LIMITS.title) at(t.columns.name, `longer than ${LIMITS.title} characters`);

  let score: RowDraft["score"] = null;
  const l = c.likelihood;
  const i = c.impact;
  if (assessed(l?.text) || assessed(i?.text)) {
    const both =
      'missing: a score needs both probability and impact ("--" on both for an unassessed scenario)';
    const lv =
      l && assessed(l.text) ? parseScore(ctx.methodology, "likelihood", l, "label") : undefined;
    const iv =
      i && assessed(i.text) ? parseScore(ctx.methodology, "impact", i, "label") : undefined;
    if (lv === undefined) at(t.columns.likelihood, both);
    else if (typeof lv === "string") at(l?.column, lv);
    if (iv === undefined) at(t.columns.impact, both);
    else if (typeof iv === "string") at(i?.column, iv);
    if (typeof lv === "number" && typeof iv === "number") {
      score = { likelihood: lv, impact: iv };
      const computed = riskLevel(ctx.methodology, lv, iv).level.label;
      const given = text("level");
      if (assessed(given) && given.trim().toLowerCase() !== computed.toLowerCase())
        warnings.push(
          `row ${r.row}: CISO Assistant's current risk "${given}" differs from "${computed}" in the grid of "${ctx.methodology.id}"; TTT uses the grid`,
        );
    }
  }
  if (issues.length > 0) return issues;

  const triple = (p: CisoField, im: CisoField, lv: CisoField) =>
    [
      ["probability", p],
      ["impact", im],
      ["risk", lv],
    ]
      .filter(([, f]) => assessed(text(f as CisoField)))
      .map(([label, f]) => `${label} ${text(f as CisoField)}`)
      .join(", ");
  const notes = [
    ["Residual (CISO Assistant)", triple("residualLikelihood", "residualImpact", "residualLevel")],
    ["Inherent (CISO Assistant)", triple("inherentLikelihood", "inherentImpact", "inherentLevel")],
    ["Treatment", text("treatment")],
    ["Strength of knowledge", assessed(text("knowledge")) ? text("knowledge") : ""],
    ["Justification", text("justification")],
  ]
    .filter(([, v]) => v !== "")
    .map(([k, v]) => `${k}: ${v}`);
  const threats = text("threats");
  return {
    sheet: t.sheet,
    row: r.row,
    columns: {
      threatId: t.columns.ref ?? t.columns.name,
      rowId: t.columns.ref,
      title: t.columns.name,
    },
    threatId: id,
    rowId: id,
    workflowId: null,
    threat: {
      title: name,
      description: text("description"),
      vulnerability: text("vulnerabilities"),
      assets: splitList(text("assets")),
      currentMitigations: text("existingControls"),
      plannedMitigations: text("additionalControls"),
      notes: threats === "" ? "" : `CISO Assistant threats: ${threats}`,
    },
    notes: notes.join("\n"),
    score,
  };
}

/** Plans the import of the first sheet that has CISO Assistant's columns. */
export function planCisoAssessment(sheets: RawSheet[], ctx: PlanContext): PlanResult {
  const warnings: string[] = [];
  let table: Table<CisoField> | undefined;
  for (const s of sheets) {
    const t =
      table === undefined && looksLikeCisoAssessment(s) ? readTable(s, CISO_COLUMNS) : undefined;
    if (t !== undefined) table = t;
    else if (s.name !== undefined)
      warnings.push(`sheet ${s.name} ignored: no CISO Assistant columns`);
  }
  if (table === undefined) {
    return {
      plan: { threats: [], workflows: [], rows: [], warnings },
      issues: [
        {
          message:
            "no CISO Assistant header row found (expected ref_id, name, current_proba, current_impact …)",
        },
      ],
      fatal: true,
    };
  }
  const fatal = [...table.fatal];
  if ((table.columns.likelihood === undefined) !== (table.columns.impact === undefined))
    fatal.push({
      ...(table.sheet === undefined ? {} : { sheet: table.sheet }),
      row: table.headerRow,
      message: "current_proba and current_impact come together: one of them is missing",
    });
  warnings.push(...table.warnings);
  if (fatal.length > 0)
    return { plan: { threats: [], workflows: [], rows: [], warnings }, issues: fatal, fatal: true };

  const rowIssues: ImportIssue[] = [];
  const drafts: RowDraft[] = [];
  table.rows.forEach((r, n) => {
    const d = draftScenario(table, r, n + 1, ctx, warnings);
    if (Array.isArray(d)) rowIssues.push(...d);
    else drafts.push(d);
  });
  const assembled = assembleRows(drafts, ctx);
  const issues = [...rowIssues, ...assembled.issues].sort(byPosition);
  return {
    plan: {
      threats: assembled.threats,
      workflows: [],
      rows: assembled.rows,
      warnings: [...warnings, ...assembled.warnings],
    },
    issues,
    fatal: false,
  };
}
