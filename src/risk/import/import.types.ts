import { TttError } from "../../core/errors.js";

/** The file formats `ttt import` and `POST /api/v1/import` accept. */
export const IMPORT_FORMATS = ["json", "xlsx", "csv", "ciso-matrix", "ciso-assessment"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/**
 * One thing wrong with an imported file, precise enough to fix it: for spreadsheets the sheet,
 * the 1-based row number as the spreadsheet shows it and the column's letter or header; for
 * JSON/YAML the field path.
 */
export interface ImportIssue {
  sheet?: string | undefined;
  row?: number | undefined;
  column?: string | undefined;
  path?: string | undefined;
  message: string;
}

/** "sheet Rows, row 7, column Likelihood (G): 6 is not on the likelihood scale (1–5)". */
export function describeIssue(i: ImportIssue): string {
  const where = [
    i.sheet === undefined ? undefined : `sheet ${i.sheet}`,
    i.row === undefined ? undefined : `row ${i.row}`,
    i.column === undefined ? undefined : `column ${i.column}`,
    i.path,
  ].filter((x) => x !== undefined);
  return where.length > 0 ? `${where.join(", ")}: ${i.message}` : i.message;
}

/** A file with errors imports nothing (unless skipping invalid rows): 422 with every issue. */
export class ImportRejectedError extends TttError {
  readonly issues: ImportIssue[];
  constructor(what: string, issues: ImportIssue[]) {
    const first = issues
      .slice(0, 3)
      .map((i) => describeIssue(i))
      .join("; ");
    const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : "";
    super(
      "import_invalid",
      422,
      `${what}: ${issues.length} problem${issues.length === 1 ? "" : "s"}, nothing imported — ${first}${more}`,
      { details: issues },
    );
    this.issues = issues;
  }
}

/** What an import did — or, on a dry run, would do. */
export interface ImportOutcome {
  format: ImportFormat;
  dryRun: boolean;
  /** False on a dry run: nothing was written. */
  applied: boolean;
  /** The assessment (or methodology) created or filled. */
  target: { kind: "assessment" | "methodology"; id: string; version?: string | undefined };
  counts: {
    threats: number;
    workflows: number;
    rows: number;
    scores: number;
    mitigations: number;
    versions: number;
    rounds: number;
    votes: number;
  };
  /** A preview of the rows as they will be stored (id, threat, workflow, score). */
  preview: {
    id: string;
    threat: string;
    workflow: string | null;
    likelihood: number | null;
    impact: number | null;
  }[];
  /** With skip-invalid: the rows left out and why (empty otherwise). */
  skipped: ImportIssue[];
  /** Things worth knowing that did not stop the import (e.g. an ignored column). */
  warnings: string[];
}
