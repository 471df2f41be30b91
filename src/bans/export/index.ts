import { z } from "zod";
import { parseInput } from "../../core/validation.js";
import type { Ban, BanKind } from "../ban.model.js";
import { arc } from "./arc.js";
import { condor } from "./condor.js";
import { dcache } from "./dcache.js";
import { supportOf } from "./enforceability.js";
import { eos } from "./eos.js";
import { parseExportOptions, type ExportOptions } from "./export.schema.js";
import type { FormatModule } from "./format-module.js";
import { EXPORT_FORMATS, type ExportFormat } from "./formats.js";
import { fts } from "./fts.js";
import { json } from "./json.js";
import { compareBans, endedBans, selectBans } from "./select.js";
import { storm } from "./storm.js";
import type { Classified, Entry, Refusal } from "./text.js";
import { xrootd } from "./xrootd.js";

/**
 * Ban files for the middleware sites run (issue 5). `renderBanFile` is pure: bans, options and
 * the time in; the file and what it could not enforce out.
 */

const MODULES: Record<ExportFormat, FormatModule> = {
  dcache,
  storm,
  arc,
  condor,
  xrootd,
  fts,
  eos,
  json,
};

/** A ban a file does not enforce, and why. */
export interface Unenforceable {
  banId: string;
  kind: BanKind;
  reason: string;
}

export interface BanFileResult {
  format: ExportFormat;
  content: string;
  mediaType: string;
  filename: string;
  generatedAt: string;
  /** What to check before relying on the file (settings TTT had to guess, such as aliases). */
  warnings: string[];
  /** Ids of the bans the file enforces (for time-aware formats: pending ones included). */
  covered: string[];
  /** Ids of bans listed as pending in a static file (regenerate when they start). */
  pending: string[];
  /** Ids of bans that ended lately, undone by a script that only adds bans (FTS, EOS). */
  undone: string[];
  /** When a static file must next be regenerated (a ban starts or expires), or null. */
  nextChangeAt: string | null;
  /** Bans the format cannot enforce, or whose key cannot be written safely in it. */
  unenforceable: Unenforceable[];
}

const isRefusal = (r: Entry | Refusal): r is Refusal => "reason" in r;

/**
 * Renders the ban file of `format` from `bans` (any state: lifted and expired ones are left
 * out) as of `options.now`. Options are validated here (ValidationError naming the field). A
 * ban whose key cannot be written safely is left out of the file entirely and reported in
 * `unenforceable`; a kind the format cannot express is listed in the file with what to use
 * instead, and reported too.
 */
export function renderBanFile(
  format: ExportFormat,
  bans: readonly Ban[],
  options: { now: Date } & Record<string, unknown>,
): BanFileResult {
  const fmt = parseInput(z.enum(EXPORT_FORMATS), format, "invalid export format", "format");
  const { now, ...rest } = options;
  const o: ExportOptions = parseExportOptions(fmt, rest, now);
  const mod = MODULES[fmt];
  const selection = selectBans(bans, now, o);
  const candidates = mod.timeAware
    ? [...selection.active, ...selection.pending].sort(compareBans)
    : selection.active;
  // A time-aware reader applies start and expiry itself: its file changes only with the bans.
  const nextChangeAt = mod.timeAware ? null : selection.nextChangeAt;
  const writtenEntries: Entry[] = [];
  const refused: Refusal[] = [];
  for (const ban of candidates) {
    if (fmt !== "json") {
      const support = supportOf(fmt, ban.kind);
      if (support.level === "none") {
        refused.push({ ban, reason: support.note, unsafe: false });
        continue;
      }
    }
    const r = mod.entry(ban, o);
    if (isRefusal(r)) refused.push(r);
    else writtenEntries.push(r);
  }
  const undone = mod.undo === undefined ? [] : undoEntries(fmt, mod.undo, bans, now, o);
  const generatedAt = now.toISOString();
  const classified: Classified = {
    written: writtenEntries,
    undone,
    pending: mod.timeAware ? [] : selection.pending,
    unenforceable: refused.filter((r) => !r.unsafe),
    nextChangeAt,
    meta: { format: fmt, generatedAt, site: o.site, issuer: o.issuer },
  };
  return {
    format: fmt,
    content: mod.render(classified, o),
    mediaType: mod.mediaType,
    filename: mod.filename(o),
    generatedAt,
    warnings: mod.warnings?.(writtenEntries, o) ?? [],
    covered: writtenEntries.map((e) => e.ban.id),
    undone: undone.map((e) => e.ban.id),
    pending: classified.pending.map((b) => b.id),
    nextChangeAt,
    unenforceable: refused.map((r) => ({
      banId: r.ban.id,
      kind: r.ban.kind,
      reason: r.unsafe ? `left out: ${r.reason}` : r.reason,
    })),
  };
}

/**
 * The undo lines of bans that ended lately, each target once, except for targets an active ban
 * at this site still bans — of any issuer, also in a file made for one (`--issuer`): FTS keeps
 * the bare sub, so unbanning it would lift another issuer's ban of the same sub.
 */
function undoEntries(
  format: ExportFormat,
  undo: NonNullable<FormatModule["undo"]>,
  bans: readonly Ban[],
  now: Date,
  o: ExportOptions,
): Entry[] {
  const done = new Set<string>();
  for (const ban of selectBans(bans, now, { site: o.site, issuer: null }).active) {
    const target = undo.target(ban, o);
    if (target !== null) done.add(target);
  }
  const out: Entry[] = [];
  for (const ban of endedBans(bans, now, o)) {
    if (format !== "json" && supportOf(format, ban.kind).level === "none") continue;
    const target = undo.target(ban, o);
    if (target === null || done.has(target)) continue;
    done.add(target);
    out.push({ ban, lines: undo.lines(ban, target) });
  }
  return out;
}

/**
 * The JSON answer of GET /api/v1/bans/export?as=json: the file and, under `unenforceable_at`,
 * each ban this format cannot enforce with the reason.
 */
export function presentBanFile(r: BanFileResult) {
  return {
    format: r.format,
    filename: r.filename,
    mediaType: r.mediaType,
    generatedAt: r.generatedAt,
    nextChangeAt: r.nextChangeAt,
    covered: r.covered,
    pending: r.pending,
    undone: r.undone,
    unenforceable_at: r.unenforceable,
    warnings: r.warnings,
    content: r.content,
  };
}

export { EXPORT_FORMATS, MIDDLEWARES, FORMAT_TITLES } from "./formats.js";
export { UNDO_DAYS } from "./select.js";
export type { ExportFormat, Middleware } from "./formats.js";
export { ENFORCEABILITY, supportOf, unenforceableAt } from "./enforceability.js";
export type { Support, SupportLevel } from "./enforceability.js";
export { BanExportQuery, parseExportQuery, type ParsedExportQuery } from "./export.schema.js";
export { parseBanFile, type ParsedBanFile } from "./json.js";
export { shellQuote } from "./text.js";
