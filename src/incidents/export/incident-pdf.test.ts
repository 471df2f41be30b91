import assert from "node:assert/strict";
import { test } from "node:test";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { renderIncident, renderIncidentFile } from "./export-data.js";
import { exportData } from "./incident-export.fixture.js";
import { renderIncidentPdf } from "./incident-pdf.js";

/** The PDF's text as pdf.js reads it (as render-pdf.test.ts does): pages and one flat string. */
async function pdfText(buf: Buffer): Promise<{ pages: number; flat: string }> {
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
  const pages = pdf.numPages;
  await pdf.destroy();
  return { pages, flat: parts.join("").replace(/\s+/g, " ").trim() };
}

/** The fixture with one step of the procedure clock overdue. */
function withOverdueStep() {
  const data = exportData();
  data.incident.clock = [
    { step: "reported", dueAt: "2024-05-01T15:00:00.000Z", doneAt: null, overdue: true },
    { step: "closure-report", dueAt: null, doneAt: null, overdue: false },
  ];
  data.incident.overdue = ["reported"];
  return data;
}

test("renderIncidentPdf: a whole PDF file with the report's content", async () => {
  const data = withOverdueStep();
  const buf = await renderIncidentPdf(data);
  assert.equal(buf.subarray(0, 5).toString("latin1"), "%PDF-");
  assert.match(buf.subarray(-16).toString("latin1"), /%%EOF\r?\n?$/);
  const t = await pdfText(buf);
  assert.ok(t.pages >= 1, `${t.pages} pages`);
  for (const want of [
    "Incident inc_1: Stolen access token",
    "TLP:AMBER",
    "aaaa-1",
    "OVERDUE",
    "Procedure clock",
    "Proven events (3)",
    "Candidate events (1)",
    "Lessons learned",
    "Generated at 2024-05-02T09:00:00.000Z by alice",
  ])
    assert.ok(t.flat.includes(want), `"${want}" missing`);
});

test("renderIncidentFile: the PDF with its content type and file name", async () => {
  const out = await renderIncidentFile(withOverdueStep(), "pdf");
  assert.equal(out.contentType, "application/pdf");
  assert.equal(out.fileName, "incident-inc_1.pdf");
  assert.ok(Buffer.isBuffer(out.body));
  const md = await renderIncidentFile(exportData(), "md");
  assert.deepEqual(md, renderIncident(exportData(), "md"));
  assert.throws(() => renderIncident(exportData(), "pdf"), /renderIncidentFile/);
});

test("renderIncidentPdf: the same data gives the same file, apart from PDFKit's random ID", async () => {
  const strip = (b: Buffer) => b.toString("latin1").replace(/\/ID \[<[0-9a-f]+> <[0-9a-f]+>\]/, "");
  const [a, b] = await Promise.all([
    renderIncidentPdf(exportData()),
    renderIncidentPdf(exportData()),
  ]);
  assert.ok(strip(a) === strip(b), "PDFs differ beyond /ID");
});
