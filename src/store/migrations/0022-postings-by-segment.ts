import { PostgresAdapter, sql, type Kysely } from "kysely";

/**
 * SQLite: `trace_postings` is kept in (seg, bucket) order instead of (bucket, seg), and a partial
 * index lists the segments whose postings are not merged into key blocks yet.
 *
 * Why: the table is WITHOUT ROWID, so its rows live in primary-key order. Keyed by (bucket, seg),
 * each segment's 256 rows (one per bucket, ~1.6 KiB each) went to 256 places in the tree, and
 * every ingest transaction rewrote some 380 of its 16 KiB pages — to the statement journal, to
 * the WAL, and again at each checkpoint — for 400 KiB of new postings. Keyed by (seg, bucket), a
 * segment's rows are appended. Measured on one generated day (1.45M lines, strace), together
 * with `insert or fail` (store/bulk.ts): the ingest wrote 4.3 GB to the WAL, the database and
 * temp files before, 1.55 GB after (bench/RESULTS.md, 2026-11-27). A look-up reads a bucket's
 * rows per unmerged segment, one seek each (events.repository.ts `idsByKeys`); the postings
 * merge reads a range of buckets per segment.
 *
 * PostgreSQL keeps its layout: a heap table appends whatever the key, and its primary-key index
 * holds small entries. The partial index is made on both.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) {
    await sql`create table trace_postings_by_seg (seg integer not null, bucket integer not null, data blob not null, constraint trace_postings_pk primary key (seg, bucket)) without rowid`.execute(
      db,
    );
    await sql`insert into trace_postings_by_seg (seg, bucket, data) select seg, bucket, data from trace_postings order by seg, bucket`.execute(
      db,
    );
    await sql`drop table trace_postings`.execute(db);
    await sql`alter table trace_postings_by_seg rename to trace_postings`.execute(db);
  }
  await sql`create index trace_segments_unmerged on trace_segments (id) where block is null`.execute(
    db,
  );
}
