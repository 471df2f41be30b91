import { traceApi, TRACE_FORMATS, type TraceParams, type TraceResult } from "../api/trace.js";
import { isoOf, utc } from "./trace-format.js";
import "./trace.css";

const FORMAT_LABEL = {
  csv: "CSV",
  json: "JSON",
  timesketch: "Timesketch (JSON Lines)",
  ecs: "Elastic ECS (JSON Lines)",
} as const;

/** What the trace found, in numbers, and a warning when the timeline was cut at the limit. */
export function TraceSummary({ result }: { result: TraceResult }) {
  const s = result.summary;
  const items: Array<[string, string, string | undefined]> = [
    ["Proven events", String(s.events.proven), undefined],
    ["Candidate events", String(s.events.candidate), undefined],
    ["Tokens", String(result.tokens.length), undefined],
    ["Sites", s.sites.length === 0 ? "—" : s.sites.join(", "), undefined],
    ["Components", s.components.length === 0 ? "—" : s.components.join(", "), undefined],
    ["First seen", utc(s.firstSeenMs), isoOf(s.firstSeenMs)],
    ["Last seen", utc(s.lastSeenMs), isoOf(s.lastSeenMs)],
    ["Took", `${Math.round(result.tookMs)} ms`, undefined],
  ];
  return (
    <section aria-labelledby="trace-summary-h" data-testid="trace-summary">
      <h2 id="trace-summary-h">Summary</h2>
      {result.truncated ? (
        <div className="banner banner-error" role="status" data-testid="trace-truncated">
          <p className="banner-title">
            <span aria-hidden="true">⚠ </span>Timeline cut at the limit
          </p>
          <p>
            The timeline shows the first {result.timeline.length} events only; the counts above
            still count everything read. Narrow the time window or raise “Max events”.
          </p>
        </div>
      ) : null}
      <dl className="trace-summary">
        {items.map(([k, v, title]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd title={title}>{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/**
 * The same trace as files: plain links the browser downloads with the session cookie. The server
 * names the exports (content-disposition: trace-<by>-<format>.<ext>); the JSON answer is the
 * API's own response and names nothing, so its link gives the same pattern.
 */
export function TraceDownloads({ params }: { params: TraceParams }) {
  return (
    <nav className="trace-downloads" aria-label="Download this trace">
      <span className="muted">Download:</span>
      {TRACE_FORMATS.map((f) => (
        <a
          key={f}
          className="btn btn-small"
          href={traceApi.downloadUrl(params, f)}
          download={f === "json" ? `trace-${params.by}-json.json` : ""}
          data-testid={`trace-download-${f}`}
        >
          {FORMAT_LABEL[f]}
        </a>
      ))}
    </nav>
  );
}
