import { useId, useState, type FormEvent } from "react";
import { useSearchParams } from "react-router";
import { respondApi, type InspectReport } from "../api/respond.js";
import { ErrorBanner } from "../components/Feedback.js";
import { useTitle } from "../components/useTitle.js";
import { BanButtons, IncidentPanel } from "./InspectActions.js";
import { ClaimTable, LintPanel, VerificationPanel } from "./InspectSections.js";
import { MatchingBans, WorkflowPanel } from "./InspectWorkflow.js";
import "./respond.css";

/**
 * The token inspector. The pasted token lives only in this page's React state: it is sent in
 * the body of one POST (never a URL), and is never stored in the browser or logged. The
 * textarea has no name, so even a form submitted before the app loads carries nothing.
 */
export function TokenInspector() {
  useTitle("Inspect a token");
  const [params] = useSearchParams();
  const incident = params.get("incident")?.trim() || null;
  const tokenId = useId();
  const [token, setToken] = useState("");
  const [report, setReport] = useState<InspectReport | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  async function inspect(e: FormEvent) {
    e.preventDefault();
    const t = token.trim();
    if (t === "") return;
    setBusy(true);
    setError(undefined);
    try {
      setReport(await respondApi.inspect(t));
    } catch (err) {
      setReport(null);
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  function clear() {
    setToken("");
    setReport(null);
    setError(undefined);
  }

  return (
    <section aria-labelledby="inspect-h">
      <div className="page-head">
        <h1 id="inspect-h">Inspect a token</h1>
      </div>
      {incident ? <IncidentPanel incident={incident} report={report} /> : null}
      <form className="card form" onSubmit={(e) => void inspect(e)} autoComplete="off">
        <div className="field">
          <label htmlFor={tokenId}>Token (JWT)</label>
          <textarea
            id={tokenId}
            className="token-input mono"
            rows={5}
            value={token}
            onChange={(e) => {
              setToken(e.target.value);
              setReport(null);
            }}
            autoComplete="off"
            autoCorrect="off"
            autoCapitalize="off"
            spellCheck={false}
            placeholder="eyJhbGciOi…"
            aria-describedby={`${tokenId}-note`}
            data-testid="inspect-token"
          />
          <p id={`${tokenId}-note`} className="muted small">
            The token is sent once to the server for inspection and kept only on this page; the
            server neither stores nor logs it. Clear it when you are done.
          </p>
        </div>
        <div className="form-actions">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={busy || token.trim() === ""}
            data-testid="inspect-submit"
          >
            {busy ? "Inspecting…" : "Inspect"}
          </button>
          <button type="button" className="btn" onClick={clear} data-testid="inspect-clear">
            Clear
          </button>
        </div>
      </form>
      <ErrorBanner error={error} title="Could not inspect the token" />
      {report ? <Report report={report} incident={incident} /> : null}
    </section>
  );
}

function Report({ report, incident }: { report: InspectReport; incident: string | null }) {
  return (
    <div data-testid="inspect-report">
      <p className="muted small">
        Fingerprint <code>{report.fingerprint}</code>
      </p>
      <VerificationPanel v={report.verification} />
      <BanButtons claims={report.claims} incident={incident} />
      <MatchingBans bans={report.bans} />
      <LintPanel lint={report.lint} />
      <div className="claims-grid">
        <ClaimTable title="Claims" values={report.claims} testId="inspect-claims" />
        <ClaimTable title="Header" values={report.header} testId="inspect-header" />
      </div>
      <WorkflowPanel wf={report.workflow} />
    </div>
  );
}
