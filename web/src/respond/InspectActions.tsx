import { useState } from "react";
import { Link } from "react-router";
import { respondApi, type InspectReport } from "../api/respond.js";
import { ErrorBanner, Notice } from "../components/Feedback.js";
import { banLinks, incidentToken } from "./inspect-links.js";
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
 * token), and go back to it.
 */
export function IncidentPanel({
  incident,
  report,
}: {
  incident: string;
  report: InspectReport | null;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [done, setDone] = useState<string | null>(null);
  const body = report ? incidentToken(report) : null;
  const href = `/incidents/${encodeURIComponent(incident)}`;

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
      <button
        type="button"
        className="btn btn-primary"
        disabled={busy || body === null || linked}
        onClick={() => void link()}
        data-testid="inspect-link-incident"
      >
        {busy ? "Adding…" : "Add this token to the incident"}
      </button>
      {report === null ? (
        <span className="muted small"> Inspect a token first.</span>
      ) : body === null ? (
        <span className="muted small"> The token names no iss with a sub, jti or client.</span>
      ) : null}
    </section>
  );
}
