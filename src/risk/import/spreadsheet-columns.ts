/**
 * The documented column mapping of the group's spreadsheet (README "Importing" repeats it).
 *
 * Headers are matched after normalising: text in (…) or […] is dropped ("Likelihood (1–5)"),
 * accents are dropped, case, spaces and punctuation are ignored — so "Threat ID", "threat_id" and
 * "THREAT-ID" are one header. Each column accepts several names, because every group's sheet
 * names them a little differently; a name belongs to exactly one column (checked at load).
 *
 * Sheet "Rows" (or "Risks", "Risk register"; else the first other sheet with a header row):
 *   one spreadsheet row = one risk row. Threat fields (title … planned mitigations) belong to the
 *   threat and may be repeated or left empty on its other rows.
 * Sheet "Workflows" (optional; XLSX only): the token workflows rows refer to by id or name.
 */

export interface ColumnSpec<F extends string = string> {
  field: F;
  /** How documentation and messages name the column. */
  label: string;
  required?: boolean;
  headers: readonly string[];
}

/** The columns of one kind of sheet, plus known columns read but deliberately not imported. */
export interface TableSpec<F extends string = string> {
  columns: readonly ColumnSpec<F>[];
  ignored: readonly { headers: readonly string[]; why: string }[];
}

/** "Likelihood (1–5)" → "likelihood"; "Current_Mitigations" → "currentmitigations". */
export function normalizeHeader(text: string): string {
  return text
    .replace(/\([^)]*\)|\[[^\]]*\]/g, " ")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "");
}

export type RowField =
  | "threatId"
  | "rowId"
  | "title"
  | "workflow"
  | "description"
  | "vulnerability"
  | "assets"
  | "currentMitigations"
  | "plannedMitigations"
  | "likelihood"
  | "impact"
  | "notes";

export const ROW_COLUMNS: TableSpec<RowField> = {
  columns: [
    {
      field: "threatId",
      label: "Threat ID",
      required: true,
      headers: [
        "Threat ID",
        "Threat",
        "TR",
        "TR ID",
        "TR no",
        "Threat no",
        "Threat number",
        "ID",
        "Ref",
      ],
    },
    { field: "rowId", label: "Row ID", headers: ["Row ID", "Row", "Risk ID", "Row ref"] },
    {
      field: "title",
      label: "Title",
      required: true,
      headers: ["Title", "Threat title", "Threat name", "Name", "Summary"],
    },
    {
      field: "workflow",
      label: "Workflow",
      headers: ["Workflow", "Workflow ID", "WF", "Token workflow", "Flow"],
    },
    {
      field: "description",
      label: "Description",
      headers: ["Description", "Threat description", "Details"],
    },
    {
      field: "vulnerability",
      label: "Vulnerability",
      headers: ["Vulnerability", "Vulnerabilities", "Weakness"],
    },
    { field: "assets", label: "Assets", headers: ["Assets", "Asset", "Affected assets"] },
    {
      field: "currentMitigations",
      label: "Current mitigations",
      headers: [
        "Current mitigations",
        "Current mitigation",
        "Existing mitigations",
        "Existing controls",
        "Current controls",
        "Controls in place",
        "Mitigations",
      ],
    },
    {
      field: "plannedMitigations",
      label: "Planned mitigations",
      headers: [
        "Planned mitigations",
        "Planned mitigation",
        "Future mitigations",
        "Planned/future mitigations",
        "Proposed mitigations",
        "Planned controls",
        "Additional controls",
      ],
    },
    {
      field: "likelihood",
      label: "Likelihood",
      headers: ["Likelihood", "L", "Probability", "P", "Prob", "Likelihood score"],
    },
    {
      field: "impact",
      label: "Impact",
      headers: ["Impact", "I", "Severity", "Consequence", "Impact score"],
    },
    {
      field: "notes",
      label: "Notes",
      headers: ["Notes", "Note", "Comments", "Comment", "Remarks"],
    },
  ],
  ignored: [
    {
      headers: ["Risk", "Risk level", "Level", "Score", "Risk score", "L x I", "LxI", "R"],
      why: "TTT computes the risk from likelihood and impact with the methodology's grid",
    },
    {
      headers: ["Rule", "Settlement rule", "Reason"],
      why: "imported scores are recorded with rule facilitator, the file named as the reason",
    },
  ],
};

export type WorkflowField =
  "id" | "name" | "description" | "lifetime" | "scopeBreadth" | "refreshExchange" | "holder";

export const WORKFLOW_COLUMNS: TableSpec<WorkflowField> = {
  columns: [
    {
      field: "id",
      label: "ID",
      required: true,
      headers: ["ID", "Workflow", "Workflow ID", "Letter", "Key", "WF"],
    },
    {
      field: "name",
      label: "Name",
      required: true,
      headers: ["Name", "Workflow name", "Title"],
    },
    { field: "description", label: "Description", headers: ["Description", "Details"] },
    { field: "lifetime", label: "Lifetime", headers: ["Lifetime", "Token lifetime"] },
    {
      field: "scopeBreadth",
      label: "Scope breadth",
      headers: ["Scope breadth", "Scope", "Scopes", "Scope width"],
    },
    {
      field: "refreshExchange",
      label: "Refresh/exchange",
      headers: ["Refresh/exchange", "Refresh", "Exchange", "Refresh or exchange"],
    },
    {
      field: "holder",
      label: "Holder",
      headers: ["Holder", "Token holder", "Who holds the token", "Held by"],
    },
  ],
  ignored: [],
};

/** Sheet names (normalised) preferred for rows when a workbook has several sheets with headers. */
export const ROW_SHEET_NAMES = new Set(["rows", "risks", "riskrows", "riskregister", "register"]);

/** Sheet names (normalised) that hold workflows rather than rows. */
export const WORKFLOW_SHEET_NAMES = new Set(["workflows", "workflow", "tokenworkflows"]);

/** Workflow cells that mean "no workflow": a generic row. */
export const GENERIC_WORKFLOW = new Set(["", "-", "–", "—", "n/a", "na", "none", "generic", "all"]);

/** Fails at load when two columns of a spec claim the same normalised header. */
function assertUnambiguous(spec: TableSpec): void {
  const owner = new Map<string, string>();
  const names = [
    ...spec.columns.map((c) => ({ who: c.field, headers: c.headers })),
    ...spec.ignored.map((g) => ({ who: "(ignored)", headers: g.headers })),
  ];
  for (const { who, headers } of names) {
    for (const h of headers) {
      const key = normalizeHeader(h);
      const prev = owner.get(key);
      if (prev !== undefined && prev !== who)
        throw new Error(`header "${h}" claimed by both ${prev} and ${who}`);
      owner.set(key, who);
    }
  }
}
assertUnambiguous(ROW_COLUMNS);
assertUnambiguous(WORKFLOW_COLUMNS);
