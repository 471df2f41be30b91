import type { Ban } from "../ban.model.js";
import type { ExportOptions } from "./export.schema.js";
import type { Classified, Entry, Refusal } from "./text.js";

/** What each format module provides to renderBanFile. */
export interface FormatModule {
  /** Suggested file name (Content-Disposition, CLI hint). */
  filename(o: ExportOptions): string;
  mediaType: string;
  /** Where a site installs the file; the regenerate line in the header writes there. */
  installPath(o: ExportOptions): string;
  /**
   * True when whatever reads the file checks each ban's time window itself (the JSON list and
   * the condor plugin), so pending bans are written; static files list them instead.
   */
  timeAware: boolean;
  /** The rules for one ban the format supports, or why it is left out. */
  entry(ban: Ban, o: ExportOptions): Entry | Refusal;
  /** The whole file. */
  render(c: Classified, o: ExportOptions): string;
  /** What the site should check before relying on the written rules (guessed settings). */
  warnings?(written: readonly Entry[], o: ExportOptions): string[];
  /**
   * Formats whose file only adds bans (scripts of ban commands: FTS, EOS) undo bans that ended:
   * what the undo acts on (the FTS user, the EOS account; null: nothing to undo here) and its
   * lines. A ban still written in the same file for the same target is not undone.
   */
  undo?: {
    target(ban: Ban, o: ExportOptions): string | null;
    lines(ban: Ban, target: string): string[];
  };
}

/** A refusal because the key cannot be written safely in this format. */
export const unsafe = (ban: Ban, reason: string): Refusal => ({ ban, reason, unsafe: true });

/** A refusal for any other reason (missing site data such as an account mapping). */
export const unenforced = (ban: Ban, reason: string): Refusal => ({ ban, reason, unsafe: false });

/** An entry with its rule lines. */
export const written = (ban: Ban, lines: string[], data?: unknown): Entry =>
  data === undefined ? { ban, lines } : { ban, lines, data };
