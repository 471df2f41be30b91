import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Kysely, sql } from "kysely";
import { migrate } from "../migrate.js";
import { sqliteDialect } from "../sqlite.js";
import { migrations } from "./index.js";

/** The migrations before `name`, as a store made before it was added had them. */
const before = (name: string) =>
  Object.fromEntries(Object.entries(migrations).filter(([n]) => n < name));

describe("migration 0022: SQLite postings in (seg, bucket) order", () => {
  it("keeps every postings row of an existing store and appends a segment's rows together", async () => {
    const db = new Kysely<unknown>({ dialect: sqliteDialect(":memory:") });
    try {
      await migrate(db, "sqlite", before("0022"));
      for (const seg of [1, 2, 3]) {
        await sql`insert into trace_segments (id, run_id, events, created_at) values (${seg}, 1, 1, 'now')`.execute(
          db,
        );
        for (const bucket of [0, 7, 255])
          await sql`insert into trace_postings (bucket, seg, data) values (${bucket}, ${seg}, ${Uint8Array.of(seg, bucket)})`.execute(
            db,
          );
      }
      await sql`update trace_segments set block = 1 where id = 1`.execute(db);
      assert.ok((await migrate(db, "sqlite", migrations)).includes("0022-postings-by-segment"));

      // Rows in primary-key order come segment by segment now: a new segment's rows append.
      const rows = await sql<{ seg: number; bucket: number; data: Uint8Array }>`
        select seg, bucket, data from trace_postings`.execute(db);
      assert.deepEqual(
        rows.rows.map((r) => [r.seg, r.bucket, [...r.data]]),
        [1, 2, 3].flatMap((seg) => [0, 7, 255].map((b) => [seg, b, [seg, b]])),
      );
      const plan = await sql<{ detail: string }>`
        explain query plan select data from trace_postings
        where seg in (select id from trace_segments where block is null) and bucket in (7)`.execute(
        db,
      );
      const details = plan.rows.map((r) => r.detail).join("\n");
      assert.match(details, /trace_postings USING PRIMARY KEY \(seg=\? AND bucket=\?\)/);
      assert.match(details, /trace_segments USING (COVERING )?INDEX trace_segments_unmerged/);
    } finally {
      await db.destroy();
    }
  });
});
