import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Actor } from "../../accounts/index.js";
import { createContext, type AppContext } from "../../app/context.js";
import { openStore } from "../../store/index.js";
import { dcacheLine, dcacheLines } from "../../test-support/log-lines.js";
import { EventsRepository } from "../events/events.repository.js";
import { fileSources } from "./log-source.js";

let ctx: AppContext;
let admin: Actor;
let dir: string;
before(async () => {
  ctx = createContext({ store: await openStore({ dataDir: "", sqliteFile: ":memory:" }) });
  await ctx.accounts.ensureAdmin("admin-password-1");
  admin = await ctx.accounts.localActor("admin");
  dir = mkdtempSync(join(tmpdir(), "ttt-workers-"));
});
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await ctx.store.close();
});

test("files split over two parse workers: every line once, counts and bad lines merged", async () => {
  for (let f = 0; f < 5; f++)
    writeFileSync(
      join(dir, `f${f}.access`),
      dcacheLines(f * 10_000, 3_000 + f * 500) +
        "broken line\n" +
        dcacheLine(f * 10_000 + 9_999) +
        "\n",
    );
  const r = await ctx.ingest.ingest(admin, await fileSources([dir], undefined), {
    origin: "test",
    worker: true,
    workers: 2,
  });
  const lines = 5 * 3_000 + 500 * (0 + 1 + 2 + 3 + 4) + 5 * 2;
  assert.equal(r.lines, lines);
  assert.equal(r.events, lines - 5);
  assert.equal(r.bad, 5);
  assert.equal(r.badLines.length, 5, "one tally per file");
  assert.deepEqual(r.byFormat["dcache-access"], { files: 5, lines, events: lines - 5, bad: 5 });
  const events = new EventsRepository(ctx.store.db);
  assert.equal(await events.count(), lines - 5);
  assert.equal((await events.byKey("jti", "jti-40000")).length, 1);
  const again = await ctx.ingest.ingest(admin, await fileSources([dir], undefined), {
    origin: "test",
    worker: true,
    workers: 2,
  });
  assert.equal(again.events, 0);
  assert.equal(again.alreadyIngested, 5);
});
