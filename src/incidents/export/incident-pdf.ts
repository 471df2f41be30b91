import { openPdf, pageFooter, type PdfDocument } from "../../render/pdf-document.js";
import type { Tlp } from "../incident.model.js";
import { isoTime } from "../../trace/query/formats/event-fields.js";
import type { IncidentExportData } from "./export-data.js";
import { mergeTraces, type MergedEvent, type MergedTraces } from "./merge-traces.js";
import { tlpLine } from "./tlp.js";

/**
 * The incident report as a PDF, for a reader who wants a file to print, sign or attach where
 * Markdown does not render. It says what the Markdown report (incident-markdown.ts) says, in the
 * same order: the TLP label, the summary, the procedure clock, the merged timeline with proven
 * events and candidates in separate tables, the tokens and links, the bans, the action log and
 * lessons learned. On top of that every page carries the TLP label in its header, coloured as
 * FIRST's TLP 2.0 asks (label colour on black), so a page printed alone still says what may be
 * shared; the footer names the incident, when and for whom the file was made, and the page.
 *
 * Made on the same PDF document as the risk report (render/pdf-document.ts: PDFKit, embedded
 * DejaVu fonts); the risk report's layout is private to its domain, so the few primitives
 * needed here are below. Metadata dates come from
 * `generatedAt`, so the same data gives the same document apart from PDFKit's random file ID.
 */

/** Rows shown per timeline table, as in the Markdown report; the rest is counted. */
const TIMELINE_ROWS = 500;

/** FIRST TLP 2.0 label colours, set on a black background. */
const TLP_COLORS: Record<Tlp, string> = {
  RED: "#FF2B2B",
  "AMBER+STRICT": "#FFC000",
  AMBER: "#FFC000",
  GREEN: "#33FF00",
  CLEAR: "#FFFFFF",
};

const MARGIN = 50;
const PAD = 3;
const BLACK = "#000000";
const MUTED = "#555555";
const BORDER = "#b0b0b0";
const HEAD_FILL = "#eeeeee";
const OVERDUE_RED = "#C00000";
/** Table text size; at 7 points an ISO 8601 time fits its column without wrapping. */
const TABLE_SIZE = 7;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]+/g;

/** A cell's text: log values are attacker-influenced, so one line without control characters. */
function text(value: string | number | null): string {
  if (value === null || value === "") return "-";
  return String(value).replace(CONTROL, " ");
}

interface Cell {
  text: string;
  bold?: boolean;
  color?: string;
}
type CellLike = string | Cell;
type Row = Array<string | number | null>;

/** The document being written: flowing text and tables that repeat their header on a new page. */
class IncidentPdf {
  readonly doc: PDFKit.PDFDocument;
  private readonly pdf: PdfDocument;

  constructor(info: { title: string; subject: string; keywords: string; date: Date }) {
    this.pdf = openPdf({ ...info, author: "ttt" }, MARGIN);
    this.doc = this.pdf.doc;
  }

  get width(): number {
    return this.doc.page.width - 2 * MARGIN;
  }

  /** Starts a new page when less than `height` points are left on this one. */
  ensure(height: number): void {
    if (this.doc.y + height > this.doc.page.height - MARGIN) this.doc.addPage();
    this.doc.x = MARGIN;
  }

  /** A heading kept with the start of what follows; `outline` adds a bookmark. */
  heading(title: string, size: number, outline = true): void {
    this.ensure(size * 5);
    if (outline) this.doc.outline.addItem(title);
    this.doc.y += 4;
    this.paragraph(title, { size, bold: true, gap: 3 });
  }

  paragraph(s: string, o: { size?: number; bold?: boolean; color?: string; gap?: number } = {}) {
    const size = o.size ?? 10;
    this.ensure(size * 2.5);
    this.doc
      .font(o.bold === true ? "bold" : "body")
      .fontSize(size)
      .fillColor(o.color ?? BLACK);
    this.doc.text(s, MARGIN, this.doc.y, { width: this.width });
    this.doc.y += o.gap ?? 4;
  }

  /** "Label: value" lines. */
  keyValues(pairs: Array<[string, string]>): void {
    for (const [label, value] of pairs) {
      this.ensure(24);
      this.doc.fontSize(9.5).fillColor(BLACK).font("bold");
      this.doc.text(`${label}: `, MARGIN, this.doc.y, { width: this.width, continued: true });
      this.doc.font("body").text(value);
    }
    this.doc.y += 4;
  }

  /**
   * A bordered table, or "(none)" when it has no rows. Column weights are points of A4's
   * 495-point text width (relative, so they still fill another page size); time columns get
   * 105. A row never splits across pages and the header repeats after a page break.
   */
  table(columns: Array<[string, number]>, rows: CellLike[][]): void {
    if (rows.length === 0) {
      this.paragraph("(none)");
      return;
    }
    const total = columns.reduce((sum, [, w]) => sum + w, 0);
    const widths = columns.map(([, w]) => (w / total) * this.width);
    const header = columns.map(([h]): Cell => ({ text: h, bold: true }));
    this.ensure(this.rowHeight(header, widths) + this.rowHeight(rows[0] ?? [], widths));
    this.drawRow(header, widths, HEAD_FILL);
    for (const row of rows) {
      if (this.doc.y + this.rowHeight(row, widths) > this.doc.page.height - MARGIN) {
        this.doc.addPage();
        this.drawRow(header, widths, HEAD_FILL);
      }
      this.drawRow(row, widths, null);
    }
    this.doc.x = MARGIN;
    this.doc.y += 8;
  }

  /** The TLP label on every page's header, the footer with page numbers, and the bytes. */
  async finish(tlp: Tlp, footer: string): Promise<Buffer> {
    const doc = this.doc;
    const label = `TLP:${tlp}`;
    const range = doc.bufferedPageRange();
    for (let p = range.start; p < range.start + range.count; p++) {
      doc.switchToPage(p);
      // FIRST: right-justified, 12 points or larger, the label's colour on black.
      doc.font("bold").fontSize(12);
      const w = doc.widthOfString(label) + 8;
      const x = MARGIN + this.width - w;
      doc.rect(x, 16, w, 20).fill(BLACK);
      doc.fillColor(TLP_COLORS[tlp]).text(label, x + 4, 20, { lineBreak: false });
      pageFooter(doc, `${footer} · page ${p + 1} of ${range.count}`, {
        x: MARGIN,
        y: doc.page.height - 29,
        width: this.width,
        color: MUTED,
      });
    }
    return this.pdf.end();
  }

  private cell(c: CellLike): Cell {
    return typeof c === "string" ? { text: c } : c;
  }

  private rowHeight(row: CellLike[], widths: number[]): number {
    const heights = row.map((c, i) => {
      const cell = this.cell(c);
      this.doc.font(cell.bold === true ? "bold" : "body").fontSize(TABLE_SIZE);
      return this.doc.heightOfString(cell.text, { width: (widths[i] ?? 0) - 2 * PAD });
    });
    return Math.max(TABLE_SIZE, ...heights) + 2 * PAD;
  }

  private drawRow(row: CellLike[], widths: number[], fill: string | null): void {
    const y = this.doc.y;
    const h = this.rowHeight(row, widths);
    let x = MARGIN;
    row.forEach((c, i) => {
      const cell = this.cell(c);
      const w = widths[i] ?? 0;
      if (fill !== null) this.doc.rect(x, y, w, h).fill(fill);
      this.doc
        .font(cell.bold === true ? "bold" : "body")
        .fontSize(TABLE_SIZE)
        .fillColor(cell.color ?? BLACK);
      this.doc.text(cell.text, x + PAD, y + PAD, { width: w - 2 * PAD });
      this.doc.rect(x, y, w, h).lineWidth(0.5).strokeColor(BORDER).stroke();
      x += w;
    });
    this.doc.fillColor(BLACK);
    this.doc.x = MARGIN;
    this.doc.y = y + h;
  }
}

const cells = (row: Row): CellLike[] => row.map(text);

const msTime = (ms: number | null) => (ms === null ? null : isoTime(ms));

function summarySection(pdf: IncidentPdf, data: IncidentExportData): void {
  const i = data.incident;
  const ids = i.affectedIdentities.map((x) => `sub ${x.sub} at ${x.iss}`);
  const list = (xs: string[]) => (xs.length === 0 ? "none recorded" : text(xs.join(", ")));
  pdf.heading("Summary", 14);
  pdf.keyValues([
    ["State", i.state],
    ["Severity", i.severity],
    ["Discovered", i.discoveredAt],
    ["Affected sites", list(i.affectedSites)],
    ["Affected identities", list(ids)],
  ]);
  pdf.paragraph(
    i.summary === null || i.summary.trim() === "" ? "No summary yet." : i.summary.trim(),
  );
}

/** Overdue steps stand out: the whole row in bold red. */
function clockSection(pdf: IncidentPdf, data: IncidentExportData): void {
  pdf.heading("Procedure clock", 14);
  const rows = data.incident.clock.map((c): CellLike[] => {
    const row = [c.step, c.dueAt ?? "not due yet", c.doneAt].map(text);
    if (!c.overdue) return [...row, c.doneAt === null ? "pending" : "done"];
    return [
      ...row.map((t) => ({ text: t, bold: true, color: OVERDUE_RED })),
      { text: "OVERDUE", bold: true, color: OVERDUE_RED },
    ];
  });
  pdf.table(
    [
      ["Step", 140],
      ["Due", 125],
      ["Done", 125],
      ["Status", 105],
    ],
    rows,
  );
}

function eventRow(m: MergedEvent, withReason: boolean): CellLike[] {
  const e = m.event;
  const row: Row = [
    isoTime(e.timeMs),
    e.site,
    e.component,
    e.action,
    e.object,
    e.clientIp,
    e.jti ?? e.match.jti,
    `${e.source.file}:${e.source.line}`,
  ];
  return cells(withReason ? [...row, e.match.reason] : row);
}

function eventTable(pdf: IncidentPdf, title: string, events: MergedEvent[], withReason: boolean) {
  pdf.heading(title, 11, false);
  const columns: Array<[string, number]> = withReason
    ? [
        ["Time", 105],
        ["Site", 36],
        ["Component", 52],
        ["Action", 48],
        ["Object", 62],
        ["IP", 50],
        ["jti", 42],
        ["Source", 55],
        ["Reason", 45],
      ]
    : [
        ["Time", 105],
        ["Site", 40],
        ["Component", 52],
        ["Action", 50],
        ["Object", 78],
        ["IP", 50],
        ["jti", 50],
        ["Source", 70],
      ];
  const shown = events.slice(0, TIMELINE_ROWS).map((m) => eventRow(m, withReason));
  pdf.table(columns, shown);
  if (events.length > TIMELINE_ROWS) pdf.paragraph(`… ${events.length - TIMELINE_ROWS} more`);
}

function timelineSection(pdf: IncidentPdf, merged: MergedTraces): void {
  const proven = merged.timeline.filter((m) => m.event.match.confidence === "proven");
  const candidates = merged.timeline.filter((m) => m.event.match.confidence === "candidate");
  pdf.heading("Timeline", 14);
  eventTable(pdf, `Proven events (${proven.length})`, proven, false);
  eventTable(
    pdf,
    `Candidate events (${candidates.length}), not proven: no log line names the token`,
    candidates,
    true,
  );
}

function tokenSection(pdf: IncidentPdf, data: IncidentExportData, merged: MergedTraces): void {
  pdf.heading("Identities and tokens", 14);
  const linked = data.incident.tokens;
  pdf.heading(`Linked to the case (${linked.length})`, 11, false);
  pdf.table(
    [
      ["jti", 95],
      ["Subject", 75],
      ["Client", 75],
      ["Workflow", 95],
      ["Exp", 155],
    ],
    linked.map((t) =>
      cells([t.jti, t.sub, t.clientId, t.workflow, t.exp === null ? null : isoTime(t.exp * 1000)]),
    ),
  );
  pdf.heading(`Tokens traced (${merged.tokens.length})`, 11, false);
  const tokens = merged.tokens.map((t) =>
    cells([
      t.jti,
      t.kind,
      t.sub,
      t.parent,
      msTime(t.issuedAtMs),
      t.exp === null ? null : isoTime(t.exp * 1000),
    ]),
  );
  pdf.table(
    [
      ["jti", 85],
      ["Kind", 45],
      ["Subject", 65],
      ["Parent", 85],
      ["Issued", 105],
      ["Exp", 110],
    ],
    tokens,
  );
  pdf.heading(`Links (${merged.links.length})`, 11, false);
  const links = merged.links.map((l) =>
    cells([l.from, l.to, l.type, l.confidence, l.evidence.length]),
  );
  pdf.table(
    [
      ["From", 130],
      ["To", 130],
      ["Type", 85],
      ["Confidence", 85],
      ["Evidence", 65],
    ],
    links,
  );
}

function banSection(pdf: IncidentPdf, data: IncidentExportData): void {
  pdf.heading("Bans", 14);
  const rows = data.incident.bans.map((b) =>
    cells([b.id, b.kind, b.denies, b.state, b.reason, b.createdAt, b.liftedAt]),
  );
  pdf.table(
    [
      ["ID", 40],
      ["Kind", 40],
      ["Denies", 60],
      ["State", 35],
      ["Reason", 110],
      ["Created", 105],
      ["Lifted", 105],
    ],
    rows,
  );
}

function actionSection(pdf: IncidentPdf, data: IncidentExportData): void {
  pdf.heading("Actions", 14);
  const rows = data.incident.actions.map((a) => cells([a.at, a.actor, a.kind, a.text, a.ref]));
  pdf.table(
    [
      ["Time", 105],
      ["Actor", 65],
      ["Kind", 45],
      ["Text", 220],
      ["Ref", 60],
    ],
    rows,
  );
}

/** The incident report as a PDF; the Buffer is the whole file. */
export async function renderIncidentPdf(data: IncidentExportData): Promise<Buffer> {
  const i = data.incident;
  const merged = mergeTraces(data);
  const title = `Incident ${i.id}: ${text(i.title)}`;
  const by = text(data.generatedBy);
  const pdf = new IncidentPdf({
    title,
    subject: `Incident report of ${i.id}, TLP:${i.tlp}`,
    keywords: [i.id, `TLP:${i.tlp}`, i.severity, i.state].join(", "),
    date: new Date(data.generatedAt),
  });
  pdf.paragraph(tlpLine(i.tlp), { bold: true, gap: 10 });
  pdf.doc.outline.addItem(title);
  pdf.paragraph(title, { size: 18, bold: true, gap: 8 });
  summarySection(pdf, data);
  clockSection(pdf, data);
  timelineSection(pdf, merged);
  tokenSection(pdf, data, merged);
  banSection(pdf, data);
  actionSection(pdf, data);
  pdf.heading("Lessons learned", 14);
  pdf.paragraph(i.lessonsLearned?.trim() ?? "Not recorded yet.", { gap: 12 });
  pdf.paragraph(`Generated at ${data.generatedAt} by ${by}. TLP:${i.tlp}.`, {
    size: 8.5,
    color: MUTED,
  });
  return pdf.finish(
    i.tlp,
    `Incident ${i.id} · TLP:${i.tlp} · generated at ${data.generatedAt} by ${by}`,
  );
}
