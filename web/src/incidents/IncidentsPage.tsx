import { useState } from "react";
import { Link } from "react-router";
import { incidentsApi } from "../api/incidents.js";
import { useApi } from "../api/useApi.js";
import { ErrorBanner, Loading } from "../components/Feedback.js";
import { formatDate } from "../components/format.js";
import { TableScroll } from "../components/TableScroll.js";
import { useTitle } from "../components/useTitle.js";
import { NewIncidentForm } from "./NewIncidentForm.js";
import { TlpBadge, WordBadge } from "./TlpBadge.js";
import "./incidents.css";

/** The incidents, newest discovered first, overdue procedure steps marked; open a new one. */
export function IncidentsPage() {
  useTitle("Incidents");
  const { data, error, loading, reload } = useApi((s) => incidentsApi.list(s), []);
  const [creating, setCreating] = useState(false);
  return (
    <section aria-labelledby="incidents-h">
      <div className="page-head">
        <h1 id="incidents-h">Incidents</h1>
        {!creating ? (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => setCreating(true)}
            data-testid="incident-new"
          >
            Open an incident
          </button>
        ) : null}
      </div>
      {creating ? <NewIncidentForm onCancel={() => setCreating(false)} /> : null}
      {loading && !data ? <Loading what="incidents" /> : null}
      <ErrorBanner error={error} onRetry={reload} />
      {data && data.length === 0 ? <p>No incidents yet.</p> : null}
      {data && data.length > 0 ? (
        <TableScroll label="Incidents">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Incident</th>
                <th scope="col">TLP</th>
                <th scope="col">Severity</th>
                <th scope="col">State</th>
                <th scope="col">Discovered</th>
                <th scope="col">Procedure</th>
              </tr>
            </thead>
            <tbody>
              {data.map((i) => (
                <tr key={i.id} data-testid="incident-row">
                  <th scope="row">
                    <Link to={`/incidents/${encodeURIComponent(i.id)}`} className="strong-link">
                      {i.title}
                    </Link>
                    <div className="muted small">{i.id}</div>
                  </th>
                  <td>
                    <TlpBadge tlp={i.tlp} />
                  </td>
                  <td>
                    <WordBadge word={i.severity} kind="severity" />
                  </td>
                  <td>
                    <WordBadge word={i.state} kind="state" />
                  </td>
                  <td className="nowrap">{formatDate(i.discoveredAt)}</td>
                  <td>
                    {i.overdue.length > 0 ? (
                      <strong className="overdue">⚠ overdue: {i.overdue.join(", ")}</strong>
                    ) : (
                      <span className="muted">on time</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
    </section>
  );
}
