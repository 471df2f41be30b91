import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ingestWorld } from "../../test-support/ingest-world.js";
import { dcacheLine, dcacheLines, iamIssuedLine } from "../../test-support/log-lines.js";
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

test("two workers: a use after exp is flagged though the other worker read the token's issuance", async () => {
  const dir = mkdtempSync(join(tmpdir(), "ttt-workers-exp-"));
  try {
    const exp = Date.UTC(2024, 8, 1) / 1000; // two days before the dCache lines
    writeFileSync(
      join(dir, "iam-audit.log"),
      iamIssuedLine({ iss: "https://iam.example.org/", sub: "sub-1", jti: "jti-late", exp }) + "\n",
    );
    // By size the largest file, with the late use, is one worker's share and IAM's log with the
    // other file the other's: without the exps handed over, that worker never knew the exp.
    writeFileSync(
      join(dir, "b.access"),
      `${dcacheLine(0, { jti: "jti-late" })}\n${dcacheLines(1_000, 200)}`,
    );
    writeFileSync(join(dir, "a.access"), dcacheLines(2_000, 100));
    const r = await w.ingest(dir, { worker: true, workers: 2 });
    assert.equal(r.events, 302);
    assert.equal(r.alerts, 1);
    const expired = await w.ctx.alerts.list(w.admin, { kind: "expired-token", limit: 10 });
    assert.deepEqual(
      expired.map((a) => a.jti),
      ["jti-late"],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
