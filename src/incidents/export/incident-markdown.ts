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
 * The incident report in Markdown, the document a responder attaches to a ticket or sends to
 * the CSIRT: the TLP label first (so nobody reads on without knowing what they may share), the
 * summary, the procedure clock with what is overdue, the merged timeline with proven events and
 * candidates in separate tables (a candidate must never pass for a proven event), the tokens and
 * links, the bans, the action log and a closing section for lessons learned.
 *
 * Log values are attacker-influenced, so every table cell is escaped: `|` would split the row,
 * a line break would end it, and `<` could open raw HTML that a Markdown viewer renders.
 */

/** Rows shown per timeline table; the rest is counted in a "… N more" line. */
const TIMELINE_ROWS = 500;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]+/g;

/** A table cell: one line, `|` escaped, no raw HTML; null and empty become "-". */
function mdCell(value: string | number | null): string {
  if (value === null || value === "") return "-";
  return String(value)
    .replace(CONTROL, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/\|/g, "\\|");
}

/** Text outside a table, kept on one line (titles, list items). */
function mdLine(value: string): string {
  return value.replace(CONTROL, " ").replace(/</g, "&lt;");
}

/**
 * Paragraphs an analyst wrote (summary, lessons learned): line breaks kept, no raw HTML, and no
 * line that would turn into a heading, a rule or a setext underline and so fake a section.
 */
function mdText(value: string): string {
  return value
    .trim()
    .split("\n")
    .map((l) =>
      l
        .replace(/\t/g, "    ")
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/^(\s*)([#=>]|-{3,}|\*{3,}|_{3,})/, "$1\\$2"),
    )
    .join("\n");
}

function table(headers: readonly string[], rows: ReadonlyArray<Array<string | number | null>>) {
  if (rows.length === 0) return ["(none)"];
  return [
    `| ${headers.join(" | ")} |`,
    `|${headers.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.map(mdCell).join(" | ")} |`),
  ];
}

const msTime = (ms: number | null) => (ms === null ? null : isoTime(ms));

function summarySection(data: IncidentExportData): string[] {
  const i = data.incident;
  const ids = i.affectedIdentities.map((x) => `sub ${x.sub} at ${x.iss}`);
  const list = (xs: string[]) => (xs.length === 0 ? "none recorded" : mdLine(xs.join(", ")));
  return [
    "## Summary",
    "",
    `- State: ${i.state}`,
    `- Severity: ${i.severity}`,
    `- Discovered: ${i.discoveredAt}`,
    `- Affected sites: ${list(i.affectedSites)}`,
    `- Affected identities: ${list(ids)}`,
    "",
    i.summary === null || i.summary.trim() === "" ? "No summary yet." : mdText(i.summary),
  ];
}

function clockSection(data: IncidentExportData): string[] {
  const rows = data.incident.clock.map((c) => [
    c.step,
    c.dueAt ?? "not due yet",
    c.doneAt,
    c.overdue ? "**OVERDUE**" : c.doneAt === null ? "pending" : "done",
  ]);
  return ["## Procedure clock", "", ...table(["Step", "Due", "Done", "Status"], rows)];
}

function eventRow(m: MergedEvent, withReason: boolean): Array<string | number | null> {
  const e = m.event;
  const row = [
    isoTime(e.timeMs),
    e.site,
    e.component,
    e.action,
    e.object,
    e.clientIp,
    e.jti ?? e.match.jti,
    `${e.source.file}:${e.source.line}`,
  ];
  return withReason ? [...row, e.match.reason] : row;
}

function eventTable(title: string, events: MergedEvent[], withReason: boolean): string[] {
  const headers = ["Time", "Site", "Component", "Action", "Object", "IP", "jti", "Source"];
  const shown = events.slice(0, TIMELINE_ROWS).map((m) => eventRow(m, withReason));
  const out = ["", title, "", ...table(withReason ? [...headers, "Reason"] : headers, shown)];
  if (events.length > TIMELINE_ROWS) out.push("", `… ${events.length - TIMELINE_ROWS} more`);
  return out;
}

function timelineSection(merged: MergedTraces): string[] {
  const proven = merged.timeline.filter((m) => m.event.match.confidence === "proven");
  const candidates = merged.timeline.filter((m) => m.event.match.confidence === "candidate");
  return [
    "## Timeline",
    ...eventTable(`### Proven events (${proven.length})`, proven, false),
    ...eventTable(
      `### Candidate events (${candidates.length}), not proven: no log line names the token`,
      candidates,
      true,
    ),
  ];
}

function tokenSection(data: IncidentExportData, merged: MergedTraces): string[] {
  const linked = data.incident.tokens.map(linkedTokenRow);
  const tokens = merged.tokens.map((t) => [
    t.jti,
    t.kind,
    t.sub,
    t.parent,
    msTime(t.issuedAtMs),
    t.exp === null ? null : isoTime(t.exp * 1000),
  ]);
  const links = merged.links.map((l) => [l.from, l.to, l.type, l.confidence, l.evidence.length]);
  return [
    "## Identities and tokens",
    "",
    `### Linked to the case (${linked.length})`,
    "",
    ...table(LINKED_TOKEN_COLUMNS, linked),
    "",
    `### Tokens traced (${merged.tokens.length})`,
    "",
    ...table(["jti", "Kind", "Subject", "Parent", "Issued", "Exp"], tokens),
    "",
    `### Links (${merged.links.length})`,
    "",
    ...table(["From", "To", "Type", "Confidence", "Evidence"], links),
  ];
}

function banSection(data: IncidentExportData): string[] {
  const rows = data.incident.bans.map((b) => [
    b.id,
    b.kind,
    b.denies,
    b.state,
    b.reason,
    b.createdAt,
    b.liftedAt,
  ]);
  return [
    "## Bans",
    "",
    ...table(["ID", "Kind", "Denies", "State", "Reason", "Created", "Lifted"], rows),
  ];
}

function actionSection(data: IncidentExportData): string[] {
  const rows = data.incident.actions.map((a) => [a.at, a.actor, a.kind, a.text, a.ref]);
  return ["## Actions", "", ...table(["Time", "Actor", "Kind", "Text", "Ref"], rows)];
}

export function renderIncidentMarkdown(data: IncidentExportData): string {
  const i = data.incident;
  const merged = mergeTraces(data);
  const sections = [
    [`**${tlpLine(i.tlp)}**`, "", `# Incident ${i.id}: ${mdLine(i.title)}`],
    summarySection(data),
    clockSection(data),
    timelineSection(merged),
    tokenSection(data, merged),
    banSection(data),
    actionSection(data),
    [
      "## Lessons learned",
      "",
      i.lessonsLearned === null ? "Not recorded yet." : mdText(i.lessonsLearned),
    ],
    ["---", "", `Generated at ${data.generatedAt} by ${mdLine(data.generatedBy)}. TLP:${i.tlp}.`],
  ];
  return `${sections.map((s) => s.join("\n")).join("\n\n")}\n`;
}
