import { useState } from "react";
import { Link } from "react-router";
import { traceApi, type TraceParams } from "../api/trace.js";
import { ErrorBanner } from "../components/Feedback.js";
import "./trace.css";

/**
 * Shown while a trace is worked on for an incident (`?incident=ID`): which one, and saving the
 * current trace (its query and result) into the incident's case file.
 */
export function IncidentBar({
  incident,
  title,
  params,
  loadError,
  starredCount,
}: {
  incident: string;
  title: string | null;
  params: TraceParams | null;
  loadError: unknown;
  starredCount: number;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [saved, setSaved] = useState<{ id: string; what: string } | null>(null);

  async function save() {
    if (params === null) return;
    setBusy(true);
    setError(undefined);
    setSaved(null);
    try {
      const r = await traceApi.saveToIncident(incident, params);
      setSaved({
        id: r.savedAs,
        what: `${r.summary.events.proven} proven and ${r.summary.events.candidate} candidate events, ${r.tokens.length} tokens`,
      });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div
      className="incident-bar"
      role="region"
      aria-label="Incident"
      data-testid="trace-incident-bar"
    >
      <p>
        Working on incident{" "}
        <Link to={`/incidents/${encodeURIComponent(incident)}`} className="strong-link">
          {incident}
        </Link>
        {title ? <span className="muted"> — {title}</span> : null}
        {starredCount > 0 ? (
          <span className="muted">
            {" "}
            · {starredCount} starred event{starredCount === 1 ? "" : "s"}
          </span>
        ) : null}
      </p>
      <button
        type="button"
        className="btn btn-primary btn-small"
        disabled={busy || params === null}
        onClick={() => void save()}
        data-testid="trace-save-incident"
      >
        {busy ? "Saving…" : "Save this trace to the incident"}
      </button>
      <ErrorBanner error={loadError} title="Could not load the incident" />
      <ErrorBanner error={error} title="Could not save the trace" />
      {saved ? (
        <div className="banner banner-ok" role="status" data-testid="trace-saved">
          Saved to incident {incident} as <code>{saved.id}</code> ({saved.what}).
        </div>
      ) : null}
    </div>
  );
}
