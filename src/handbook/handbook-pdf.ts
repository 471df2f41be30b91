import { BAN_KINDS } from "../bans/index.js";
import { MUTED } from "../render/pdf-flow.js";
import type { PdfCell } from "../render/pdf-table.js";
import { HandbookPdf } from "./handbook-pdf-layout.js";
import type { Handbook, HandbookPage, Hop } from "./handbook.model.js";
import {
  assessmentLine,
  codeParts,
  commandsOf,
  handbookTitle,
  LEGEND,
  MARK,
  NO_BAN_FILE,
  NO_ROWS,
  NO_WORKFLOWS,
  pct,
  propertyRows,
  scoreCells,
  traceabilityCounts,
  traceabilityLine,
  TRACEABLE_LABEL,
  viaOf,
  workflowTitle,
} from "./handbook-text.js";

/**
 * The handbook as a PDF, made on the server (no browser) for the binder next to the on-call
 * phone: a title page listing the workflows, then one workflow per page with the same content
 * and sentences as the Markdown and HTML — properties, what each hop logs, which ban kinds it
 * enforces, the traceability bar, the risk rows and the numbered playbook with its commands in a
 * monospaced font. `date` fixes the metadata dates, so the same handbook gives the same file
 * (PDFKit's random file ID aside).
 */
export async function renderHandbookPdf(h: Handbook, opts: { date: Date }): Promise<Buffer> {
  const title = handbookTitle(h);
  const a = h.assessment;
  const pdf = new HandbookPdf({
    title,
    subject:
      "Per workflow: the hops a token crosses, what each logs, which bans it enforces, " +
      "the risk rows and the response playbook",
    author: "ttt",
    keywords: ["ttt", "handbook", a?.id ?? "", a?.version ?? ""].filter((k) => k !== "").join(", "),
    date: opts.date,
    footer:
      a === null ? "Workflow handbook" : `Workflow handbook · ${a.id} ${a.version} (${a.state})`,
  });
  titlePage(pdf, h);
  for (const p of h.pages) {
    pdf.newPage();
    workflowPage(pdf, p);
  }
  return pdf.finish();
}

function titlePage(pdf: HandbookPdf, h: Handbook): void {
  pdf.doc.outline.addItem(handbookTitle(h));
  pdf.paragraph(handbookTitle(h), { size: 20, bold: true, gap: 8 });
  const line = assessmentLine(h);
  if (line !== null) pdf.paragraph(line, { size: 11, gap: 8 });
  if (h.note !== null) pdf.paragraph(h.note, { size: 10, color: "#7f4a00", gap: 8 });
  if (h.pages.length === 0) {
    pdf.paragraph(NO_WORKFLOWS);
    return;
  }
  pdf.heading("Workflows", 12.5);
  h.pages.forEach((p, i) => pdf.paragraph(`${i + 1}. ${workflowTitle(p)}`, { size: 10, gap: 2 }));
  pdf.gap(10);
  pdf.paragraph(`Ban marks: ${LEGEND}`, { size: 8.5, color: MUTED });
}

function workflowPage(pdf: HandbookPdf, p: HandbookPage): void {
  pdf.heading(workflowTitle(p), 16, { outline: true });
  pdf.paragraph(p.workflow.description, { size: 10, gap: 6 });
  pdf.keyValues(propertyRows(p));

  pdf.heading("Hops: what each logs", 12.5);
  pdf.table(
    [
      ["component", 1.1],
      ["role", 2.2],
      ["traceable", 2.6],
      ["logs", 4.2],
    ],
    p.hops.map((hop) => [
      { text: hop.component, bold: true },
      hop.role,
      [TRACEABLE_LABEL[hop.traceable], viaOf(hop)].filter((x) => x !== null).join("\nvia "),
      hop.logs,
    ]),
    { size: 7.5 },
  );
  pdf.heading("Hops: which ban kinds each enforces", 12.5);
  pdf.table(
    [["component", 1.3], ...BAN_KINDS.map((k): [string, number] => [k, 1])],
    p.hops.map((hop) => [{ text: hop.component, bold: true }, ...banCells(hop)]),
    { size: 8 },
  );
  pdf.paragraph(LEGEND, { size: 8.5, color: MUTED, gap: 6 });

  traceability(pdf, p);

  pdf.heading("Risk rows", 12.5);
  if (p.rows.length === 0) pdf.paragraph(NO_ROWS);
  else
    pdf.table(
      [
        ["threat", 5],
        ["variant", 2],
        ["level", 1.4],
        ["L", 0.6],
        ["I", 0.6],
      ],
      p.rows.map((r) => [r.threat, r.variant ?? "–", ...scoreCells(r.score)]),
      { size: 8.5 },
    );

  // Named, as the playbook often starts a page of its own.
  pdf.heading(`Playbook for workflow ${p.workflow.id}`, 12.5);
  for (const s of p.playbook)
    pdf.step(s.n, `${s.action}.`, codeParts(s.detail).join(""), commandsOf(s));
}

function banCells(hop: Hop): PdfCell[] {
  return BAN_KINDS.map((k) => {
    const s = hop.bans?.[k];
    return s === undefined ? NO_BAN_FILE : `${MARK[s.level]} ${s.level}`;
  });
}

/** Bar colours as in the HTML handbook; the labels under the bar carry the numbers. */
const FILLS = { jti: "#2e7d32", subject: "#f0a500", none: "#b71c1c" } as const;

function traceability(pdf: HandbookPdf, p: HandbookPage): void {
  const t = p.traceability;
  const n = traceabilityCounts(p);
  pdf.heading("Traceability", 12.5);
  pdf.paragraph(traceabilityLine(t), { size: 9.5, gap: 4 });
  const part = (k: keyof typeof FILLS, label: string) => ({
    share: t[k],
    fill: FILLS[k],
    label: `${label}: ${n[k]} (${pct(t[k])})`,
  });
  pdf.bar([part("jti", "by jti"), part("subject", "by subject only"), part("none", "not at all")]);
}
