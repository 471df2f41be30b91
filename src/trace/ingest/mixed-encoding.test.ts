import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ingestWorld } from "../../test-support/ingest-world.js";
import { dcacheLine } from "../../test-support/log-lines.js";
import { EventsRepository } from "../events/events.repository.js";

/**
 * Logs are bytes, not always UTF-8: a path written by a Latin-1 client, a multi-byte character
 * cut by the writer, a CESU-encoded surrogate, binary junk, CRLF endings. Read from disk (in
 * this thread and in the parse worker), such lines become events with U+FFFD where the bytes
 * were not UTF-8, or bad lines, with their line numbers; and the checkpoint counts bytes, not
 * decoded characters (U+FFFD takes three bytes for one invalid one), so an appended file resumes
 * exactly where the first run stopped.
 */
const w = ingestWorld("mixed-encoding");

const utf8 = (s: string) => Buffer.from(s, "utf8");
/** dCache line `i` with its file name replaced by raw bytes. */
const withName = (i: number, name: Buffer) => {
  const [head, tail] = dcacheLine(i).split(`file-${i}`);
  return Buffer.concat([utf8(head!), name, utf8(tail!)]);
};

for (const worker of [false, true]) {
  describe(worker ? "in the parse worker" : "in-process", () => {
    test("non-UTF-8 bytes become U+FFFD or bad lines; offsets stay in bytes", async () => {
      const base = worker ? 900_000 : 800_000;
      const dir = join(w.dir, worker ? "w" : "p");
      mkdirSync(dir);
      const file = join(dir, "mixed.access");
      const nl = utf8("\n");
      writeFileSync(
        file,
        Buffer.concat([
          utf8(dcacheLine(base)), // 1: plain
          nl,
          withName(base + 1, Buffer.from([0x66, 0xe9, 0x74, 0xe9])), // 2: "fété" in Latin-1
          nl,
          withName(base + 2, Buffer.from([0x65, 0x75, 0x72, 0x6f, 0xe2, 0x82])), // 3: "euro" + a cut €
          nl,
          withName(base + 3, utf8("é€😀")), // 4: valid multi-byte UTF-8
          nl,
          Buffer.from([0x00, 0xff, 0xfe, 0x01, 0x80, 0x9f, 0x20, 0x3d]), // 5: binary junk
          nl,
          withName(base + 5, Buffer.from([0x78, 0xed, 0xa0, 0x80])), // 6: a CESU surrogate
          utf8("\r\n"),
          utf8(dcacheLine(base + 6)), // 7: plain, after a CRLF line
          nl,
        ]),
      );
      const r = await w.ingest(dir, { worker });
      assert.equal(r.lines, 7);
      assert.equal(r.events, 6);
      assert.equal(r.bad, 1);
      assert.equal(r.badLines.length, 1);
      assert.deepEqual(r.badLines[0]?.lines, [5], "the junk line, by its number");

      const events = new EventsRepository(w.ctx.store.db);
      const one = async (i: number) => {
        const found = await events.byKey("jti", `jti-${base + i}`);
        assert.equal(found.length, 1, `jti-${base + i} stored once`);
        return found[0]!;
      };
      const path = (i: number, name: string) => `/data/vo/${name}`.replace("NAME", `file-${i}`);
      assert.equal((await one(0)).object, path(base, "NAME"));
      assert.equal((await one(1)).object, path(base + 1, "f\uFFFDt\uFFFD"));
      assert.equal((await one(2)).object, path(base + 2, "euro\uFFFD"));
      assert.equal((await one(3)).object, path(base + 3, "é€😀"));
      assert.equal((await one(5)).object, path(base + 5, "x\uFFFD\uFFFD\uFFFD"));
      assert.equal((await one(6)).source.line, 7, "line numbers count the junk and CRLF lines");
      assert.equal((await one(3)).source.line, 4);

      // Two lines appended: read from the byte after the last line, nothing again, nothing lost.
      const size = statSync(file).size;
      appendFileSync(file, `${dcacheLine(base + 7)}\n${dcacheLine(base + 8)}\n`);
      const again = await w.ingest(dir, { worker });
      assert.equal(again.lines, 2, `resumed at byte ${size}`);
      assert.equal(again.events, 2);
      assert.equal(again.bad, 0);
      assert.equal((await one(8)).source.line, 9);
      for (const i of [0, 1, 6, 7]) await one(i);
    });
  });
}
