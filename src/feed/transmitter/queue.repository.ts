import type { DialectName, Executor } from "../../store/index.js";
import { lockSkippingLocked, parseJson, toJson } from "../../store/index.js";
import type { Selectable } from "kysely";
import type { FeedQueueTable } from "../../store/tables/feed.tables.js";
import type { DeliveryError } from "./stream.model.js";

/** A SET waiting in a stream's queue: claims fixed at queueing, signed at each delivery. */
export interface QueuedSet {
  id: number;
  streamId: string;
  jti: string;
  seq: number | null;
  banId: string | null;
  eventType: string;
  claims: Record<string, unknown>;
  attempts: number;
}

export type NewQueuedSet = Omit<QueuedSet, "id" | "attempts"> & { dedupeKey: string };

export interface QueueStats {
  pending: number;
  acked: number;
  failed: number;
  /** Most delivery attempts of a SET still pending. */
  maxAttempts: number;
  nextAttemptAt: string | null;
}

/** One state's row of a stream's queue counts. */
interface StateCount {
  state: string;
  n: unknown;
  max_attempts: unknown;
  next_at: unknown;
}

function toStats(rows: readonly StateCount[]): QueueStats {
  const of = (state: string) => rows.find((r) => r.state === state);
  const pending = of("pending");
  return {
    pending: Number(pending?.n ?? 0),
    acked: Number(of("acked")?.n ?? 0),
    failed: Number(of("failed")?.n ?? 0),
    maxAttempts: Number(pending?.max_attempts ?? 0),
    nextAttemptAt: (pending?.next_at as string | null | undefined) ?? null,
  };
}

function toQueued(r: Selectable<FeedQueueTable>): QueuedSet {
  return {
    id: Number(r.id),
    streamId: r.stream_id,
    jti: r.jti,
    seq: r.seq === null ? null : Number(r.seq),
    banId: r.ban_id,
    eventType: r.event_type,
    claims: parseJson<Record<string, unknown>>(r.claims),
    attempts: Number(r.attempts),
  };
}

/**
 * Per stream, the SETs to deliver. A SET leaves `pending` only when acknowledged (poll `ack`,
 * push 2xx) or refused by the receiver (poll `setErrs`, push 400); everything else leaves it
 * pending, to be delivered again with the same jti.
 */
export class QueueRepository {
  constructor(
    private readonly db: Executor,
    private readonly dialect: DialectName,
  ) {}

  /** Queues SETs; one already queued under the same (stream, dedupe key) is left as it is. */
  async add(sets: readonly NewQueuedSet[], at: string): Promise<void> {
    for (let i = 0; i < sets.length; i += 200) {
      const rows = sets.slice(i, i + 200).map((s) => ({
        stream_id: s.streamId,
        dedupe_key: s.dedupeKey,
        jti: s.jti,
        seq: s.seq,
        ban_id: s.banId,
        event_type: s.eventType,
        claims: toJson(s.claims),
        state: "pending",
        attempts: 0,
        next_attempt_at: at,
        created_at: at,
      }));
      await this.db
        .insertInto("feed_queue")
        .values(rows)
        .onConflict((oc) => oc.columns(["stream_id", "dedupe_key"]).doNothing())
        .execute();
    }
  }

  /** The oldest pending SETs of a stream. */
  async pending(streamId: string, limit: number): Promise<QueuedSet[]> {
    const rows = await this.db
      .selectFrom("feed_queue")
      .selectAll()
      .where("stream_id", "=", streamId)
      .where("state", "=", "pending")
      .orderBy("id")
      .limit(limit)
      .execute();
    return rows.map(toQueued);
  }

  async countAttempt(ids: readonly number[], at: string): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .updateTable("feed_queue")
      .set((eb) => ({ attempts: eb("attempts", "+", 1), next_attempt_at: at }))
      .where("id", "in", [...ids])
      .execute();
  }

  /** Acknowledges pending SETs of the stream by jti; returns how many changed. */
  async ack(streamId: string, jtis: readonly string[], at: string): Promise<number> {
    if (jtis.length === 0) return 0;
    const res = await this.db
      .updateTable("feed_queue")
      .set({ state: "acked", done_at: at, lease_owner: null, lease_until: null })
      .where("stream_id", "=", streamId)
      .where("jti", "in", [...jtis])
      .where("state", "=", "pending")
      .executeTakeFirst();
    return Number(res.numUpdatedRows);
  }

  /** The receiver refused the SET: recorded, and not delivered again. */
  async refuse(streamId: string, jti: string, error: DeliveryError): Promise<boolean> {
    const res = await this.db
      .updateTable("feed_queue")
      .set({
        state: "failed",
        done_at: error.at,
        last_error: toJson(error),
        lease_owner: null,
        lease_until: null,
      })
      .where("stream_id", "=", streamId)
      .where("jti", "=", jti)
      .where("state", "=", "pending")
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** A disabled stream holds nothing (SSF 1.0): its pending SETs are dropped. */
  async dropPending(streamId: string, at: string): Promise<void> {
    await this.db
      .updateTable("feed_queue")
      .set({ state: "dropped", done_at: at, lease_owner: null, lease_until: null })
      .where("stream_id", "=", streamId)
      .where("state", "=", "pending")
      .execute();
  }

  async stats(streamId: string): Promise<QueueStats> {
    const rows = await this.stateCounts().where("stream_id", "=", streamId).execute();
    return toStats(rows);
  }

  /** The stats of every stream that has queued SETs, in one query (the delivery overview). */
  async statsByStream(): Promise<Map<string, QueueStats>> {
    const rows = await this.stateCounts().select("stream_id").groupBy("stream_id").execute();
    const byStream = new Map<string, StateCount[]>();
    for (const r of rows) byStream.set(r.stream_id, [...(byStream.get(r.stream_id) ?? []), r]);
    return new Map([...byStream].map(([id, counts]) => [id, toStats(counts)]));
  }

  private stateCounts() {
    return this.db
      .selectFrom("feed_queue")
      .select((eb) => [
        "state",
        eb.fn.countAll().as("n"),
        eb.fn.max("attempts").as("max_attempts"),
        eb.fn.min("next_attempt_at").as("next_at"),
      ])
      .groupBy("state");
  }

  /**
   * Push: takes up to `limit` due SETs of enabled push streams for this instance until
   * `leaseUntil`. One statement; on PostgreSQL the candidate rows are locked with SKIP LOCKED,
   * so two instances never take the same SET, and the lease keeps it theirs until they are done
   * (or it runs out after a crash, and another instance sends it again with the same jti).
   */
  async claimDue(owner: string, now: string, leaseUntil: string, limit: number) {
    const due = this.db
      .selectFrom("feed_queue as q")
      .innerJoin("feed_streams as s", "s.stream_id", "q.stream_id")
      .select("q.id")
      .where("q.state", "=", "pending")
      .where("q.next_attempt_at", "<=", now)
      .where((eb) => eb.or([eb("q.lease_until", "is", null), eb("q.lease_until", "<", now)]))
      .where("s.status", "=", "enabled")
      .where("s.delivery_method", "=", "urn:ietf:rfc:8935")
      .orderBy("q.id")
      .limit(limit);
    const candidates = lockSkippingLocked(due, this.dialect, "q");
    const rows = await this.db
      .updateTable("feed_queue")
      .set({ lease_owner: owner, lease_until: leaseUntil })
      .where("id", "in", candidates)
      .where("state", "=", "pending")
      .returningAll()
      .execute();
    return rows.map(toQueued).sort((a, b) => a.id - b.id);
  }

  /** Push outcome of a claimed SET: delivered, refused (400) or to retry at `retryAt`. */
  async settle(
    id: number,
    owner: string,
    outcome:
      | { kind: "delivered"; at: string }
      | { kind: "refused"; error: DeliveryError }
      | { kind: "retry"; error: DeliveryError; retryAt: string },
  ): Promise<void> {
    const base = this.db
      .updateTable("feed_queue")
      .where("id", "=", id)
      .where("lease_owner", "=", owner)
      .where("state", "=", "pending");
    const free = { lease_owner: null, lease_until: null };
    switch (outcome.kind) {
      case "delivered":
        await base
          .set((eb) => ({
            ...free,
            state: "acked",
            done_at: outcome.at,
            attempts: eb("attempts", "+", 1),
          }))
          .execute();
        return;
      case "refused":
        await base
          .set((eb) => ({
            ...free,
            state: "failed",
            done_at: outcome.error.at,
            last_error: toJson(outcome.error),
            attempts: eb("attempts", "+", 1),
          }))
          .execute();
        return;
      case "retry":
        await base
          .set((eb) => ({
            ...free,
            last_error: toJson(outcome.error),
            next_attempt_at: outcome.retryAt,
            attempts: eb("attempts", "+", 1),
          }))
          .execute();
        return;
    }
  }

  /** The earliest time an unleased pending push SET becomes due (the dispatcher's timer). */
  async nextDue(): Promise<string | null> {
    const r = await this.db
      .selectFrom("feed_queue as q")
      .innerJoin("feed_streams as s", "s.stream_id", "q.stream_id")
      .select((eb) => eb.fn.min("q.next_attempt_at").as("at"))
      .where("q.state", "=", "pending")
      .where("q.lease_until", "is", null)
      .where("s.status", "=", "enabled")
      .where("s.delivery_method", "=", "urn:ietf:rfc:8935")
      .executeTakeFirst();
    return (r?.at as string | null | undefined) ?? null;
  }
}
