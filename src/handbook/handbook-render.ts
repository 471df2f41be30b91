import { renderHandbookHtml } from "./handbook-html.js";
import { renderHandbookMarkdown } from "./handbook-markdown.js";
import { renderHandbookPdf } from "./handbook-pdf.js";
import type { Handbook } from "./handbook.model.js";
import type { HandbookFormat } from "./handbook.schema.js";

/**
 * The handbook in any of its formats, for the API's downloads and `ttt handbook` alike, so both
 * give the same file. `date` only dates the PDF's metadata (the other formats carry no time).
 */
export async function renderHandbook(
  h: Handbook,
  format: HandbookFormat,
  date: Date,
): Promise<Buffer> {
  switch (format) {
    case "json":
      return Buffer.from(`${JSON.stringify(h, null, 2)}\n`);
    case "md":
      return Buffer.from(renderHandbookMarkdown(h));
    case "html":
      return Buffer.from(renderHandbookHtml(h));
    case "pdf":
      return renderHandbookPdf(h, { date });
  }
}

export const HANDBOOK_CONTENT_TYPES: Readonly<Record<HandbookFormat, string>> = {
  json: "application/json; charset=utf-8",
  md: "text/markdown; charset=utf-8",
  html: "text/html; charset=utf-8",
  pdf: "application/pdf",
};

/** "handbook-wlcg-v1.0-b.pdf": the assessment, version and workflow, when there are. */
export function handbookFileName(
  h: Handbook,
  workflow: string | undefined,
  format: HandbookFormat,
): string {
  const parts = ["handbook", h.assessment?.id, h.assessment?.version, workflow];
  const stem = parts
    .filter((x): x is string => x !== undefined)
    .map((x) => x.replace(/[^A-Za-z0-9._-]+/g, "_"))
    .join("-");
  return `${stem}.${format}`;
}
