import { sql } from "kysely";
import type { Executor } from "../../store/index.js";
import { lookupBucket } from "../index-keys/bucket-blob.js";
import { lookupKey, type KeyKind } from "../index-keys/event-keys.js";
import { POSTING_BUCKETS } from "../index-keys/postings-table.js";
import { SEGMENT_SPAN } from "../ingest/segment-builder.js";
import { decodeEventData } from "./event-codec.js";
import type { TraceEvent } from "./trace-event.js";

/** An event as stored: the normalised event, its id and where it was read from. */
export interface StoredEvent extends TraceEvent {
  id: number;
  source: { fileId: number; file: string; line: number };
}

/** Each key kind's value on an event, for the exact-match recheck after a hash look-up. */
const VALUE: Partial<Record<KeyKind, (e: TraceEvent) => unknown>> = {
  jti: (e) => e.jti,
  sub: (e) => e.sub,
  clientId: (e) => e.clientId,
  object: (e) => e.object,
  clientIp: (e) => e.clientIp,
  corr: (e) => e.corr,
  mappedUser: (e) => e.mappedUser,
  refreshTokenJti: (e) => e.details?.["refreshTokenJti"],
  routedFrom: (e) => e.details?.["routedFromJobId"],
};

/**
 * Reads events back through the inverted index: key → one bucket blob per segment → event ids
 * → rows, then an exact comparison of the value (a hash collision never leaks a foreign event).
 */
export class EventsRepository {
  constructor(private readonly db: Executor) {}

  /** Event ids holding `value` as `kind`, in id order (ingest order). */
  async idsByKey(kind: KeyKind, value: string): Promise<number[]> {
    const key = lookupKey(kind, value);
    const rows = await this.db
      .selectFrom("trace_postings")
      .select(["seg", "data"])
      .where("bucket", "=", (key >>> 0) & (POSTING_BUCKETS - 1))
      .orderBy("seg")
      .execute();
    const ids: number[] = [];
    for (const r of rows) {
      const base = Number(r.seg) * SEGMENT_SPAN;
      for (const ord of lookupBucket(r.data, key)) ids.push(base + ord);
    }
    return ids;
  }

  /** Events whose `kind` is exactly `value`. */
  async byKey(kind: KeyKind, value: string): Promise<StoredEvent[]> {
    const events = await this.byIds(await this.idsByKey(kind, value));
    const get = VALUE[kind];
    return get === undefined ? events : events.filter((e) => get(e) === value);
  }

  async byIds(ids: readonly number[]): Promise<StoredEvent[]> {
    const out: StoredEvent[] = [];
    for (let i = 0; i < ids.length; i += 1000) {
      const chunk = ids.slice(i, i + 1000);
      const rows = await this.db
        .selectFrom("trace_events as e")
        .innerJoin("trace_files as f", "f.id", "e.file_id")
        .select(["e.id", "e.time_ms", "e.file_id", "e.line", "e.data", "f.path"])
        .where("e.id", "in", chunk)
        .orderBy("e.id")
        .execute();
      for (const r of rows)
        out.push({
          ...decodeEventData(Number(r.time_ms), r.data),
          id: Number(r.id),
          source: { fileId: r.file_id, file: r.path, line: Number(r.line) },
        });
    }
    return out;
  }

  async count(): Promise<number> {
    const r = await this.db
      .selectFrom("trace_events")
      .select(sql<number>`count(*)`.as("n"))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
