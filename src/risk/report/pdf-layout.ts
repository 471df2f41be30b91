/**
 * The risk report's PDF layout: the flow layout all PDF exports share (render/pdf-flow.ts:
 * headings, paragraphs, "label: value" lines, tables whose cells can be filled in a level
 * colour, span columns or stack several coloured parts, page footers) plus what only the report
 * draws — section pages with bookmarks, muted notes, lists, the banner and score badges. Tables
 * no taller than half a page are kept on one page; longer ones repeat their header after a break.
 *
 * Text is set in DejaVu Sans (embedded, subset) because PDFKit's standard fonts only cover
 * WinAnsi: threat titles and our own figures use →, ≤, × and accented letters.
 */
import { MUTED, PdfFlow, type PdfFlowInfo } from "../../render/pdf-flow.js";
import {
  BLACK,
  PAD,
  type PdfCell,
  type PdfCellPart,
  type PdfCellStyle,
  type PdfColumn,
  type PdfTableOptions,
} from "../../render/pdf-table.js";
import { textColorOn } from "./text.js";

/** The report's names for the shared table columns and cells. */
export type {
  PdfCellPart as CellPart,
  PdfCellStyle as Cell,
  PdfCell as CellLike,
  PdfColumn as Column,
};

/** Document metadata, fixed by the caller so the output does not depend on the clock. */
export type PdfMeta = PdfFlowInfo;

/** One report document being written; `finish()` returns the bytes. */
export class PdfLayout extends PdfFlow {
  private sections = 0;

  /** A report section: its own page (except the first) and a bookmark in the outline. */
  section(title: string, opts: { small?: boolean } = {}): void {
    if (this.sections++ > 0) this.doc.addPage();
    this.doc.outline.addItem(title);
    const small = opts.small === true;
    const style = small ? { size: 10, color: MUTED, gap: 24 } : { size: 18, gap: 8 };
    this.paragraph(title, { ...style, bold: true });
  }

  muted(text: string): void {
    this.paragraph(text, { size: 8.5, color: MUTED });
  }

  /** A list with hanging indent; `numbered` gives "1." … instead of bullets. */
  bullets(lines: string[], size = 10, numbered = false): void {
    lines.forEach((line, i) => {
      this.ensure(size * 2);
      const y = this.doc.y;
      this.doc.font("body").fontSize(size).fillColor(BLACK);
      this.doc.text(numbered ? `${i + 1}.` : "•", this.left + 4, y, { lineBreak: false });
      this.doc.text(line, this.left + 18, y, { width: this.width - 18 });
    });
    this.gap(4);
  }

  /** "Label: value" lines; empty values are left out rather than printed as blanks. */
  override keyValues(pairs: readonly (readonly [string, string])[], size = 9.5): void {
    super.keyValues(
      pairs.filter(([, value]) => value !== ""),
      size,
    );
  }

  /** A filled box with one line of text, e.g. the "Illustrative example data" banner. */
  banner(text: string, fill: string, size = 12): void {
    const h = size + 2 * 6;
    this.ensure(h + 4);
    const y = this.doc.y;
    this.doc.rect(this.left, y, this.width, h).fill(fill);
    this.doc.font("bold").fontSize(size).fillColor(textColorOn(fill));
    this.doc.text(text, this.left + 8, y + 6, { width: this.width - 16 });
    this.doc.fillColor(BLACK);
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
    this.doc.fillColor(BLACK);
    this.doc.x = this.left;
    this.doc.y = y + h + 4;
  }

  /** The shared table at 8.5 points, kept on one page when it fits in half of one. */
  override table(
    columns: readonly PdfColumn[],
    rows: readonly (readonly PdfCell[])[],
    o: PdfTableOptions = {},
  ): void {
    super.table(columns, rows, { size: 8.5, gap: 8, keepWhole: true, ...o });
  }
}
