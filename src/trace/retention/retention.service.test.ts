import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import type { Actor } from "../../accounts/index.js";
import { createContext, type AppContext } from "../../app/context.js";
import { FixedClock } from "../../core/clock.js";
import { storeKinds } from "../../test-support/stores.js";
import { EventsRepository } from "../events/events.repository.js";
import { fileSources } from "../ingest/log-source.js";

/** dCache lines one per day from 2024-07-30 to 2024-09-02 (July, August and September). */
function lines(): string {
  let out = "";
  for (let d = 0; d < 35; d++) {
    const t = new Date(Date.UTC(2024, 6, 30 + d, 12)).toISOString().replace("Z", "+00:00");
    out +=
      `level=INFO ts=${t} event=org.dcache.webdav.request session=door:w@d:S${d} request.method=GET ` +
      `request.url=https://dcache.example.org/data/day-${d} socket.remote=192.0.2.1:1 ` +
      `user.sub=keep-sub@iam user.jti=jti-day-${d}@iam response.code=200\n`;
  }
  return out;
}

for (const kind of await storeKinds()) {
  describe(`retention on ${kind.name}`, { skip: kind.skip }, () => {
    let ctx: AppContext;
    let admin: Actor;
    let dir: string;
    before(async () => {
      // "now" is 2024-10-01: 40 days of retention keep events from 2024-08-22 on
      ctx = createContext({
        store: await kind.open(),
        clock: new FixedClock("2024-10-01T00:00:00Z"),
      });
      await ctx.accounts.ensureAdmin("admin-password-1");
      admin = await ctx.accounts.localActor("admin");
      dir = mkdtempSync(join(tmpdir(), "ttt-retention-"));
      writeFileSync(join(dir, "a.access"), lines());
      await ctx.ingest.ingest(admin, await fileSources([dir], undefined), { origin: "test" });
    });
    after(async () => {
      rmSync(dir, { recursive: true, force: true });
      await ctx.store.close();
    });

    test("events older than the cutoff go, newer stay, and look-ups skip what is gone", async () => {
      const events = new EventsRepository(ctx.store.db);
      assert.equal(await events.count(), 35);
      const r = await ctx.retention.prune(admin, 40);
      assert.equal(r.cutoff, "2024-08-22T00:00:00.000Z");
      assert.equal(r.events, 23, "30 July … 21 August");
      assert.equal(await events.count(), 12);
      assert.deepEqual(await events.byKey("jti", "jti-day-0"), []);
      assert.equal((await events.byKey("jti", "jti-day-30")).length, 1);
      assert.equal((await events.byKey("sub", "keep-sub")).length, 12);
      if (kind.name === "postgres") {
        const parts = await sql<{ relname: string }>`
          select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
          join pg_class p on p.oid = i.inhparent
          where p.relname = 'trace_events' and c.relnamespace = p.relnamespace
            and p.relnamespace = (select oid from pg_namespace where nspname = current_schema())
          order by 1`.execute(ctx.store.db);
        assert.deepEqual(
          parts.rows.map((p) => p.relname),
          ["trace_events_y2024m08", "trace_events_y2024m09"],
          "July's partition is dropped whole",
        );
      }
    });

    test("a retention of less than a day is refused, naming the field", async () => {
      await assert.rejects(ctx.retention.prune(admin, 0), /olderThanDays/);
    });
  });
}
