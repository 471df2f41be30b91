import { PdfFlow } from "../render/pdf-flow.js";
import { BLACK, BORDER } from "../render/pdf-table.js";

/**
 * The handbook's PDF layout: the shared flow layout (render/pdf-flow.ts: headings with
 * bookmarks, paragraphs, "label: value" lines, tables, page footers) plus what only the handbook
 * draws — numbered playbook steps with their commands in a monospaced font, and the
 * traceability bar.
 */

/** One coloured share of a bar, with its label written under the bar. */
export interface BarPart {
  share: number;
  fill: string;
  label: string;
}

export class HandbookPdf extends PdfFlow {
  /** A numbered step: bold action, detail, then each command on its own monospaced line. */
  step(n: number, action: string, detail: string, commands: readonly string[]): void {
    const indent = 18;
    const left = this.left + indent;
    const w = this.width - indent;
    this.doc.font("bold").fontSize(9.5);
    const head = this.doc.heightOfString(action, { width: w });
    this.ensure(head + 24);
    const y = this.doc.y;
    this.doc.fillColor(BLACK).text(`${n}.`, this.left, y, { lineBreak: false });
    this.doc.text(action, left, y, { width: w });
    this.doc.font("body").fontSize(9.5).text(detail, left, this.doc.y, { width: w });
    for (const c of commands) {
      this.doc.font("mono").fontSize(8);
      this.ensure(this.doc.heightOfString(c, { width: w - 8 }) + 4);
      this.doc.y += 2;
      this.doc.fillColor("#1f3a5f").text(c, left + 8, this.doc.y, { width: w - 8 });
      this.doc.fillColor(BLACK);
    }
    this.doc.x = this.left;
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
    let x = this.left;
    for (const p of parts) {
      const w = (p.share / total) * width;
      if (w > 0) this.doc.rect(x, y, w, h).fill(p.fill);
      x += w;
    }
    this.doc.rect(this.left, y, width, h).lineWidth(0.5).strokeColor(BORDER).stroke();
    let lx = this.left;
    const ly = y + h + 4;
    this.doc.font("body").fontSize(size);
    for (const p of parts) {
      this.doc.rect(lx, ly + 1, size - 2, size - 2).fill(p.fill);
      this.doc.fillColor(BLACK).text(p.label, lx + size + 2, ly, { lineBreak: false });
      lx += size + 2 + this.doc.widthOfString(p.label) + 14;
    }
    this.doc.x = this.left;
    this.doc.y = ly + size + 8;
  }
}
