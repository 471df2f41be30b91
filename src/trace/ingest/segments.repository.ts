import type { BulkTx, BulkValue, BulkWriter, TimePartitions } from "../../store/index.js";
import type { Alert } from "../alerts/alert.model.js";
import { insertAlerts } from "../alerts/alerts.repository.js";
import { MAX_GROUP_SEGMENTS } from "../index-keys/key-blocks.js";
import { groupsToMerge, insertBlocks, mergeGroups, readGroups } from "./block-groups.js";
import { POSTING_BUCKETS, PostingsTable } from "../index-keys/postings-table.js";
import {
  EVENT_COLUMNS,
  POSTING_COLUMNS,
  postingBlobs,
  segmentRows,
  type SegmentBatch,
} from "./segment-builder.js";
import { BucketMerger, MERGE_WORKER_FROM, type BucketRows } from "./bucket-merger.js";
import { concurrentRun } from "./checkpoints.repository.js";
import { identityRows } from "./identity-set.js";

/** Identity rows per insert statement (3 parameters each). */
const IDENTITY_ROWS = 300;

/** Adds identities not yet known; known ones are left as they are. */
async function insertIdentities(tx: BulkTx, rows: readonly BulkValue[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += IDENTITY_ROWS) {
    const chunk = rows.slice(i, i + IDENTITY_ROWS);
    await tx.run(
      `insert into trace_identities (iss, sub, grp) values ${chunk.map(() => "(?, ?, ?)").join(", ")} on conflict do nothing`,
      chunk.flat(),
    );
  }
}

/** A file's position after a segment, written in the segment's own transaction. */
export interface CheckpointUpdate {
  fileId: number;
  /** The file's path, for the error when another run moved its checkpoint meanwhile. */
  path: string;
  /**
   * Where this run found the checkpoint (its start, or its own last update): the update applies
   * only if it is still there, so two runs reading one file at once cannot both store it.
   */
  fromBytes: number;
  format: string;
  bytesDone: number;
  linesDone: number;
  parserState: unknown;
}

/** One (file, reason) tally of unreadable lines, cumulative for the run. */
export interface BadTallyRow {
  fileId: number;
  reason: string;
  count: number;
  lines: number[];
  samples: string[];
}

/**
 * Writes a segment — its events, their postings, the checkpoints of the files it read and the
 * bad-line tallies so far — in one transaction: after a crash either all of it is there or
 * none, and the next run starts exactly where the last committed segment ended.
 */
export class SegmentsRepository {
  /** The writer's postings table, reused segment after segment (made at the first). */
  #postings: PostingsTable | null = null;

  /**
   * `mergeWorkerFrom`: the postings (bytes, per read of MERGE_BUCKETS buckets) from which the
   * merge takes a second thread (bucket-merger.ts); tests set 0 to use it for a few segments.
   */
  constructor(
    private readonly bulk: BulkWriter,
    private readonly partitions: TimePartitions,
    private readonly mergeWorkerFrom = MERGE_WORKER_FROM,
  ) {}

  async commit(input: {
    runId: number;
    batch: SegmentBatch;
    checkpoints: readonly CheckpointUpdate[];
    bad: readonly BadTallyRow[];
    now: string;
    /** The segment's alerts, once its id is known (written in the same transaction). */
    alertsFor?: ((segmentId: number) => Alert[]) | undefined;
  }): Promise<{ events: number; alerts: Alert[] }> {
    const hasEvents = input.batch.data.ends.length > 0;
    const blobs = hasEvents
      ? postingBlobs(input.batch, (this.#postings ??= new PostingsTable()))
      : [];
    try {
      return await this.#write(input, hasEvents, blobs);
    } catch (err) {
      this.partitions.reset(); // a rolled-back transaction may have created none of them
      throw err;
    }
  }

  #write(
    input: Parameters<SegmentsRepository["commit"]>[0],
    hasEvents: boolean,
    blobs: ReadonlyArray<readonly [number, Uint8Array]>,
  ): Promise<{ events: number; alerts: Alert[] }> {
    return this.bulk.write(async (tx) => {
      let written = 0;
      let alerts: Alert[] = [];
      if (hasEvents) {
        const [seg] = await tx.all<{ id: number }>(
          "insert into trace_segments (run_id, events, min_time, max_time, created_at) values (?, ?, ?, ?, ?) returning id",
          [
            input.runId,
            input.batch.data.ends.length,
            input.batch.minTime,
            input.batch.maxTime,
            input.now,
          ],
        );
        if (seg === undefined) throw new Error("trace_segments insert returned no id");
        const segId = Number(seg.id);
        const rows = segmentRows(input.batch, segId, blobs);
        await this.partitions.ensure(tx, "trace_events", input.batch.times);
        await tx.insertMany("trace_events", EVENT_COLUMNS, rows.events);
        await tx.insertMany("trace_postings", POSTING_COLUMNS, rows.postings);
        await insertIdentities(tx, identityRows(input.batch.identities));
        written = rows.events.length;
        alerts = input.alertsFor?.(segId) ?? [];
        await insertAlerts(tx, alerts, input.runId);
      }
      // In file order, so two runs that share files lock their rows in the same order.
      const checkpoints = [...input.checkpoints].sort((a, b) => a.fileId - b.fileId);
      for (const c of checkpoints) {
        const moved = await tx.all<{ id: number }>(
          "update trace_files set format = ?, bytes_done = ?, lines_done = ?, parser_state = ?, updated_at = ? where id = ? and bytes_done = ? returning id",
          [
            c.format,
            c.bytesDone,
            c.linesDone,
            c.parserState === null || c.parserState === undefined
              ? null
              : JSON.stringify(c.parserState),
            input.now,
            c.fileId,
            c.fromBytes,
          ],
        );
        if (moved.length === 0) throw concurrentRun(c.path);
      }
      for (const b of input.bad) {
        await tx.run(
          "insert into trace_bad_lines (run_id, file_id, reason, count, lines, samples) values (?, ?, ?, ?, ?, ?) " +
            "on conflict (run_id, file_id, reason) do update set count = excluded.count, lines = excluded.lines, samples = excluded.samples",
          [
            input.runId,
            b.fileId,
            b.reason,
            b.count,
            JSON.stringify(b.lines),
            JSON.stringify(b.samples),
          ],
        );
      }
      return { events: written, alerts };
    });
  }

  /**
   * Merges the postings of segments not merged yet (oldest first, up to 1,024 at a time) into
   * key blocks, in one transaction per group. A reader reads the blobs before the blocks
   * (events.repository.ts), so a merge between its two reads shows it an id twice, which it
   * keeps once, and never hides one. Returns the segments merged.
   */
  async compact(): Promise<number> {
    const merger = new BucketMerger(this.mergeWorkerFrom);
    try {
      return await this.#compact(merger);
    } finally {
      await merger.close();
    }
  }

  async #compact(merger: BucketMerger): Promise<number> {
    let merged = 0;
    for (;;) {
      const n = await this.bulk.write(async (tx) => {
        // two runs ending together must not merge the same segments twice
        await tx.exclusive(COMPACTION_LOCK);
        const segs = await tx.all<{ id: number; min_time: number | null; max_time: number | null }>(
          "select id, min_time, max_time from trace_segments where block is null order by id limit ?",
          [MAX_GROUP_SEGMENTS],
        );
        if (segs.length === 0) return 0;
        const ids = segs.map((x) => Number(x.id));
        const first = ids[0]!;
        const times = segs.flatMap((x) => [x.min_time, x.max_time]).filter((t) => t !== null);
        const minTime = times.length === 0 ? null : Math.min(...times.map(Number));
        const maxTime = times.length === 0 ? null : Math.max(...times.map(Number));
        const inList = ids.map(() => "?").join(", ");
        // MERGE_BUCKETS buckets per read: SQLite keeps a segment's rows together (seg, bucket),
        // so each read takes a few adjacent rows of every segment, and each page is read about
        // once, while only a few such shares of the group's postings are held at a time: the
        // next range is read and its merge started (most of it sent to the merge worker, a
        // copy) before this range's blocks are written, so the worker merges while the writer
        // writes.
        const read = async (lo: number) => {
          const rows = await tx.all<{ bucket: number; seg: number; data: Uint8Array }>(
            `select bucket, seg, data from trace_postings where seg in (${inList}) and bucket >= ? and bucket < ? order by seg`,
            [...ids, lo, lo + MERGE_BUCKETS],
          );
          const byBucket = new Map<number, Array<{ seg: number; data: Uint8Array }>>();
          for (const r of rows) {
            const bucket = Number(r.bucket);
            const list = byBucket.get(bucket);
            const row = { seg: Number(r.seg), data: r.data };
            if (list === undefined) byBucket.set(bucket, [row]);
            else list.push(row);
          }
          return [...byBucket].map(([bucket, list]) => ({ bucket, rows: list }));
        };
        const start = (buckets: BucketRows[]) => {
          const p = merger.merge(buckets, first);
          p.catch(() => undefined); // awaited below; a failure of the range before it ends first
          return p;
        };
        let merging = start(await read(0));
        for (let lo = 0; lo < POSTING_BUCKETS; lo += MERGE_BUCKETS) {
          const next = lo + MERGE_BUCKETS < POSTING_BUCKETS ? await read(lo + MERGE_BUCKETS) : null;
          const merged = await merging;
          if (next !== null) merging = start(next);
          for (const { bucket, blocks } of merged)
            await insertBlocks(tx, bucket, first, { min: minTime, max: maxTime }, blocks);
          // by bucket range too, so PostgreSQL's (bucket, seg) key finds the rows
          await tx.run(
            `delete from trace_postings where seg in (${inList}) and bucket >= ? and bucket < ?`,
            [...ids, lo, lo + MERGE_BUCKETS],
          );
        }
        await tx.run(`update trace_segments set block = ? where id in (${inList})`, [
          first,
          ...ids,
        ]);
        return ids.length;
      });
      merged += n;
      if (n < MAX_GROUP_SEGMENTS) break;
    }
    const grouped = await this.mergeGroups();
    if (merged > 0 || grouped > 0)
      await this.bulk.analyze([
        "trace_events",
        "trace_segments",
        "trace_key_blocks",
        "trace_files",
      ]);
    return merged;
  }

  /**
   * Merges neighbouring block groups of one tier (block-groups.ts) until none are left to merge,
   * one transaction per merge, under the lock of the postings merge. Returns the merges made.
   */
  async mergeGroups(): Promise<number> {
    let merges = 0;
    for (;;) {
      const done = await this.bulk.write(async (tx) => {
        await tx.exclusive(COMPACTION_LOCK);
        const run = groupsToMerge(await readGroups(tx));
        if (run === null) return false;
        await mergeGroups(tx, run);
        return true;
      });
      if (!done) return merges;
      merges++;
    }
  }
}

/** Buckets whose postings the merge reads at once (a divisor of POSTING_BUCKETS). */
const MERGE_BUCKETS = 16;

/** The advisory lock key of postings merges (any constant shared by all instances). */
const COMPACTION_LOCK = 727_275;
