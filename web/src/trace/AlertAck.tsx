import { useId, useState, type FormEvent } from "react";
import { ApiError } from "../api/client.js";
import { traceApi, type Alert } from "../api/trace.js";
import { ErrorBanner } from "../components/Feedback.js";
import { formatDate } from "../components/format.js";

/**
 * An alert's state cell: who acknowledged it, when and why; or, while open, a button that asks
 * for an optional note first and then acknowledges it (the server refuses a second time, naming
 * who was first, so two responders never both take it; the list is then reloaded to show them).
 */
export function AlertAck({
  alert,
  onDone,
  onStale,
}: {
  alert: Alert;
  onDone: (a: Alert) => void;
  /** Someone else acknowledged it first: the list is out of date. */
  onStale: () => void;
}) {
  const id = useId();
  const [asking, setAsking] = useState(false);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  if (alert.ack !== null)
    return (
      <div className="small" data-testid="alert-acked">
        Acknowledged by {alert.ack.by}
        <div className="muted">{formatDate(alert.ack.at)}</div>
        {alert.ack.note !== null ? <div>{alert.ack.note}</div> : null}
      </div>
    );

  if (!asking)
    return (
      <button
        type="button"
        className="btn btn-small"
        onClick={() => setAsking(true)}
        aria-label={`Acknowledge the alert ${alert.id}`}
        data-testid="alert-ack"
      >
        Acknowledge
      </button>
    );

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onDone((await traceApi.acknowledge(alert.id, note.trim())).alert);
    } catch (err) {
      setError(err);
      if (err instanceof ApiError && err.status === 409) onStale();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} className="small" aria-label="Acknowledge the alert">
      <label htmlFor={`${id}-note`}>Note (optional)</label>
      <textarea
        id={`${id}-note`}
        value={note}
        maxLength={2000}
        rows={2}
        autoFocus
        onChange={(e) => setNote(e.target.value)}
        data-testid="alert-ack-note"
      />
      <div className="form-actions">
        <button
          type="submit"
          className="btn btn-small btn-primary"
          disabled={busy}
          data-testid="alert-ack-confirm"
        >
          Acknowledge
        </button>
        <button type="button" className="btn btn-small" onClick={() => setAsking(false)}>
          Cancel
        </button>
      </div>
      <ErrorBanner error={error} title="Not acknowledged" />
    </form>
  );
}
