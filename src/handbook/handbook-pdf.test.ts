import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { buildHandbook } from "./handbook.build.js";
import type { Handbook } from "./handbook.model.js";
import { renderHandbookPdf } from "./handbook-pdf.js";

/**
 * The PDF handbook read back with pdf.js (as the risk and incident report tests do): a whole
 * file, a title page and a page per workflow with the workflow titles, the hops, the
 * traceability, the rows and the playbook's commands; fixed metadata dates.
 */

async function pdfText(
  buf: Buffer,
): Promise<{ pages: number; flat: string; info: Record<string, unknown> }> {
  const pdf = await getDocument({
    data: new Uint8Array(buf),
    useSystemFonts: false,
    disableFontFace: true,
  }).promise;
  const parts: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    for (const item of content.items)
      if ("str" in item) parts.push(item.str, item.hasEOL ? " " : "");
  }
  const info = (await pdf.getMetadata()).info as Record<string, unknown>;
  const pages = pdf.numPages;
  await pdf.destroy();
  return { pages, flat: parts.join("").replace(/\s+/g, " ").replace(/- /g, "-").trim(), info };
}

const wf = (id: string, name: string, holder: string, lifetime = "long-lived") => ({
  id,
  name,
  description: `${name}.`,
  lifetime,
  scopeBreadth: "not stated",
  refreshExchange: id === "b" ? "token exchange" : "not stated",
  holder,
});

const handbook = (): Handbook =>
  buildHandbook({
    assessment: { id: "wlcg", title: "WLCG tokens → v1", version: "v1.0", state: "released" },
    note: null,
    workflows: [
      wf("b", "FTS, exchanged and refreshed tokens", "FTS (privileged client)", "short-lived"),
      wf("c", "Grid jobs with long-lived tokens", "grid job"),
    ],
    rows: [
      {
        id: "4b",
        threat: { title: "Token theft or leak" },
        variant: null,
        workflow: { id: "b" },
        status: "active",
        score: { level: "high", levelLabel: "High", likelihood: 4, impact: 3 },
      },
    ],
  });
const DATE = new Date("2026-02-03T04:05:06.000Z");

describe("renderHandbookPdf", () => {
  it("is a whole PDF file with the workflow titles and each page's content", async () => {
    const buf = await renderHandbookPdf(handbook(), { date: DATE });
    assert.equal(buf.subarray(0, 5).toString("latin1"), "%PDF-");
    assert.match(buf.subarray(-16).toString("latin1"), /%%EOF\r?\n?$/);
    const t = await pdfText(buf);
    assert.ok(t.pages >= 3, `${t.pages} pages: a title page and a page or more per workflow`);
    for (const want of [
      "Workflow handbook: WLCG tokens → v1",
      "Assessment wlcg, version v1.0 (released).",
      "Workflow b: FTS, exchanged and refreshed tokens",
      "Workflow c: Grid jobs with long-lived tokens",
      "issuer: iam: issues the token",
      "traceable by jti",
      "subject only",
      "not traceable",
      "✓ full",
      "3 of 6 hops trace the token by jti, 3 by subject only, 0 not at all (jti 50%, subject only 50%, none 0%).",
      "by jti: 3 (50%)",
      "Token theft or leak",
      "No active risk rows for this workflow.",
      "Playbook for workflow b",
      "ttt trace jti --iss <iss> --jti <jti> --with-derived --incident <incident>",
      "Workflow handbook · wlcg v1.0 (released) · page 1 of",
    ])
      assert.ok(t.flat.includes(want), `"${want}" missing`);
    assert.equal(t.info.Title, "Workflow handbook: WLCG tokens → v1");
  });

  it("says the note and that there are no workflows when there is no assessment", async () => {
    const none = buildHandbook({
      assessment: null,
      note: "cannot read assessments",
      workflows: [],
      rows: [],
    });
    const t = await pdfText(await renderHandbookPdf(none, { date: DATE }));
    assert.equal(t.pages, 1);
    assert.ok(t.flat.includes("Workflow handbook cannot read assessments No workflows."), t.flat);
  });

  it("gives the same file for the same handbook and date, apart from PDFKit's random ID", async () => {
    const strip = (b: Buffer) =>
      b.toString("latin1").replace(/\/ID \[<[0-9a-f]+> <[0-9a-f]+>\]/, "");
    const [a, b] = await Promise.all([
      renderHandbookPdf(handbook(), { date: DATE }),
      renderHandbookPdf(handbook(), { date: DATE }),
    ]);
    assert.ok(strip(a) === strip(b), "PDFs differ beyond /ID");
  });
});
