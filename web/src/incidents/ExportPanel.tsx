import { useState } from "react";
import { download } from "../api/download.js";
import { EXPORT_FORMATS, incidentsApi, type ExportFormat } from "../api/incidents.js";
import { ErrorBanner } from "../components/Feedback.js";

const LABELS: Record<ExportFormat, string> = {
  md: "Report (Markdown)",
  pdf: "Report (PDF)",
  csv: "Timeline (CSV)",
  json: "Timeline (JSON)",
  timesketch: "Timeline (Timesketch JSONL)",
  misp: "MISP event (JSON)",
  email: "Heads-up e-mail (text)",
};

/** The case file's exports; each download is logged in the action log. */
export function ExportPanel({ incident, onDone }: { incident: string; onDone: () => void }) {
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [last, setLast] = useState<string | null>(null);
  async function get(format: ExportFormat) {
    setBusy(format);
    setError(undefined);
    try {
      setLast(
        await download(
          "POST",
          incidentsApi.exportPath(incident),
          { format },
          `${incident}.${format}`,
        ),
      );
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  }
  return (
    <section className="card" aria-labelledby="exports-h">
      <h2 id="exports-h">Exports</h2>
      <ErrorBanner error={error} title="The export failed" />
      <div className="export-buttons">
        {EXPORT_FORMATS.map((f) => (
          <button
            key={f}
            type="button"
            className="btn"
            disabled={busy !== null}
            onClick={() => void get(f)}
            data-testid={`export-${f}`}
          >
            {busy === f ? "Preparing…" : LABELS[f]}
          </button>
        ))}
      </div>
      {last !== null ? (
        <p role="status" className="small muted">
          Downloaded {last}.
        </p>
      ) : null}
    </section>
  );
}
