import { ApiError } from "../api/client.js";
import { respondApi, type StreamStatusView, type StreamView } from "../api/respond.js";
import { useApi } from "../api/useApi.js";
import { useAuth } from "../app/auth.js";
import { ErrorBanner, Loading } from "../components/Feedback.js";
import { formatDate } from "../components/format.js";
import { TableScroll } from "../components/TableScroll.js";
import { canReadStreams } from "./respond-roles.js";
import "./respond.css";

/** SSF delivery methods: RFC 8936 poll, RFC 8935 push. */
const METHOD_NAMES: Record<string, string> = {
  "urn:ietf:rfc:8936": "poll",
  "urn:ietf:rfc:8935": "push",
};

interface StreamRow {
  stream: StreamView;
  status: StreamStatusView | null;
  error: unknown;
}

async function loadStreams(signal: AbortSignal): Promise<StreamRow[]> {
  const streams = await respondApi.streams(signal);
  return Promise.all(
    streams.map((stream) =>
      respondApi.streamStatus(stream.stream_id, signal).then(
        (status): StreamRow => ({ stream, status, error: undefined }),
        (error: unknown): StreamRow => ({ stream, status: null, error }),
      ),
    ),
  );
}

/**
 * The ban feed per site: each SSF stream, its status and how delivery goes. Only admins (every
 * stream) and sites (their own) may read streams; anyone else gets a note, not an error.
 */
export function FeedStatus() {
  const { user } = useAuth();
  const allowed = canReadStreams(user?.role);
  return (
    <section className="card" aria-labelledby="feed-h" data-testid="feed-status">
      <h2 id="feed-h">Ban feed: streams per site</h2>
      {allowed ? (
        <StreamTable />
      ) : (
        <p className="muted" data-testid="feed-note">
          Your role ({user?.role ?? "unknown"}) cannot read the feed's streams: an admin sees every
          site's stream, a site its own. Ban changes are still sent to every stream.
        </p>
      )}
    </section>
  );
}

function StreamTable() {
  const { data, error, loading, reload } = useApi(loadStreams, []);
  if (error instanceof ApiError && error.status === 403) {
    return (
      <p className="muted" data-testid="feed-note">
        You may not read the feed&apos;s streams ({error.message}).
      </p>
    );
  }
  return (
    <>
      {loading && !data ? <Loading what="streams" /> : null}
      <ErrorBanner error={error} title="Could not load the streams" onRetry={reload} />
      {data && data.length === 0 ? <p>No site has a stream yet.</p> : null}
      {data && data.length > 0 ? (
        <TableScroll label="Feed streams">
          <table className="table compact" data-testid="feed-streams">
            <thead>
              <tr>
                <th scope="col">Site / receiver</th>
                <th scope="col">Delivery</th>
                <th scope="col">Status</th>
                <th scope="col">Last delivery</th>
                <th scope="col" className="num">
                  Pending
                </th>
                <th scope="col" className="num">
                  Refused
                </th>
                <th scope="col">Last error</th>
              </tr>
            </thead>
            <tbody>
              {data.map((r) => (
                <StreamLine key={r.stream.stream_id} row={r} />
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
    </>
  );
}

function StreamLine({ row }: { row: StreamRow }) {
  const { stream, status } = row;
  const d = status?.delivery;
  return (
    <tr>
      <th scope="row">
        {stream.aud.replace(/^site:/, "")}
        <div className="muted small">
          <code>{stream.stream_id}</code>
          {stream.description ? ` — ${stream.description}` : ""}
        </div>
      </th>
      <td className="small">
        {METHOD_NAMES[stream.delivery.method] ?? stream.delivery.method}
        {stream.delivery.endpoint_url ? (
          <div className="muted break">{stream.delivery.endpoint_url}</div>
        ) : null}
      </td>
      <td>
        {status ? (
          <>
            {status.status}
            {status.reason ? <div className="muted small">{status.reason}</div> : null}
          </>
        ) : (
          <ErrorBanner error={row.error} title="Status unavailable" />
        )}
      </td>
      <td className="small">{d ? formatDate(d.last_delivered_at) : "—"}</td>
      <td className="num">{d?.pending ?? "—"}</td>
      <td className="num">{d?.refused ?? "—"}</td>
      <td className="small">
        {d?.last_error ? `${formatDate(d.last_error.at)}: ${d.last_error.description}` : "—"}
      </td>
    </tr>
  );
}
