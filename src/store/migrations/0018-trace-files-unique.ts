import { sql, type Kysely } from "kysely";

/**
 * One checkpoint per file content: `trace_files` becomes unique on its fingerprint, so two
 * ingest runs that meet the same new file at the same time cannot both create a checkpoint for
 * it and store its events twice — the second is refused (ingest_conflict) and can run again.
 * Rows already doubled that way (only concurrent runs could make them) keep their checkpoints
 * under a fingerprint marked with their id, so the index can be built.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`update trace_files set fingerprint = fingerprint || '#' || id
    where id not in (select min(id) from trace_files group by fp_len, fingerprint)`.execute(db);
  await db.schema.dropIndex("trace_files_fp").execute();
  await db.schema
    .createIndex("trace_files_fp")
    .on("trace_files")
    .columns(["fp_len", "fingerprint"])
    .unique()
    .execute();
}
