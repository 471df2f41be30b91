import type { TraceResult } from "../../trace/index.js";
import type { SavedTrace } from "../incident.model.js";
import type { IncidentView } from "../incidents.service.js";
import { renderIncidentEmail } from "./incident-email.js";
import { renderIncidentMarkdown } from "./incident-markdown.js";
import { renderIncidentMisp } from "./incident-misp.js";
import { renderIncidentPdf } from "./incident-pdf.js";
import {
  renderIncidentJson,
  renderIncidentTimelineCsv,
  renderIncidentTimesketch,
} from "./incident-timeline.js";

/**
 * The exports of an incident's case file (issue 9): a report for people (Markdown), the merged
 * timeline for analysts (CSV, Timesketch), the whole file for scripts (JSON), a MISP event for
 * sharing with other CSIRTs, and a heads-up e-mail for the affected sites. Every renderer is
 * pure: it reads this one snapshot — the incident, its saved traces with the results stored
 * when they were saved, and who asked for the export when — so an export can be reproduced and
 * tested without a database.
 */
export interface IncidentExportData {
  incident: IncidentView;
  /** The saved traces with their stored results. */
  traces: Array<{ saved: SavedTrace; result: TraceResult }>;
  /** ISO 8601. */
  generatedAt: string;
  generatedBy: string;
}

export const INCIDENT_EXPORT_FORMATS = [
  "md",
  "csv",
  "json",
  "timesketch",
  "misp",
  "email",
  "pdf",
] as const;
export type IncidentExportFormat = (typeof INCIDENT_EXPORT_FORMATS)[number];

export interface RenderedExport {
  body: string;
  contentType: string;
  /** incident-<id>.<ext>, for a Content-Disposition header or a file written by the CLI. */
  fileName: string;
}

/** An export that may be binary (the PDF report): what renderIncidentFile returns. */
export interface RenderedFile {
  body: string | Buffer;
  contentType: string;
  /** incident-<id>.<ext>, for a Content-Disposition header or a file written by the CLI. */
  fileName: string;
}

/**
 * One entry point so the API and the CLI offer the same formats with the same names. The text
 * formats render synchronously; "pdf" is binary and made asynchronously, so it is only offered
 * by renderIncidentFile.
 */
export function renderIncident(
  data: IncidentExportData,
  format: IncidentExportFormat,
): RenderedExport {
  const file = (ext: string) => `incident-${data.incident.id}.${ext}`;
  switch (format) {
    case "md":
      return {
        body: renderIncidentMarkdown(data),
        contentType: "text/markdown; charset=utf-8",
        fileName: file("md"),
      };
    case "csv":
      return {
        body: renderIncidentTimelineCsv(data),
        contentType: "text/csv; charset=utf-8",
        fileName: file("csv"),
      };
    case "json":
      return {
        body: renderIncidentJson(data),
        contentType: "application/json",
        fileName: file("json"),
      };
    case "timesketch":
      return {
        body: renderIncidentTimesketch(data),
        contentType: "application/x-ndjson",
        fileName: file("jsonl"),
      };
    case "misp":
      return {
        body: renderIncidentMisp(data),
        contentType: "application/json",
        fileName: file("misp.json"),
      };
    case "email":
      return {
        body: renderIncidentEmail(data),
        contentType: "text/plain; charset=utf-8",
        fileName: file("txt"),
      };
    case "pdf":
      throw new Error(
        'renderIncident: the "pdf" export is binary and asynchronous; use renderIncidentFile',
      );
  }
}

/** Every format, the PDF report included: the entry point of the API and the CLI. */
export async function renderIncidentFile(
  data: IncidentExportData,
  format: IncidentExportFormat,
): Promise<RenderedFile> {
  if (format !== "pdf") return renderIncident(data, format);
  return {
    body: await renderIncidentPdf(data),
    contentType: "application/pdf",
    fileName: `incident-${data.incident.id}.pdf`,
  };
}
