import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { dcacheJob } from "../../test-support/ingest-world.js";
import { dcacheLines } from "../../test-support/log-lines.js";
import { contentCheck, fileSources, FileReplacedError, type LogSource } from "./log-source.js";
import { ParseRun } from "./parse-run.js";

/**
 * A file is identified by its first 16 KiB when a run starts and read later, maybe minutes later.
 * If logrotate renamed it and started a new one meanwhile (or truncated and rewrote it), reading
 * the new content from the old checkpoint's offset would lose lines of one and store lines of
 * the other twice: reading checks the start again, through the file handle it then reads from.
 */
const dir = mkdtempSync(join(tmpdir(), "ttt-replaced-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

async function source(path: string): Promise<LogSource> {
  const [s] = await fileSources([path], undefined);
  assert.ok(s !== undefined);
  return s;
}

async function text(stream: Readable): Promise<string> {
  let out = "";
  for await (const c of stream) out += (c as Buffer).toString("utf8");
  return out;
}

for (const gzip of [false, true]) {
  const kind = gzip ? "gzip" : "plain";
  const write = (path: string, content: string) =>
    writeFileSync(path, gzip ? gzipSync(content) : content);

  test(`${kind}: the same content is read, from the checkpoint on`, async () => {
    const path = join(dir, `same-${kind}.access`);
    const a = dcacheLines(0, 200); // ~60 KB: past the 16 KiB head
    write(path, a);
    const s = await source(path);
    const same = contentCheck(await s.head());
    assert.equal(await text(s.open(0, undefined, same)), a);
    assert.equal(await text(s.open(1000, undefined, same)), a.slice(1000));
  });

  test(`${kind}: a file replaced since it was identified is not read`, async () => {
    const path = join(dir, `rotated-${kind}.access`);
    write(path, dcacheLines(0, 200));
    const s = await source(path);
    const same = contentCheck(await s.head());
    renameSync(path, path + ".1");
    write(path, dcacheLines(5000, 300));
    await assert.rejects(text(s.open(0, undefined, same)), FileReplacedError);
    // Nothing of the new content is handed on before its start has been checked.
    let received = 0;
    await assert.rejects(async () => {
      for await (const c of s.open(0, undefined, same)) received += (c as Buffer).length;
    }, FileReplacedError);
    assert.equal(received, 0);
    await assert.rejects(text(s.open(0, undefined, same)), /was replaced since this run/);
  });
}

test("a file first seen short that grew is still the same file", async () => {
  const path = join(dir, "short.access");
  writeFileSync(path, dcacheLines(0, 3)); // well under 16 KiB
  const s = await source(path);
  const same = contentCheck(await s.head());
  appendFileSync(path, dcacheLines(3, 200));
  assert.equal(await text(s.open(0, undefined, same)), dcacheLines(0, 203));
});

test("the run reports a replaced file as a read error and stores none of its lines", async () => {
  const path = join(dir, "run.access");
  writeFileSync(path, dcacheLines(0, 200));
  const s = await source(path);
  const same = contentCheck(await s.head());
  writeFileSync(path, dcacheLines(9000, 200)); // truncated and rewritten in place
  let flushed = 0;
  const run = new ParseRun((batch) => {
    flushed += batch.data.ends.length;
    return Promise.resolve();
  });
  const job = dcacheJob(path, { same });

  await run.file(job, (start, onDisk) => s.open(start, onDisk, job.same));
  await run.flush();
  assert.equal(flushed, 0);
  assert.equal(run.counters.lines, 0);
  assert.deepEqual(run.bad.byReason, { read_error: 1 });
  assert.match(run.bad.report()[0]?.message ?? "", /replaced since this run identified it/);
});
