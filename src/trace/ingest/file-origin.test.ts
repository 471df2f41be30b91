import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ingestWorld } from "../../test-support/ingest-world.js";
import { dcacheLines } from "../../test-support/log-lines.js";
import { EventsRepository } from "../events/events.repository.js";

/**
 * A file's site and host are kept with its checkpoint, like its time zone: lines it gains later
 * carry them when the next run (a cron job, a plain `ttt ingest DIR`) names none, and a run that
 * names others moves them for the lines read from then on.
 */
const w = ingestWorld("file-origin");

test("a grown file's new lines keep the site and host it was first ingested with", async () => {
  const log = join(w.dir, "door.access");
  writeFileSync(log, dcacheLines(700_000, 2));
  await w.ingest(log, { site: "site-07", host: "door-1" });
  appendFileSync(log, dcacheLines(700_002, 2));
  const grown = await w.ingest(log);
  assert.equal(grown.events, 2);
  appendFileSync(log, dcacheLines(700_004, 1));
  assert.equal((await w.ingest(log, { site: "site-08" })).events, 1);
  appendFileSync(log, dcacheLines(700_005, 1));
  assert.equal((await w.ingest(log)).events, 1);

  const events = new EventsRepository(w.ctx.store.db);
  const origin = async (i: number) => {
    const [e] = await events.byKey("jti", `jti-${700_000 + i}`);
    return [e?.site, e?.host];
  };
  assert.deepEqual(await origin(1), ["site-07", "door-1"]);
  assert.deepEqual(await origin(3), ["site-07", "door-1"], "the next run named none");
  assert.deepEqual(await origin(4), ["site-08", "door-1"], "a new --site moves it");
  assert.deepEqual(await origin(5), ["site-08", "door-1"], "and is kept");
});

test("a new file in that directory, ingested without --site, takes its predecessors' site and host", async () => {
  // After the first test, door.access is site-08 on door-1 (the latest origin it was given).
  writeFileSync(join(w.dir, "door.access.next"), dcacheLines(710_000, 2));
  const r = await w.ingest(w.dir);
  assert.equal(r.events, 2);
  const [e] = await new EventsRepository(w.ctx.store.db).byKey("jti", "jti-710001");
  assert.deepEqual([e?.site, e?.host], ["site-08", "door-1"]);
});
