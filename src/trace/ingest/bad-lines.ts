import { scrubText } from "../events/token-scrub.js";
import type { BadTallyRow } from "./segments.repository.js";

/** Line numbers kept per (file, reason), and samples. */
const MAX_LINES = 20;
const MAX_SAMPLES = 3;
const SAMPLE_CHARS = 200;

/** Anything shaped like a JWT (three base64url parts, the first starting `eyJ`). */
const JWT_LIKE = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*\.?[A-Za-z0-9_-]*/g;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is escaped
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * A sample of an unreadable line, safe to store and print: a bearer token that a broken line
 * happens to carry (a JWT, even cut short; a token parameter's or a Bearer header's value) is
 * replaced by `[token]`, control characters (terminal escapes, NUL) are
 * escaped, and the sample is cut at 200 characters.
 */
export function safeSample(line: string): string {
  const cut = line.length > SAMPLE_CHARS * 4 ? line.slice(0, SAMPLE_CHARS * 4) : line;
  const clean = scrubText(cut)
    .replace(JWT_LIKE, "[token]")
    .replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
  return clean.length > SAMPLE_CHARS ? clean.slice(0, SAMPLE_CHARS) + "…" : clean;
}

/**
 * Unreadable lines of a run, counted per file and reason with the first line numbers and a few
 * samples; `dirty()` gives the tallies changed since the last call, for the next segment commit.
 */
export class BadLines {
  readonly #tallies = new Map<string, BadTallyRow & { path: string; message: string }>();
  readonly #dirty = new Set<string>();
  #total = 0;
  readonly #byReason: Record<string, number> = {};

  add(
    fileId: number,
    path: string,
    lineNo: number,
    reason: string,
    message: string,
    line: string | null,
  ): void {
    const id = `${fileId}\u0000${reason}`;
    let t = this.#tallies.get(id);
    if (t === undefined) {
      // Parsers quote pieces of the line in their messages: cleaned like a sample.
      t = { fileId, path, reason, message: safeSample(message), count: 0, lines: [], samples: [] };
      this.#tallies.set(id, t);
    }
    t.count++;
    if (t.lines.length < MAX_LINES) t.lines.push(lineNo);
    if (line !== null && t.samples.length < MAX_SAMPLES) t.samples.push(safeSample(line));
    this.#dirty.add(id);
    this.#total++;
    this.#byReason[reason] = (this.#byReason[reason] ?? 0) + 1;
  }

  get total(): number {
    return this.#total;
  }

  get byReason(): Record<string, number> {
    return { ...this.#byReason };
  }

  dirty(): BadTallyRow[] {
    const out: BadTallyRow[] = [];
    for (const id of this.#dirty) {
      const t = this.#tallies.get(id);
      if (t !== undefined)
        out.push({
          fileId: t.fileId,
          reason: t.reason,
          count: t.count,
          lines: [...t.lines],
          samples: [...t.samples],
        });
    }
    this.#dirty.clear();
    return out;
  }

  /** For the end-of-run report: every tally with its file path and the parser's message. */
  report(): Array<{
    file: string;
    reason: string;
    message: string;
    count: number;
    lines: number[];
    samples: string[];
  }> {
    return [...this.#tallies.values()].map((t) => ({
      file: t.path,
      reason: t.reason,
      message: t.message,
      count: t.count,
      lines: t.lines,
      samples: t.samples,
    }));
  }
}
