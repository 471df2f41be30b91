import { useId, useState, type FormEvent } from "react";
import { incidentsApi, type IncidentView } from "../api/incidents.js";
import { ErrorBanner } from "../components/Feedback.js";
import { TableScroll } from "../components/TableScroll.js";
import { useIncidentAction } from "./use-incident-action.js";

/** The append-only action log, oldest first, and a note to add to it. */
export function ActionLog({
  view,
  onChange,
}: {
  view: IncidentView;
  onChange: (v: IncidentView) => void;
}) {
  const noteId = useId();
  const [text, setText] = useState("");
  const { busy, error, run } = useIncidentAction(onChange);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (await run(() => incidentsApi.note(view.id, text))) setText("");
  }
  return (
    <section className="card" aria-labelledby="log-h">
      <h2 id="log-h">Action log ({view.actions.length})</h2>
      <TableScroll label="Action log">
        <table className="table" data-testid="action-log">
          <thead>
            <tr>
              <th scope="col">Time (UTC)</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {view.actions.map((a, k) => (
              <tr key={`${a.at} ${k}`} data-testid="action" data-kind={a.kind}>
                <td className="nowrap">{a.at.replace("T", " ").replace(/\.\d+Z$/, "Z")}</td>
                <td>{a.actor}</td>
                <td>
                  <span className={`word-badge action-${a.kind}`}>{a.kind}</span>
                </td>
                <td className="action-text">{a.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <ErrorBanner error={error} title="The note was not added" />
        <div className="field field-wide">
          <label htmlFor={noteId}>Add a note</label>
          <textarea
            id={noteId}
            rows={2}
            value={text}
            onChange={(e) => setText(e.target.value)}
            data-testid="note-text"
          />
        </div>
        <div className="form-actions">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={busy || text.trim() === ""}
            data-testid="note-add"
          >
            Add to the log
          </button>
        </div>
      </form>
    </section>
  );
}
