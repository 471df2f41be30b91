/**
 * The appendices of the PDF: the disagreements (every split round and how the row was settled
 * in the end) and the heatmap — the very SVG the HTML report shows (heatmap-svg.ts), drawn as
 * vectors by svg-to-pdfkit, so both formats show the same picture: likelihood down, impact
 * across, each cell in its level's colour with its count and row ids.
 */
import SVGtoPDF from "svg-to-pdfkit";
import { heatmapSvg } from "./heatmap-svg.js";
import type { PdfLayout } from "./pdf-layout.js";
import { pdfTable, sectionTitle } from "./pdf-sections.js";
import type { ReportData } from "./report.data.js";
import { countsByLevelLine } from "./report.prose.js";
import { disagreementsIntro, disagreementsTable, SECTION_TEXT } from "./report.tables.js";

/** The SVG's own size in px (its root width/height attributes). */
function svgSize(svg: string): { width: number; height: number } {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? "";
  const attr = (name: string) => Number(new RegExp(`\\b${name}="([\\d.]+)"`).exec(root)?.[1] ?? 0);
  return { width: attr("width"), height: attr("height") };
}

/** Where the current scores fall, drawn from the same SVG as the HTML heatmap. */
export function heatmapSection(pdf: PdfLayout, data: ReportData): void {
  pdf.section(sectionTitle("heatmap"));
  pdf.paragraph(SECTION_TEXT.heatmap, { size: 9.5 });
  const svg = heatmapSvg(data, { width: 720 });
  const size = svgSize(svg);
  const width = pdf.width;
  const height = size.width > 0 ? (size.height * width) / size.width : width;
  pdf.ensure(height);
  const y = pdf.doc.y;
  SVGtoPDF(pdf.doc, svg, pdf.left, y, {
    width,
    height,
    preserveAspectRatio: "xMinYMin meet",
    // The SVG names DejaVu Sans first; map every family to the embedded DejaVu fonts so its
    // text (ids, labels, accents) renders like the rest of the report.
    fontCallback: (_family, bold) => (bold ? "bold" : "body"),
    // Unsupported bits (e.g. ARIA attributes) are skipped by design; nothing to report.
    warningCallback: () => undefined,
  });
  pdf.doc.x = pdf.left;
  pdf.doc.y = y + height + 8;
  pdf.muted(`Rows per level: ${countsByLevelLine(data)}.`);
}

/** Every split round and how its row was settled, so "aim high" decisions stay visible. */
export function disagreementsSection(pdf: PdfLayout, data: ReportData): void {
  pdf.section(sectionTitle("disagreements"));
  const t = disagreementsTable(data);
  if (t === null) {
    pdf.paragraph(SECTION_TEXT.noDisagreements);
    return;
  }
  pdf.paragraph(disagreementsIntro(data), { size: 9.5 });
  pdfTable(pdf, t, [2.4, 1.3, 1.5, 2.2, 2.2, 1.8, 1.6, 3], { size: 7.5 });
}
