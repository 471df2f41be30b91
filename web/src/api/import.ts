import { ApiError, query, request } from "./client.js";

/** Mirrors src/risk/import/import.types.ts (ImportIssue, ImportOutcome). */
export interface ImportIssue {
  sheet?: string;
  row?: number;
  column?: string;
  path?: string;
  message: string;
}

export interface ImportOutcome {
  format: string;
  dryRun: boolean;
  applied: boolean;
  target: { kind: "assessment" | "methodology"; id: string; version?: string };
  counts: Record<
    "threats" | "workflows" | "rows" | "scores" | "mitigations" | "versions" | "rounds" | "votes",
    number
  >;
  preview: {
    id: string;
    threat: string;
    workflow: string | null;
    likelihood: number | null;
    impact: number | null;
  }[];
  skipped: ImportIssue[];
  warnings: string[];
}

export interface ImportOptions {
  format?: string | undefined;
  dryRun: boolean;
  skipInvalid: boolean;
  assessment?: string | undefined;
  title?: string | undefined;
  methodology?: string | undefined;
}

/** The issues of a rejected import (422 import_invalid), or [] for any other error. */
export function importIssues(err: unknown): ImportIssue[] {
  if (!(err instanceof ApiError) || !Array.isArray(err.details)) return [];
  return err.details.filter(
    (d): d is ImportIssue =>
      typeof d === "object" && d !== null && typeof (d as ImportIssue).message === "string",
  );
}

/** Uploads the file's bytes as they are; the server detects the format unless one is given. */
export async function importFile(file: File, o: ImportOptions): Promise<ImportOutcome> {
  const q = query({
    format: o.format || undefined,
    dryRun: String(o.dryRun),
    skipInvalid: String(o.skipInvalid),
    assessment: o.assessment || undefined,
    title: o.title || undefined,
    methodology: o.methodology || undefined,
    fileName: file.name,
  });
  return request<ImportOutcome>("POST", `/api/v1/import${q}`, {
    raw: { data: await file.arrayBuffer(), contentType: "application/octet-stream" },
  });
}
