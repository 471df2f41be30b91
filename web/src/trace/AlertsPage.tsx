import { useMemo } from "react";
import { Link, useLocation, useNavigate, useSearchParams } from "react-router";
import { traceApi, type Alert, type BanBrief } from "../api/trace.js";
import { useApi } from "../api/useApi.js";
import { ErrorBanner, Loading } from "../components/Feedback.js";
import { TableScroll } from "../components/TableScroll.js";
import { useTitle } from "../components/useTitle.js";
import { AlertAck } from "./AlertAck.js";
import { AlertFilterForm } from "./AlertFilterForm.js";
import {
  alertFiltersFromSearch,
  alertSearchOf,
  alertTraceHref,
  sinceIssue,
} from "./alert-params.js";
import { formatDate } from "../components/format.js";
import { isoOf, shortJti, utc } from "./trace-format.js";
import "./trace.css";

/**
 * Alerts raised by ingest (/alerts): events a ban covered at their own time and tokens used
 * after their exp, newest first, filtered as the API allows (kind, since, ban, site, open or
 * acknowledged). Each row says which ban and what matched, where the line is, traces what the
 * alert saw, and can be acknowledged with a note.
 */
export function AlertsPage() {
  useTitle("Alerts");
  const [sp] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const filters = useMemo(() => alertFiltersFromSearch(sp), [sp]);
  const key = alertSearchOf(filters);
  const bad = sinceIssue(filters.since);
  const {
    data: answer,
    error,
    loading,
    reload,
  } = useApi(
    async (s) => ({
      key,
      alerts: bad === null ? (await traceApi.alerts(filters, s)).alerts : [],
    }),
    [key],
  );
  // only the answer of the filters in the URL (not the previous one, right after a change)
  const data = answer?.key === key ? answer : undefined;
  const bans = useApi((s) => traceApi.bans(s), []);
  const banById = useMemo(() => new Map((bans.data ?? []).map((b) => [b.id, b])), [bans.data]);

  return (
    <section aria-labelledby="alerts-h">
      <div className="page-head">
        <h1 id="alerts-h">Alerts</h1>
      </div>
      <p className="lead">
        Raised while logs are ingested: an event a ban covered at the event’s own time, or a token
        used after its expiry. Newest first.
      </p>
      <AlertFilterForm
        key={location.search}
        initial={filters}
        onApply={(f) => {
          const search = alertSearchOf(f);
          if (search === key) reload();
          else void navigate({ pathname: "/alerts", search });
        }}
      />
      {bad !== null ? (
        <ErrorBanner error={new Error(bad)} title="The link’s filters are not valid" />
      ) : null}
      {loading ? <Loading what="alerts" /> : null}
      <ErrorBanner error={error} title="Could not load the alerts" onRetry={reload} />
      {data && data.alerts.length === 0 && !loading ? (
        <p data-testid="alerts-empty">No alert matches these filters.</p>
      ) : null}
      {data && data.alerts.length > 0 ? (
        <>
          <p className="muted" role="status">
            {data.alerts.length} alert{data.alerts.length === 1 ? "" : "s"}
            {data.alerts.length === (filters.limit ?? 100) ? " (the limit: there may be more)" : ""}
            .
          </p>
          <AlertsTable alerts={data.alerts} banById={banById} onChanged={reload} />
        </>
      ) : null}
    </section>
  );
}

function AlertsTable({
  alerts,
  banById,
  onChanged,
}: {
  alerts: readonly Alert[];
  banById: ReadonlyMap<string, BanBrief>;
  onChanged: () => void;
}) {
  return (
    <TableScroll label="Alerts">
      <table className="table compact alerts-table">
        <thead>
          <tr>
            <th scope="col">Event time (UTC)</th>
            <th scope="col">Alert</th>
            <th scope="col">Matched</th>
            <th scope="col">Site</th>
            <th scope="col">Component</th>
            <th scope="col">Action</th>
            <th scope="col">Subject / token</th>
            <th scope="col">Source line</th>
            <th scope="col">Trace</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((a) => {
            const trace = alertTraceHref(a);
            const ban = a.banId === null ? undefined : banById.get(a.banId);
            return (
              <tr
                key={a.id}
                data-testid="alert-row"
                data-kind={a.kind}
                data-ban={a.banId ?? undefined}
                data-state={a.ack === null ? "open" : "acknowledged"}
              >
                <td className="nowrap mono" title={isoOf(a.eventTimeMs)}>
                  {utc(a.eventTimeMs)}
                  <div className="muted small">raised {formatDate(a.createdAt)}</div>
                </td>
                <td>
                  {a.kind === "banned" ? (
                    <>
                      <span className="conf-badge alert-kind">banned</span>
                      {ban ? (
                        <div className="small">
                          {ban.kind} ban: {ban.denies}
                          <div className="muted">{ban.reason}</div>
                        </div>
                      ) : null}
                      {a.banId !== null ? (
                        <div className="small">
                          <Link to={`/bans?q=${encodeURIComponent(a.banId)}`} title="The ban">
                            <code>{a.banId}</code>
                          </Link>{" "}
                          ·{" "}
                          <Link to={`/alerts?ban=${encodeURIComponent(a.banId)}`}>its alerts</Link>
                        </div>
                      ) : null}
                    </>
                  ) : (
                    <span className="conf-badge alert-kind">token used after exp</span>
                  )}
                </td>
                <td className="mono small">{a.matched}</td>
                <td>{a.site ?? "—"}</td>
                <td>{a.component}</td>
                <td className="nowrap">{a.action}</td>
                <td className="mono small">
                  <div title={a.iss ?? undefined}>sub {a.sub ?? "—"}</div>
                  <div title={a.jti ?? undefined}>jti {a.jti === null ? "—" : shortJti(a.jti)}</div>
                  {a.clientId ? <div>client {a.clientId}</div> : null}
                  {a.clientIp ? <div>ip {a.clientIp}</div> : null}
                </td>
                <td className="mono small">
                  {a.source.file}:{a.source.line}
                </td>
                <td>
                  {trace ? (
                    <Link to={trace} className="btn btn-small" data-testid="alert-trace">
                      Trace {a.jti ? "token" : a.sub ? "subject" : "it"}
                    </Link>
                  ) : (
                    "—"
                  )}
                </td>
                <td>
                  <AlertAck alert={a} onDone={onChanged} onStale={onChanged} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}
