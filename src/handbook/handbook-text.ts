import type { SupportLevel } from "../bans/index.js";
import type { Handbook, HandbookPage, Hop, PlaybookStep, Traceable } from "./handbook.model.js";
import { HOP_FACTS } from "./hop-facts.js";

/**
 * The words every rendering of the handbook shares (Markdown, HTML, PDF), so the three say the
 * same thing and only their layout differs: titles, the property rows, the traceability labels
 * and sentence, the ban marks and their legend, the playbook's commands. Pure.
 */

/** The document title: names the assessment when there is one. */
export function handbookTitle(h: Handbook): string {
  return h.assessment === null ? "Workflow handbook" : `Workflow handbook: ${h.assessment.title}`;
}

/** "Assessment wlcg, version v1.0 (released).", or null without an assessment. */
export function assessmentLine(h: Handbook): string | null {
  const a = h.assessment;
  return a === null ? null : `Assessment ${a.id}, version ${a.version} (${a.state}).`;
}

/** A workflow page's heading. */
export const workflowTitle = (p: HandbookPage): string =>
  `Workflow ${p.workflow.id}: ${p.workflow.name}`;

/** Who issues the workflow's tokens: the hop that "issues the token", with what it does. */
export function issuerOf(p: HandbookPage): string {
  const issuer = p.hops.find((h) => h.role.startsWith("issues"));
  return issuer === undefined ? "not known" : `${issuer.component}: ${issuer.role}`;
}

/** The token properties of a workflow, as label → value rows. */
export function propertyRows(p: HandbookPage): [string, string][] {
  const w = p.workflow;
  return [
    ["issuer", issuerOf(p)],
    ["lifetime", w.lifetime],
    ["scope breadth", w.scopeBreadth],
    ["refresh / exchange", w.refreshExchange],
    ["holder", w.holder],
  ];
}

/** How far a hop's logs identify a token, as a badge says it (words, not colour alone). */
export const TRACEABLE_LABEL: Readonly<Record<Traceable, string>> = {
  jti: "traceable by jti",
  subject: "subject only",
  none: "not traceable",
};

/** What a hop logs that identifies the token: "jti: user.jti …", "subject: …" or "none". */
export function traceableVia(hop: Hop): string {
  return hop.traceable === "none" ? "none" : `${hop.traceable}: ${HOP_FACTS[hop.component].via}`;
}

/** The log field that identifies the token at a hop, or null where nothing does. */
export const viaOf = (hop: Hop): string | null =>
  hop.traceable === "none" ? null : HOP_FACTS[hop.component].via;

/** A ban kind's support at a hop, as one mark; "–" for a hop without a ban file. */
export const MARK: Readonly<Record<SupportLevel, string>> = { full: "✓", partial: "~", none: "✗" };
export const NO_BAN_FILE = "–";

/** The legend under every hops table. */
export const LEGEND =
  "✓ enforced (full), ~ enforced with a caveat (partial), ✗ not enforceable, – no ban file at this hop.";

/** A share 0–1 as a whole percentage. */
export const pct = (share: number): string => `${Math.round(share * 100)}%`;

/** "3 of 6 hops trace … (jti 50%, subject only 50%, none 0%)." */
export function traceabilityLine(t: HandbookPage["traceability"]): string {
  return `${t.summary} (jti ${pct(t.jti)}, subject only ${pct(t.subject)}, none ${pct(t.none)}).`;
}

/** How many hops trace a token by jti, by subject only and not at all (the shares' numerators). */
export function traceabilityCounts(p: HandbookPage): Record<Traceable, number> {
  const count = (t: Traceable) => p.hops.filter((h) => h.traceable === t).length;
  return { jti: count("jti"), subject: count("subject"), none: count("none") };
}

export const NO_ROWS = "No active risk rows for this workflow.";
export const NO_WORKFLOWS = "No workflows.";

/** A step's commands, one per element (a step may chain several with `&&`). */
export const commandsOf = (s: PlaybookStep): string[] =>
  s.command === null ? [] : s.command.split(" && ");

/** A risk row's level, likelihood and impact as cells ("not scored" and dashes without a score). */
export function scoreCells(score: HandbookPage["rows"][number]["score"]): [string, string, string] {
  if (score === null) return ["not scored", "–", "–"];
  return [score.level, String(score.likelihood), String(score.impact)];
}

/**
 * Text with `code spans` split out: odd parts were between backticks (playbook details name
 * commands and options that way), so HTML can set them in <code>.
 */
export const codeParts = (text: string): string[] => text.split(/`([^`]*)`/);
