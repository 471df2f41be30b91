/**
 * The PDF report of a version, made on the server with PDFKit — no browser, so `ttt report` works
 * on a fresh machine. It has the same sections, in the same order and with the same sentences,
 * as the HTML report; only the layout differs. The metadata dates come from `generatedAt`, so the
 * same data gives the same document (PDFKit's random file ID aside).
 */
import { PdfLayout } from "./pdf-layout.js";
import { disagreementsSection, heatmapSection } from "./pdf-appendix.js";
import { metaTableSection, mitigationsSection, rowsSection } from "./pdf-rows.js";
import { coverSection, methodologySection, summarySection } from "./pdf-sections.js";
import type { ReportData } from "./report.data.js";
import { REPORT_SECTIONS, type ReportSectionId } from "./report.sections.js";

type Section = (pdf: PdfLayout, data: ReportData) => void;

/** Every section of REPORT_SECTIONS, so adding one there fails to compile until it is drawn. */
const SECTIONS: Record<ReportSectionId, Section> = {
  cover: coverSection,
  summary: summarySection,
  methodology: methodologySection,
  "meta-table": metaTableSection,
  rows: rowsSection,
  mitigations: mitigationsSection,
  disagreements: disagreementsSection,
  heatmap: heatmapSection,
};

/** The PDF of one version; the Buffer is the whole file (report.service.ts sends it as is). */
export async function renderPdf(data: ReportData): Promise<Buffer> {
  const { assessment: a, version: v } = data;
  const pdf = new PdfLayout({
    title: `${a.title} — ${v.label}`,
    subject: `Risk assessment report of ${a.id}, version ${v.label} (${v.state})`,
    author: "ttt",
    keywords: [a.id, v.label, data.methodology.id, a.illustrative ? "illustrative" : ""]
      .filter((k) => k !== "")
      .join(", "),
    date: new Date(data.generatedAt),
    footer: `${a.id} ${v.label} (${v.state})${a.illustrative ? " · illustrative example data" : ""}`,
  });
  for (const s of REPORT_SECTIONS) SECTIONS[s.id](pdf, data);
  return pdf.finish();
}
