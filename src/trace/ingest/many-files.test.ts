import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ingestWorld } from "../../test-support/ingest-world.js";
import { dcacheLine } from "../../test-support/log-lines.js";
import { RESOLVE_CHUNK } from "./file-ingest.js";

/**
 * More files than one resolve chunk holds (their heads are read and let go a chunk at a time):
 * every file is read once, and a copy whose twin sits in another chunk is still found.
 */
const w = ingestWorld("many-files");

test("files over several resolve chunks: each read once, a copy across chunks found", async () => {
  const n = RESOLVE_CHUNK * 2 + 10;
  for (let i = 0; i < n; i++)
    writeFileSync(join(w.dir, `f${String(i).padStart(4, "0")}.access`), dcacheLine(i) + "\n");
  // A copy of f0003 whose name sorts into the last chunk.
  writeFileSync(join(w.dir, "zz-copy-of-f0003.access"), dcacheLine(3) + "\n");
  const r = await w.ingest(w.dir);
  assert.equal(r.files, n + 1);
  assert.equal(r.events, n);
  assert.deepEqual(r.skippedFiles, [
    {
      file: join(w.dir, "zz-copy-of-f0003.access"),
      reason: "duplicate",
      sameAs: join(w.dir, "f0003.access"),
    },
  ]);
  const again = await w.ingest(w.dir);
  assert.equal(again.events, 0);
  assert.equal(again.alreadyIngested, n + 1, "the copy too: its content was read");
});
