import { useId, useState, type FormEvent } from "react";
import { incidentsApi, type IncidentView } from "../api/incidents.js";
import { ErrorBanner } from "../components/Feedback.js";
import { useIncidentAction } from "./use-incident-action.js";

/** The lessons learned: the closure report's last section (each saved version is logged). */
export function LessonsPanel({
  view,
  onChange,
}: {
  view: IncidentView;
  onChange: (v: IncidentView) => void;
}) {
  const fieldId = useId();
  const [text, setText] = useState(view.lessonsLearned ?? "");
  const { busy, error, run } = useIncidentAction(onChange);
  const changed = text.trim() !== "" && text.trim() !== (view.lessonsLearned ?? "");
  async function submit(e: FormEvent) {
    e.preventDefault();
    await run(() => incidentsApi.lessons(view.id, text));
  }
  return (
    <form className="card form" onSubmit={(e) => void submit(e)} aria-labelledby="lessons-h">
      <h2 id="lessons-h">Lessons learned</h2>
      <ErrorBanner error={error} title="The lessons were not saved" />
      <div className="field field-wide">
        <label htmlFor={fieldId}>What should change (tokens, logging, procedures)?</label>
        <textarea
          id={fieldId}
          rows={3}
          value={text}
          onChange={(e) => setText(e.target.value)}
          data-testid="lessons-text"
        />
      </div>
      <div className="form-actions">
        <button
          type="submit"
          className="btn btn-primary"
          disabled={busy || !changed}
          data-testid="lessons-save"
        >
          Save the lessons learned
        </button>
      </div>
    </form>
  );
}
