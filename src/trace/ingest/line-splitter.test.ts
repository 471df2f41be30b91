import { test } from "node:test";
import assert from "node:assert/strict";
import { LineSplitter, MAX_LINE_BYTES } from "./line-splitter.js";

function split(chunks: Buffer[], finish = false, start = 0) {
  const s = new LineSplitter(start, 0);
  const lines: Array<[string | null, number]> = [];
  for (const c of chunks) s.push(c, (l, n) => lines.push([l, n]));
  if (finish) s.finish((l, n) => lines.push([l, n]));
  return { lines, offset: s.offset, pending: s.pendingBytes };
}

test("lines across chunk borders, CRLF, and the offset after the last complete line", () => {
  const r = split([Buffer.from("ab\r\ncd"), Buffer.from("e\nfg")]);
  assert.deepEqual(r.lines, [
    ["ab", 1],
    ["cde", 2],
  ]);
  assert.equal(r.offset, 8, "through 'cde\\n'");
  assert.equal(r.pending, 2, "'fg' waits for its newline");
  const done = split([Buffer.from("ab\ncd")], true);
  assert.deepEqual(done.lines.at(-1), ["cd", 2]);
  assert.equal(done.offset, 5);
});

test("a multi-byte character split between chunks decodes whole", () => {
  const bytes = Buffer.from("é€\n");
  const r = split([bytes.subarray(0, 1), bytes.subarray(1, 4), bytes.subarray(4)]);
  assert.deepEqual(r.lines, [["é€", 1]]);
});

test("an overlong line is reported (null) without being buffered, and counting goes on", () => {
  const long = Buffer.alloc(MAX_LINE_BYTES * 3, 0x61);
  const chunks = [
    Buffer.from("x\n"),
    long.subarray(0, 70_000),
    long.subarray(70_000),
    Buffer.from("\ny\n"),
  ];
  const r = split(chunks);
  assert.deepEqual(r.lines, [
    ["x", 1],
    [null, 2],
    ["y", 3],
  ]);
  assert.equal(r.offset, 2 + long.length + 1 + 2);
  const inOne = split([Buffer.concat([long, Buffer.from("\n")])]);
  assert.deepEqual(inOne.lines, [[null, 1]]);
});

test("offsets continue from a checkpoint", () => {
  const r = split([Buffer.from("a\nb\n")], false, 100);
  assert.equal(r.offset, 104);
});
