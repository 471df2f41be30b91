/**
 * svg-to-pdfkit ships no types; this declares the one function the PDF report calls (see
 * src/risk/report/pdf-heatmap.ts) with the options its source reads.
 */
/// <reference types="pdfkit" />
declare module "svg-to-pdfkit" {
  interface SVGtoPDFOptions {
    width?: number;
    height?: number;
    preserveAspectRatio?: string;
    useCSS?: boolean;
    assumePt?: boolean;
    precision?: number;
    /** Maps an SVG font-family to the name of a font registered on the document. */
    fontCallback?: (
      family: string,
      bold: boolean,
      italic: boolean,
      fontOptions: { fauxBold: boolean; fauxItalic: boolean },
    ) => string;
    imageCallback?: (link: string) => string;
    documentCallback?: (file: string) => unknown;
    warningCallback?: (warning: string) => void;
  }

  function SVGtoPDF(
    doc: PDFKit.PDFDocument,
    svg: string,
    x?: number,
    y?: number,
    options?: SVGtoPDFOptions,
  ): void;

  export = SVGtoPDF;
}
