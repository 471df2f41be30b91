import { BAN_KINDS, type SupportLevel } from "../bans/index.js";
import type { Handbook, HandbookPage, Hop } from "./handbook.model.js";
import { HOP_FACTS } from "./hop-facts.js";

/**
 * The handbook as Markdown, for a wiki page or a printed binder next to the on-call phone: one
 * section per workflow with its properties, the hops table (what each hop logs and which bans it
 * can enforce), the risk rows and the numbered playbook. Every table cell is escaped, because
 * threat titles and workflow text are edited by people and may hold `|` or line breaks. Pure.
 */
export function renderHandbookMarkdown(h: Handbook): string {
  const out: string[] = [];
  if (h.assessment === null) {
    out.push("# Workflow handbook", "", h.note ?? "No assessment.");
  } else {
    const a = h.assessment;
    out.push(`# Workflow handbook: ${inline(a.title)}`, "");
    out.push(`Assessment ${inline(a.id)}, version ${inline(a.version)} (${inline(a.state)}).`);
    if (h.note !== null) out.push("", h.note);
  }
  if (h.pages.length === 0) out.push("", "No workflows.");
  for (const p of h.pages) out.push("", ...page(p));
  return `${out.join("\n")}\n`;
}

const MARK: Record<SupportLevel, string> = { full: "✓", partial: "~", none: "✗" };

/** The legend under every hops table. */
export const LEGEND =
  "✓ enforced (full), ~ enforced with a caveat (partial), ✗ not enforceable, – no ban file at this hop.";

function page(p: HandbookPage): string[] {
  const w = p.workflow;
  const lines = [`## Workflow ${inline(w.id)}: ${inline(w.name)}`, ""];
  if (w.description !== "") lines.push(inline(w.description), "");
  lines.push(
    ...table(
      ["property", "value"],
      [
        ["lifetime", w.lifetime],
        ["scope breadth", w.scopeBreadth],
        ["refresh / exchange", w.refreshExchange],
        ["holder", w.holder],
      ],
    ),
    "",
    "### Hops",
    "",
    ...table(["component", "role", "traceable", "logs", ...BAN_KINDS], p.hops.map(hopRow)),
    "",
    LEGEND,
    "",
    `**Traceability:** ${p.traceability.summary} (jti ${pct(p.traceability.jti)}, ` +
      `subject only ${pct(p.traceability.subject)}, none ${pct(p.traceability.none)}).`,
    "",
    "### Risk rows",
    "",
  );
  if (p.rows.length === 0) lines.push("No active risk rows for this workflow.");
  else
    lines.push(
      ...table(
        ["threat", "variant", "level", "L", "I"],
        p.rows.map((r) => [
          r.threat,
          r.variant ?? "–",
          r.score?.level ?? "not scored",
          r.score === null ? "–" : String(r.score.likelihood),
          r.score === null ? "–" : String(r.score.impact),
        ]),
      ),
    );
  lines.push("", "### Playbook", "");
  for (const s of p.playbook) {
    lines.push(`${s.n}. **${inline(s.action)}.** ${inline(s.detail)}`);
    if (s.command !== null) lines.push(`   ${s.command.split(" && ").map(code).join(", then ")}`);
  }
  return lines;
}

function hopRow(hop: Hop): string[] {
  const facts = HOP_FACTS[hop.component];
  const traceable = hop.traceable === "none" ? "none" : `${hop.traceable}: ${facts.via}`;
  const bans = BAN_KINDS.map((k) => {
    const s = hop.bans?.[k];
    return s === undefined ? "–" : MARK[s.level];
  });
  return [hop.component, hop.role, traceable, hop.logs, ...bans];
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

const pct = (share: number) => `${Math.round(share * 100)}%`;
