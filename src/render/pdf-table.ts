/**
 * The bordered table of every PDF export (drawn through PdfFlow.table in pdf-flow.ts): relative
 * column widths, a header row that repeats after a page break, rows that never split across
 * pages, and cells that may be bold, monospaced, coloured, filled, span columns or stack several
 * filled parts (the risk report's meta-table). Text on a fill is black or white by contrast.
 */
import { textColorOn } from "./color.js";

/** Cell padding in points. */
export const PAD = 3;
export const BLACK = "#000000";
export const BORDER = "#b0b0b0";
const HEAD_FILL = "#eeeeee";

/** A column: its header and its relative width (the columns share the width in proportion). */
export type PdfColumn = readonly [header: string, weight: number];

/** One filled block of a stacked cell. */
export interface PdfCellPart {
  text: string;
  fill?: string | null | undefined;
}

/** A cell with options; a plain string is read as `{ text }`. */
export interface PdfCellStyle {
  text?: string;
  bold?: boolean;
  /** DejaVu Sans Mono, for commands and identifiers. */
  mono?: boolean;
  /** Text colour; without it black, or black/white by contrast on a fill. */
  color?: string;
  fill?: string | null | undefined;
  /** How many columns the cell covers (default 1). */
  span?: number;
  /** Several filled blocks stacked in one cell; `text` and `fill` are then ignored. */
  parts?: PdfCellPart[];
}

export type PdfCell = string | PdfCellStyle;

export interface PdfTableOptions {
  /** Font size in points (default 8). */
  size?: number;
  /** Total width in points, at most (and by default) the text width. */
  width?: number | undefined;
  /** Space after the table (default 6). */
  gap?: number;
  /** Keep a table no taller than half a page on one page, instead of just its first row. */
  keepWhole?: boolean;
}

/** Where the table goes: the text column of the page and how to make room. */
export interface PdfFrame {
  readonly doc: PDFKit.PDFDocument;
  readonly left: number;
  readonly width: number;
  readonly bottom: number;
  ensure(height: number): void;
}

/** Lays out a whole table at the current position; see the file comment. */
export function drawTable(
  frame: PdfFrame,
  columns: readonly PdfColumn[],
  rows: readonly (readonly PdfCell[])[],
  o: PdfTableOptions = {},
): void {
  const { doc, bottom } = frame;
  const total = columns.reduce((s, [, w]) => s + w, 0);
  const width = Math.min(o.width ?? frame.width, frame.width);
  const grid = new Grid(
    doc,
    frame.left,
    columns.map(([, w]) => (w / total) * width),
    o.size ?? 8,
  );
  const header = columns.map(([text]): PdfCell => ({ text, bold: true, fill: HEAD_FILL }));
  const head = grid.height(header);
  const heights = rows.map((r) => grid.height(r));
  const whole = heights.reduce((s, h) => s + h, head);
  const page = bottom - doc.page.margins.top;
  frame.ensure(o.keepWhole === true && whole <= page * 0.5 ? whole : head + (heights[0] ?? 0));
  grid.draw(header, head);
  rows.forEach((row, i) => {
    const h = heights[i] ?? 0;
    if (doc.y + h > bottom) {
      doc.addPage();
      grid.draw(header, head);
    }
    grid.draw(row, h);
  });
  doc.x = frame.left;
  doc.y += o.gap ?? 6;
}

/** The columns of one table: measures and draws its rows. */
class Grid {
  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly left: number,
    private readonly widths: readonly number[],
    private readonly size: number,
  ) {}

  /** A row's height: its tallest cell, stacked parts added up, at least one line. */
  height(row: readonly PdfCell[]): number {
    const heights = this.place(row).map(({ cell, w }) =>
      this.partHeights(cell, w).reduce((s, h) => s + h, 0),
    );
    return Math.max(this.size + 2 * PAD, ...heights);
  }

  /** Draws `row` at the current y, `h` points tall, and moves below it. */
  draw(row: readonly PdfCell[], h: number): void {
    const doc = this.doc;
    const y = doc.y;
    for (const { cell, x, w } of this.place(row)) {
      const parts = cell.parts ?? [{ text: cell.text ?? "", fill: cell.fill }];
      const heights = this.partHeights(cell, w);
      let py = y;
      parts.forEach((p, i) => {
        // The last part takes what is left, so the fills reach the row's bottom border.
        const ph = i === parts.length - 1 ? y + h - py : (heights[i] ?? 0);
        if (p.fill) doc.rect(x, py, w, ph).fill(p.fill);
        this.font(cell).fillColor(cell.color ?? (p.fill ? textColorOn(p.fill) : BLACK));
        doc.text(p.text, x + PAD, py + PAD, { width: w - 2 * PAD });
        py += ph;
      });
      doc.rect(x, y, w, h).lineWidth(0.5).strokeColor(BORDER).stroke();
    }
    doc.fillColor(BLACK);
    doc.x = this.left;
    doc.y = y + h;
  }

  /** Each cell with its x and width, spans clipped to the columns left. */
  private place(row: readonly PdfCell[]): { cell: PdfCellStyle; x: number; w: number }[] {
    let col = 0;
    let x = this.left;
    return row.map((c) => {
      const cell: PdfCellStyle = typeof c === "string" ? { text: c } : c;
      const span = Math.max(1, Math.min(cell.span ?? 1, this.widths.length - col));
      const w = this.widths.slice(col, col + span).reduce((s, v) => s + v, 0);
      const placed = { cell, x, w };
      col += span;
      x += w;
      return placed;
    });
  }

  private partHeights(cell: PdfCellStyle, w: number): number[] {
    const parts = cell.parts ?? [{ text: cell.text ?? "" }];
    this.font(cell);
    return parts.map(
      (p) =>
        this.doc.heightOfString(p.text === "" ? " " : p.text, { width: w - 2 * PAD }) + 2 * PAD,
    );
  }

  private font(cell: PdfCellStyle): PDFKit.PDFDocument {
    const face = cell.mono === true ? "mono" : cell.bold === true ? "bold" : "body";
    return this.doc.font(face).fontSize(this.size);
  }
}
