import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { dcacheJob, ingestWorld } from "../../test-support/ingest-world.js";
import { dcacheLines } from "../../test-support/log-lines.js";
import { ParseRun, SEGMENT_EVENTS } from "./parse-run.js";
import { EventsRepository } from "../events/events.repository.js";

/**
 * Input that cannot be used never stops an ingest. A truncated .gz (logrotate still compressing
 * it) keeps the lines before the cut and is reported as a read_error; a file whose beginning
 * cannot be read is skipped as unreadable; the other files are read in full — in-process and in
 * the parse worker, which meet these errors in different places. A line with an impossible time
 * is a bad line.
 */
const w = ingestWorld("unreadable-input");

for (const worker of [false, true]) {
  describe(worker ? "in the parse worker" : "in-process", () => {
    const base = worker ? 500_000 : 0;
    test("a truncated .gz keeps its first lines, is reported, and the other files are read", async () => {
      const dir = join(w.dir, worker ? "w" : "p");
      mkdirSync(dir);
      // 2,000 lines (~600 KB): the cut lands well past the 16 KiB head and past a deflate block.
      const full = gzipSync(dcacheLines(base, 2_000));
      writeFileSync(join(dir, "a-cut.access.gz"), full.subarray(0, Math.floor(full.length / 2)));
      writeFileSync(join(dir, "b-whole.access"), dcacheLines(base + 10_000, 300));
      // Not gzip past its magic bytes: its beginning cannot be read.
      writeFileSync(join(dir, "c-broken.access.gz"), Buffer.from([0x1f, 0x8b, 1, 2, 3, 4, 5]));
      const run = () => w.ingest(dir, { worker });
      const r = await run();
      const events = new EventsRepository(w.ctx.store.db);
      assert.ok(r.events > 300 + 100, `the cut file's first lines are kept (${r.events} events)`);
      assert.ok(r.events < 300 + 2_000, "but not the lines after the cut");
      assert.equal((await events.byKey("jti", `jti-${base + 10_299}`)).length, 1, "b read in full");
      assert.equal((await events.byKey("jti", `jti-${base}`)).length, 1, "a's first line");
      assert.equal(r.badByReason.read_error, 1);
      const cut = r.badLines.find((b) => b.reason === "read_error");
      assert.ok(cut !== undefined && cut.file.endsWith("a-cut.access.gz"));
      assert.match(cut.message, /unexpected end of file/i);
      assert.deepEqual(
        r.skippedFiles.filter((s) => s.reason === "unreadable").map((s) => s.file),
        [join(dir, "c-broken.access.gz")],
      );
      assert.match(
        r.skippedFiles.find((s) => s.reason === "unreadable")?.message ?? "",
        /Z_DATA_ERROR/,
      );

      // Again: nothing new, nothing twice; the cut is reported again.
      const stored = r.events;
      const again = await run();
      assert.equal(again.events, 0);
      assert.equal(again.badByReason.read_error, 1);
      assert.equal(
        (await events.byKey("jti", `jti-${base}`)).length,
        1,
        "the cut file's lines are not stored twice",
      );
      assert.ok(stored > 0);
    });
  });
}

test("a time outside 1990–2100 makes the line bad (bad_timestamp), not an event in year 24", async () => {
  const dir = join(w.dir, "times");
  mkdirSync(dir);
  const good = dcacheLines(900_000, 3);
  const year24 = dcacheLines(900_010, 1).replace(/ts=2024-/, "ts=0024-");
  const year2200 = dcacheLines(900_020, 1).replace(/ts=2024-/, "ts=2200-");
  assert.notEqual(year24, dcacheLines(900_010, 1), "the test line was changed");
  writeFileSync(join(dir, "times.access"), good + year24 + year2200);
  const r = await w.ingest(dir);
  assert.equal(r.events, 3);
  assert.equal(r.badByReason.bad_timestamp, 2);
  const tally = r.badLines.find((b) => b.reason === "bad_timestamp");
  assert.deepEqual(tally?.lines, [4, 5]);
  assert.match(tally?.message ?? "", /time out of range: 1924-\S+ is not between 1990 and 2100/);
});

test("in a directory, a link to a file is read, a dangling one is reported, a link to a directory is not followed", async () => {
  const dir = join(w.dir, "links");
  const elsewhere = join(w.dir, "elsewhere");
  mkdirSync(dir);
  mkdirSync(elsewhere);
  writeFileSync(join(elsewhere, "real.access"), dcacheLines(950_000, 4));
  writeFileSync(join(dir, "own.access"), dcacheLines(960_000, 2));
  symlinkSync(join(elsewhere, "real.access"), join(dir, "current.access"));
  symlinkSync(join(elsewhere, "gone.access"), join(dir, "dangling.access"));
  symlinkSync(dir, join(dir, "loop"));
  const r = await w.ingest(dir);
  assert.equal(r.events, 6, "own file and the linked one");
  assert.deepEqual(
    r.skippedFiles.map((f) => [f.file, f.reason]),
    [[join(dir, "dangling.access"), "unreadable"]],
  );
  assert.match(r.skippedFiles[0]?.message ?? "", /ENOENT/);
});

test("a failed segment write fails the run: it is never taken for the file's read error", async () => {
  const run = new ParseRun(() => Promise.reject(new Error("database or disk is full")));
  const job = dcacheJob("big.access", { file: "/logs/big.access" });

  const lines = dcacheLines(0, SEGMENT_EVENTS + 10);
  await assert.rejects(
    run.file(job, () => Readable.from([Buffer.from(lines)])),
    /database or disk is full/,
  );
  assert.equal(run.bad.total, 0, "no read_error recorded");
});
