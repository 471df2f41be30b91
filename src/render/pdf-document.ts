/**
 * The PDF document every export of TTT starts from (the risk report, the incident report):
 * PDFKit on A4 with DejaVu Sans embedded — PDFKit's standard fonts only cover WinAnsi, and
 * titles and log values carry →, ≤, —, accents and other scripts — fixed metadata dates so the
 * same data gives the same file, pages buffered for headers and footers, and the bytes
 * collected as the document is written.
 */
import { createRequire } from "node:module";
import PDFDocument from "pdfkit";

const require = createRequire(import.meta.url);
/** Resolved through the package, not a node_modules path, so it works wherever npm put it. */
const FONTS = {
  body: require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf"),
  bold: require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf"),
};

export interface PdfInfo {
  title: string;
  subject: string;
  author: string;
  keywords: string;
  /** Both CreationDate and ModDate. */
  date: Date;
}

export interface PdfDocument {
  doc: PDFKit.PDFDocument;
  /** Ends the document and resolves its bytes. */
  end(): Promise<Buffer>;
}

/** A new document with fonts "body" and "bold" registered. */
export function openPdf(info: PdfInfo, margin: number): PdfDocument {
  const doc = new PDFDocument({
    size: "A4",
    margin,
    bufferPages: true,
    lang: "en",
    displayTitle: true,
    info: {
      Title: info.title,
      Subject: info.subject,
      Author: info.author,
      Keywords: info.keywords,
      Creator: "ttt",
      Producer: "ttt (PDFKit)",
      CreationDate: info.date,
      ModDate: info.date,
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on("end", resolve);
    doc.on("error", reject);
  });
  doc.registerFont("body", FONTS.body);
  doc.registerFont("bold", FONTS.bold);
  return {
    doc,
    async end() {
      doc.end();
      await ended;
      return Buffer.concat(chunks);
    },
  };
}

/** Writes `text` centred at the foot of the current page, outside its bottom margin. */
export function pageFooter(
  doc: PDFKit.PDFDocument,
  text: string,
  at: { x: number; y: number; width: number; color: string },
): void {
  const bottom = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  doc.font("body").fontSize(7.5).fillColor(at.color);
  doc.text(text, at.x, at.y, { width: at.width, align: "center", lineBreak: false });
  doc.page.margins.bottom = bottom;
}
