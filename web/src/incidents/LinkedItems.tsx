import { useState } from "react";
import { Link } from "react-router";
import type { IncidentView, SavedTrace } from "../api/incidents.js";
import { formatDate } from "../components/format.js";
import { TableScroll } from "../components/TableScroll.js";

/** Alerts listed before "show all". */
const ALERTS_SHOWN = 10;

/** A trace page's address for a query, with the incident kept so it can be saved or starred. */
function traceLink(incident: string, q: Record<string, unknown>): string {
  const sp = new URLSearchParams();
  for (const k of ["by", "value", "iss", "site"] as const)
    if (typeof q[k] === "string" && q[k] !== "") sp.set(k, q[k]);
  if (q.withDerived === true) sp.set("withDerived", "true");
  for (const k of ["fromMs", "toMs"] as const)
    if (typeof q[k] === "number")
      sp.set(k === "fromMs" ? "from" : "to", new Date(q[k]).toISOString());
  sp.set("incident", incident);
  return `/trace?${sp.toString()}`;
}

function traceLine(t: SavedTrace): string {
  const s = t.summary as { events?: { proven?: number; candidate?: number }; tokens?: number };
  const q = t.query as { by?: string; value?: string; withDerived?: boolean };
  return `${q.by ?? "?"} ${q.value ?? "?"}${q.withDerived === true ? " with derived tokens" : ""}: ${s.events?.proven ?? 0} proven, ${s.events?.candidate ?? 0} candidate events, ${s.tokens ?? 0} tokens`;
}

/** What is linked to the case: tokens (with traces to start), bans, saved traces, alerts. */
export function LinkedItems({ view }: { view: IncidentView }) {
  const id = view.id;
  const [allAlerts, setAllAlerts] = useState(false);
  const alerts = allAlerts ? view.alerts : view.alerts.slice(0, ALERTS_SHOWN);
  return (
    <section aria-labelledby="linked-h" className="card">
      <h2 id="linked-h">Linked to this incident</h2>
      <h3>Tokens and identities ({view.tokens.length})</h3>
      {view.tokens.length === 0 ? (
        <p className="muted">No token linked yet.</p>
      ) : (
        <TableScroll label="Linked tokens">
          <table className="table" data-testid="incident-tokens">
            <thead>
              <tr>
                <th scope="col">jti</th>
                <th scope="col">Subject</th>
                <th scope="col">Client</th>
                <th scope="col">Issuer</th>
                <th scope="col">Workflow</th>
                <th scope="col">Trace</th>
              </tr>
            </thead>
            <tbody>
              {view.tokens.map((t) => (
                <tr key={`${t.iss} ${t.jti ?? ""} ${t.sub ?? ""}`}>
                  <td>
                    <code>{t.jti ?? "—"}</code>
                  </td>
                  <td>
                    <code>{t.sub ?? "—"}</code>
                  </td>
                  <td>{t.clientId ?? "—"}</td>
                  <td className="small">{t.iss}</td>
                  <td>{t.workflow ?? "—"}</td>
                  <td className="nowrap">
                    {t.jti !== null ? (
                      <Link
                        to={traceLink(id, {
                          by: "jti",
                          value: t.jti,
                          iss: t.iss,
                          withDerived: true,
                        })}
                        data-testid="incident-trace-token"
                      >
                        token + derived
                      </Link>
                    ) : null}{" "}
                    {t.sub !== null ? (
                      <Link to={traceLink(id, { by: "sub", value: t.sub, iss: t.iss })}>
                        subject
                      </Link>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <h3>Bans ({view.bans.length})</h3>
      {view.bans.length === 0 ? (
        <p className="muted">No ban linked yet.</p>
      ) : (
        <TableScroll label="Linked bans">
          <table className="table" data-testid="incident-bans">
            <thead>
              <tr>
                <th scope="col">Ban</th>
                <th scope="col">Kind</th>
                <th scope="col">Denies</th>
                <th scope="col">State</th>
                <th scope="col">Reason</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {view.bans.map((b) => (
                <tr key={b.id}>
                  <td>
                    <code>{b.id}</code>
                  </td>
                  <td>{b.kind}</td>
                  <td>{b.denies}</td>
                  <td>{b.state}</td>
                  <td>{b.reason}</td>
                  <td className="nowrap">{formatDate(b.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <h3>Saved traces ({view.traces.length})</h3>
      {view.traces.length === 0 ? (
        <p className="muted">No trace saved yet.</p>
      ) : (
        <ul data-testid="incident-traces">
          {view.traces.map((t) => (
            <li key={t.id}>
              {formatDate(t.createdAt)} by {t.actor}: {traceLine(t)} ·{" "}
              <Link to={traceLink(id, t.query)}>run again</Link>
            </li>
          ))}
        </ul>
      )}
      <h3>Alerts raised by the linked bans ({view.alertCount})</h3>
      {view.alerts.length === 0 ? (
        <p className="muted">No alert.</p>
      ) : (
        <TableScroll label="Alerts of the linked bans">
          <table className="table" data-testid="incident-alerts">
            <thead>
              <tr>
                <th scope="col">Event time (UTC)</th>
                <th scope="col">Site</th>
                <th scope="col">Component</th>
                <th scope="col">Action</th>
                <th scope="col">Matched</th>
                <th scope="col">From</th>
              </tr>
            </thead>
            <tbody>
              {alerts.map((a) => (
                <tr key={a.id} data-testid="incident-alert">
                  <td className="nowrap">{new Date(a.eventTimeMs).toISOString()}</td>
                  <td>{a.site ?? "—"}</td>
                  <td>{a.component}</td>
                  <td>{a.action}</td>
                  <td>{a.matched}</td>
                  <td>{a.clientIp ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {view.alerts.length > ALERTS_SHOWN ? (
        <p>
          <button type="button" className="btn btn-small" onClick={() => setAllAlerts(!allAlerts)}>
            {allAlerts ? `Show the first ${ALERTS_SHOWN}` : `Show all ${view.alerts.length} listed`}
          </button>{" "}
          <Link to="/alerts">All alerts</Link>
          {view.alertCount > view.alerts.length ? ` (${view.alertCount} in all)` : null}
        </p>
      ) : null}
    </section>
  );
}
