import { MUTED, PdfFlow } from "../../render/pdf-flow.js";
import {
  BLACK,
  type PdfCell,
  type PdfColumn,
  type PdfTableOptions,
} from "../../render/pdf-table.js";
import type { Tlp } from "../incident.model.js";
import { isoTime } from "../../trace/index.js";
import type { IncidentExportData } from "./export-data.js";
import {
  LINKED_TOKEN_COLUMNS,
  linkedTokenRow,
  mergeTraces,
  type MergedEvent,
  type MergedTraces,
} from "./merge-traces.js";
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
 * Written with the flow layout all PDF exports share (render/pdf-flow.ts: PDFKit, embedded
 * DejaVu fonts, tables that repeat their header after a page break). Metadata dates come from
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

const OVERDUE_RED = "#C00000";
/** Table text size; at 7 points an ISO 8601 time fits its column without wrapping. */
const TABLE_SIZE = 7;
/** Top-level sections are bookmarked. */
const SECTION = { outline: true } as const;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]+/g;

/** A cell's text: log values are attacker-influenced, so one line without control characters. */
function text(value: string | number | null): string {
  if (value === null || value === "") return "-";
  return String(value).replace(CONTROL, " ");
}

type Row = Array<string | number | null>;

/** The shared flow layout with the TLP label in every page's header and "(none)" tables. */
class IncidentPdf extends PdfFlow {
  constructor(
    info: { title: string; subject: string; keywords: string; date: Date; footer: string },
    private readonly tlp: Tlp,
  ) {
    super({ ...info, author: "ttt" });
  }

  /**
   * A bordered table, or "(none)" when it has no rows. Column weights are points of A4's
   * 495-point text width (relative, so they still fill another page size); time columns get
   * 105.
   */
  override table(
    columns: readonly PdfColumn[],
    rows: readonly (readonly PdfCell[])[],
    o: PdfTableOptions = {},
  ): void {
    if (rows.length === 0) this.paragraph("(none)");
    else super.table(columns, rows, { size: TABLE_SIZE, gap: 8, ...o });
  }

  /** FIRST: right-justified, 12 points or larger, the label's colour on black. */
  protected override pageHeader(): void {
    const label = `TLP:${this.tlp}`;
    this.doc.font("bold").fontSize(12);
    const w = this.doc.widthOfString(label) + 8;
    const x = this.left + this.width - w;
    this.doc.rect(x, 16, w, 20).fill(BLACK);
    this.doc.fillColor(TLP_COLORS[this.tlp]).text(label, x + 4, 20, { lineBreak: false });
  }
}

const cells = (row: Row): PdfCell[] => row.map(text);

const msTime = (ms: number | null) => (ms === null ? null : isoTime(ms));

function summarySection(pdf: IncidentPdf, data: IncidentExportData): void {
  const i = data.incident;
  const ids = i.affectedIdentities.map((x) => `sub ${x.sub} at ${x.iss}`);
  const list = (xs: string[]) => (xs.length === 0 ? "none recorded" : text(xs.join(", ")));
  pdf.heading("Summary", 14, SECTION);
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
  pdf.heading("Procedure clock", 14, SECTION);
  const rows = data.incident.clock.map((c): PdfCell[] => {
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

function eventRow(m: MergedEvent, withReason: boolean): PdfCell[] {
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
  pdf.heading(title, 11);
  const columns: PdfColumn[] = withReason
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
  pdf.heading("Timeline", 14, SECTION);
  eventTable(pdf, `Proven events (${proven.length})`, proven, false);
  eventTable(
    pdf,
    `Candidate events (${candidates.length}), not proven: no log line names the token`,
    candidates,
    true,
  );
}

/** Column widths of the linked tokens' table (jti, subject, client, issuer, workflow, exp). */
const LINKED_WIDTHS = [85, 65, 60, 85, 55, 105];

function tokenSection(pdf: IncidentPdf, data: IncidentExportData, merged: MergedTraces): void {
  pdf.heading("Identities and tokens", 14, SECTION);
  const linked = data.incident.tokens;
  pdf.heading(`Linked to the case (${linked.length})`, 11);
  pdf.table(
    LINKED_TOKEN_COLUMNS.map((h, k): [string, number] => [h, LINKED_WIDTHS[k] ?? 60]),
    linked.map((t) => cells(linkedTokenRow(t))),
  );
  pdf.heading(`Tokens traced (${merged.tokens.length})`, 11);
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
  pdf.heading(`Links (${merged.links.length})`, 11);
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
  pdf.heading("Bans", 14, SECTION);
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

/** Longest action text a table cell shows: a row must fit on one page. */
const CELL_CHARS = 1500;

/** An action's text as a cell: cut at CELL_CHARS, saying where the whole of it is. */
function cellText(s: string): string {
  if (s.length <= CELL_CHARS) return s;
  return `${s.slice(0, CELL_CHARS)}… (${s.length - CELL_CHARS} more characters: the Markdown and JSON exports have the whole text)`;
}

function actionSection(pdf: IncidentPdf, data: IncidentExportData): void {
  pdf.heading("Actions", 14, SECTION);
  const rows = data.incident.actions.map((a) =>
    cells([a.at, a.actor, a.kind, cellText(a.text), a.ref]),
  );
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
  const pdf = new IncidentPdf(
    {
      title,
      subject: `Incident report of ${i.id}, TLP:${i.tlp}`,
      keywords: [i.id, `TLP:${i.tlp}`, i.severity, i.state].join(", "),
      date: new Date(data.generatedAt),
      footer: `Incident ${i.id} · TLP:${i.tlp} · generated at ${data.generatedAt} by ${by}`,
    },
    i.tlp,
  );
  pdf.paragraph(tlpLine(i.tlp), { bold: true, gap: 10 });
  pdf.doc.outline.addItem(title);
  pdf.paragraph(title, { size: 18, bold: true, gap: 8 });
  summarySection(pdf, data);
  clockSection(pdf, data);
  timelineSection(pdf, merged);
  tokenSection(pdf, data, merged);
  banSection(pdf, data);
  actionSection(pdf, data);
  pdf.heading("Lessons learned", 14, SECTION);
  pdf.paragraph(i.lessonsLearned?.trim() ?? "Not recorded yet.", { gap: 12 });
  pdf.paragraph(`Generated at ${data.generatedAt} by ${by}. TLP:${i.tlp}.`, {
    size: 8.5,
    color: MUTED,
  });
  return pdf.finish();
}
