/**
 * Rows read from a file (one draft per spreadsheet row) → threats and rows of the plan. The
 * checks that need several rows live here: no duplicate row ids, one title per threat, a title
 * for every new threat. Shared by the group's spreadsheet and the CISO Assistant export.
 */
import type { RiskRow, Threat } from "../model.js";
import type { ImportIssue } from "./import.types.js";
import { nextPosition, type ImportPlan, type PlanContext, type PlannedRow } from "./import-plan.js";

/** Threat fields a row may carry; the first row that gives one sets it. */
export interface ThreatFields {
  title?: string | undefined;
  description?: string | undefined;
  vulnerability?: string | undefined;
  assets?: string[] | undefined;
  currentMitigations?: string | undefined;
  plannedMitigations?: string | undefined;
  notes?: string | undefined;
}

export interface RowDraft {
  sheet: string | undefined;
  row: number;
  /** Column names for messages: where the threat id, row id and title came from. */
  columns: { threatId: string | undefined; rowId: string | undefined; title: string | undefined };
  threatId: string;
  rowId: string;
  workflowId: string | null;
  threat: ThreatFields;
  notes: string;
  score: PlannedRow["score"];
}

const LABELS = {
  description: "Description",
  vulnerability: "Vulnerability",
  assets: "Assets",
  currentMitigations: "Current mitigations",
  plannedMitigations: "Planned mitigations",
  notes: "Threat notes",
} as const;
type SharedField = keyof typeof LABELS;
const SHARED = Object.keys(LABELS) as SharedField[];

const squash = (s: string) => s.trim().replace(/\s+/g, " ").toLowerCase();
const text = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(", ") : (v ?? ""));
const issue = (d: RowDraft, column: string | undefined, message: string): ImportIssue => ({
  ...(d.sheet === undefined ? {} : { sheet: d.sheet }),
  row: d.row,
  ...(column === undefined ? {} : { column }),
  message,
});

/** Drops drafts that got an issue; returns the survivors. */
function keep(drafts: RowDraft[], bad: Map<RowDraft, ImportIssue>): RowDraft[] {
  return drafts.filter((d) => !bad.has(d));
}

/**
 * Checks across rows and builds the plan's threats and rows. Issues are returned in row order
 * (one per draft at most: a draft already invalid is not checked further).
 */
export function assembleRows(
  drafts: RowDraft[],
  ctx: PlanContext,
): Pick<ImportPlan, "threats" | "rows" | "warnings"> & { issues: ImportIssue[] } {
  const bad = new Map<RowDraft, ImportIssue>();
  const existingThreat = (id: string) => ctx.existing.threats.find((t) => t.id === id);

  // Row ids are unique in the file and never reuse an id of the target version.
  const seen = new Map<string, RowDraft>();
  for (const d of drafts) {
    const column = d.columns.rowId ?? d.columns.threatId;
    const first = seen.get(d.rowId);
    if (first !== undefined) {
      bad.set(d, issue(d, column, `duplicate row id ${d.rowId} (first on row ${first.row})`));
    } else if (ctx.existing.rows.some((r) => r.id === d.rowId)) {
      bad.set(
        d,
        issue(
          d,
          column,
          `row ${d.rowId} already exists in version ${ctx.versionLabel} (row ids are never reused)`,
        ),
      );
    } else seen.set(d.rowId, d);
  }

  // One title per threat: the first row that gives one sets it.
  const titles = new Map<string, RowDraft>();
  for (const d of keep(drafts, bad)) {
    const title = d.threat.title;
    if (title === undefined || title === "") continue;
    const first = titles.get(d.threatId);
    if (first === undefined) titles.set(d.threatId, d);
    else if (squash(first.threat.title ?? "") !== squash(title))
      bad.set(
        d,
        issue(
          d,
          d.columns.title,
          `"${title}" differs from the title of ${d.threatId} on row ${first.row} ("${first.threat.title ?? ""}"); a threat has one title`,
        ),
      );
  }

  // A new threat needs a title somewhere among its rows.
  for (const d of keep(drafts, bad)) {
    if (existingThreat(d.threatId) === undefined && !titles.has(d.threatId))
      bad.set(
        d,
        issue(
          d,
          d.columns.title,
          `threat ${d.threatId} is new and needs a title on at least one of its rows`,
        ),
      );
  }

  const valid = keep(drafts, bad);
  const warnings: string[] = [];
  const threats: ImportPlan["threats"] = [];
  const byThreat = new Map<string, RowDraft[]>();
  for (const d of valid) byThreat.set(d.threatId, [...(byThreat.get(d.threatId) ?? []), d]);
  let threatPos = nextPosition(ctx.existing.threats);
  const extraNotes = new Map<RowDraft, string[]>();

  for (const [id, group] of byThreat) {
    const before = existingThreat(id);
    const firstOf = (f: SharedField) => group.find((d) => text(d.threat[f]) !== "");
    const set: Partial<Threat> = {};
    for (const f of SHARED) {
      const source = firstOf(f);
      if (source === undefined) continue;
      const value = source.threat[f];
      if (f === "assets") set.assets = value as string[];
      else set[f] = value as string;
      for (const d of group) {
        const other = text(d.threat[f]);
        if (other === "" || d === source || squash(other) === squash(text(value))) continue;
        extraNotes.set(d, [...(extraNotes.get(d) ?? []), `${LABELS[f]}: ${other}`]);
        warnings.push(
          `row ${d.row}: ${LABELS[f].toLowerCase()} differ from those of ${id} (row ${source.row}); kept in the notes of row ${d.rowId}`,
        );
      }
    }
    const threat: Threat = {
      id,
      title: titles.get(id)?.threat.title ?? before?.title ?? id,
      description: set.description ?? before?.description ?? "",
      vulnerability: set.vulnerability ?? before?.vulnerability ?? "",
      assets: set.assets ?? before?.assets ?? [],
      currentMitigations: set.currentMitigations ?? before?.currentMitigations ?? "",
      plannedMitigations: set.plannedMitigations ?? before?.plannedMitigations ?? "",
      perWorkflow: (before?.perWorkflow ?? false) || group.some((d) => d.workflowId !== null),
      placeholder: before?.placeholder ?? false,
      retired: before?.retired ?? false,
      notes: set.notes ?? before?.notes ?? "",
      position: before?.position ?? threatPos,
    };
    if (before === undefined) threatPos += 10;
    if (before === undefined || JSON.stringify(before) !== JSON.stringify(threat))
      threats.push({ threat, before });
  }

  let rowPos = nextPosition(ctx.existing.rows);
  const rows: PlannedRow[] = valid.map((d) => {
    const notes = [d.notes, ...(extraNotes.get(d) ?? [])].filter(Boolean).join("\n");
    const row: RiskRow = {
      id: d.rowId,
      threatId: d.threatId,
      workflowId: d.workflowId,
      variant: null,
      notes,
      status: "active",
      lineage: null,
      successors: [],
      retiredReason: null,
      position: rowPos,
    };
    rowPos += 10;
    return { row, score: d.score };
  });
  const issues = drafts.map((d) => bad.get(d)).filter((i): i is ImportIssue => i !== undefined);
  return { threats, rows, warnings, issues };
}
