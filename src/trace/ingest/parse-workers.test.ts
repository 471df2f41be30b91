import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dcacheJob, ingestWorld } from "../../test-support/ingest-world.js";
import { parseInWorkers } from "./parse-in-worker.js";
import type { FlushSegment } from "./parse-run.js";
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

test("two workers: uses after exp are flagged though other workers read the tokens' issuance", async () => {
  const dir = mkdtempSync(join(tmpdir(), "ttt-workers-exp-"));
  try {
    const exp = Date.UTC(2024, 8, 1) / 1000; // two days before the dCache lines
    const iss = "https://iam.example.org/";
    // two IAM files, read first, one per worker; their exps are merged and handed on
    writeFileSync(
      join(dir, "iam-audit.log"),
      `${iamIssuedLine({ iss, sub: "s1", jti: "jti-late", exp })}\n`,
    );
    writeFileSync(
      join(dir, "iam-audit.log.1"),
      `${iamIssuedLine({ iss, sub: "s2", jti: "jti-late-2", exp })}\n`,
    );
    // then the other files, shared out by size: neither of their workers read IAM's logs
    writeFileSync(
      join(dir, "b.access"),
      `${dcacheLine(0, { jti: "jti-late" })}\n${dcacheLines(1_000, 200)}`,
    );
    writeFileSync(
      join(dir, "a.access"),
      `${dcacheLine(1, { jti: "jti-late-2" })}\n${dcacheLines(2_000, 100)}`,
    );
    const r = await w.ingest(dir, { worker: true, workers: 2 });
    assert.equal(r.events, 304);
    assert.equal(r.alerts, 2);
    const expired = await w.ctx.alerts.list(w.admin, { kind: "expired-token", limit: 10 });
    assert.deepEqual(expired.map((a) => a.jti).sort(), ["jti-late", "jti-late-2"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a failed write stops every worker: nothing is written once the run has failed", async () => {
  const dir = mkdtempSync(join(tmpdir(), "ttt-workers-stop-"));
  try {
    const jobs = [0, 1, 2, 3].map((f) => {
      const path = join(dir, `f${f}.access`);
      writeFileSync(path, dcacheLines(f * 100_000, 25_000)); // several segments each
      return { job: dcacheJob(path, { fileId: f + 1, complete: true }), size: statSync(path).size };
    });
    let writes = 0;
    const write: FlushSegment = async () => {
      if (++writes === 2) throw new Error("disk full");
      await new Promise((r) => setTimeout(r, 5));
    };
    await assert.rejects(
      parseInWorkers(jobs, 2, write, () => undefined),
      /disk full/,
    );
    const atFailure = writes;
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(writes, atFailure, "no segment written after the run failed");
    assert.ok(atFailure < 10, `${atFailure} writes: the other worker was stopped early`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
