import { BAN_KINDS } from "../bans/index.js";
import type { Handbook, HandbookPage, Hop } from "./handbook.model.js";
import {
  assessmentLine,
  commandsOf,
  handbookTitle,
  LEGEND,
  MARK,
  NO_BAN_FILE,
  NO_ROWS,
  NO_WORKFLOWS,
  propertyRows,
  scoreCells,
  traceabilityLine,
  traceableVia,
  workflowTitle,
} from "./handbook-text.js";

/**
 * The handbook as Markdown, for a wiki page or a printed binder next to the on-call phone: one
 * section per workflow with its properties, the hops table (what each hop logs and which bans it
 * can enforce), the risk rows and the numbered playbook. Every table cell is escaped, because
 * threat titles and workflow text are edited by people and may hold `|` or line breaks. Pure.
 */
export function renderHandbookMarkdown(h: Handbook): string {
  const out: string[] = [`# ${inline(handbookTitle(h))}`, ""];
  const line = assessmentLine(h);
  if (line === null) out.push(h.note ?? "No assessment.");
  else {
    out.push(inline(line));
    if (h.note !== null) out.push("", h.note);
  }
  if (h.pages.length === 0) out.push("", NO_WORKFLOWS);
  for (const p of h.pages) out.push("", ...page(p));
  return `${out.join("\n")}\n`;
}

function page(p: HandbookPage): string[] {
  const w = p.workflow;
  const lines = [`## ${inline(workflowTitle(p))}`, ""];
  if (w.description !== "") lines.push(inline(w.description), "");
  lines.push(
    ...table(["property", "value"], propertyRows(p)),
    "",
    "### Hops",
    "",
    ...table(["component", "role", "traceable", "logs", ...BAN_KINDS], p.hops.map(hopRow)),
    "",
    LEGEND,
    "",
    `**Traceability:** ${traceabilityLine(p.traceability)}`,
    "",
    "### Risk rows",
    "",
  );
  if (p.rows.length === 0) lines.push(NO_ROWS);
  else
    lines.push(
      ...table(
        ["threat", "variant", "level", "L", "I"],
        p.rows.map((r) => [r.threat, r.variant ?? "–", ...scoreCells(r.score)]),
      ),
    );
  lines.push("", "### Playbook", "");
  for (const s of p.playbook) {
    lines.push(`${s.n}. **${inline(s.action)}.** ${inline(s.detail)}`);
    if (s.command !== null) lines.push(`   ${commandsOf(s).map(code).join(", then ")}`);
  }
  return lines;
}

function hopRow(hop: Hop): string[] {
  const bans = BAN_KINDS.map((k) => {
    const s = hop.bans?.[k];
    return s === undefined ? NO_BAN_FILE : MARK[s.level];
  });
  return [hop.component, hop.role, traceableVia(hop), hop.logs, ...bans];
}

function table(head: string[], rows: string[][]): string[] {
  const line = (cells: string[]) => `| ${cells.map(cell).join(" | ")} |`;
  return [line(head), `|${head.map(() => "---").join("|")}|`, ...rows.map(line)];
}

/** A table cell: pipes escaped, line breaks kept as <br>, `<` not read as HTML. */
export function cell(text: string): string {
  return angles(text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|")).replace(/\r?\n/g, "<br>");
}

/** Text outside tables: line breaks folded into spaces so a value cannot start a new block. */
const inline = (text: string) => angles(text.replace(/\s*\r?\n\s*/g, " "));

/** `<sub>` and the like shown as text, not swallowed as HTML tags (code spans left as they are). */
const angles = (text: string) =>
  text
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/</g, "&lt;")))
    .join("");

/** A code span that survives backticks inside the command. */
function code(text: string): string {
  const fence = text.includes("`") ? "``" : "`";
  return `${fence}${fence === "``" ? ` ${text} ` : text}${fence}`;
}
