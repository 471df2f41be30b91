import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TextPacker, packTexts, recycleBuffer, textAt, unpackTexts } from "./packed-texts.js";

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

  it("starts each segment afresh, reusing a buffer handed back, and reads one text by position", () => {
    const packer = new TextPacker(16);
    for (const t of ["first", "segment"]) packer.add(t);
    const one = packer.take();
    assert.deepEqual(unpackTexts(one), ["first", "segment"]);
    recycleBuffer(one.bytes.buffer as ArrayBuffer);
    for (const t of ["zweites", "Segment", "ü"]) packer.add(t);
    const two = packer.take();
    assert.deepEqual(unpackTexts(two), ["zweites", "Segment", "ü"]);
    assert.equal(textAt(two, 0), "zweites");
    assert.equal(textAt(two, 2), "ü");
    assert.equal(packer.count, 0);
  });
});
