import { incidentsApi, type IncidentView } from "../api/incidents.js";
import { ErrorBanner } from "../components/Feedback.js";
import { formatDate } from "../components/format.js";
import { commandsFor } from "./playbook-command.js";
import { useIncidentAction } from "./use-incident-action.js";

/**
 * The response playbooks of the linked tokens' workflows: the ordered steps, each ticked into
 * the action log once done (who and when shown beside it); commands come filled in once per
 * linked token of the workflow (issuer, subject, jti, client, exp) and with the incident's id.
 */
export function PlaybookPanel({
  view,
  onChange,
}: {
  view: IncidentView;
  onChange: (v: IncidentView) => void;
}) {
  const { busy, error, run } = useIncidentAction(onChange);
  return (
    <section className="card" aria-labelledby="playbook-h" data-testid="incident-playbooks">
      <h2 id="playbook-h">Response playbook</h2>
      <ErrorBanner error={error} />
      {view.playbooks.length === 0 ? (
        <p className="muted">
          Link a token to the incident (Inspect a token → Add to the incident) to get the playbook
          of its workflow.
        </p>
      ) : null}
      {view.playbooks.map((p) => {
        const tokens = view.tokens.filter((t) => t.workflow === p.workflow);
        return (
          <div key={p.workflow}>
            <h3>
              {p.name} <span className="muted small">(workflow {p.workflow})</span>
            </h3>
            <ol className="playbook">
              {p.steps.map((s) => (
                <li key={s.n} data-testid="playbook-step" data-done={s.done !== null}>
                  <label className="field-check">
                    <input
                      type="checkbox"
                      checked={s.done !== null}
                      disabled={busy || s.done !== null}
                      onChange={() => void run(() => incidentsApi.tick(view.id, p.workflow, s.n))}
                    />
                    <span>
                      <strong>{s.action}</strong> <span className="muted">{s.detail}</span>
                    </span>
                  </label>
                  {commandsFor(s.command, tokens, view.id).map((c) => (
                    <code key={c} className="playbook-cmd" data-testid="playbook-command">
                      {c}
                    </code>
                  ))}
                  {s.done !== null ? (
                    <p className="small muted">
                      done {formatDate(s.done.at)} by {s.done.actor}
                    </p>
                  ) : null}
                </li>
              ))}
            </ol>
          </div>
        );
      })}
    </section>
  );
}
