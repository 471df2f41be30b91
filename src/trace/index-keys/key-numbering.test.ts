import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { KeyNumbering } from "./key-numbering.js";

describe("KeyNumbering", () => {
  it("numbers distinct keys in first-seen order, as a Map would, across growth", () => {
    // 53-bit keys that all share their low 8 bits, as the keys of one postings bucket do
    const keys = Array.from({ length: 50_000 }, (_, i) => ((i * 7919) % 50_000) * 2 ** 20 + 37);
    const seq = [...keys, ...keys.slice(0, 1000).reverse(), 2 ** 53 - 219];
    const numbering = new KeyNumbering(16);
    const map = new Map<number, number>();
    for (const k of seq) {
      let n = map.get(k);
      if (n === undefined) map.set(k, (n = map.size));
      assert.equal(numbering.number(k), n);
    }
    assert.equal(numbering.size, map.size);
    for (const [k, n] of map) assert.equal(numbering.find(k), n);
    assert.equal(numbering.find(12 * 2 ** 20 + 38), -1);
  });

  it("compares keys as a Map does: -0 is 0 and NaN is itself", () => {
    const numbering = new KeyNumbering(4);
    assert.equal(numbering.number(0), 0);
    assert.equal(numbering.number(-0), 0);
    assert.equal(numbering.number(NaN), 1);
    assert.equal(numbering.number(NaN), 1);
    assert.equal(numbering.find(NaN), 1);
    assert.equal(numbering.number(Infinity), 2);
    assert.equal(numbering.size, 3);
  });
});
