/**
 * The few layout primitives the PDF report needs on top of PDFKit: section pages with bookmarks,
 * headings, paragraphs, "label: value" lines and tables whose cells can be filled in a level
 * colour, span columns or stack several coloured parts (the meta-table). Tables repeat their
 * header after a page break so a long table stays readable on paper.
 *
 * Text is set in DejaVu Sans (embedded, subset) because PDFKit's standard fonts only cover
 * WinAnsi: threat titles and our own figures use →, ≤, × and accented letters.
 */
import { openPdf, pageFooter, type PdfDocument } from "../../render/pdf-document.js";
import { textColorOn } from "./text.js";

const MARGIN = 50;
const PAD = 3;
const BORDER = "#b0b0b0";
const MUTED = "#555555";

/** A table column; widths are relative so tables fill the text width at any page size. */
export interface Column {
  header: string;
  /** Relative width: the columns share the text width in proportion. */
  weight: number;
}

/** One coloured block of a stacked cell. */
export interface CellPart {
  text: string;
  fill?: string | null | undefined;
}

/** A table cell with the options the report needs (level fills, spans, stacked parts). */
export interface Cell {
  text?: string;
  fill?: string | null | undefined;
  bold?: boolean;
  /** How many columns the cell covers (default 1). */
  span?: number;
  /** Several coloured blocks stacked in one cell; `text` and `fill` are then ignored. */
  parts?: CellPart[];
}

/** Plain strings are the common case; they are read as `{ text }`. */
export type CellLike = string | Cell;

/** Document metadata, fixed by the caller so the output does not depend on the clock. */
export interface PdfMeta {
  title: string;
  subject: string;
  author: string;
  keywords: string;
  /** Both CreationDate and ModDate, so the same data gives the same file. */
  date: Date;
  footer: string;
}

/** One report document being written; `finish()` returns the bytes. */
export class PdfLayout {
  readonly doc: PDFKit.PDFDocument;
  private readonly pdf: PdfDocument;
  private sections = 0;

  constructor(private readonly meta: PdfMeta) {
    this.pdf = openPdf(meta, MARGIN);
    this.doc = this.pdf.doc;
    this.doc.font("body").fontSize(10).fillColor("#000000");
  }

  get left(): number {
    return MARGIN;
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
    this.doc.x = this.left;
  }

  gap(points = 6): void {
    this.doc.y += points;
  }

  /** A report section: its own page (except the first) and a bookmark in the outline. */
  section(title: string, opts: { small?: boolean } = {}): void {
    if (this.sections++ > 0) this.doc.addPage();
    this.doc.outline.addItem(title);
    const size = opts.small === true ? 10 : 18;
    this.doc
      .font("bold")
      .fontSize(size)
      .fillColor(opts.small === true ? MUTED : "#000000");
    this.doc.text(title, this.left, this.doc.y, { width: this.width });
    this.doc.fillColor("#000000");
    this.gap(opts.small === true ? 24 : 8);
  }

  /** A heading kept together with at least `keep` points of what follows it. */
  heading(text: string, size = 12.5, keep = size * 3): void {
    this.ensure(size * 1.5 + keep);
    this.gap(4);
    this.doc.font("bold").fontSize(size).fillColor("#000000");
    this.doc.text(text, this.left, this.doc.y, { width: this.width });
    this.gap(3);
  }

  paragraph(
    text: string,
    opts: { size?: number; bold?: boolean; color?: string; gap?: number } = {},
  ): void {
    if (text === "") return;
    const size = opts.size ?? 10;
    this.ensure(size * 2.5);
    this.doc
      .font(opts.bold === true ? "bold" : "body")
      .fontSize(size)
      .fillColor(opts.color ?? "#000000");
    this.doc.text(text, this.left, this.doc.y, { width: this.width });
    this.doc.fillColor("#000000");
    this.gap(opts.gap ?? 4);
  }

  muted(text: string): void {
    this.paragraph(text, { size: 8.5, color: MUTED });
  }

  /** A list with hanging indent; `numbered` gives "1." … instead of bullets. */
  bullets(lines: string[], size = 10, numbered = false): void {
    lines.forEach((line, i) => {
      this.ensure(size * 2);
      const y = this.doc.y;
      this.doc.font("body").fontSize(size).fillColor("#000000");
      this.doc.text(numbered ? `${i + 1}.` : "•", this.left + 4, y, { lineBreak: false });
      this.doc.text(line, this.left + 18, y, { width: this.width - 18 });
    });
    this.gap(4);
  }

  /** "Label: value" lines; empty values are left out rather than printed as blanks. */
  keyValues(pairs: [string, string][], size = 9.5): void {
    for (const [label, value] of pairs) {
      if (value === "") continue;
      this.ensure(size * 2.5);
      this.doc.fontSize(size).fillColor("#000000").font("bold");
      this.doc.text(`${label}: `, this.left, this.doc.y, { width: this.width, continued: true });
      this.doc.font("body").text(value);
    }
    this.gap(4);
  }

  /** A filled box with one line of text, e.g. the "Illustrative example data" banner. */
  banner(text: string, fill: string, size = 12): void {
    const h = size + 2 * 6;
    this.ensure(h + 4);
    const y = this.doc.y;
    this.doc.rect(this.left, y, this.width, h).fill(fill);
    this.doc.font("bold").fontSize(size).fillColor(textColorOn(fill));
    this.doc.text(text, this.left + 8, y + 6, { width: this.width - 16 });
    this.doc.fillColor("#000000");
    this.doc.y = y + h + 8;
  }

  /** A chip of text on a level colour, e.g. a row's settled score. */
  badge(text: string, fill: string, size = 9.5): void {
    this.ensure(size + 12);
    this.doc.font("bold").fontSize(size);
    const w = this.doc.widthOfString(text) + 2 * PAD + 4;
    const h = size + 2 * PAD + 2;
    const y = this.doc.y;
    this.doc.rect(this.left, y, w, h).fill(fill);
    this.doc.fillColor(textColorOn(fill));
    this.doc.text(text, this.left + PAD + 2, y + PAD + 1, { lineBreak: false });
    this.doc.fillColor("#000000");
    this.doc.x = this.left;
    this.doc.y = y + h + 4;
  }

  /** A bordered table; rows never split across pages and the header repeats after a break. */
  table(
    columns: Column[],
    rows: CellLike[][],
    opts: { size?: number; width?: number | undefined } = {},
  ): void {
    const size = opts.size ?? 8.5;
    const total = columns.reduce((s, c) => s + c.weight, 0);
    const width = Math.min(opts.width ?? this.width, this.width);
    const widths = columns.map((c) => (c.weight / total) * width);
    const header: Cell[] = columns.map((c) => ({ text: c.header, bold: true, fill: "#eeeeee" }));
    // A table that fits on a page is kept on one; a longer one starts with at least a row.
    const heights = rows.map((r) => this.rowHeight(r, widths, size));
    const head = this.rowHeight(header, widths, size);
    const whole = head + heights.reduce((s, h) => s + h, 0);
    const page = this.bottom - this.doc.page.margins.top;
    this.ensure(whole <= page * 0.5 ? whole : head + (heights[0] ?? 0));
    this.drawRow(header, widths, size);
    rows.forEach((row, i) => {
      const h = heights[i] ?? 0;
      if (this.doc.y + h > this.bottom) {
        this.doc.addPage();
        this.drawRow(header, widths, size);
      }
      this.drawRow(row, widths, size);
    });
    this.doc.x = this.left;
    this.gap(8);
  }

  /** Adds page footers and ends the document. */
  async finish(): Promise<Buffer> {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      pageFooter(this.doc, `${this.meta.footer} · page ${i + 1} of ${range.count}`, {
        x: this.left,
        y: this.doc.page.height - MARGIN / 2 - 4,
        width: this.width,
        color: MUTED,
      });
    }
    return this.pdf.end();
  }

  private cells(row: CellLike[], widths: number[]): { cell: Cell; x: number; w: number }[] {
    let col = 0;
    let x = this.left;
    return row.map((c) => {
      const cell: Cell = typeof c === "string" ? { text: c } : c;
      const span = Math.max(1, Math.min(cell.span ?? 1, widths.length - col));
      const w = widths.slice(col, col + span).reduce((s, v) => s + v, 0);
      const placed = { cell, x, w };
      col += span;
      x += w;
      return placed;
    });
  }

  private textHeight(text: string, w: number, size: number, bold: boolean): number {
    this.doc.font(bold ? "bold" : "body").fontSize(size);
    return this.doc.heightOfString(text === "" ? " " : text, { width: w - 2 * PAD });
  }

  private partHeights(cell: Cell, w: number, size: number): number[] {
    const parts = cell.parts ?? [{ text: cell.text ?? "" }];
    return parts.map((p) => this.textHeight(p.text, w, size, cell.bold === true) + 2 * PAD);
  }

  private rowHeight(row: CellLike[], widths: number[], size: number): number {
    const heights = this.cells(row, widths).map(({ cell, w }) =>
      this.partHeights(cell, w, size).reduce((s, h) => s + h, 0),
    );
    return Math.max(size + 2 * PAD, ...heights);
  }

  private drawRow(row: CellLike[], widths: number[], size: number): void {
    const y = this.doc.y;
    const h = this.rowHeight(row, widths, size);
    for (const { cell, x, w } of this.cells(row, widths)) {
      const parts = cell.parts ?? [{ text: cell.text ?? "", fill: cell.fill }];
      const heights = this.partHeights(cell, w, size);
      let py = y;
      parts.forEach((p, i) => {
        const ph = i === parts.length - 1 ? y + h - py : (heights[i] ?? 0);
        if (p.fill) this.doc.rect(x, py, w, ph).fill(p.fill);
        this.doc
          .font(cell.bold === true ? "bold" : "body")
          .fontSize(size)
          .fillColor(p.fill ? textColorOn(p.fill) : "#000000");
        this.doc.text(p.text, x + PAD, py + PAD, { width: w - 2 * PAD });
        py += ph;
      });
      this.doc.rect(x, y, w, h).lineWidth(0.5).strokeColor(BORDER).stroke();
    }
    this.doc.fillColor("#000000");
    this.doc.x = this.left;
    this.doc.y = y + h;
  }
}
