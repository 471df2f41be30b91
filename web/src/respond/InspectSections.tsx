import type { InspectReport, LintFinding } from "../api/respond.js";
import { formatDate } from "../components/format.js";
import { TableScroll } from "../components/TableScroll.js";
import "./respond.css";

const TIME_CLAIMS = new Set(["exp", "iat", "nbf", "auth_time"]);

function show(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

/**
 * A time claim (epoch seconds) as a date. The token is untrusted: a claim beyond what a Date
 * holds (±8.64e12 s) is said to be so rather than thrown on.
 */
function claimDate(seconds: number): string {
  const d = new Date(seconds * 1000);
  return Number.isNaN(d.getTime()) ? "(not a representable date)" : formatDate(d.toISOString());
}

/** Whether and how the signature verified: which key, or why not. */
export function VerificationPanel({ v }: { v: InspectReport["verification"] }) {
  return (
    <section
      className={`card verify ${v.ok ? "verify-ok" : "verify-bad"}`}
      aria-labelledby="verify-h"
      data-testid="inspect-verification"
    >
      <h2 id="verify-h">
        <span aria-hidden="true">{v.ok ? "✔ " : "✖ "}</span>
        Signature {v.ok ? "verified" : "not verified"}
      </h2>
      {v.ok ? (
        <p>
          Signed by key <code>{v.kid ?? "(no kid)"}</code> with {v.alg} of the trusted issuer{" "}
          <code>{v.issuer.issuer}</code>.
          {v.cached ? " (Remembered from an earlier verification.)" : null}
        </p>
      ) : (
        <p>
          <code>{v.code}</code>: {v.reason}
        </p>
      )}
      {v.issuer ? (
        <p className="muted small">
          Issuer keys fetched {formatDate(v.issuer.keysFetchedAt)}
          {v.issuer.stale ? " — stale: the last refresh failed" : ""}.
        </p>
      ) : null}
    </section>
  );
}

/** Header or claims as a two-column table; time claims also as dates. */
export function ClaimTable({
  title,
  values,
  testId,
}: {
  title: string;
  values: Record<string, unknown>;
  testId: string;
}) {
  return (
    <TableScroll label={title}>
      <table className="table compact claims-table" data-testid={testId}>
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(values).map(([k, v]) => (
            <tr key={k}>
              <th scope="row">
                <code>{k}</code>
              </th>
              <td className="break">
                <code>{show(v)}</code>
                {TIME_CLAIMS.has(k) && typeof v === "number" ? (
                  <span className="muted small"> — {claimDate(v)}</span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

const SEVERITY_ICON: Record<LintFinding["severity"], string> = {
  error: "✖",
  warning: "⚠",
  info: "ℹ",
};

/** What the WLCG profile says about the token, with the token kind and holder it assumed. */
export function LintPanel({ lint }: { lint: InspectReport["lint"] }) {
  return (
    <section aria-labelledby="lint-h" data-testid="inspect-lint">
      <h2 id="lint-h">WLCG profile findings</h2>
      <p className="small">
        Judged as an <strong>{lint.kind.value}</strong> token ({lint.kind.evidence}), held by{" "}
        <strong>{lint.holder.value}</strong> ({lint.holder.evidence})
        {lint.lifetimeSec !== null ? `; lifetime ${lint.lifetimeSec} s` : ""}.
      </p>
      {lint.findings.length === 0 ? (
        <p>No findings: the token follows the profile.</p>
      ) : (
        <TableScroll label="Profile findings">
          <table className="table compact">
            <thead>
              <tr>
                <th scope="col">Severity</th>
                <th scope="col">Rule</th>
                <th scope="col">Finding</th>
                <th scope="col">Profile</th>
              </tr>
            </thead>
            <tbody>
              {lint.findings.map((f) => (
                <tr key={f.rule + f.message} className={`lint-${f.severity}`}>
                  <td className="nowrap lint-severity">
                    <span aria-hidden="true">{SEVERITY_ICON[f.severity]} </span>
                    {f.severity}
                  </td>
                  <td>
                    <code>{f.rule}</code>
                  </td>
                  <td>{f.message}</td>
                  <td className="small">{f.profileRef}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
