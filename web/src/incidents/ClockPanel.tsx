import { useState } from "react";
import { incidentsApi, type IncidentState, type IncidentView } from "../api/incidents.js";
import { ErrorBanner } from "../components/Feedback.js";
import { formatDate } from "../components/format.js";
import { StateMoveDialog } from "./StateMoveDialog.js";
import { useIncidentAction } from "./use-incident-action.js";

const STEP_NAMES = {
  reported: "Reported to the CSIRT (4 h after discovery)",
  contained: "Contained (1 day after discovery)",
  "closure-report": "Closure report sent (1 month after resolution)",
} as const;

const NEXT: Record<IncidentState, Exclude<IncidentState, "open">[]> = {
  open: ["contained", "resolved", "closed"],
  contained: ["resolved", "closed"],
  resolved: ["closed"],
  closed: [],
};

/**
 * The EGI CSIRT procedure clock, overdue steps standing out, and the moves forward (each asked
 * for first: states never go back).
 */
export function ClockPanel({
  view,
  onChange,
}: {
  view: IncidentView;
  onChange: (v: IncidentView) => void;
}) {
  const { busy, error, run } = useIncidentAction(onChange);
  const [moving, setMoving] = useState<Exclude<IncidentState, "open"> | null>(null);
  return (
    <section className="card" aria-labelledby="clock-h">
      <h2 id="clock-h">Procedure clock (EGI CSIRT)</h2>
      <ErrorBanner error={error} />
      <ul className="clock plain-list">
        {view.clock.map((c) => (
          <li
            key={c.step}
            className={c.overdue ? "clock-step clock-overdue" : "clock-step"}
            data-testid={`clock-${c.step}`}
          >
            <strong>{STEP_NAMES[c.step]}</strong>
            <span>
              {c.doneAt !== null ? (
                <>✔ done {formatDate(c.doneAt)}</>
              ) : c.overdue ? (
                <strong className="overdue">⚠ OVERDUE since {formatDate(c.dueAt)}</strong>
              ) : c.dueAt === null ? (
                "due after resolution"
              ) : (
                <>due {formatDate(c.dueAt)}</>
              )}
            </span>
            {c.doneAt === null && c.step === "reported" ? (
              <button
                type="button"
                className="btn btn-small"
                disabled={busy}
                onClick={() => void run(() => incidentsApi.step(view.id, "reported"))}
              >
                Mark reported
              </button>
            ) : null}
            {c.doneAt === null && c.step === "closure-report" && view.resolvedAt !== null ? (
              <button
                type="button"
                className="btn btn-small"
                disabled={busy}
                data-testid="clock-closure-done"
                onClick={() => void run(() => incidentsApi.step(view.id, "closure-report"))}
              >
                Closure report sent
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {NEXT[view.state].length > 0 ? (
        <div className="form-actions">
          {NEXT[view.state].map((s) => (
            <button
              key={s}
              type="button"
              className="btn"
              disabled={busy}
              data-testid={`incident-move-${s}`}
              onClick={() => setMoving(s)}
            >
              Mark {s}
            </button>
          ))}
        </div>
      ) : null}
      <StateMoveDialog
        view={view}
        to={moving}
        onClose={() => setMoving(null)}
        onChange={onChange}
      />
    </section>
  );
}
