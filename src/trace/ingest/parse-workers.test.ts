import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ingestWorld } from "../../test-support/ingest-world.js";
import { dcacheLine, dcacheLines } from "../../test-support/log-lines.js";
import { EventsRepository } from "../events/events.repository.js";

const w = ingestWorld("workers");

test("files split over two parse workers: every line once, counts and bad lines merged", async () => {
  for (let f = 0; f < 5; f++)
    writeFileSync(
      join(w.dir, `f${f}.access`),
      dcacheLines(f * 10_000, 3_000 + f * 500) +
        "broken line\n" +
        dcacheLine(f * 10_000 + 9_999) +
        "\n",
    );
  const r = await w.ingest(w.dir, { worker: true, workers: 2 });
  const lines = 5 * 3_000 + 500 * (0 + 1 + 2 + 3 + 4) + 5 * 2;
  assert.equal(r.lines, lines);
  assert.equal(r.events, lines - 5);
  assert.equal(r.bad, 5);
  assert.equal(r.badLines.length, 5, "one tally per file");
  assert.deepEqual(r.byFormat["dcache-access"], { files: 5, lines, events: lines - 5, bad: 5 });
  const events = new EventsRepository(w.ctx.store.db);
  assert.equal(await events.count(), lines - 5);
  assert.equal((await events.byKey("jti", "jti-40000")).length, 1);
  const again = await w.ingest(w.dir, { worker: true, workers: 2 });
  assert.equal(again.events, 0);
  assert.equal(again.alreadyIngested, 5);
});
