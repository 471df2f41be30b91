import type { Ban } from "../ban.model.js";
import { FORMAT_TITLES, type ExportFormat } from "./formats.js";

/**
 * Shared text helpers for the ban files: quoting that keeps anything on one comment line, the
 * checks that decide whether a key can be written into a format at all, and the header and
 * sections every `#`-commented file has. Pure.
 */

/** A ban written as rules, with the lines that enforce it. */
export interface Entry {
  ban: Ban;
  lines: string[];
  /** Structured rule for JSON formats (xrootd), instead of lines. */
  data?: unknown;
}

/** A ban a format does not write, and why. `unsafe`: its key cannot be written safely. */
export interface Refusal {
  ban: Ban;
  reason: string;
  unsafe: boolean;
}

/** What a format module turns into a file. */
export interface Classified {
  written: Entry[];
  /** Scripts that only add bans: bans that ended (lifted, expired) lately, undone (select.ts). */
  undone: Entry[];
  /** Static formats only: bans that start later, listed but not written. */
  pending: Ban[];
  /** Not enforceable by this format (not including unsafe keys, which are left out entirely). */
  unenforceable: Refusal[];
  nextChangeAt: string | null;
  meta: HeaderMeta;
}

export interface HeaderMeta {
  format: ExportFormat;
  generatedAt: string;
  site: string | null;
  issuer: string | null;
}

// eslint-disable-next-line no-control-regex -- control characters are what is looked for
const BREAKS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when `s` has a control character, a Unicode line break or a broken surrogate pair. */
export function breaksLines(s: string): boolean {
  return BREAKS.test(s) || LONE_SURROGATE.test(s);
}

/** Printable ASCII without white space: what word-split config formats can hold unquoted. */
export function isPlainToken(s: string): boolean {
  return /^[\x21-\x7e]+$/.test(s);
}

/**
 * `s` as a JSON string literal that stays on one line: JSON escapes C0 controls and broken
 * surrogates; C1 controls and U+2028/2029 (line breaks to YAML and some editors) are escaped
 * here. The closing quote also means a comment never ends in a backslash (a continuation
 * line to HTCondor's config parser).
 */
export function q(s: string): string {
  return JSON.stringify(s).replace(
    /[\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** A ban id as shown in comments: bare when plain, quoted otherwise. */
export function idText(id: string): string {
  return /^[A-Za-z0-9._:-]{1,200}$/.test(id) ? id : q(id);
}

/** What the ban denies, with every value quoted: `sub "alice"`, `group "/atlas"` … */
export function keyPhrase(ban: Ban): string {
  switch (ban.kind) {
    case "token":
      return `jti ${q(ban.jti)}`;
    case "identity":
      return `sub ${q(ban.sub)}`;
    case "identity-before":
      return `sub ${q(ban.sub)} issued at or before ${q(ban.issuedBefore)}`;
    case "client":
      return `client ${q(ban.clientId)}`;
    case "group":
      return `group ${q(ban.group)}`;
    case "issuer":
      return "every token";
  }
}

/** One line naming a ban: id, kind, issuer, key, reason, incident and time window. */
export function banSummary(ban: Ban): string {
  const incident = ban.incident === null ? "" : `; incident ${q(ban.incident)}`;
  const window = `; from ${q(ban.startsAt)} until ${ban.expiresAt === null ? "lifted" : q(ban.expiresAt)}`;
  const sites = ban.sites === "all" ? "" : `; sites ${ban.sites.map(q).join(", ")}`;
  return `ban ${idText(ban.id)} (${ban.kind}): iss ${q(ban.iss)}, ${keyPhrase(ban)}; reason ${q(ban.reason)}${incident}${window}${sites}`;
}

/** A ban that ended, and when and how: what an undo line in a script says it undoes. */
function endedSummary(ban: Ban): string {
  const how =
    ban.state === "lifted"
      ? `lifted at ${q(ban.liftedAt ?? "")} by ${q(ban.liftedBy ?? "")}: ${q(ban.liftReason ?? "")}`
      : `expired at ${q(ban.expiresAt ?? "")}`;
  return `${banSummary(ban)}; ${how}`;
}

/** The CLI line that regenerates this file (options other than site and issuer: "…"). */
export function regenerateCommand(meta: HeaderMeta, output: string): string {
  const site = meta.site === null ? "" : ` --site ${meta.site}`;
  const issuer = meta.issuer === null ? "" : ` --issuer ${q(meta.issuer)}`;
  return `ttt bans export --format ${meta.format}${site}${issuer} -o ${output}`;
}

/** The header facts every file states, as plain sentences (the caller adds comment syntax). */
export function headerLines(c: Classified, output: string, install: string[]): string[] {
  const { meta } = c;
  const site = meta.site === null ? "any site (site-limited bans included)" : `site ${meta.site}`;
  const issuer = meta.issuer === null ? "every issuer" : `issuer ${q(meta.issuer)}`;
  const next =
    c.nextChangeAt === null
      ? "No ban starts or expires later: regenerate whenever bans change, e.g. from cron:"
      : `Regenerate by ${c.nextChangeAt} (a ban starts or expires then), e.g. from cron:`;
  return [
    `${FORMAT_TITLES[meta.format]}: generated by TTT (Token Trust & Traceability). Do not edit: regenerate.`,
    `Generated at ${meta.generatedAt} for ${site}, ${issuer}.`,
    `${c.written.length} ban(s) written, ${c.pending.length} pending, ${c.unenforceable.length} not enforceable here${c.undone.length > 0 ? `, ${c.undone.length} ended ban(s) undone` : ""}.`,
    next,
    `  ${regenerateCommand(meta, output)}`,
    ...install,
  ];
}

/** `lines` as `#` comments (an empty line becomes a bare `#`). */
export function hashComments(lines: readonly string[]): string[] {
  return lines.map((l) => (l === "" ? "#" : `# ${l}`));
}

/** The pending and not-enforceable sections of a `#`-commented file. */
export function trailerSections(c: Classified): string[] {
  const out: string[] = [];
  if (c.pending.length > 0) {
    out.push("", "# Pending: not written until they start (regenerate then):");
    for (const ban of c.pending) out.push(`#   ${banSummary(ban)}`);
  }
  if (c.unenforceable.length > 0) {
    out.push("", "# Not enforceable in this file (use what each line says instead):");
    for (const r of c.unenforceable) {
      out.push(`#   ${banSummary(r.ban)}`, `#     not enforced: ${r.reason}`);
    }
  }
  return out;
}

/** Joins lines into file content ending in exactly one newline. */
export function toContent(lines: readonly string[]): string {
  return `${lines.join("\n")}\n`;
}

/**
 * A POSIX sh script: the header as comments, then each written ban's summary and commands, the
 * skipped and pending sections; `status` records any failed command and is the exit status.
 */
export function shellScript(header: string[], c: Classified, preamble: string[] = []): string {
  const body = ["", ...preamble, "status=0"];
  for (const e of c.undone) body.push("", `# ended: ${endedSummary(e.ban)}`, ...e.lines);
  for (const e of c.written) body.push("", `# ${banSummary(e.ban)}`, ...e.lines);
  body.push("", 'exit "$status"');
  return toContent(["#!/bin/sh", ...hashComments(header), ...body, ...trailerSections(c)]);
}

/** `s` single-quoted for POSIX sh (a quote inside becomes '\''). */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
