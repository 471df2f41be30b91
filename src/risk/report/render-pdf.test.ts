import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { renderPdf } from "./render-pdf.js";
import type { ReportData } from "./report.data.js";
import { exampleReportData } from "../../test-support/report-fixture.js";
import { extremesSentence, extremeVotesScope, splitSentence } from "./report.prose.js";
import { REPORT_SECTIONS } from "./report.sections.js";

interface PdfText {
  pages: number;
  /** Text lines in reading order, as pdf.js reconstructs them. */
  lines: string[];
  /** All text on one line with whitespace collapsed, so wrapped sentences can be searched. */
  flat: string;
  info: Record<string, unknown>;
}

/** A hyphen at a line end ("long-⏎lived") reads "long-lived" once lines are joined. */
const squash = (s: string) => s.replace(/\s+/g, " ").replace(/- /g, "-").trim();

/** The PDF's text as a reader (or a search engine) gets it: pdf.js, no system fonts. */
async function pdfText(buf: Buffer): Promise<PdfText> {
  const pdf = await getDocument({
    data: new Uint8Array(buf),
    useSystemFonts: false,
    disableFontFace: true,
  }).promise;
  const lines: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    let line = "";
    for (const item of content.items) {
      if (!("str" in item)) continue;
      line += item.str;
      if (item.hasEOL) {
        if (line.trim() !== "") lines.push(line.trim());
        line = "";
      }
    }
    if (line.trim() !== "") lines.push(line.trim());
  }
  const meta = await pdf.getMetadata();
  const pages = pdf.numPages;
  await pdf.destroy();
  return {
    pages,
    lines,
    flat: squash(lines.join(" ")),
    info: meta.info as Record<string, unknown>,
  };
}

/** Index of the first line after `from` that equals `text`, or -1. */
const lineAfter = (lines: string[], text: string, from: number) =>
  lines.findIndex((l, i) => i > from && l === text);

describe("renderPdf", () => {
  it("has every section heading of REPORT_SECTIONS, in order, and more than one page", async () => {
    const t = await pdfText(await renderPdf(await exampleReportData("v1.0")));
    assert.ok(t.pages > 1, `${t.pages} pages`);
    let at = -1;
    for (const s of REPORT_SECTIONS) {
      const next = lineAfter(t.lines, s.title, at);
      assert.ok(next > at, `heading "${s.title}" missing or out of order`);
      at = next;
    }
  });

  it("puts the cover facts on the first lines and in the metadata", async () => {
    const data = await exampleReportData("v1.0");
    const t = await pdfText(await renderPdf(data));
    const cover = squash(t.lines.slice(0, t.lines.indexOf("Executive summary")).join(" "));
    assert.ok(cover.includes(squash(data.assessment.title)), "assessment title");
    assert.ok(data.assessment.illustrative);
    assert.ok(cover.includes("Illustrative example data"), "illustrative notice");
    assert.ok(cover.includes(`(${data.assessment.id})`), "assessment id");
    assert.ok(cover.includes("Version: v1.0, started from v0.9"));
    assert.ok(cover.includes("State: draft"));
    assert.match(cover, /Date: \d{4}-\d{2}-\d{2}/);
    assert.ok(cover.includes(`Methodology: ${data.methodology.name}`));
    assert.equal(t.info.CreationDate, "D:20261125120000Z");
    assert.equal(t.info.ModDate, "D:20261125120000Z");
    assert.ok(String(t.info.Title).endsWith("v1.0"));
  });

  it("says nothing about illustrative data for a group's own assessment", async () => {
    const data = await exampleReportData("v1.0");
    data.assessment.illustrative = false;
    const t = await pdfText(await renderPdf(data));
    assert.ok(!t.flat.toLowerCase().includes("illustrative example data"));
  });

  it("gives the counts per level, the 1s and 5s and the split figures", async () => {
    const data = await exampleReportData("v0.9");
    const t = await pdfText(await renderPdf(data));
    const summary = t.lines.indexOf("Executive summary");
    for (const c of data.summary.countsByLevel) {
      assert.ok(lineAfter(t.lines, `${c.label} ${c.count}`, summary) > summary, c.label);
    }
    // v0.9 has 1s and 5s among its votes and split rounds settled high.
    assert.ok(data.figures.extremeVotes.likelihood.low > 0);
    assert.ok(data.figures.splitSettledHigh > 0);
    const methodology = squash(t.lines.slice(t.lines.indexOf("Methodology")).join(" "));
    assert.ok(methodology.includes(squash(extremesSentence(data))), "1s and 5s sentence");
    assert.ok(methodology.includes(squash(splitSentence(data))), "split sentence");
    const f = data.figures;
    const v = f.extremeVotes;
    const row = `Votes cast ${extremeVotesScope(data)} ${v.likelihood.low} ${v.likelihood.high} ${v.impact.low} ${v.impact.high}`;
    assert.ok(methodology.includes(row), `figures table row "${row}"`);
  });

  it("has a heading for every active row and a note for a retired one", async () => {
    const data = await exampleReportData("v1.0");
    const t = await pdfText(await renderPdf(data));
    const rows = t.lines.slice(t.lines.indexOf("Risk rows"), t.lines.indexOf("Mitigation plan"));
    // Generic rows are headed by their threat ("TR-1 Token/AAI …"), others "4a — FTS, …".
    const headed = (id: string) => rows.some((l) => l === id || l.startsWith(`${id} `));
    for (const r of data.rows.filter((x) => x.status === "active")) {
      assert.ok(headed(r.id), `row ${r.id} has no heading`);
    }
    const retired = data.rows.filter((x) => x.status === "retired");
    assert.ok(retired.length > 0);
    for (const r of retired) {
      assert.ok(!headed(r.id), `retired ${r.id} has a heading`);
      assert.ok(squash(rows.join(" ")).includes(`Retired: ${r.id} — `), `retired ${r.id} note`);
    }
  });

  it("lists the mitigation plan with a title, owner and due date", async () => {
    const data = await exampleReportData("v1.0");
    const t = await pdfText(await renderPdf(data));
    const first = data.mitigations[0];
    assert.ok(first !== undefined && first.lowHangingFruit);
    const plan = squash(t.lines.slice(t.lines.indexOf("Mitigation plan")).join(" "));
    assert.ok(plan.includes(squash(first.title)), first.title);
    assert.ok(plan.includes(first.owner ?? "unassigned"));
    assert.ok(plan.includes(first.dueDate ?? ""));
  });

  it("draws the heatmap (the SVG of the HTML report) with every scored row's id", async () => {
    const data = await exampleReportData("v1.0");
    const t = await pdfText(await renderPdf(data));
    const page = t.lines.slice(t.lines.lastIndexOf("Heatmap"));
    const tokens = new Set(page.join(" ").split(/[\s,]+/));
    assert.ok(tokens.has("Likelihood") && tokens.has("Impact"), "axis titles");
    for (const c of data.heatmap) for (const id of c.rows) assert.ok(tokens.has(id), id);
    for (const c of data.summary.countsByLevel) {
      assert.ok(
        page.some((l) => l.includes(`${c.label}: ${c.count} row`)),
        `legend ${c.label}`,
      );
    }
  });

  it("round-trips Unicode text (arrows, maths, accents, Greek, Cyrillic)", async () => {
    const data = await exampleReportData("v1.0");
    const odd = "Naïve café → ≤ 3 × 4 — Ελληνικά, Кириллица";
    const row = data.rows.find((r) => r.id === "4a");
    assert.ok(row);
    row.notes = odd;
    for (const r of data.rows) if (r.threat.id === "TR-1") r.threat.title = "Señal → caída";
    const t = await pdfText(await renderPdf(data));
    assert.ok(t.flat.includes(`Row notes: ${odd}`), "row note");
    assert.ok(t.lines.includes("TR-1 Señal → caída"), "threat title in its heading");
  });

  it("draws an unscored row and an open round without inventing a score or a vote", async () => {
    const data = await exampleReportData("v1.0");
    const row = data.rows.find((r) => r.id === "TR-9");
    assert.ok(row);
    row.score = null;
    row.rounds = [
      {
        number: 1,
        state: "open",
        openedBy: "wg-facilitator",
        openedAt: "2026-03-02T09:00:00.000Z",
        revealedAt: null,
        votes: [],
        stats: null,
      },
    ];
    const t = await pdfText(await renderPdf(data));
    const from = t.lines.indexOf("Risk rows");
    const at = t.lines.findIndex((l, i) => i > from && l.startsWith("TR-9 "));
    const block = squash(t.lines.slice(at, at + 12).join(" "));
    assert.ok(block.includes("Score: not scored yet"), block);
    assert.ok(block.includes("still open: its votes stay secret until the reveal"), block);
    assert.ok(!block.includes("Settled:"), block);
  });

  it("gives the same document for the same data, apart from PDFKit's random file ID", async () => {
    const data: ReportData = await exampleReportData("v1.0");
    const strip = (b: Buffer) =>
      b.toString("latin1").replace(/\/ID \[<[0-9a-f]+> <[0-9a-f]+>\]/, "");
    const [a, b] = await Promise.all([renderPdf(data), renderPdf(data)]);
    assert.ok(strip(a) === strip(b), "PDFs differ beyond /ID");
  });
});
