/**
 * The ban feed's delivery per site, in one read: every stream with its owner, status and
 * delivery figures. Not SSF (whose status endpoint is one stream at a time, for its owner): it
 * is for responders, who make the bans and must see that every site received them.
 */
import { authorize, type Actor } from "../../accounts/index.js";
import type { FeedCore } from "./feed-core.js";
import type { QueueStats } from "./queue.repository.js";
import { presentStatus, type StreamStatusView } from "./stream.presenters.js";
import { PUSH_METHOD, type Stream } from "./stream.model.js";

export interface StreamDeliveryView {
  stream_id: string;
  /** The name of the account that owns the stream (the site). */
  owner: string;
  aud: string;
  description: string | null;
  method: "poll" | "push";
  /** Where pushed SETs go, without credentials; null for poll (the site fetches them). */
  endpoint_url: string | null;
  status: string;
  reason: string | null;
  delivery: StreamStatusView["delivery"];
}

export interface DeliveryOverview {
  streams: StreamDeliveryView[];
  generated_at: string;
}

const NO_QUEUE: QueueStats = {
  pending: 0,
  acked: 0,
  failed: 0,
  maxAttempts: 0,
  nextAttemptAt: null,
};

export class DeliveryOverviewService {
  constructor(private readonly core: FeedCore) {}

  /** Every stream, sorted by owner then id: two queries, whatever the number of streams. */
  async overview(actor: Actor): Promise<DeliveryOverview> {
    authorize(actor, "stream:read-any");
    const streams = await this.core.tx.read(async (r) => {
      const stats = await r.queue.statsByStream();
      return (await r.streams.list()).map((s) =>
        presentDelivery(s, stats.get(s.streamId) ?? NO_QUEUE),
      );
    });
    streams.sort((a, b) => compare(a.owner, b.owner) || compare(a.stream_id, b.stream_id));
    return { streams, generated_at: this.core.clock.now().toISOString() };
  }
}

/**
 * One stream's line. Built field by field (never from the stored stream or its SSF view), so
 * the push authorization header cannot slip in; the owner name is the one stored with the
 * stream when its account created it.
 */
export function presentDelivery(s: Stream, stats: QueueStats): StreamDeliveryView {
  const status = presentStatus(s, stats);
  return {
    stream_id: s.streamId,
    owner: s.ownerName,
    aud: s.aud,
    description: s.description,
    method: s.method === PUSH_METHOD ? "push" : "poll",
    endpoint_url: s.method === PUSH_METHOD ? withoutCredentials(s.endpointUrl) : null,
    status: status.status,
    reason: status.reason ?? null,
    delivery: status.delivery,
  };
}

/**
 * Where a receiver is, not how to reach it: its origin only. User info, path, query and
 * fragment are all places a webhook-style receiver may keep a credential.
 */
function withoutCredentials(url: string | null): string | null {
  if (url === null || !URL.canParse(url)) return null;
  return new URL(url).origin;
}

/** Code-point order: the same on SQLite and PostgreSQL, whatever their collation. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
