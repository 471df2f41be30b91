import { useState } from "react";
import type { Outgoing } from "./protocol.js";
import "./meeting.css";

/** The row's minutes: the facilitator writes (saved on demand and on leaving the field), all read. */
export function NotesPanel(props: {
  row: string;
  notes: string;
  editable: boolean;
  busy: readonly string[];
  send: (m: Outgoing) => unknown;
}) {
  const { row, notes, editable, busy, send } = props;
  const [draft, setDraft] = useState(notes);
  const [base, setBase] = useState({ row, notes });
  const dirty = draft !== base.notes;
  // Someone else's change (or another row) replaces the text unless we are in the middle of editing.
  if (base.row !== row || (base.notes !== notes && !dirty)) {
    setBase({ row, notes });
    setDraft(notes);
  }
  const save = (): void => {
    if (!dirty) return;
    send({ type: "notes", row, text: draft });
    setBase({ row, notes: draft });
  };
  return (
    <section className="mt-panel" aria-labelledby="mt-notes-h">
      <h2 id="mt-notes-h">Minutes for {row}</h2>
      {editable ? (
        <>
          <label className="mt-field">
            <span className="mt-sr-only">Minutes and notes for row {row}</span>
            <textarea
              rows={6}
              maxLength={20_000}
              value={draft}
              data-testid="notes-input"
              onChange={(e) => setDraft(e.target.value)}
              onBlur={save}
              placeholder="What was said, why the group settled where it did…"
            />
          </label>
          <div className="mt-actions">
            <button
              type="button"
              className="mt-btn"
              data-testid="notes-save"
              disabled={!dirty || busy.includes("notes")}
              onClick={save}
            >
              Save minutes
            </button>
            <span className="mt-muted" aria-live="polite">
              {dirty ? "Unsaved changes" : busy.includes("notes") ? "Saving…" : "Saved"}
            </span>
          </div>
        </>
      ) : (
        <div className="mt-notes-text" data-testid="notes-text">
          {notes || <span className="mt-muted">No minutes yet.</span>}
        </div>
      )}
    </section>
  );
}
