/**
 * The CSV report of a version: one record per active row, in the columns of CISO Assistant's
 * risk-assessment export, so the file can go into CISO Assistant (data import wizard / CLI) or any
 * tool that reads that export. Semicolon-separated, CRLF, UTF-8 with a BOM (what CISO Assistant
 * writes and what Excel needs to read UTF-8).
 *
 * Columns, as CISO Assistant writes them — intuitem/ciso-assistant-community,
 * backend/core/views.py, RiskAssessmentViewSet.risk_assessment_csv (strength_of_knowledge was
 * added in later releases; inherent_* only behind a feature flag, left out here). Its import
 * (docs/guide/data-import-wizard.md, "Risk assessment") reads ref_id, name, description,
 * existing_controls, current_impact, current_proba, additional_controls, residual_impact,
 * residual_proba and treatment, scores as the NAMES of the matrix's levels, controls separated by
 * line breaks; it recomputes the risk levels from the matrix.
 *
 * Mapping:
 * - ref_id: the row id (4a, TR-1 …).
 * - assets: the threat's assets, comma-joined (as CISO Assistant joins lists).
 * - threats: the threat, "TR-4 Token theft or leak" (a placeholder says so).
 * - name: the row's full name (threat / workflow / variant).
 * - description: the threat description, then the vulnerability, the threat's current and
 *   planned mitigation text, the row's notes and the settlement (rule and reason) — CISO
 *   Assistant has no columns for these, and they must not be lost.
 * - existing_controls / additional_controls: titles of the row's mitigation items of kind
 *   current / planned (rejected ones left out), one per line.
 * - current_proba / current_impact / current_risk: the settled score as LABELS of the
 *   methodology's scales and levels ("Less than once a year", "Serious", "Medium"), "--" when
 *   unscored (CISO Assistant's own "not rated"). Import them with a CISO Assistant matrix whose
 *   level names match the methodology's labels.
 * - residual_impact / residual_proba / residual_risk, strength_of_knowledge: "--" (TTT does not
 *   assess residual risk or strength of knowledge).
 * - treatment: "mitigate" when a planned mitigation item (not rejected) is linked, else "open".
 */
import { stringify } from "csv-stringify/sync";
import type { ReportData, ReportRow } from "./report.data.js";

import { rowTitle } from "./report.sections.js";
import { activeRows, threatLabel } from "./report.prose.js";
import { scaleLabel } from "./text.js";

/** CISO Assistant's export header, in its order (see the file comment for the source). */
export const CSV_COLUMNS = [
  "ref_id",
  "assets",
  "threats",
  "name",
  "description",
  "existing_controls",
  "current_impact",
  "current_proba",
  "current_risk",
  "additional_controls",
  "residual_impact",
  "residual_proba",
  "residual_risk",
  "treatment",
  "strength_of_knowledge",
] as const;

type CsvRecord = Record<(typeof CSV_COLUMNS)[number], string>;

/** CISO Assistant's name for a score that was not rated. */
const NOT_RATED = "--";

function controls(r: ReportRow, kind: "current" | "planned"): string[] {
  return r.mitigations
    .filter((x) => x.kind === kind && x.status !== "rejected")
    .map((x) => x.title);
}

function description(r: ReportRow): string {
  const t = r.threat;
  const s = r.score;
  const parts: [string, string][] = [
    ["", t.description],
    ["Vulnerability", t.vulnerability],
    ["Current mitigations", t.currentMitigations],
    ["Planned mitigations", t.plannedMitigations],
    ["Notes", r.notes],
    ["Settled", s === null ? "" : `rule ${s.rule}${s.reason ? `: ${s.reason}` : ""}`],
  ];
  return parts
    .filter(([, text]) => text !== "")
    .map(([label, text]) => (label === "" ? text : `${label}: ${text}`))
    .join("\n\n");
}

function record(data: ReportData, r: ReportRow): CsvRecord {
  const m = data.methodology;
  const s = r.score;
  return {
    ref_id: r.id,
    assets: r.threat.assets.join(","),
    threats: threatLabel(r.threat),
    name: rowTitle(r),
    description: description(r),
    existing_controls: controls(r, "current").join("\n"),
    current_impact: s === null ? NOT_RATED : scaleLabel(m.impact, s.impact),
    current_proba: s === null ? NOT_RATED : scaleLabel(m.likelihood, s.likelihood),
    current_risk: s === null ? NOT_RATED : s.levelLabel,
    additional_controls: controls(r, "planned").join("\n"),
    residual_impact: NOT_RATED,
    residual_proba: NOT_RATED,
    residual_risk: NOT_RATED,
    treatment: controls(r, "planned").length > 0 ? "mitigate" : "open",
    strength_of_knowledge: NOT_RATED,
  };
}

/** The CSV text, BOM first; report.service.ts encodes it as UTF-8. */
export function renderCsv(data: ReportData): string {
  return stringify(
    activeRows(data).map((r) => record(data, r)),
    {
      header: true,
      columns: [...CSV_COLUMNS],
      delimiter: ";",
      record_delimiter: "\r\n",
      // csv-stringify quotes only the CRLF record delimiter; a bare LF inside a note must be
      // quoted too, or every reader splits the record there.
      quoted_match: /[\r\n]/,
      bom: true,
    },
  );
}
