import { test } from "node:test";
import assert from "node:assert/strict";
import { keyHash } from "./key-hash.js";
import { decodeOrdinals, decodeRange, encodeOrdinals } from "./ordinals.js";
import { eventKeys, lookupKey } from "./event-keys.js";
import { blankEvent } from "../events/trace-event.js";

test("keyHash is a stable safe integer that spreads similar keys", () => {
  assert.equal(keyHash("j", "abc"), keyHash("j", "abc"));
  assert.notEqual(keyHash("j", "abc"), keyHash("s", "abc"));
  const seen = new Set<number>();
  for (let i = 0; i < 200_000; i++) {
    const h = keyHash("j", `00000000-0000-4000-8000-${i.toString().padStart(12, "0")}`);
    assert.ok(Number.isSafeInteger(h) && h >= 0);
    seen.add(h);
  }
  assert.equal(seen.size, 200_000, "no collision among 200,000 similar jtis");
});

test("ordinals round-trip, including large gaps and the empty list", () => {
  for (const ords of [[], [0], [0, 1, 2, 3], [5, 300, 70_000, 1_048_575], [127, 128, 16_511]]) {
    assert.deepEqual(decodeOrdinals(encodeOrdinals(ords)), ords);
  }
  assert.equal(encodeOrdinals([0, 1, 2, 3]).length, 4, "consecutive ordinals cost a byte each");
  assert.deepEqual(decodeOrdinals(Uint8Array.of(0x81)), [], "a truncated tail is dropped");
});

test("counting and decoding into an array at an offset follow decodeOrdinals, tails included", () => {
  const cases = [
    encodeOrdinals([3, 200, 70_000]),
    Uint8Array.of(0x02, 0x81), // a truncated tail
    Uint8Array.of(0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01), // a run of continuation bytes
    new Uint8Array(0),
  ];
  for (const bytes of cases) {
    const want = decodeOrdinals(bytes);
    assert.equal(decodeRange(bytes, 0, bytes.length, null, 0, 0), want.length);
    const out = new Float64Array(want.length + 2);
    assert.equal(decodeRange(bytes, 0, bytes.length, out, 2, 1000), want.length + 2);
    assert.deepEqual(
      [...out.subarray(2)],
      want.map((o) => o + 1000),
    );
  }
});

test("an event is indexed by each key it has, by kind, and by its hour", () => {
  const e = blankEvent("dcache", Date.UTC(2024, 8, 3, 10, 11, 12), "storage.get");
  e.jti = "j-1";
  e.sub = "s-1";
  e.details = { refreshTokenJti: "r-1", status: 200 };
  const keys: number[] = [];
  eventKeys(e, (k) => keys.push(k));
  assert.deepEqual(keys.slice(0, 3), [
    lookupKey("jti", "j-1"),
    lookupKey("sub", "s-1"),
    lookupKey("refreshTokenJti", "r-1"),
  ]);
  assert.equal(keys.length, 4);
  assert.notEqual(lookupKey("sub", "x"), lookupKey("mappedUser", "x"));
});

test("the postings table and its bucket blobs give back every ordinal of every key", async () => {
  const { PostingsTable, POSTING_BUCKETS } = await import("./postings-table.js");
  const { lookupBucket } = await import("./bucket-blob.js");
  const table = new PostingsTable();
  const expected = new Map<number, number[]>();
  for (let ord = 0; ord < 50_000; ord++) {
    for (const v of [`j${ord % 997}`, `o${ord}`, `s${ord % 3}`]) {
      const k = keyHash(v[0] ?? "", v.slice(1));
      table.add(k, ord);
      table.add(k, ord); // twice in one event counts once
      const list = expected.get(k) ?? [];
      if (list.at(-1) !== ord) list.push(ord);
      expected.set(k, list);
    }
  }
  assert.equal(table.size, expected.size);
  const blobs = new Map<number, Uint8Array>();
  for (const [bucket, blob] of table.bucketBlobs()) blobs.set(bucket, blob);
  assert.ok(blobs.size <= POSTING_BUCKETS);
  for (const [k, ords] of expected) {
    const blob = blobs.get((k >>> 0) & (POSTING_BUCKETS - 1));
    assert.ok(blob !== undefined);
    assert.deepEqual(lookupBucket(blob, k), ords);
  }
  const anyBlob = [...blobs.values()][0] as Uint8Array;
  assert.deepEqual(lookupBucket(anyBlob, keyHash("j", "absent")), []);
  assert.deepEqual(
    lookupBucket(anyBlob.subarray(0, 10), keyHash("j", "1")),
    [],
    "a cut blob reads as empty",
  );
});

test("a postings table cleared and reused (the writer's, segment after segment) gives a fresh table's blobs", async () => {
  const { PostingsTable } = await import("./postings-table.js");
  const fill = (t: InstanceType<typeof PostingsTable>, seed: number, n: number) => {
    for (let ord = 0; ord < n; ord++) t.add(keyHash("o", `${seed}-${ord % 40_000}`), ord);
  };
  const reused = new PostingsTable();
  fill(reused, 1, 300_000); // grows past its first sizes (keys and entries)
  reused.clear();
  assert.equal(reused.size, 0);
  fill(reused, 2, 5_000);
  const fresh = new PostingsTable();
  fill(fresh, 2, 5_000);
  assert.deepEqual(reused.bucketBlobs(), fresh.bucketBlobs());
});
