import type { BulkColumn, BulkRows, BulkValue } from "../../store/index.js";
import { encodeEventData } from "../events/event-codec.js";
import type { ParsedEvent } from "../events/trace-event.js";
import { eventKeys } from "../index-keys/event-keys.js";
import { PostingsTable } from "../index-keys/postings-table.js";
import type { EventWatch } from "../alerts/event-watch.js";
import { IdentitySet } from "./identity-set.js";
import { bytesReader, TextPacker, type PackedTexts } from "./packed-texts.js";

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

/**
 * A full segment's events, column by column, and its index keys' hashes with their events'
 * ordinals (not ids: the segment id is given when it is written). Plain data, so a parse worker
 * can hand it to the writer.
 */
export interface SegmentBatch {
  times: Float64Array;
  fileIds: Int32Array;
  lines: Float64Array;
  /** Each event's data (event-codec.ts), in ordinal order, packed as UTF-8. */
  data: PackedTexts;
  /**
   * The events' index keys as they came (event-keys.ts): each key's hash and its event's
   * ordinal. The writer builds the postings from them (`postingBlobs`): the parse worker sets the
   * pace of an ingest while the writer waits for it, so the table and its blobs are built there.
   */
  keys: Float64Array;
  keyOrds: Int32Array;
  minTime: number | null;
  maxTime: number | null;
  /** Events the watch flagged (alerts/event-watch.ts): ordinals, ban hint, exp when used after it. */
  flagged: FlaggedEvents;
  /** The distinct identities of the segment's events (identity-set.ts), for trace_identities. */
  identities: string[];
}

export interface FlaggedEvents {
  ords: Int32Array;
  banned: Uint8Array;
  /** The token's exp (epoch s) when the event is a use after it, else NaN. */
  expiredAt: Float64Array;
}

/**
 * The rows of a batch for segment `segmentId`, its postings blobs given (postingBlobs). Event
 * rows are made as the writer asks for them, each with its data as a view of its UTF-8 bytes
 * (bound as text, never decoded on SQLite), so a segment's rows never all live at once.
 */
export function segmentRows(
  batch: SegmentBatch,
  segmentId: number,
  blobs: ReadonlyArray<readonly [number, Uint8Array]>,
): {
  events: BulkRows;
  postings: BulkValue[][];
} {
  const base = segmentId * SEGMENT_SPAN;
  const data = bytesReader(batch.data);
  const events: BulkRows = {
    length: batch.data.ends.length,
    at: (i) => [base + i, batch.times[i]!, batch.fileIds[i]!, batch.lines[i]!, data(i)],
  };
  return { events, postings: blobs.map(([b, blob]) => [b, segmentId, blob]) };
}

/**
 * The postings of a batch's key stream: one blob per non-empty bucket (postings-table.ts).
 * Built by the writer before the segment's transaction, so that is not held open meanwhile,
 * in `table` (emptied first), which the writer keeps from one segment to the next.
 */
export function postingBlobs(
  batch: SegmentBatch,
  table = new PostingsTable(),
): Array<[number, Uint8Array]> {
  const { keys, keyOrds } = batch;
  if (keys.length !== keyOrds.length)
    throw new Error(`segment batch: ${keys.length} keys but ${keyOrds.length} ordinals`);
  table.clear();
  for (let i = 0; i < keys.length; i++) table.add(keys[i]!, keyOrds[i]!);
  return table.bucketBlobs();
}

/**
 * Collects events into a segment: their stored form (ordinal = position) and the hashes of their
 * index keys. Pure and synchronous; the caller decides when a segment is full.
 */
export class SegmentBuilder {
  #times: number[] = [];
  #fileIds: number[] = [];
  #lines: number[] = [];
  #data = new TextPacker();
  #keys = new Float64Array(1 << 16);
  #keyOrds = new Int32Array(1 << 16);
  #keyCount = 0;
  #minTime = Infinity;
  #maxTime = -Infinity;
  #ord = 0;
  #flagOrds: number[] = [];
  #flagBanned: number[] = [];
  #flagExp: number[] = [];
  #identities = new IdentitySet();
  readonly #addKey = (key: number) => {
    if (this.#keyCount === this.#keys.length) this.#growKeys();
    this.#keys[this.#keyCount] = key;
    this.#keyOrds[this.#keyCount++] = this.#ord;
  };

  constructor(private readonly watch: EventWatch | null = null) {}

  get size(): number {
    return this.#data.count;
  }

  add(
    e: ParsedEvent,
    site: string | null,
    host: string | null,
    fileId: number,
    line: number,
  ): void {
    this.#ord = this.#data.count;
    this.#times.push(e.timeMs);
    this.#fileIds.push(fileId);
    this.#lines.push(line);
    this.#data.add(encodeEventData(e, site, host));
    if (e.timeMs < this.#minTime) this.#minTime = e.timeMs;
    if (e.timeMs > this.#maxTime) this.#maxTime = e.timeMs;
    eventKeys(e, this.#addKey);
    this.#identities.add(e);
    const hit = this.watch?.check(e) ?? null;
    if (hit !== null) {
      this.#flagOrds.push(this.#ord);
      this.#flagBanned.push(hit.banned ? 1 : 0);
      this.#flagExp.push(hit.expiredAt);
    }
  }

  /** Hands over the segment and starts an empty one. */
  take(): SegmentBatch {
    const empty = this.#data.count === 0;
    const out: SegmentBatch = {
      times: Float64Array.from(this.#times),
      fileIds: Int32Array.from(this.#fileIds),
      lines: Float64Array.from(this.#lines),
      data: this.#data.take(),
      keys: this.#keys.slice(0, this.#keyCount),
      keyOrds: this.#keyOrds.slice(0, this.#keyCount),
      minTime: empty ? null : this.#minTime,
      maxTime: empty ? null : this.#maxTime,
      flagged: {
        ords: Int32Array.from(this.#flagOrds),
        banned: Uint8Array.from(this.#flagBanned),
        expiredAt: Float64Array.from(this.#flagExp),
      },
      identities: this.#identities.take(),
    };
    this.#flagOrds = [];
    this.#flagBanned = [];
    this.#flagExp = [];
    this.#times = [];
    this.#fileIds = [];
    this.#lines = [];
    this.#keyCount = 0;
    this.#minTime = Infinity;
    this.#maxTime = -Infinity;
    return out;
  }

  #growKeys(): void {
    const keys = new Float64Array(this.#keys.length * 2);
    keys.set(this.#keys);
    this.#keys = keys;
    const ords = new Int32Array(this.#keyOrds.length * 2);
    ords.set(this.#keyOrds);
    this.#keyOrds = ords;
  }
}
