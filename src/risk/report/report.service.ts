import { authorize, type Actor } from "../../accounts/index.js";
import { diffVersions } from "../versions/diff.js";
import {
  requireAssessment,
  requireMethodology,
  resolveVersion,
  type RiskDeps,
} from "../risk.context.js";
import type { RiskRepos } from "../risk.repos.js";
import { exportAssessment } from "../transfer/index.js";
import { buildReport } from "./report.build.js";
import type { ReportData } from "./report.data.js";
import { renderCsv } from "./render-csv.js";
import { renderHtml } from "./render-html.js";
import { renderMarkdown } from "./render-markdown.js";
import { renderPdf } from "./render-pdf.js";
import { renderXlsx } from "./render-xlsx.js";

export const REPORT_FORMATS = ["md", "html", "pdf", "xlsx", "csv", "json"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** A rendered report: what to send and how to name the download. */
export interface RenderedReport {
  contentType: string;
  fileName: string;
  body: Buffer;
}

const CONTENT_TYPES: Record<ReportFormat, string> = {
  md: "text/markdown; charset=utf-8",
  html: "text/html; charset=utf-8",
  pdf: "application/pdf",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
};

/**
 * Reports of a version in six formats. The content is computed once (buildReport) and only laid
 * out differently per format, so every format says the same; JSON is the lossless export of the
 * whole assessment (every version), the file `ttt import` reads back.
 */
export class ReportService {
  constructor(private readonly deps: RiskDeps) {}

  async data(actor: Actor, assessmentId: string, label?: string): Promise<ReportData> {
    authorize(actor, "assessment:read", `assessment:${assessmentId}`);
    return this.deps.tx.read((repos) => this.load(repos, assessmentId, label));
  }

  async render(
    actor: Actor,
    assessmentId: string,
    label: string | undefined,
    format: ReportFormat,
  ): Promise<RenderedReport> {
    authorize(actor, "assessment:read", `assessment:${assessmentId}`);
    const at = this.deps.clock.now().toISOString();
    if (format === "json") {
      const doc = await this.deps.tx.read((repos) => exportAssessment(repos, assessmentId, at));
      return {
        contentType: CONTENT_TYPES.json,
        fileName: `${assessmentId}.ttt.json`,
        body: Buffer.from(JSON.stringify(doc, null, 2) + "\n"),
      };
    }
    const data = await this.data(actor, assessmentId, label);
    const fileName = `${data.assessment.id}-${data.version.label}.${format}`;
    return { contentType: CONTENT_TYPES[format], fileName, body: await renderAs(data, format) };
  }

  private async load(repos: RiskRepos, assessmentId: string, label?: string): Promise<ReportData> {
    const a = await requireAssessment(repos, assessmentId);
    const v = await resolveVersion(repos, a, label);
    const methodology = await requireMethodology(repos, a.methodologyId);
    const catalogue = await repos.catalogue.load(v.id);
    const settlements = await repos.voting.settlementsOfVersion(v.id);
    const rounds = await repos.voting.roundsOfVersion(v.id);
    const revealed = rounds.filter((r) => r.state === "revealed").map((r) => r.id);
    const votes = await repos.voting.votesOfRounds(revealed);
    const parent =
      v.parentId === null ? undefined : await repos.assessments.getVersionById(v.parentId);
    const changes = parent
      ? diffVersions(
          {
            label: parent.label,
            catalogue: await repos.catalogue.load(parent.id),
            settlements: await repos.voting.currentSettlements(parent.id),
          },
          {
            label: v.label,
            catalogue,
            settlements: await repos.voting.currentSettlements(v.id),
          },
        )
      : null;
    return buildReport({
      generatedAt: this.deps.clock.now().toISOString(),
      assessment: a,
      version: v,
      parentLabel: parent?.label ?? null,
      methodology,
      catalogue,
      settlements,
      rounds,
      votes,
      changes,
    });
  }
}

async function renderAs(data: ReportData, format: Exclude<ReportFormat, "json">): Promise<Buffer> {
  switch (format) {
    case "md":
      return Buffer.from(renderMarkdown(data));
    case "html":
      return Buffer.from(renderHtml(data));
    case "pdf":
      return renderPdf(data);
    case "xlsx":
      return renderXlsx(data);
    case "csv":
      return Buffer.from(renderCsv(data));
  }
}
