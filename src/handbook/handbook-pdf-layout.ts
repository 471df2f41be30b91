import { createRequire } from "node:module";
import { openPdf, pageFooter, type PdfDocument, type PdfInfo } from "../render/pdf-document.js";

/**
 * The few layout primitives the handbook's PDF needs on the shared PDF document
 * (render/pdf-document.ts: PDFKit on A4, DejaVu fonts): headings with bookmarks, paragraphs,
 * "label: value" lines, tables that repeat their header after a page break, commands in a
 * monospaced font and the traceability bar. The risk and incident reports keep their layouts
 * private to their domains, so this one is the handbook's own.
 */

const require = createRequire(import.meta.url);
const MONO = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf");

const MARGIN = 50;
const PAD = 3;
const BLACK = "#000000";
export const MUTED = "#555555";
const BORDER = "#b0b0b0";
const HEAD_FILL = "#eeeeee";

/** A table cell: plain text, or bold / filled text. */
export type PdfCell = string | { text: string; bold?: boolean; fill?: string };

/** One coloured share of a bar, with its label written under the bar. */
export interface BarPart {
  share: number;
  fill: string;
  label: string;
}

export class HandbookPdf {
  readonly doc: PDFKit.PDFDocument;
  private readonly pdf: PdfDocument;

  constructor(info: PdfInfo) {
    this.pdf = openPdf(info, MARGIN);
    this.doc = this.pdf.doc;
    this.doc.registerFont("mono", MONO);
    this.doc.font("body").fontSize(10).fillColor(BLACK);
  }

  get width(): number {
    return this.doc.page.width - 2 * MARGIN;
  }

  private get bottom(): number {
    return this.doc.page.height - MARGIN;
  }

  /** Starts a new page when less than `height` points are left on this one. */
  ensure(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
    this.doc.x = MARGIN;
  }

  newPage(): void {
    this.doc.addPage();
    this.doc.x = MARGIN;
  }

  /** A heading kept with the start of what follows; `outline` adds a bookmark. */
  heading(text: string, size: number, outline = false): void {
    this.ensure(size * 5);
    if (outline) this.doc.outline.addItem(text);
    this.doc.y += 4;
    this.paragraph(text, { size, bold: true, gap: 4 });
  }

  paragraph(
    text: string,
    o: { size?: number; bold?: boolean; color?: string; gap?: number; font?: string } = {},
  ): void {
    if (text === "") return;
    const size = o.size ?? 10;
    this.ensure(size * 2.5);
    this.doc
      .font(o.font ?? (o.bold === true ? "bold" : "body"))
      .fontSize(size)
      .fillColor(o.color ?? BLACK);
    this.doc.text(text, MARGIN, this.doc.y, { width: this.width });
    this.doc.fillColor(BLACK);
    this.doc.y += o.gap ?? 4;
  }

  /** "Label: value" lines. */
  keyValues(pairs: readonly [string, string][], size = 9.5): void {
    for (const [label, value] of pairs) {
      this.ensure(size * 2.5);
      this.doc.fontSize(size).fillColor(BLACK).font("bold");
      this.doc.text(`${label}: `, MARGIN, this.doc.y, { width: this.width, continued: true });
      this.doc.font("body").text(value);
    }
    this.doc.y += 4;
  }

  /** A numbered step: bold action, detail, then each command on its own monospaced line. */
  step(n: number, action: string, detail: string, commands: readonly string[]): void {
    const indent = 18;
    const w = this.width - indent;
    this.doc.font("bold").fontSize(9.5);
    const head = this.doc.heightOfString(action, { width: w });
    this.ensure(head + 24);
    const y = this.doc.y;
    this.doc.fillColor(BLACK).text(`${n}.`, MARGIN, y, { lineBreak: false });
    this.doc.text(action, MARGIN + indent, y, { width: w });
    this.doc
      .font("body")
      .fontSize(9.5)
      .text(detail, MARGIN + indent, this.doc.y, { width: w });
    for (const c of commands) {
      this.doc.font("mono").fontSize(8);
      this.ensure(this.doc.heightOfString(c, { width: w - 8 }) + 4);
      this.doc.y += 2;
      this.doc.fillColor("#1f3a5f").text(c, MARGIN + indent + 8, this.doc.y, { width: w - 8 });
      this.doc.fillColor(BLACK);
    }
    this.doc.x = MARGIN;
    this.doc.y += 6;
  }

  /** A bar of coloured shares with their labels on one line below it. */
  bar(parts: readonly BarPart[], size = 8.5): void {
    const h = 12;
    this.ensure(h + size * 3);
    const y = this.doc.y;
    const width = Math.min(this.width, 320);
    // Rounded shares may add up to 1.01: scale them to fill the bar exactly.
    const total = parts.reduce((sum, p) => sum + p.share, 0) || 1;
    let x = MARGIN;
    for (const p of parts) {
      const w = (p.share / total) * width;
      if (w > 0) this.doc.rect(x, y, w, h).fill(p.fill);
      x += w;
    }
    this.doc.rect(MARGIN, y, width, h).lineWidth(0.5).strokeColor(BORDER).stroke();
    let lx = MARGIN;
    const ly = y + h + 4;
    this.doc.font("body").fontSize(size);
    for (const p of parts) {
      this.doc.rect(lx, ly + 1, size - 2, size - 2).fill(p.fill);
      this.doc.fillColor(BLACK).text(p.label, lx + size + 2, ly, { lineBreak: false });
      lx += size + 2 + this.doc.widthOfString(p.label) + 14;
    }
    this.doc.x = MARGIN;
    this.doc.y = ly + size + 8;
  }

  /**
   * A bordered table with relative column widths; a row never splits across pages and the
   * header repeats after a page break.
   */
  table(columns: readonly [string, number][], rows: readonly PdfCell[][], size = 8): void {
    const total = columns.reduce((s, [, w]) => s + w, 0);
    const widths = columns.map(([, w]) => (w / total) * this.width);
    const header: PdfCell[] = columns.map(([h]) => ({ text: h, bold: true, fill: HEAD_FILL }));
    this.ensure(this.rowHeight(header, widths, size) + this.rowHeight(rows[0] ?? [], widths, size));
    this.drawRow(header, widths, size);
    for (const row of rows) {
      if (this.doc.y + this.rowHeight(row, widths, size) > this.bottom) {
        this.doc.addPage();
        this.drawRow(header, widths, size);
      }
      this.drawRow(row, widths, size);
    }
    this.doc.x = MARGIN;
    this.doc.y += 6;
  }

  /** Adds the page footers and ends the document. */
  async finish(footer: string): Promise<Buffer> {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      pageFooter(this.doc, `${footer} · page ${i + 1} of ${range.count}`, {
        x: MARGIN,
        y: this.doc.page.height - MARGIN / 2 - 4,
        width: this.width,
        color: MUTED,
      });
    }
    return this.pdf.end();
  }

  private cell(c: PdfCell): { text: string; bold: boolean; fill: string | null } {
    if (typeof c === "string") return { text: c, bold: false, fill: null };
    return { text: c.text, bold: c.bold === true, fill: c.fill ?? null };
  }

  private rowHeight(row: readonly PdfCell[], widths: readonly number[], size: number): number {
    const heights = row.map((c, i) => {
      const { text, bold } = this.cell(c);
      this.doc.font(bold ? "bold" : "body").fontSize(size);
      const w = (widths[i] ?? 0) - 2 * PAD;
      return this.doc.heightOfString(text === "" ? " " : text, { width: w }) + 2 * PAD;
    });
    return Math.max(size + 2 * PAD, ...heights);
  }

  private drawRow(row: readonly PdfCell[], widths: readonly number[], size: number): void {
    const y = this.doc.y;
    const h = this.rowHeight(row, widths, size);
    let x = MARGIN;
    row.forEach((c, i) => {
      const w = widths[i] ?? 0;
      const { text, bold, fill } = this.cell(c);
      if (fill !== null) this.doc.rect(x, y, w, h).fill(fill);
      this.doc
        .font(bold ? "bold" : "body")
        .fontSize(size)
        .fillColor(BLACK);
      this.doc.text(text, x + PAD, y + PAD, { width: w - 2 * PAD });
      this.doc.rect(x, y, w, h).lineWidth(0.5).strokeColor(BORDER).stroke();
      x += w;
    });
    this.doc.x = MARGIN;
    this.doc.y = y + h;
  }
}
