import { test } from "node:test";
import assert from "node:assert/strict";
import { progressReporter } from "./ingest.progress.js";

function fakeOut(isTTY: boolean) {
  const writes: string[] = [];
  const out = { isTTY, write: (s: string) => writes.push(s) > 0 } as unknown as NodeJS.WriteStream;
  return { out, writes };
}

test("on a terminal: a bar redrawn in place with lines/s and ETA, cleared at the end", () => {
  let now = 0;
  const { out, writes } = fakeOut(true);
  const p = progressReporter(out, 1000, () => now);
  now = 1000;
  p.tick({ bytes: 250, lines: 200_000, file: "site-01/dcache/webdavDomain.access" });
  now = 1100;
  p.tick({ bytes: 300, lines: 240_000, file: "x" }); // too soon: not redrawn
  p.done();
  assert.equal(writes.length, 2);
  const first = writes[0] ?? "";
  assert.ok(first.startsWith("\r\u001b[2K[██████░░░░░░░░░░░░░░░░░░]  25% "), first);
  assert.ok(first.includes("200,000 lines 200,000 lines/s ETA 0:03 site-01/dcache/"), first);
  assert.equal(writes[1], "\r\u001b[2K");
});

test("otherwise: a plain line every ten seconds, nothing to clear", () => {
  let now = 0;
  const { out, writes } = fakeOut(false);
  const p = progressReporter(out, 1000, () => now);
  now = 5000;
  p.tick({ bytes: 100, lines: 10, file: "a" });
  now = 10_000;
  p.tick({ bytes: 500, lines: 1_000_000, file: "a" });
  p.done();
  assert.deepEqual(writes, ["ingest: 50% 1,000,000 lines, 100,000 lines/s, ETA 0:10\n"]);
});
