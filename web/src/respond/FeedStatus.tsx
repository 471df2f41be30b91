import { ApiError } from "../api/client.js";
import { respondApi, type StreamDeliveryView } from "../api/respond.js";
import { useApi } from "../api/useApi.js";
import { useAuth } from "../app/auth.js";
import { may } from "../app/roles.js";
import { ErrorBanner, Loading } from "../components/Feedback.js";
import { formatDate } from "../components/format.js";
import { TableScroll } from "../components/TableScroll.js";
import "./respond.css";

async function loadStreams(signal: AbortSignal): Promise<StreamDeliveryView[]> {
  return (await respondApi.feedDelivery(signal)).streams;
}

/**
 * The ban feed per site: each site's stream, its status and how delivery goes, in one call.
 * Admins and responders (who make the bans and watch that every site got them) may read it;
 * anyone else gets a note, not an error.
 */
export function FeedStatus() {
  const { user } = useAuth();
  const allowed = may(user?.role, "stream:read-any");
  return (
    <section className="card" aria-labelledby="feed-h" data-testid="feed-status">
      <h2 id="feed-h">Ban feed: streams per site</h2>
      {allowed ? (
        <StreamTable />
      ) : (
        <p className="muted" data-testid="feed-note">
          Your role ({user?.role ?? "unknown"}) cannot read the feed's delivery: admins and
          responders see every site's stream. Ban changes are still sent to every stream.
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
      {data && data.length === 0 ? <p data-testid="feed-empty">No site has a stream yet.</p> : null}
      {data && data.length > 0 ? (
        <TableScroll label="Feed streams">
          <table className="table compact" data-testid="feed-streams">
            <thead>
              <tr>
                <th scope="col">Site</th>
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
                <StreamLine key={r.stream_id} stream={r} />
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
    </>
  );
}

function StreamLine({ stream }: { stream: StreamDeliveryView }) {
  const d = stream.delivery;
  return (
    <tr>
      <th scope="row">
        {stream.owner}
        <div className="muted small">
          <code>{stream.stream_id}</code>
          {stream.description ? ` — ${stream.description}` : ""}
        </div>
      </th>
      <td className="small">
        {stream.method}
        {stream.endpoint_url ? <div className="muted break">{stream.endpoint_url}</div> : null}
      </td>
      <td>
        {stream.status}
        {stream.reason ? <div className="muted small">{stream.reason}</div> : null}
      </td>
      <td className="small">{formatDate(d.last_delivered_at)}</td>
      <td className="num">{d.pending}</td>
      <td className="num">{d.refused}</td>
      <td className="small">
        {d.last_error ? `${formatDate(d.last_error.at)}: ${d.last_error.description}` : "—"}
      </td>
    </tr>
  );
}
