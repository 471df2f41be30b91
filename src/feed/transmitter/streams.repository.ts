import type { Executor } from "../../store/index.js";
import { parseJson, toJson } from "../../store/index.js";
import type { FeedStreamsTable } from "../../store/tables/feed.tables.js";
import type { DeliveryError, DeliveryMethod, Stream, StreamStatus } from "./stream.model.js";

function toStream(r: FeedStreamsTable): Stream {
  return {
    streamId: r.stream_id,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    aud: r.aud,
    method: r.delivery_method as DeliveryMethod,
    endpointUrl: r.endpoint_url,
    authorizationHeader: r.authorization_header,
    eventsRequested: r.events_requested === null ? null : parseJson<string[]>(r.events_requested),
    status: r.status as StreamStatus,
    statusReason: r.status_reason,
    description: r.description,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    bootstrapSeq: Number(r.bootstrap_seq),
    cursorSeq: Number(r.cursor_seq),
    minVerificationInterval: Number(r.min_verification_interval),
    lastVerificationAt: r.last_verification_at,
    lastError: r.last_error === null ? null : parseJson<DeliveryError>(r.last_error),
    lastDeliveredAt: r.last_delivered_at,
  };
}

function toRow(s: Stream): FeedStreamsTable {
  return {
    stream_id: s.streamId,
    owner_id: s.ownerId,
    owner_name: s.ownerName,
    aud: s.aud,
    delivery_method: s.method,
    endpoint_url: s.endpointUrl,
    authorization_header: s.authorizationHeader,
    events_requested: s.eventsRequested === null ? null : toJson(s.eventsRequested),
    status: s.status,
    status_reason: s.statusReason,
    description: s.description,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    bootstrap_seq: s.bootstrapSeq,
    cursor_seq: s.cursorSeq,
    min_verification_interval: s.minVerificationInterval,
    last_verification_at: s.lastVerificationAt,
    last_error: s.lastError === null ? null : toJson(s.lastError),
    last_delivered_at: s.lastDeliveredAt,
  };
}

/** SSF streams and the subjects receivers added to them. */
export class StreamsRepository {
  constructor(private readonly db: Executor) {}

  async insert(s: Stream): Promise<void> {
    await this.db.insertInto("feed_streams").values(toRow(s)).execute();
  }

  /** Writes every field of the stream (its id unchanged). */
  async save(s: Stream): Promise<void> {
    const { stream_id, ...rest } = toRow(s);
    await this.db
      .updateTable("feed_streams")
      .set(rest)
      .where("stream_id", "=", stream_id)
      .execute();
  }

  async get(id: string): Promise<Stream | undefined> {
    const r = await this.db
      .selectFrom("feed_streams")
      .selectAll()
      .where("stream_id", "=", id)
      .executeTakeFirst();
    return r && toStream(r);
  }

  /** Oldest first; one owner's, or every stream. */
  async list(ownerId?: string): Promise<Stream[]> {
    let q = this.db.selectFrom("feed_streams").selectAll();
    if (ownerId !== undefined) q = q.where("owner_id", "=", ownerId);
    const rows = await q.orderBy("created_at").orderBy("stream_id").execute();
    return rows.map(toStream);
  }

  /** Streams whose cursor is behind `seq`: they have outbox changes to queue. */
  async behind(seq: number): Promise<Stream[]> {
    const rows = await this.db
      .selectFrom("feed_streams")
      .selectAll()
      .where("cursor_seq", "<", seq)
      .execute();
    return rows.map(toStream);
  }

  async setCursor(id: string, seq: number): Promise<void> {
    await this.db
      .updateTable("feed_streams")
      .set({ cursor_seq: seq })
      .where("stream_id", "=", id)
      .execute();
  }

  /** Records the outcome of a delivery, without touching the stream's configuration. */
  async recordDelivery(id: string, outcome: { at: string; error: DeliveryError | null }) {
    await this.db
      .updateTable("feed_streams")
      .set(
        outcome.error === null
          ? { last_delivered_at: outcome.at }
          : { last_error: toJson(outcome.error) },
      )
      .where("stream_id", "=", id)
      .execute();
  }

  async delete(id: string): Promise<boolean> {
    await this.db.deleteFrom("feed_subjects").where("stream_id", "=", id).execute();
    await this.db.deleteFrom("feed_queue").where("stream_id", "=", id).execute();
    const res = await this.db
      .deleteFrom("feed_streams")
      .where("stream_id", "=", id)
      .executeTakeFirst();
    return Number(res.numDeletedRows) === 1;
  }

  /** Adds a subject; false when the stream already had it. */
  async addSubject(id: string, key: string, subject: unknown, verified: boolean, at: string) {
    const res = await this.db
      .insertInto("feed_subjects")
      .values({
        stream_id: id,
        subject_key: key,
        subject: toJson(subject),
        verified: verified ? 1 : 0,
        added_at: at,
      })
      .onConflict((oc) => oc.columns(["stream_id", "subject_key"]).doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async removeSubject(id: string, key: string): Promise<boolean> {
    const res = await this.db
      .deleteFrom("feed_subjects")
      .where("stream_id", "=", id)
      .where("subject_key", "=", key)
      .executeTakeFirst();
    return Number(res.numDeletedRows) === 1;
  }

  async subjectCount(id: string): Promise<number> {
    const r = await this.db
      .selectFrom("feed_subjects")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("stream_id", "=", id)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }
}
