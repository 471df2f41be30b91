import type { BulkColumn, BulkValue } from "../../store/index.js";
import { encodeEventData } from "../events/event-codec.js";
import type { ParsedEvent } from "../events/trace-event.js";
import { encodeBucket } from "../index-keys/bucket-blob.js";
import { eventKeys } from "../index-keys/event-keys.js";
import { PostingsTable } from "../index-keys/postings-table.js";

/** Event ids are `segment × 2^20 + ordinal`: ids are known before the rows are written. */
export const SEGMENT_SPAN = 1_048_576;

export const EVENT_COLUMNS: readonly BulkColumn[] = [
  { name: "id", type: "bigint" },
  { name: "time_ms", type: "bigint" },
  { name: "file_id", type: "int" },
  { name: "line", type: "bigint" },
  { name: "data", type: "text" },
];

export const POSTING_COLUMNS: readonly BulkColumn[] = [
  { name: "bucket", type: "int" },
  { name: "seg", type: "int" },
  { name: "data", type: "bytea" },
];

/** The events of one ingest transaction, in the shape the bulk writer inserts. */
export interface SegmentRows {
  events: BulkValue[][];
  postings: BulkValue[][];
  minTime: number | null;
  maxTime: number | null;
}

/**
 * Collects events into a segment: the event rows (ordinal = position) and, per key hash, the
 * ordinals holding it. Pure and synchronous; the ingest service decides when a segment is full.
 */
export class SegmentBuilder {
  #rows: BulkValue[][] = [];
  #postings = new PostingsTable();
  #minTime = Infinity;
  #maxTime = -Infinity;
  #ord = 0;
  readonly #addKey = (key: number) => this.#postings.add(key, this.#ord);

  get size(): number {
    return this.#rows.length;
  }

  add(
    e: ParsedEvent,
    site: string | null,
    host: string | null,
    fileId: number,
    line: number,
  ): void {
    this.#ord = this.#rows.length;
    this.#rows.push([this.#ord, e.timeMs, fileId, line, encodeEventData(e, site, host)]);
    if (e.timeMs < this.#minTime) this.#minTime = e.timeMs;
    if (e.timeMs > this.#maxTime) this.#maxTime = e.timeMs;
    eventKeys(e, this.#addKey);
  }

  /** Hands over the rows with ids for `segmentId` and starts an empty segment. */
  take(segmentId: number): SegmentRows {
    const base = segmentId * SEGMENT_SPAN;
    for (const row of this.#rows) row[0] = base + (row[0] as number);
    const postings: BulkValue[][] = [];
    for (const [bucket, entries] of this.#postings.buckets())
      postings.push([bucket, segmentId, encodeBucket(entries)]);
    const out: SegmentRows = {
      events: this.#rows,
      postings,
      minTime: this.#rows.length === 0 ? null : this.#minTime,
      maxTime: this.#rows.length === 0 ? null : this.#maxTime,
    };
    this.#rows = [];
    this.#postings = new PostingsTable();
    this.#minTime = Infinity;
    this.#maxTime = -Infinity;
    return out;
  }
}
