import type { MeetingError } from "./meeting-connection.js";
import "./meeting.css";

/** Errors the server (or the page) reported, until dismissed or answered by a later success. */
export function ErrorList(props: {
  errors: readonly MeetingError[];
  onDismiss: (key: number) => void;
  testId?: string;
}) {
  if (props.errors.length === 0) return null;
  return (
    <ul className="mt-errors" role="alert" data-testid={props.testId ?? "meeting-errors"}>
      {props.errors.map((e) => (
        <li key={e.key}>
          <span>
            {e.about ? <strong>{e.about}: </strong> : null}
            {e.message}
          </span>
          <button
            type="button"
            className="mt-btn mt-btn-small"
            onClick={() => props.onDismiss(e.key)}
            aria-label={`Dismiss: ${e.message}`}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
