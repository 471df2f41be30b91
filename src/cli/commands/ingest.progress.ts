/** Redraws at most this often on a terminal; plain lines this often otherwise. */
const TTY_EVERY_MS = 200;
const PLAIN_EVERY_MS = 10_000;
const BAR = 24;

const fmtInt = (n: number) => Math.round(n).toLocaleString("en-US");
const fmtEta = (s: number) => {
  if (!Number.isFinite(s) || s < 0) return "?";
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.round(s % 60)).padStart(2, "0")}`;
};

/**
 * The ingest progress line: a bar with lines/s and ETA redrawn in place on a terminal, a plain
 * line every ten seconds otherwise (logs, CI). ETA comes from bytes read against bytes on disk.
 */
export function progressReporter(
  out: NodeJS.WriteStream,
  totalBytes: number,
  now: () => number = () => performance.now(),
): { tick(p: { bytes: number; lines: number; file: string }): void; done(): void } {
  const tty = out.isTTY === true;
  const start = now();
  let last = tty ? 0 : start;
  let drawn = false;
  return {
    tick(p) {
      const t = now();
      if (t - last < (tty ? TTY_EVERY_MS : PLAIN_EVERY_MS)) return;
      last = t;
      const secs = (t - start) / 1000;
      const rate = secs > 0 ? p.lines / secs : 0;
      const frac = totalBytes > 0 ? Math.min(1, p.bytes / totalBytes) : 0;
      const eta = frac > 0 ? (secs / frac) * (1 - frac) : NaN;
      const pct = `${Math.floor(frac * 100)}%`;
      if (tty) {
        const fill = Math.round(frac * BAR);
        const bar = "█".repeat(fill) + "░".repeat(BAR - fill);
        const file = p.file.length > 40 ? "…" + p.file.slice(-39) : p.file;
        out.write(
          `\r\u001b[2K[${bar}] ${pct.padStart(4)} ${fmtInt(p.lines)} lines ${fmtInt(rate)} lines/s ETA ${fmtEta(eta)} ${file}`,
        );
        drawn = true;
      } else {
        out.write(
          `ingest: ${pct} ${fmtInt(p.lines)} lines, ${fmtInt(rate)} lines/s, ETA ${fmtEta(eta)}\n`,
        );
      }
    },
    done() {
      if (drawn) out.write("\r\u001b[2K");
    },
  };
}
