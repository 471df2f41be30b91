import type { BulkColumn, BulkTx } from "../../store/index.js";
import { MAX_GROUP_SEGMENTS, mergeBucket, type KeyBlock } from "../index-keys/key-blocks.js";
import { POSTING_BUCKETS } from "../index-keys/postings-table.js";

/**
 * Merging key-block groups together. Every ingest run ends by merging its segments' postings
 * into a block group of its own (segments.repository.ts `compact`), and a look-up reads one
 * block per key and group (events.repository.ts): a store fed by many small runs — a cron job
 * every few minutes, a site uploading its logs as they grow — would make every look-up cost a
 * seek per run. So groups are merged like the levels of a log-structured tree: FANOUT
 * neighbouring groups of one tier (size class) become one group of the next, as long as their
 * segments span fewer than MAX_GROUP_SEGMENTS ids (ids in a block are relative to the group's
 * first segment). That keeps about (FANOUT − 1) groups per tier, five tiers below a full group,
 * and rewrites a segment's keys about once per tier.
 */

/** Groups merged at once, and the factor between tiers. */
export const FANOUT = 4;

/** A block group as trace_segments describes it. */
export interface BlockGroup {
  /** Its first segment (trace_segments.block, trace_key_blocks.first_seg). */
  first: number;
  /** Its last segment. */
  last: number;
  /** How many segments it holds. */
  segments: number;
}

/** The tier of a group of `segments` segments: ⌊log_FANOUT(segments)⌋. */
export function tier(segments: number): number {
  let t = 0;
  for (let n = segments; n >= FANOUT; n = Math.floor(n / FANOUT)) t++;
  return t;
}

/**
 * The oldest FANOUT neighbouring groups (in segment order) of one tier whose segments follow one
 * another — each group's last segment before the next group's first — and span fewer than
 * MAX_GROUP_SEGMENTS ids, or null when there are none. Pure. Groups can interleave: segment ids
 * are taken when a segment is built and a run's transaction commits later, so two runs at once
 * can make groups {100, 102} and {101}; merged, a key's ids would not ascend, which the block
 * encoding (ascending deltas) cannot hold. Such groups stay apart.
 */
export function groupsToMerge(groups: readonly BlockGroup[]): BlockGroup[] | null {
  const sorted = [...groups].sort((a, b) => a.first - b.first);
  for (let i = 0; i + FANOUT <= sorted.length; i++) {
    const run = sorted.slice(i, i + FANOUT);
    const t = tier(run[0]!.segments);
    if (run.some((g) => tier(g.segments) !== t)) continue;
    if (run.some((g, k) => k > 0 && run[k - 1]!.last >= g.first)) continue;
    if (Math.max(...run.map((g) => g.last)) - run[0]!.first < MAX_GROUP_SEGMENTS) return run;
  }
  return null;
}

/** The block groups of the store, read inside the merging transaction. */
export async function readGroups(tx: BulkTx): Promise<BlockGroup[]> {
  const rows = await tx.all<{ first: number | string; last: number | string; n: number | string }>(
    "select block as first, max(id) as last, count(*) as n from trace_segments where block is not null group by block",
  );
  return rows.map((r) => ({ first: Number(r.first), last: Number(r.last), segments: Number(r.n) }));
}

const BLOCK_COLUMNS: readonly BulkColumn[] = [
  { name: "bucket", type: "int" },
  { name: "first_seg", type: "int" },
  { name: "lo", type: "bigint" },
  { name: "hi", type: "bigint" },
  { name: "min_time", type: "bigint" },
  { name: "max_time", type: "bigint" },
  { name: "data", type: "bytea" },
];

/**
 * Writes the blocks of one bucket of a new group: `first` is its first segment, the times its
 * range. Shared by the merge of new segments and the merge of groups.
 */
export async function insertBlocks(
  tx: BulkTx,
  bucket: number,
  first: number,
  times: { min: number | null; max: number | null },
  blocks: readonly KeyBlock[],
): Promise<void> {
  await tx.insertMany(
    "trace_key_blocks",
    BLOCK_COLUMNS,
    blocks.map((b) => [bucket, first, b.lo, b.hi, times.min, times.max, b.data]),
  );
}

/**
 * Merges `run` (neighbouring groups, oldest first) into one group under the first one's id, in
 * the caller's transaction: every bucket's blocks are read, merged (a group's blocks read like
 * the blob of its first segment, with ids relative to it) and written back, and the segments
 * moved to the new group. A reader whose seeks straddle the commit notices that the groups
 * changed and reads the blocks again in one snapshot per key (events.repository.ts `#blocks`).
 */
export async function mergeGroups(tx: BulkTx, run: readonly BlockGroup[]): Promise<void> {
  const firsts = run.map((g) => g.first);
  const first = firsts[0]!;
  const inList = firsts.map(() => "?").join(", ");
  const [span] = await tx.all<{ lo: number | string | null; hi: number | string | null }>(
    `select min(min_time) as lo, max(max_time) as hi from trace_segments where block in (${inList})`,
    firsts,
  );
  const times = {
    min: span?.lo == null ? null : Number(span.lo),
    max: span?.hi == null ? null : Number(span.hi),
  };
  for (let bucket = 0; bucket < POSTING_BUCKETS; bucket++) {
    const rows = await tx.all<{ first_seg: number | string; data: Uint8Array }>(
      `select first_seg, data from trace_key_blocks where bucket = ? and first_seg in (${inList}) order by first_seg, lo`,
      [bucket, ...firsts],
    );
    if (rows.length === 0) continue;
    await tx.run(`delete from trace_key_blocks where bucket = ? and first_seg in (${inList})`, [
      bucket,
      ...firsts,
    ]);
    const merged = mergeBucket(
      rows.map((r) => ({ seg: Number(r.first_seg), data: r.data })),
      first,
    );
    await insertBlocks(tx, bucket, first, times, merged);
  }
  await tx.run(`update trace_segments set block = ? where block in (${inList})`, [
    first,
    ...firsts,
  ]);
}
