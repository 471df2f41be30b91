import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { prng } from "../core/prng.js";
import { KeyTable, entryHash } from "./key-table.js";

/**
 * The table against a Map, through random inserts and deletes. Keys are stored by "head"
 * number here (the head's key is keys[head]), as the index stores slot numbers. A tiny hash
 * space forces long probe runs that wrap around the end of the table, where backward-shift
 * deletion is easiest to get wrong.
 */
function check(seed: number, hashOf: (key: string) => number): void {
  const rand = prng(seed);
  const keys: string[] = [];
  const table = new KeyTable(4, (head, key, end) => {
    const stored = keys[head]!;
    return end === key.length ? stored === key : stored.length === end && key.startsWith(stored);
  });
  const model = new Map<string, number>();
  const find = (key: string) => table.find(hashOf(key), key, key.length, 0, 0);
  for (let step = 0; step < 4000; step++) {
    const key = `k${Math.floor(rand() * 300)}`;
    const e = find(key);
    assert.equal(e >= 0, model.has(key), `step ${step}: ${key} present`);
    if (e >= 0) {
      assert.equal(table.head(e), model.get(key));
      if (rand() < 0.5) {
        table.delete(e);
        model.delete(key);
      } else {
        keys.push(key);
        table.setHead(e, keys.length - 1);
        model.set(key, keys.length - 1);
      }
    } else {
      keys.push(key);
      table.insert(hashOf(key), keys.length - 1);
      model.set(key, keys.length - 1);
    }
    assert.equal(table.size, model.size);
  }
  for (const [key, head] of model) assert.equal(table.head(find(key)), head, key);
  for (let i = 0; i < 300; i++) assert.equal(find(`k${i}`) >= 0, model.has(`k${i}`), `k${i}`);
}

describe("KeyTable", () => {
  it("agrees with a Map through random inserts, head changes and deletes", () => {
    for (const seed of [1, 2, 3])
      check(seed, (k) => entryHash(k.length * 31 + k.charCodeAt(1), 0, 0));
  });

  it("stays right when every key has one of four hashes (long runs that wrap around)", () => {
    // Hashes near the top of the index space: runs start at the last entries and wrap.
    for (const seed of [4, 5])
      check(seed, (k) => 0x7ffffff0 | ((k.charCodeAt(k.length - 1) & 3) * 4) | 1);
  });

  it("tells keys apart by bucket and class, not by hash alone", () => {
    const table = new KeyTable(16, (head, key, _end, bucket, cls) => {
      return head === bucket * 10 + cls && key === "same";
    });
    const h = entryHash(12345, 0, 0);
    table.insert(h, 0); // bucket 0, class 0
    table.insert(h, 11); // bucket 1, class 1, same hash on purpose
    assert.equal(table.head(table.find(h, "same", 4, 0, 0)), 0);
    assert.equal(table.head(table.find(h, "same", 4, 1, 1)), 11);
    assert.equal(table.find(h, "same", 4, 1, 0), -1);
    assert.notEqual(entryHash(12345, 0, 0), entryHash(12345, 1, 0));
    assert.notEqual(entryHash(12345, 0, 0), entryHash(12345, 0, 1));
  });

  it("never stores the empty mark as a hash", () => {
    for (let i = 0; i < 10_000; i++) assert.notEqual(entryHash(i, i & 7, i & 3), 0);
  });
});
