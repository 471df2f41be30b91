/**
 * The flowing layout every PDF export writes with, on the shared document (pdf-document.ts:
 * PDFKit on A4, embedded DejaVu fonts): text that starts a new page when it would not fit,
 * headings kept with what follows (and bookmarked on request), paragraphs, "label: value" lines,
 * tables (pdf-table.ts) and a footer with page numbers on every page. The handbook, the incident
 * report and the risk report extend it with what only they draw (playbook steps and bars, the
 * TLP page header, section pages and badges).
 */
import { createRequire } from "node:module";
import { openPdf, pageFooter, type PdfDocument, type PdfInfo } from "./pdf-document.js";
import {
  BLACK,
  drawTable,
  type PdfCell,
  type PdfColumn,
  type PdfFrame,
  type PdfTableOptions,
} from "./pdf-table.js";

const require = createRequire(import.meta.url);
const MONO = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf");

const MARGIN = 50;
export const MUTED = "#555555";

/** The document's metadata and the text of its page footer ("· page n of m" is added). */
export interface PdfFlowInfo extends PdfInfo {
  footer: string;
}

/** How a paragraph is set; a bold or monospaced face, 10 points black and 4 points after. */
export interface PdfTextStyle {
  size?: number;
  bold?: boolean;
  mono?: boolean;
  color?: string;
  /** Space after, in points. */
  gap?: number;
}

/** A document being written top to bottom; `finish()` returns the bytes. */
export class PdfFlow implements PdfFrame {
  readonly doc: PDFKit.PDFDocument;
  private readonly pdf: PdfDocument;

  /** Registers the fonts "body", "bold" and "mono" and starts the first page. */
  constructor(private readonly info: PdfFlowInfo) {
    this.pdf = openPdf(info, MARGIN);
    this.doc = this.pdf.doc;
    this.doc.registerFont("mono", MONO);
    this.doc.font("body").fontSize(10).fillColor(BLACK);
  }

  get left(): number {
    return MARGIN;
  }

  get width(): number {
    return this.doc.page.width - 2 * MARGIN;
  }

  get bottom(): number {
    return this.doc.page.height - MARGIN;
  }

  /** Starts a new page when less than `height` points are left on this one. */
  ensure(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
    this.doc.x = this.left;
  }

  newPage(): void {
    this.doc.addPage();
    this.doc.x = this.left;
  }

  gap(points = 6): void {
    this.doc.y += points;
  }

  /**
   * A bold heading kept together with at least `keep` points of what follows it (default three
   * times its size); `outline` adds a bookmark.
   */
  heading(text: string, size = 12.5, o: { outline?: boolean; keep?: number } = {}): void {
    this.ensure(size * 1.5 + (o.keep ?? size * 3));
    if (o.outline === true) this.doc.outline.addItem(text);
    this.gap(4);
    this.paragraph(text, { size, bold: true, gap: 3 });
  }

  /** Text across the full width; nothing at all for "". */
  paragraph(text: string, o: PdfTextStyle = {}): void {
    if (text === "") return;
    const size = o.size ?? 10;
    this.ensure(size * 2.5);
    this.doc
      .font(o.mono === true ? "mono" : o.bold === true ? "bold" : "body")
      .fontSize(size)
      .fillColor(o.color ?? BLACK);
    this.doc.text(text, this.left, this.doc.y, { width: this.width });
    this.doc.fillColor(BLACK);
    this.gap(o.gap ?? 4);
  }

  /** "Label: value" lines, the label bold. */
  keyValues(pairs: readonly (readonly [string, string])[], size = 9.5): void {
    for (const [label, value] of pairs) {
      this.ensure(size * 2.5);
      this.doc.fontSize(size).fillColor(BLACK).font("bold");
      this.doc.text(`${label}: `, this.left, this.doc.y, { width: this.width, continued: true });
      this.doc.font("body").text(value);
    }
    this.gap(4);
  }

  /** A bordered table (pdf-table.ts): the header repeats after a page break. */
  table(
    columns: readonly PdfColumn[],
    rows: readonly (readonly PdfCell[])[],
    o: PdfTableOptions = {},
  ): void {
    drawTable(this, columns, rows, o);
  }

  /** Adds each page's header (pageHeader) and footer, and ends the document. */
  async finish(): Promise<Buffer> {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      this.pageHeader();
      pageFooter(this.doc, `${this.info.footer} · page ${i + 1} of ${range.count}`, {
        x: this.left,
        y: this.doc.page.height - MARGIN / 2 - 4,
        width: this.width,
        color: MUTED,
      });
    }
    return this.pdf.end();
  }

  /** Drawn on every page as the document is finished, above the top margin; none by default. */
  protected pageHeader(): void {
    // Plain pages: nothing above the text.
  }
}
