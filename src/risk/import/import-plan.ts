/**
 * What a file import will write, computed without I/O from the file and the target's current
 * catalogue, so a dry run and a real import see exactly the same plan and every problem is known
 * before the first write.
 */
import type { MethodologyDefinition } from "../methodology/methodology.schema.js";
import type { RiskRow, Threat, Workflow } from "../model.js";
import type { ImportIssue } from "./import.types.js";
import { parseAddress } from "./sheet-model.js";

export interface PlanContext {
  methodology: MethodologyDefinition;
  /** The target draft's catalogue; empty for a new assessment. */
  existing: { threats: Threat[]; workflows: Workflow[]; rows: RiskRow[] };
  /** The draft's label, for messages ("row 4a already exists in version v0.1"). */
  versionLabel: string;
}

export interface PlannedRow {
  row: RiskRow;
  score: { likelihood: number; impact: number } | null;
}

export interface ImportPlan {
  /** Threats to create (`before` undefined) or update. */
  threats: { threat: Threat; before: Threat | undefined }[];
  workflows: { workflow: Workflow; before: Workflow | undefined }[];
  rows: PlannedRow[];
  warnings: string[];
}

export interface PlanResult {
  plan: ImportPlan;
  /** Every problem found; rows with an issue are not in the plan. */
  issues: ImportIssue[];
  /** Problems that skipping rows cannot get around (a missing column, no header row …). */
  fatal: boolean;
}

/** The id form of threats, workflows and rows (risk.schema.ts CatalogueId). */
export const CATALOGUE_ID = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/;
export const ID_HINT = "letters, digits, . _ + - (at most 64, starting with a letter or digit)";

/** Limits of the catalogue's HTTP schemas, so an import stores nothing the API would refuse. */
export const LIMITS = { title: 200, text: 10_000, short: 200, assets: 50 } as const;

/** Positions continue after the last existing item, ten apart (room to insert by hand). */
export function nextPosition(items: readonly { position: number }[]): number {
  return Math.max(0, ...items.map((i) => i.position)) + 10;
}

/** "a; b, c" or one per line → ["a", "b", "c"]. */
export function splitList(text: string): string[] {
  return text
    .split(/[;,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export const emptyPlan = (warnings: string[] = []): ImportPlan => ({
  threats: [],
  workflows: [],
  rows: [],
  warnings,
});

/** Column index of "Likelihood (G)", for ordering issues as they appear in the sheet. */
function columnIndex(column: string | undefined): number {
  const letter = column === undefined ? undefined : /\(([A-Z]{1,3})\)$/.exec(column)?.[1];
  return letter === undefined ? -1 : (parseAddress(`${letter}1`)?.col ?? -1);
}

/** Row by row, left to right within a row; otherwise in the order found. */
export function byPosition(a: ImportIssue, b: ImportIssue): number {
  return (a.row ?? 0) - (b.row ?? 0) || columnIndex(a.column) - columnIndex(b.column);
}
