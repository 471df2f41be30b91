import { useCallback, useMemo } from "react";
import { useLocation, useNavigate, useSearchParams } from "react-router";
import { traceApi, type TraceBy, type TraceParams, type TraceToken } from "../api/trace.js";
import { useApi } from "../api/useApi.js";
import { ErrorBanner, Loading } from "../components/Feedback.js";
import { useTitle } from "../components/useTitle.js";
import { IncidentBar } from "./IncidentBar.js";
import { LineageGraph } from "./LineageGraph.js";
import { Timeline } from "./Timeline.js";
import { TraceForm } from "./TraceForm.js";
import { TraceDownloads, TraceSummary } from "./TraceSummary.js";
import { checkParams, paramsFromSearch, pivotSearch, searchOf } from "./trace-params.js";
import { useIncident } from "./use-incident.js";
import "./trace.css";

function describe(p: TraceParams): string {
  const parts = [`${p.by} ${p.value}`];
  if (p.iss) parts.push(`issuer ${p.iss}`);
  if (p.withDerived) parts.push("with derived tokens");
  if (p.from || p.to) parts.push(`from ${p.from ?? "the start"} to ${p.to ?? "the end"}`);
  if (p.site) parts.push(`site ${p.site}`);
  return parts.join(", ");
}

/**
 * The trace explorer (/trace): the query lives in the URL, so a trace is a link, survives a
 * reload and the back button returns to the previous one. Shows the summary, the token lineage
 * graph and the timeline; every token, subject, client, path and address pivots to a new trace.
 * With `?incident=ID` the trace can be saved into the incident and events starred into it.
 */
export function TraceExplorer() {
  const [sp] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const params = useMemo(() => paramsFromSearch(sp), [sp]);
  const incident = sp.get("incident")?.trim() || null;
  const urlIssues = useMemo(() => (params ? checkParams(params) : []), [params]);
  const runKey = params && urlIssues.length === 0 ? searchOf(params, null) : "";
  useTitle(params ? `Trace ${params.by} ${params.value}` : "Trace");

  // the result carries its query's key: right after a navigation, before the new request
  // starts, the previous trace's result is never shown as the new one's
  const {
    data: answer,
    error,
    loading,
    reload,
  } = useApi(
    async (signal) =>
      params && runKey !== ""
        ? { key: runKey, result: await traceApi.trace(params, signal) }
        : null,
    [runKey],
  );
  const data = answer?.key === runKey ? answer.result : undefined;
  const inc = useIncident(incident);

  const submit = (p: TraceParams) => {
    const search = searchOf(p, incident);
    if (search === location.search) reload();
    else void navigate({ pathname: "/trace", search });
  };
  const pivotHref = useCallback(
    (by: TraceBy, value: string, iss: string | null) =>
      `/trace${pivotSearch(params, by, value, iss, incident)}`,
    [params, incident],
  );
  const tokenHref = useCallback((t: TraceToken) => pivotHref("jti", t.jti, t.iss), [pivotHref]);

  return (
    <section aria-labelledby="trace-h">
      <div className="page-head">
        <h1 id="trace-h">Trace</h1>
      </div>
      <p className="lead">
        Follow a token, subject, client, path or address through the ingested logs: the tokens
        derived from it, and every event — proven (the log names the token) apart from candidates
        (same identity and time, but nothing names the token).
      </p>
      {incident ? (
        <IncidentBar
          key={`${incident}${runKey}`}
          incident={incident}
          title={inc.title}
          params={runKey !== "" ? params : null}
          loadError={inc.error}
          starredCount={inc.starred.size}
        />
      ) : null}
      <TraceForm key={location.search} initial={params} onSubmit={submit} />
      {urlIssues.length > 0 ? (
        <div className="banner banner-error" role="alert">
          <p className="banner-title">This link’s trace query is not valid</p>
          <ul>
            {urlIssues.map((i) => (
              <li key={i.field}>{i.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {params === null ? (
        <p className="muted">Choose what to trace and press Trace.</p>
      ) : (
        <p className="muted" data-testid="trace-current">
          Trace of {describe(params)}.
        </p>
      )}
      {loading && runKey !== "" ? <Loading what="the trace" /> : null}
      <ErrorBanner error={error} title="The trace failed" onRetry={reload} />
      {!loading && data && params ? (
        <div data-testid="trace-result">
          <TraceDownloads params={params} />
          <TraceSummary result={data} />
          <LineageGraph
            tokens={data.tokens}
            links={data.links}
            pivotHref={tokenHref}
            onPivot={(t) => void navigate(tokenHref(t))}
          />
          <Timeline
            key={runKey}
            events={data.timeline}
            pivotHref={pivotHref}
            star={incident ? { starred: inc.starred, onStar: inc.star } : null}
          />
        </div>
      ) : null}
    </section>
  );
}
