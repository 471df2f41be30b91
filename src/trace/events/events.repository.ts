import { sql } from "kysely";
import type { Executor } from "../../store/index.js";
import type { TraceKeyBlocksTable } from "../../store/tables/trace.tables.js";
import { lookupBucket } from "../index-keys/bucket-blob.js";
import { lookupKey, type KeyKind } from "../index-keys/event-keys.js";
import { POSTING_BUCKETS } from "../index-keys/postings-table.js";
import { SEGMENT_SPAN } from "../ingest/segment-builder.js";
import { otherJtis, otherSubs } from "./also-named.js";
import { decodeStored } from "./event-codec.js";
import type { TraceEvent } from "./trace-event.js";

/** An event as stored: the normalised event, its id and where it was read from. */
export interface StoredEvent extends TraceEvent {
  id: number;
  source: { fileId: number; file: string; line: number };
}

/** Inclusive time bounds (epoch ms) a look-up may restrict itself to; null = open. */
export interface TimeWindow {
  fromMs: number | null;
  toMs: number | null;
}

/** One key to look up: its kind and exact value. */
export type KeyQuery = readonly [KeyKind, string];

/** Whether an event holds `value` as a key kind: the exact recheck after a hash look-up. */
const HOLDS: Record<Exclude<KeyKind, "hour">, (e: TraceEvent, value: string) => boolean> = {
  jti: (e, v) => e.jti === v || otherJtis(e).includes(v),
  sub: (e, v) => e.sub === v || otherSubs(e).includes(v),
  clientId: (e, v) => e.clientId === v,
  object: (e, v) => e.object === v,
  clientIp: (e, v) => e.clientIp === v,
  corr: (e, v) => e.corr === v,
  mappedUser: (e, v) => e.mappedUser === v,
  refreshTokenJti: (e, v) => e.details?.["refreshTokenJti"] === v,
  routedFrom: (e, v) => e.details?.["routedFromJobId"] === v,
  tokenExp: (e, v) => e.tokenExp !== null && String(e.tokenExp) === v,
};

const keyId = (kind: KeyKind, value: string) => `${kind}\u0000${value}`;

/** Block seeks (or keys of a scan) per statement; SQLite allows 500 arms in a compound select. */
const BLOCK_ARMS = 100;
/**
 * Most block groups a look-up seeks in one by one; with more, it scans the bucket's blocks
 * below the hash (see EventsRepository.#blocks). The scan only wins over many tiny groups, which
 * group merges (ingest/block-groups.ts) keep to about 15; over big groups it reads half of every
 * group's blocks per key (the week's one group: 392 blocks a bucket), so seeks go far.
 */
export const SEEK_GROUPS = 64;
/** Times a look-up seeks again because the groups changed under it, before it scans. */
const SEEK_ROUNDS = 3;
const BLOCK_COLUMNS = ["bucket", "first_seg", "lo", "hi", "min_time", "max_time", "data"] as const;

const sameGroups = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((g, i) => g === b[i]);

/** A row of trace_key_blocks as a look-up reads it. */
type BlockRow = TraceKeyBlocksTable;

/**
 * Reads events back through the inverted index: key → one bucket blob per segment → event ids
 * → rows, then an exact comparison of the value (a hash collision never leaks a foreign event).
 * A time window skips the segments that hold no event in it.
 */
export class EventsRepository {
  readonly #files = new Map<number, string>();

  constructor(private readonly db: Executor) {}

  /** Event ids holding `value` as `kind`, in id order (ingest order). */
  async idsByKey(kind: KeyKind, value: string, window?: TimeWindow): Promise<number[]> {
    return (await this.idsByKeys([[kind, value]], window)).get(keyId(kind, value)) ?? [];
  }

  /**
   * Ids for several keys at once: one read of each bucket involved (keys sharing a bucket share
   * it). The map is keyed by `kind \0 value`.
   */
  async idsByKeys(keys: readonly KeyQuery[], window?: TimeWindow): Promise<Map<string, number[]>> {
    const out = new Map<string, number[]>();
    const byBucket = new Map<number, Array<{ id: string; hash: number }>>();
    for (const [kind, value] of keys) {
      const id = keyId(kind, value);
      if (out.has(id)) continue;
      out.set(id, []);
      const hash = lookupKey(kind, value);
      const bucket = (hash >>> 0) & (POSTING_BUCKETS - 1);
      const list = byBucket.get(bucket) ?? [];
      list.push({ id, hash });
      byBucket.set(bucket, list);
    }
    if (byBucket.size === 0) return out;
    // Only segments not merged into key blocks have postings rows: named first (index
    // trace_segments_unmerged), they let SQLite, whose rows are in (seg, bucket) order, seek
    // each segment's buckets instead of scanning every row.
    let segs = this.db.selectFrom("trace_segments").select("id").where("block", "is", null);
    const from = window?.fromMs ?? null;
    const to = window?.toMs ?? null;
    if (from !== null) segs = segs.where("max_time", ">=", from);
    if (to !== null) segs = segs.where("min_time", "<=", to);
    const q = this.db
      .selectFrom("trace_postings")
      .select(["bucket", "seg", "data"])
      .where("seg", "in", segs)
      .where("bucket", "in", [...byBucket.keys()]);
    // The segments' blobs first, then the merged blocks: a merge that commits between the two
    // reads (SegmentsRepository.compact, at the end of every ingest) moves ids from the first
    // to the second, so they are then read twice (and kept once below), never missed.
    const rows = await q.orderBy("seg").execute();
    const blocks = await this.#blocks(
      [...byBucket].flatMap(([b, ks]) => ks.map((k) => [b, k.hash] as const)),
      window,
    );
    for (const r of [...blocks, ...rows]) {
      const base = Number(r.seg) * SEGMENT_SPAN;
      for (const { id, hash } of byBucket.get(Number(r.bucket)) ?? []) {
        const ids = out.get(id)!;
        for (const ord of lookupBucket(r.data, hash)) ids.push(base + ord);
      }
    }
    const inWindow = blocks.length > 0 ? await this.#segmentsIn(window) : null;
    for (const [key, ids] of out) {
      const kept =
        inWindow === null ? ids : ids.filter((id) => inWindow.has(Math.floor(id / SEGMENT_SPAN)));
      out.set(key, sortedUnique(kept));
    }
    return out;
  }

  /**
   * The segments holding events in the window (null: no window). A block group spans many
   * segments, so its ids are narrowed by their segment's time range before any row is read.
   */
  async #segmentsIn(window: TimeWindow | undefined): Promise<Set<number> | null> {
    const from = window?.fromMs ?? null;
    const to = window?.toMs ?? null;
    if (from === null && to === null) return null;
    let q = this.db.selectFrom("trace_segments").select("id");
    if (from !== null) q = q.where("max_time", ">=", from);
    if (to !== null) q = q.where("min_time", "<=", to);
    return new Set((await q.execute()).map((r) => Number(r.id)));
  }

  /**
   * The merged key blocks (ingest/segments.repository.ts `compact`) that may hold one of the
   * hashes. Values are ids relative to the group's first segment, so the row reads like a
   * segment's blob with `seg` = that first segment.
   *
   * A group's blocks of one bucket hold disjoint, ordered hash ranges, so a hash can only be in the
   * group's block with the largest `lo` at or below it: one seek per key and group (index
   * trace_key_blocks_group), up to SEEK_GROUPS groups; beyond that, one range scan per key over
   * the bucket's blocks below the hash.
   */
  async #blocks(
    keys: ReadonlyArray<readonly [number, number]>,
    window: TimeWindow | undefined,
  ): Promise<Array<{ bucket: number; seg: number; data: Uint8Array }>> {
    if (keys.length === 0) return [];
    let groups = await this.#groups(window);
    let rows: BlockRow[] = [];
    // Seeks span several statements. A group merge (or a new group) committed meanwhile changes
    // the groups; the merge's target may even lie outside the window, so the seeks could have
    // missed ids it took over: the groups are listed again after the seeks, and the seeks redone
    // over the new list until it holds still. Groups never come back once merged away, so an
    // unchanged list means nothing was merged in between. After SEEK_ROUNDS changes (merges
    // racing each look-up), a scan reads each key's blocks in one statement (one snapshot).
    for (let round = 1; groups.length > 0; round++) {
      if (groups.length > SEEK_GROUPS || round > SEEK_ROUNDS) {
        rows = await this.#scanBlocks(keys, window);
        break;
      }
      rows = await this.#seekBlocks(keys, groups);
      const after = await this.#groups(window);
      if (sameGroups(groups, after)) break;
      groups = after;
    }
    const hashes = new Map<number, number[]>();
    for (const [bucket, hash] of keys) {
      const list = hashes.get(bucket);
      if (list === undefined) hashes.set(bucket, [hash]);
      else list.push(hash);
    }
    const from = window?.fromMs ?? null;
    const to = window?.toMs ?? null;
    const out: Array<{ bucket: number; seg: number; data: Uint8Array }> = [];
    for (const r of rows) {
      const [bucket, seg, lo, hi] = [
        Number(r.bucket),
        Number(r.first_seg),
        Number(r.lo),
        Number(r.hi),
      ];
      if (!(hashes.get(bucket) ?? []).some((h) => h >= lo && h <= hi)) continue;
      if (from !== null && (r.max_time === null || Number(r.max_time) < from)) continue;
      if (to !== null && (r.min_time === null || Number(r.min_time) > to)) continue;
      out.push({ bucket, seg, data: r.data });
    }
    return out;
  }

  /**
   * Per key and group, the group's block with the largest `lo` at or below the key's hash. A
   * key's groups are sought newest first: a group merge (ingest/block-groups.ts) folds newer
   * groups into the oldest of them, so one committing between two seeks of a key shows its ids
   * twice (kept once) rather than hiding them; the caller also lists the groups again after and
   * seeks again if they changed, which is what makes the look-up exact.
   */
  async #seekBlocks(
    keys: ReadonlyArray<readonly [number, number]>,
    groups: readonly number[],
  ): Promise<BlockRow[]> {
    const arms: Array<readonly [number, number, number]> = [];
    for (const [bucket, hash] of keys) for (const g of groups) arms.push([bucket, g, hash]);
    const out: BlockRow[] = [];
    for (let i = 0; i < arms.length; i += BLOCK_ARMS) {
      const [first, ...rest] = arms
        .slice(i, i + BLOCK_ARMS)
        .map(([bucket, group, hash]) =>
          this.db
            .selectFrom((eb) =>
              eb
                .selectFrom("trace_key_blocks")
                .select(BLOCK_COLUMNS)
                .where("bucket", "=", bucket)
                .where("first_seg", "=", group)
                .where("lo", "<=", hash)
                .orderBy("lo", "desc")
                .limit(1)
                .as("b"),
            )
            .selectAll(),
        );
      let q = first!;
      for (const arm of rest) q = q.unionAll(arm);
      // keys of one bucket often find the same block: keep it once per statement (one snapshot;
      // across statements a group merge may have rewritten a block under the same key range)
      const seen = new Set<string>();
      for (const r of await q.execute()) {
        const id = `${r.bucket}:${r.first_seg}:${r.lo}`;
        if (!seen.has(id)) out.push(r);
        seen.add(id);
      }
    }
    return out;
  }

  /** Every block of the key's bucket whose range holds the key's hash, in the time window. */
  async #scanBlocks(
    keys: ReadonlyArray<readonly [number, number]>,
    window: TimeWindow | undefined,
  ): Promise<BlockRow[]> {
    const out: BlockRow[] = [];
    for (let i = 0; i < keys.length; i += BLOCK_ARMS) {
      const chunk = keys.slice(i, i + BLOCK_ARMS);
      let q = this.db
        .selectFrom("trace_key_blocks")
        .select(BLOCK_COLUMNS)
        .where((eb) =>
          eb.or(
            chunk.map(([bucket, hash]) =>
              eb.and([eb("bucket", "=", bucket), eb("lo", "<=", hash), eb("hi", ">=", hash)]),
            ),
          ),
        );
      if (window?.fromMs != null) q = q.where("max_time", ">=", window.fromMs);
      if (window?.toMs != null) q = q.where("min_time", "<=", window.toMs);
      out.push(...(await q.execute()));
    }
    return out;
  }

  /** The block groups (their first segments) with a segment in the window, newest first. */
  async #groups(window: TimeWindow | undefined): Promise<number[]> {
    let q = this.db
      .selectFrom("trace_segments")
      .select("block")
      .distinct()
      .where("block", "is not", null)
      .orderBy("block", "desc");
    if (window?.fromMs != null) q = q.where("max_time", ">=", window.fromMs);
    if (window?.toMs != null) q = q.where("min_time", "<=", window.toMs);
    return (await q.execute()).map((r) => Number(r.block));
  }

  /** Events whose `kind` is exactly `value`. */
  async byKey(kind: KeyKind, value: string, window?: TimeWindow): Promise<StoredEvent[]> {
    return (await this.byKeys([[kind, value]], window)).get(keyId(kind, value)) ?? [];
  }

  /** Events for several keys, each list exact (rechecked) and in id order. */
  async byKeys(
    keys: readonly KeyQuery[],
    window?: TimeWindow,
  ): Promise<Map<string, StoredEvent[]>> {
    const ids = await this.idsByKeys(keys, window);
    const all = new Set<number>();
    for (const list of ids.values()) for (const id of list) all.add(id);
    const events = new Map<number, StoredEvent>();
    for (const e of await this.byIds([...all].sort((a, b) => a - b))) events.set(e.id, e);
    const out = new Map<string, StoredEvent[]>();
    for (const [kind, value] of keys) {
      const id = keyId(kind, value);
      if (out.has(id)) continue;
      const holds = kind === "hour" ? null : HOLDS[kind];
      const list: StoredEvent[] = [];
      for (const eid of ids.get(id) ?? []) {
        const e = events.get(eid);
        if (e !== undefined && (holds === null || holds(e, value))) list.push(e);
      }
      out.set(id, list);
    }
    return out;
  }

  async byIds(ids: readonly number[]): Promise<StoredEvent[]> {
    const out: StoredEvent[] = [];
    for (let i = 0; i < ids.length; i += 1000) {
      const chunk = ids.slice(i, i + 1000);
      const rows = await this.db
        .selectFrom("trace_events")
        .select(["id", "time_ms", "file_id", "line", "data"])
        .where("id", "in", chunk)
        .orderBy("id")
        .execute();
      await this.#loadFiles(rows.map((r) => r.file_id));
      for (const r of rows)
        out.push(
          decodeStored(Number(r.time_ms), r.data, Number(r.id), {
            fileId: r.file_id,
            file: this.#files.get(r.file_id) ?? "",
            line: Number(r.line),
          }),
        );
    }
    return out;
  }

  /** File paths are few and never change: read once per repository. */
  async #loadFiles(fileIds: readonly number[]): Promise<void> {
    const missing = [...new Set(fileIds)].filter((id) => !this.#files.has(id));
    if (missing.length === 0) return;
    const rows = await this.db
      .selectFrom("trace_files")
      .select(["id", "path"])
      .where("id", "in", missing)
      .execute();
    for (const r of rows) this.#files.set(r.id, r.path);
  }

  async count(): Promise<number> {
    const r = await this.db
      .selectFrom("trace_events")
      .select(sql<number>`count(*)`.as("n"))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}

/** Ascending, each id once. */
function sortedUnique(ids: number[]): number[] {
  ids.sort((a, b) => a - b);
  let n = 0;
  for (let i = 0; i < ids.length; i++) if (i === 0 || ids[i] !== ids[n - 1]) ids[n++] = ids[i]!;
  ids.length = n;
  return ids;
}
