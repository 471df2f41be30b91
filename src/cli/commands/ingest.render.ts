import { addFormatTallies, type IngestSummary } from "../../trace/index.js";

const n = (v: number) => v.toLocaleString("en-US");

/** The human end of `ttt ingest`: totals, per format, then every kind of unreadable line. */
export function renderIngestSummary(s: IngestSummary): string {
  const out: string[] = [];
  out.push(
    `${n(s.files)} files, ${n(s.lines)} lines read, ${n(s.events)} events stored, ${n(s.bad)} bad lines, ${n(s.ignored)} lines without token or access facts; ${n(s.alreadyIngested)} files already ingested (${s.seconds} s)`,
  );
  for (const [format, t] of Object.entries(s.byFormat))
    out.push(
      `  ${format.padEnd(15)} ${n(t.files).padStart(5)} files ${n(t.lines).padStart(12)} lines ${n(t.events).padStart(12)} events ${n(t.bad).padStart(8)} bad`,
    );
  // Older servers (uploads) answer without it.
  for (const r of s.reread ?? [])
    out.push(
      `  reread ${r.file}: ${n(r.eventsDeleted)} events stored earlier (as ${r.formatBefore}) and ${n(r.alertsDeleted)} alerts they raised deleted, read again from its start`,
    );
  for (const f of s.skippedFiles) {
    const same = f.sameAs === undefined ? "" : ` (same content as ${f.sameAs}, read instead)`;
    const why = f.message === undefined ? "" : ` (${f.message})`;
    out.push(`  skipped ${f.file}: ${f.reason}${same}${why}`);
  }
  if (s.alerts > 0)
    out.push(
      `${n(s.alerts)} alert(s) raised: banned identities or expired tokens seen (ttt alerts)`,
    );
  if (s.pendingPartialLines > 0)
    out.push(
      `  ${s.pendingPartialLines} file(s) end in a line without a newline: it is read next time, once complete (or now with --final, when the files will not grow)`,
    );
  if (s.badLines.length > 0) out.push("bad lines:");
  for (const b of s.badLines) {
    const more = b.count > b.lines.length ? ` (first ${b.lines.length} of ${n(b.count)})` : "";
    out.push(`  ${b.reason} × ${n(b.count)} in ${b.file}: ${b.message}`);
    out.push(`    lines ${b.lines.join(", ")}${more}`);
    for (const sample of b.samples) out.push(`    | ${sample}`);
  }
  return out.join("\n");
}

/** Several uploads (`--server`) end in one summary, as a local run would. */
export function mergeSummaries(list: readonly IngestSummary[]): IngestSummary | null {
  const [first, ...rest] = list;
  if (first === undefined) return null;
  const m: IngestSummary = structuredClone(first);
  for (const s of rest) {
    m.files += s.files;
    m.lines += s.lines;
    m.events += s.events;
    m.bad += s.bad;
    m.alerts += s.alerts;
    m.ignored += s.ignored;
    m.alreadyIngested += s.alreadyIngested;
    m.pendingPartialLines += s.pendingPartialLines;
    m.seconds = Math.round((m.seconds + s.seconds) * 100) / 100;
    m.skippedFiles.push(...s.skippedFiles);
    (m.reread ??= []).push(...(s.reread ?? []));
    m.badLines.push(...s.badLines);
    for (const [reason, c] of Object.entries(s.badByReason))
      m.badByReason[reason] = (m.badByReason[reason] ?? 0) + c;
    addFormatTallies(m.byFormat, s.byFormat);
  }
  return m;
}
