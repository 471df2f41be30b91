import { useId, useState } from "react";
import { Link } from "react-router";
import { respondApi, type InspectReport } from "../api/respond.js";
import { ErrorBanner, Notice } from "../components/Feedback.js";
import { banLinks, incidentToken, workflowToLink } from "./inspect-links.js";
import "./respond.css";

/** Pre-filled ban forms for this token, narrowest first; kinds the claims cannot support say why. */
export function BanButtons({
  claims,
  incident,
}: {
  claims: Record<string, unknown>;
  incident: string | null;
}) {
  return (
    <section aria-labelledby="ban-actions-h" data-testid="inspect-ban-actions">
      <h2 id="ban-actions-h">Ban it (narrowest first)</h2>
      <ul className="plain-list ban-actions">
        {banLinks(claims, incident).map((l) => (
          <li key={l.kind}>
            {l.href ? (
              <Link to={l.href} className="btn" data-testid={`inspect-ban-${l.kind}`}>
                {l.label}
              </Link>
            ) : (
              <>
                <button
                  type="button"
                  className="btn"
                  disabled
                  data-testid={`inspect-ban-${l.kind}`}
                  aria-describedby={`why-${l.kind}`}
                >
                  {l.label}
                </button>{" "}
                <span id={`why-${l.kind}`} className="muted small">
                  Not possible: {l.why}
                </span>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The incident this inspection is for (?incident=ID): link the token's claims to it (never the
 * token), and go back to it. Says which workflow goes with them (none when the guess is
 * ambiguous), and an unverified token's claims go in only once the responder ticks that they
 * may be forged.
 */
export function IncidentPanel({
  incident,
  report,
}: {
  incident: string;
  report: InspectReport | null;
}) {
  const confirmId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [done, setDone] = useState<string | null>(null);
  // The fingerprint ticked for: a new token needs its own confirmation.
  const [confirmedFor, setConfirmedFor] = useState<string | null>(null);
  // The workflow recorded with the claims: the guess when it is clear, else the responder's pick.
  const [picked, setPicked] = useState<{ for: string; workflow: string | null } | null>(null);
  const choice =
    report !== null && picked !== null && picked.for === report.fingerprint
      ? picked.workflow
      : undefined;
  const body = report ? incidentToken(report, choice) : null;
  const href = `/incidents/${encodeURIComponent(incident)}`;
  const unverified = report !== null && !report.verification.ok;
  const confirmed = report !== null && confirmedFor === report.fingerprint;

  async function link() {
    if (!body) return;
    setBusy(true);
    setError(undefined);
    try {
      await respondApi.linkToken(incident, body);
      setDone(report?.fingerprint ?? "");
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const linked = done !== null && done === report?.fingerprint;
  return (
    <section className="card incident-panel" aria-labelledby="incident-h">
      <h2 id="incident-h">
        Incident <code>{incident}</code>
      </h2>
      <p className="small">
        Adding the token records its claims (iss, sub, jti, client, exp, likely workflow) in the
        case file, never the token itself. <Link to={href}>Back to the incident</Link>
      </p>
      <ErrorBanner error={error} title="Could not add the token to the incident" />
      {linked ? (
        <Notice>
          <span data-testid="inspect-linked">
            Added to incident {incident}. <Link to={href}>Open the incident</Link>
          </span>
        </Notice>
      ) : null}
      {report !== null && body !== null ? (
        <LinkedWorkflow
          report={report}
          chosen={body.workflow ?? null}
          onPick={(workflow) => setPicked({ for: report.fingerprint, workflow })}
          disabled={linked}
        />
      ) : null}
      {report !== null && body !== null && unverified ? (
        <>
          <p id={`${confirmId}-why`} className="warn-text small">
            Its signature did not verify, so its claims may be forged: without a valid signature of
            a trusted issuer, anyone could have written this iss, sub and jti. The incident will
            record them as they are.
          </p>
          <div className="field-check">
            <input
              id={confirmId}
              type="checkbox"
              checked={confirmed}
              disabled={linked}
              onChange={(e) => setConfirmedFor(e.target.checked ? report.fingerprint : null)}
              aria-describedby={`${confirmId}-why`}
              data-testid="inspect-link-confirm"
            />
            <label htmlFor={confirmId}>Add it although its signature did not verify</label>
          </div>
        </>
      ) : null}
      <button
        type="button"
        className="btn btn-primary"
        disabled={busy || body === null || linked || (unverified && !confirmed)}
        onClick={() => void link()}
        aria-describedby={unverified && body !== null ? `${confirmId}-why` : undefined}
        data-testid="inspect-link-incident"
      >
        {busy
          ? "Adding…"
          : unverified
            ? "Add this UNVERIFIED token to the incident"
            : "Add this token to the incident"}
      </button>
      {report === null ? (
        <span className="muted small"> Inspect a token first.</span>
      ) : body === null ? (
        <span className="muted small"> The token names no iss with a sub, jti or client.</span>
      ) : null}
    </section>
  );
}

/**
 * Which workflow the link records with the claims (its playbook then shows on the incident): the
 * guess when it is clear; when it is ambiguous or missing, none until the responder picks one of
 * the candidates.
 */
function LinkedWorkflow({
  report,
  chosen,
  onPick,
  disabled,
}: {
  report: InspectReport;
  chosen: string | null;
  onPick: (workflow: string | null) => void;
  disabled: boolean;
}) {
  const selectId = useId();
  const guess = report.workflow.guess;
  const clear = workflowToLink(report);
  const candidates = guess?.candidates ?? [];
  return (
    <div className="field" data-testid="inspect-link-workflow">
      <label htmlFor={selectId}>
        Workflow recorded with it (its playbook shows on the incident)
      </label>
      <select
        id={selectId}
        value={chosen ?? ""}
        disabled={disabled || candidates.length === 0}
        onChange={(e) => onPick(e.target.value === "" ? null : e.target.value)}
        data-testid="inspect-link-workflow-select"
      >
        <option value="">none</option>
        {candidates.map((c) => (
          <option key={c.workflowId} value={c.workflowId}>
            {c.workflowId}: {c.name} (score {c.score})
          </option>
        ))}
      </select>
      <p className="small muted">
        {clear !== null
          ? `The likely workflow below (${clear.workflowId}).`
          : guess?.best
            ? `The guess is ambiguous (${guess.best.name} and the runner-up are about as likely): pick one if you know it.`
            : "No workflow was found likely."}
      </p>
    </div>
  );
}
