import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  TextPacker,
  packTexts,
  recycleBuffer,
  textAt,
  textReader,
  type PackedTexts,
} from "./packed-texts.js";

/** Every text, read as the writer reads them: one at a time, each checked. */
function unpackTexts(packed: PackedTexts): string[] {
  const read = textReader(packed);
  return Array.from(packed.ends, (_, i) => read(i));
}

describe("packed texts", () => {
  it("gives back every text, whatever its characters, including empty ones", () => {
    const texts = [
      "",
      "plain",
      "a\nb",
      "é ü",
      "日本語の行",
      "🔑 token",
      "\u0000\uffff",
      "x".repeat(5000),
    ];
    assert.deepEqual(unpackTexts(packTexts(texts)), texts);
    assert.deepEqual(unpackTexts(packTexts([])), []);
  });

  it("grows its buffer when non-ASCII text needs more than one byte per character", () => {
    const texts = Array.from({ length: 2000 }, (_, i) => `${"ä€𝄞".repeat(50)}#${i}`);
    const packed = packTexts(texts);
    assert.equal(packed.bytes.byteLength, Buffer.byteLength(texts.join(""), "utf8"));
    assert.deepEqual(unpackTexts(packed), texts);
  });

  it("survives a transfer to another thread's copy of the buffer", () => {
    const texts = ["one", "zwei", "три"];
    const packed = packTexts(texts);
    const moved = structuredClone(packed, { transfer: [packed.bytes.buffer as ArrayBuffer] });
    assert.deepEqual(unpackTexts(moved), texts);
  });

  it("refuses end offsets that run backwards or past the buffer", () => {
    const packed = packTexts(["abc", "def"]);
    assert.throws(
      () => unpackTexts({ bytes: packed.bytes, ends: new Uint32Array([4, 2]) }),
      /offset at 1/,
    );
    assert.throws(
      () => unpackTexts({ bytes: packed.bytes, ends: new Uint32Array([99]) }),
      /offset at 0/,
    );
  });

  it("starts each segment afresh and reads one text by position", () => {
    const packer = new TextPacker(16);
    for (const t of ["first", "segment"]) packer.add(t);
    const one = packer.take();
    for (const t of ["zweites", "Segment", "ü"]) packer.add(t);
    const two = packer.take();
    assert.deepEqual(unpackTexts(one), ["first", "segment"]);
    assert.deepEqual(unpackTexts(two), ["zweites", "Segment", "ü"]);
    assert.equal(textAt(two, 0), "zweites");
    assert.equal(textAt(two, 2), "ü");
    assert.equal(packer.count, 0);
  });

  it("reuses a buffer handed back once its texts are read, and only one big enough", () => {
    const done = packTexts(["x".repeat(4096)]);
    const handed = done.bytes.buffer as ArrayBuffer;
    recycleBuffer(handed);
    const small = new TextPacker(8192 * 4); // larger than the spare: a new buffer
    small.add("a");
    assert.notEqual(small.take().bytes.buffer, handed);
    recycleBuffer(packTexts(["y".repeat(4096)]).bytes.buffer as ArrayBuffer);
    const fits = new TextPacker(1024);
    fits.add("reused");
    const packed = fits.take();
    assert.equal(packed.bytes.buffer.byteLength >= 1024, true);
    assert.deepEqual(unpackTexts(packed), ["reused"]);
    recycleBuffer(packed.bytes.buffer as ArrayBuffer);
    const again = new TextPacker(1024);
    assert.equal(again.take().bytes.buffer, packed.bytes.buffer);
  });
});
