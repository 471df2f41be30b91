// ExpTable: jti hash → exp by open addressing — set/get, overwrite, key 0, absent keys, and
// growth past its first 65,536 slots without losing an entry.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { keyHash } from "../index-keys/key-hash.js";
import { ExpTable } from "./exp-table.js";

describe("ExpTable", () => {
  it("returns what was set, and undefined for an absent key", () => {
    const t = new ExpTable();
    const a = keyHash("j", "jti-a");
    const b = keyHash("j", "jti-b");
    assert.equal(t.get(a), undefined);
    t.set(a, 1_725_350_400);
    t.set(b, 1_725_354_000);
    assert.equal(t.get(a), 1_725_350_400);
    assert.equal(t.get(b), 1_725_354_000);
    assert.equal(t.get(keyHash("j", "jti-c")), undefined);
    assert.equal(t.size, 2);
    assert.equal(t.dropped, 0);
  });

  it("overwrites an existing key without growing", () => {
    const t = new ExpTable();
    const k = keyHash("j", "jti-x");
    t.set(k, 100);
    t.set(k, 200);
    assert.equal(t.get(k), 200);
    assert.equal(t.size, 1);
  });

  it("accepts key 0 (stored as 1)", () => {
    const t = new ExpTable();
    assert.equal(t.get(0), undefined);
    t.set(0, 42);
    assert.equal(t.get(0), 42);
    assert.equal(t.size, 1);
    t.set(0, 43);
    assert.equal(t.get(0), 43);
    assert.equal(t.size, 1);
  });

  it("keys that collide in the low 32 bits are kept apart", () => {
    const t = new ExpTable();
    const lo = 12345;
    const keys = [lo, 2 ** 32 + lo, 2 ** 40 + lo, 2 ** 52 + lo];
    keys.forEach((k, i) => t.set(k, i + 1));
    keys.forEach((k, i) => assert.equal(t.get(k), i + 1));
    assert.equal(t.get(2 ** 33 + lo), undefined);
    assert.equal(t.size, 4);
  });

  it("grows past 65,536 entries and keeps every value (200,000 keys)", () => {
    const t = new ExpTable();
    const N = 200_000;
    const keys = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      keys[i] = keyHash("j", `jti-${i}`);
      t.set(keys[i]!, 1_700_000_000 + i);
    }
    assert.equal(t.size, N);
    assert.equal(t.dropped, 0);
    let wrong = 0;
    for (let i = 0; i < N; i++) if (t.get(keys[i]!) !== 1_700_000_000 + i) wrong++;
    assert.equal(wrong, 0);
    let found = 0;
    for (let i = N; i < N + 10_000; i++) if (t.get(keyHash("j", `jti-${i}`)) !== undefined) found++;
    assert.equal(found, 0, "absent keys stay absent after growth");
  });

  it("grows with sequential small keys too (dense low bits)", () => {
    const t = new ExpTable();
    for (let k = 1; k <= 200_000; k++) t.set(k, k * 2);
    assert.equal(t.size, 200_000);
    for (const k of [1, 65_536, 65_537, 131_072, 199_999, 200_000]) assert.equal(t.get(k), k * 2);
    assert.equal(t.get(200_001), undefined);
  });

  it("ignores a value no token exp can be, without counting it as dropped", () => {
    const t = new ExpTable();
    t.set(7, -1);
    t.set(8, Number.NaN);
    t.set(9, 2 ** 32);
    assert.equal(t.get(7), undefined);
    assert.equal(t.get(8), undefined);
    assert.equal(t.get(9), undefined);
    assert.equal(t.size, 0);
    assert.equal(t.dropped, 0);
    t.set(10, 2 ** 32 - 1);
    assert.equal(t.get(10), 2 ** 32 - 1);
  });

  it("past its largest size it stops remembering, counts the drops, keeps what it had", () => {
    const t = new ExpTable();
    const N = 4_000_000;
    for (let k = 1; k <= N; k++) t.set(k, k);
    assert.ok(t.dropped > 0, "some were dropped");
    assert.equal(t.size + t.dropped, N);
    assert.ok(t.size >= 2_000_000, `${t.size} remembered`);
    assert.equal(t.get(1), 1);
    assert.equal(t.get(t.size), t.size, "the last one remembered");
    assert.equal(t.get(t.size + 1), undefined, "the first one dropped");
    assert.equal(t.get(N), undefined);
    t.set(1, 99);
    assert.equal(t.get(1), 99, "a token it knows still takes a new exp when full");
  });

  it("hands its entries to another table (another parse worker), key 0 and growth included", () => {
    const a = new ExpTable();
    for (let k = 0; k < 100_000; k++) a.set(k * 7919, 1_700_000_000 + k);
    const e = a.entries();
    assert.equal(e.keys.length, a.size);
    const b = new ExpTable();
    b.set(3, 5);
    b.load(e);
    assert.equal(b.size, a.size + 1);
    for (let k = 0; k < 100_000; k += 997) assert.equal(b.get(k * 7919), 1_700_000_000 + k);
    assert.equal(b.get(0), 1_700_000_000, "key 0 (read as 1) survives the trip");
    assert.equal(b.get(3), 5);
  });
});
