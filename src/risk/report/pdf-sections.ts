/**
 * The front matter of the PDF report: cover, executive summary and methodology — what a reader
 * needs before the tables (risk-method.md: "executive summary near the start with scores", a
 * methodology section saying how 1s and 5s were averaged out and that split votes aimed high).
 * Sentences come from report.prose.ts and follow the Markdown/HTML reports word for word.
 */
import type { Cell, CellLike, Column, PdfLayout } from "./pdf-layout.js";
import {
  changeItems,
  changesHeading,
  CONSENSUS_TEXT,
  countsByLevelLine,
  coverFacts,
  extremesSentence,
  ILLUSTRATIVE_NOTICE,
  noChangesSentence,
  rowsLine,
  scoresMovedLine,
  splitSentence,
  VOTING_TEXT,
} from "./report.prose.js";
import type { ReportData } from "./report.data.js";
import { REPORT_SECTIONS, type ReportSectionId } from "./report.sections.js";
import {
  countsTable,
  figuresTable,
  rulesTable,
  scaleTable,
  scoreMovesTable,
  SECTION_TEXT,
  summaryLists,
  type TableCell,
  type TableContent,
} from "./report.tables.js";

/** The shared heading of a section, so PDF, HTML and Markdown say the same words. */
export function sectionTitle(id: ReportSectionId): string {
  return REPORT_SECTIONS.find((s) => s.id === id)?.title ?? id;
}

/**
 * A neutral cell (report.tables.ts) in the PDF: ids and emphasis bold, colours as fills, a
 * second line under the first; "nothing recorded" as a dash.
 */
export function pdfCell(c: TableCell): CellLike {
  if (c === null) return "—";
  if (typeof c !== "object") return String(c);
  if (c.sub !== undefined) return `${c.text}\n${c.sub}`;
  const text = c.text + (c.after ?? "");
  const bold = c.row === true || c.strong === true;
  const fill = c.color ?? null;
  if (!bold && fill === null) return text;
  const cell: Cell = { text };
  if (bold) cell.bold = true;
  if (fill !== null) cell.fill = fill;
  return cell;
}

/**
 * Lays out a neutral table with relative column widths, by position or by header (for tables
 * whose optional columns come and go).
 */
export function pdfTable(
  pdf: PdfLayout,
  t: TableContent,
  weights: readonly number[] | Readonly<Record<string, number>>,
  opts: Parameters<PdfLayout["table"]>[2],
): void {
  const byPosition = (w: typeof weights): w is readonly number[] => Array.isArray(w);
  const weight = (h: string, i: number): number =>
    (byPosition(weights) ? weights[i] : weights[h]) ?? 1;
  pdf.table(
    t.headers.map((header, i): Column => [header, weight(header, i)]),
    t.rows.map((r) => r.map(pdfCell)),
    opts,
  );
}

const ILLUSTRATIVE_FILL = "#fff3cd";

/** The cover: what, which version, in what state, and whether the data is illustrative. */
export function coverSection(pdf: PdfLayout, data: ReportData): void {
  const { assessment: a, version: v } = data;
  pdf.section(sectionTitle("cover"), { small: true });
  pdf.paragraph(a.title, { size: 22, bold: true, gap: 6 });
  pdf.paragraph(`Risk assessment report — version ${v.label}`, { size: 13, bold: true, gap: 10 });
  if (a.illustrative) pdf.banner(ILLUSTRATIVE_NOTICE, ILLUSTRATIVE_FILL);
  pdf.gap(6);
  pdf.keyValues(coverFacts(data), 11);
  pdf.gap(8);
  pdf.paragraph(a.description, { size: 10 });
  if (v.notes.trim() !== "") pdf.keyValues([["Version notes", v.notes]], 10);
  pdf.gap(10);
  pdf.muted(
    `Generated ${data.generatedAt} from assessment ${a.id}, version ${v.label}. Contents: ` +
      REPORT_SECTIONS.filter((s) => s.id !== "cover")
        .map((s) => s.title)
        .join(" · "),
  );
}

function changes(pdf: PdfLayout, data: ReportData): void {
  pdf.heading(changesHeading(data));
  const items = changeItems(data);
  if (items === null) {
    pdf.paragraph(noChangesSentence(data));
    return;
  }
  pdf.keyValues(items.map((i) => [i.label, i.text]));
  pdf.paragraph(scoresMovedLine(data), { size: 9.5 });
  const moves = scoreMovesTable(data);
  if (moves !== null) pdfTable(pdf, moves, [1.3, 2, 2], { size: 8.5, width: pdf.width * 0.6 });
}

/** The executive summary: counts, rows of concern, both spotlights and the changes. */
export function summarySection(pdf: PdfLayout, data: ReportData): void {
  pdf.section(sectionTitle("summary"));
  pdf.keyValues([["Counts per level", countsByLevelLine(data)]], 10);
  pdfTable(pdf, countsTable(data), [3, 1], { size: 10, width: 220 });
  pdf.paragraph(rowsLine(data));
  for (const l of summaryLists(data)) {
    pdf.heading(l.heading);
    pdf.paragraph(l.criterion, { size: 9.5 });
    if (l.table === null) pdf.paragraph("None.");
    else pdfTable(pdf, l.table, [1.3, 1.7, 7], { size: 8.5 });
  }
  changes(pdf, data);
}

/** Scales, matrix, voting and settlement rules and the recorded figures, as data says. */
export function methodologySection(pdf: PdfLayout, data: ReportData): void {
  const m = data.methodology;
  pdf.section(sectionTitle("methodology"));
  pdf.paragraph(m.name, { bold: true, size: 11 });
  pdf.paragraph(m.description);
  for (const axis of ["likelihood", "impact"] as const) {
    pdf.heading(axis === "likelihood" ? "Likelihood" : "Impact");
    pdfTable(pdf, scaleTable(data, axis), [1, 3, 8], { size: 9 });
  }

  pdf.heading("Risk matrix");
  pdf.paragraph(SECTION_TEXT.matrix, { size: 9.5 });
  pdf.table(
    [
      ["Likelihood ↓ Impact →", 2.4],
      ...m.impact.map((i): Column => [`${i.value} ${i.label}`, 1.3]),
    ],
    [...m.likelihood].reverse().map((l) => {
      const li = m.likelihood.indexOf(l);
      return [
        { text: `${l.value} ${l.label}`, bold: true },
        ...m.impact.map((_, ii) => {
          const level = m.levels[m.grid[li]?.[ii] ?? -1];
          return { text: level?.label ?? "?", fill: level?.color ?? null };
        }),
      ];
    }),
    { size: 8.5 },
  );
  pdf.table(
    [
      ["Level", 2],
      ["Colour", 1.4],
      ["Description", 7],
    ],
    m.levels.map((l) => [{ text: l.label, fill: l.color }, l.color, l.description]),
    { size: 9 },
  );

  pdf.heading("Voting and settlement");
  pdf.bullets(VOTING_TEXT, 9.5, true);
  pdf.paragraph(SECTION_TEXT.graded, { size: 9.5 });
  pdf.bullets(Object.values(CONSENSUS_TEXT), 9.5);
  pdf.paragraph(SECTION_TEXT.delphi, { size: 9.5 });
  pdfTable(pdf, rulesTable(data), [3, 7], { size: 9 });

  pdf.heading("Figures recorded");
  pdfTable(pdf, figuresTable(data), [4, 1.4, 1.4, 1.4, 1.4], { size: 9 });
  pdf.paragraph(extremesSentence(data), { size: 9.5 });
  pdf.paragraph(splitSentence(data), { size: 9.5 });
}
