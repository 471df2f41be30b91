import { PostgresAdapter, sql, type Kysely } from "kysely";

/**
 * SQLite only: `trace_events.id` becomes the table's rowid (`integer primary key`). Declared
 * `bigint primary key` in 0009 it was a second B-tree beside the rowid one, so every event read
 * by id walked two trees and every insert wrote two. Measured on the 10M-line week before the
 * change: a subject's trace spent 38 % of its time in SQLite's row look-ups. PostgreSQL keeps its
 * partitioned table and index on id.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  await sql`create table trace_events_rowid (id integer primary key, time_ms bigint not null, file_id integer not null, line bigint not null, data text not null)`.execute(
    db,
  );
  await sql`insert into trace_events_rowid (id, time_ms, file_id, line, data) select id, time_ms, file_id, line, data from trace_events order by id`.execute(
    db,
  );
  await sql`drop table trace_events`.execute(db);
  await sql`alter table trace_events_rowid rename to trace_events`.execute(db);
}
