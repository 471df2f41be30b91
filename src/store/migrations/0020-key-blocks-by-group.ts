import type { Kysely } from "kysely";

/**
 * Trace look-ups find a key's block in each block group by one seek: the group's block with the
 * largest `lo` at or below the key's hash (the blocks of a group and bucket hold disjoint,
 * ordered ranges of hashes). The primary key (bucket, lo, first_seg) cannot answer that per group; before this
 * index, a look-up scanned every block of the bucket below the hash, about half of them, each
 * row several KiB: 100 µs a key on the benchmark week (bench/RESULTS.md, 2026-11-27).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex("trace_key_blocks_group")
    .on("trace_key_blocks")
    .columns(["bucket", "first_seg", "lo"])
    .execute();
}
