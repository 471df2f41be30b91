import { useId, useState } from "react";
import { incidentsApi, type IncidentState, type IncidentView } from "../api/incidents.js";
import { ConfirmDialog } from "../components/ConfirmDialog.js";
import { ErrorBanner } from "../components/Feedback.js";
import { useIncidentAction } from "./use-incident-action.js";

const SKIPS: Record<string, string> = {
  "open→resolved": "This also marks the incident contained, now.",
  "open→closed": "This also marks the incident contained and resolved, now.",
  "contained→closed": "This also marks the incident resolved, now.",
};

/**
 * Moving an incident forward for good (states never go back): asks first, says which steps a
 * skip stamps at the same time, and takes an optional note for the action log.
 */
export function StateMoveDialog({
  view,
  to,
  onClose,
  onChange,
}: {
  view: IncidentView;
  to: Exclude<IncidentState, "open"> | null;
  onClose: () => void;
  onChange: (v: IncidentView) => void;
}) {
  const noteId = useId();
  const [note, setNote] = useState("");
  const { busy, error, run } = useIncidentAction(onChange);
  const close = () => {
    setNote("");
    onClose();
  };
  async function move() {
    if (to === null) return;
    const n = note.trim();
    if (await run(() => incidentsApi.state(view.id, to, n === "" ? undefined : n))) close();
  }
  return (
    <ConfirmDialog
      open={to !== null}
      title={to === null ? "Move the incident" : `Mark the incident ${to}?`}
      confirmLabel={to === null ? "Move" : `Mark ${to}`}
      busy={busy}
      onConfirm={() => void move()}
      onCancel={close}
      testId="state-move"
    >
      <ErrorBanner error={error} title="The incident was not moved" />
      <p>
        {view.state} → {to}: this cannot be undone.{" "}
        {to === null ? null : (SKIPS[`${view.state}→${to}`] ?? null)}
      </p>
      <div className="field">
        <label htmlFor={noteId}>Note for the action log (optional, one line)</label>
        <input
          id={noteId}
          value={note}
          maxLength={2000}
          onChange={(e) => setNote(e.target.value)}
          data-testid="state-move-note"
        />
      </div>
    </ConfirmDialog>
  );
}
