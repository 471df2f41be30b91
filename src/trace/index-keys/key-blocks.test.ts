import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { SEGMENT_SPAN } from "../ingest/segment-builder.js";
import { lookupBucket } from "./bucket-blob.js";
import { MAX_GROUP_SEGMENTS, mergeBucket } from "./key-blocks.js";
import { PostingsTable } from "./postings-table.js";

/** One segment's blob of bucket 0 holding `keys` (multiples of 256), each with its ordinals. */
function segmentBlob(keys: Record<number, number[]>): Uint8Array {
  const t = new PostingsTable();
  const byOrd: Array<[number, number]> = [];
  for (const [k, ords] of Object.entries(keys)) for (const o of ords) byOrd.push([o, Number(k)]);
  byOrd.sort((a, b) => a[0] - b[0]);
  for (const [o, k] of byOrd) t.add(k, o);
  const blobs = t.bucketBlobs();
  assert.equal(blobs.length, 1);
  return blobs[0]![1];
}

/**
 * 200 seeded groups of 1–6 segments' blobs of one bucket, a third of them truncated, overwritten
 * in places or replaced by random bytes, as a damaged store could hand them to the merge.
 */
function seededGroups(): Array<Array<{ seg: number; data: Uint8Array }>> {
  let seed = 2026;
  const rnd = (n: number) => {
    seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0;
    return Math.floor((seed / 2 ** 32) * n);
  };
  const out: Array<Array<{ seg: number; data: Uint8Array }>> = [];
  for (let c = 0; c < 200; c++) {
    const rows = [];
    let seg = 9;
    for (let s = 0; s < 1 + rnd(6); s++) {
      const t = new PostingsTable();
      for (let ord = 0; ord < 400; ord += 1 + rnd(4))
        t.add(rnd(c % 2 === 0 ? 30 : 3000) * 256, ord);
      let blob = t.bucketBlobs()[0]![1].slice();
      const mode = rnd(10);
      if (mode === 0) blob = blob.subarray(0, rnd(blob.length));
      else if (mode <= 2) for (let k = 0; k < 3; k++) blob[rnd(blob.length)] = rnd(256);
      else if (mode === 3) blob = Uint8Array.from({ length: rnd(40) }, () => rnd(256));
      rows.push({ seg, data: blob });
      seg += 1 + rnd(3);
    }
    out.push(rows);
  }
  return out;
}

describe("mergeBucket", () => {
  it("merges segments into blocks whose look-ups give ids relative to the group's first segment", () => {
    const rows = [
      { seg: 10, data: segmentBlob({ 256: [0, 5], 512: [3] }) },
      { seg: 11, data: segmentBlob({ 256: [1], 768: [2, 9] }) },
      { seg: 13, data: segmentBlob({ 512: [0] }) },
    ];
    const blocks = mergeBucket(rows, 10);
    assert.equal(blocks.length, 1);
    const [b] = blocks;
    assert.deepEqual([b!.lo, b!.hi], [256, 768]);
    assert.deepEqual(lookupBucket(b!.data, 256), [0, 5, SEGMENT_SPAN + 1]);
    assert.deepEqual(lookupBucket(b!.data, 512), [3, 3 * SEGMENT_SPAN]);
    assert.deepEqual(lookupBucket(b!.data, 768), [SEGMENT_SPAN + 2, SEGMENT_SPAN + 9]);
    assert.deepEqual(lookupBucket(b!.data, 1024), []);
  });

  it("cuts many keys into blocks with ascending, disjoint key ranges and loses none", () => {
    const keys: Record<number, number[]> = {};
    for (let i = 1; i <= 5000; i++) keys[i * 256] = [i % 7, 100 + (i % 13)];
    const blocks = mergeBucket([{ seg: 4, data: segmentBlob(keys) }], 4);
    assert.ok(blocks.length > 1, `${blocks.length} blocks`);
    for (let i = 1; i < blocks.length; i++) assert.ok(blocks[i]!.lo > blocks[i - 1]!.hi);
    for (let i = 1; i <= 5000; i++) {
      const k = i * 256;
      const b = blocks.find((x) => x.lo <= k && k <= x.hi);
      assert.ok(b !== undefined, `key ${k}`);
      assert.deepEqual(lookupBucket(b.data, k), [i % 7, 100 + (i % 13)]);
    }
    for (const b of blocks) assert.ok(b.data.length < 16_384, `block of ${b.data.length} bytes`);
  });

  it("finds every key of many segments with exactly the ids their blobs hold, hot keys included", () => {
    let seed = 11;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0;
      return Math.floor((seed / 2 ** 32) * n);
    };
    const rows = [];
    const want = new Map<number, number[]>();
    for (let s = 0; s < 40; s++) {
      const keys: Record<number, number[]> = {};
      for (let ord = 0; ord < 3000; ord += 1 + rnd(3)) {
        // a hot key in every event (a list far over a block's 8 KiB), a few warm ones, rare ones
        for (const k of [256, (1 + rnd(20)) * 256, (100 + rnd(100_000)) * 256]) {
          const list = (keys[k] ??= []);
          if (list.at(-1) !== ord) list.push(ord);
        }
      }
      for (const [k, ords] of Object.entries(keys)) {
        const ids = want.get(Number(k)) ?? [];
        for (const o of ords) ids.push((s * 2 + 1) * SEGMENT_SPAN + o);
        want.set(Number(k), ids);
      }
      rows.push({ seg: 100 + s * 2 + 1, data: segmentBlob(keys) });
    }
    const blocks = mergeBucket(rows, 100);
    for (let i = 1; i < blocks.length; i++) assert.ok(blocks[i]!.lo > blocks[i - 1]!.hi);
    for (const [k, ids] of want) {
      const b = blocks.find((x) => x.lo <= k && k <= x.hi);
      assert.ok(b !== undefined, `key ${k}`);
      assert.deepEqual(lookupBucket(b.data, k), ids, `key ${k}`);
    }
    const stored = blocks.reduce((n, b) => n + new DataView(b.data.buffer).getUint32(0, true), 0);
    assert.equal(stored, want.size, "no key twice, none missing");
  });

  it("writes the same bytes as the merge that wrote the stored blocks, damaged blobs included", () => {
    // Digest of what the first version of mergeBucket (commit 9c28f4a) made of seededGroups(),
    // with the block size of then (8 KiB): blocks already stored and blocks merged from now on
    // read the same way, and a rewrite for speed must not change a byte, even for input it can
    // only skip.
    const h = createHash("sha256");
    for (const rows of seededGroups())
      for (const b of mergeBucket(rows, 9, 8192)) {
        h.update(`${b.lo},${b.hi};`);
        h.update(b.data);
      }
    assert.equal(
      h.digest("hex"),
      "87fd9f321447b85272981a4a4f4cffbaa8704faaa61236f3818ee445413e98a8",
    );
  });

  it("keeps the largest relative id of a full group exact", () => {
    const last = MAX_GROUP_SEGMENTS - 1;
    const blocks = mergeBucket(
      [{ seg: 7 + last, data: segmentBlob({ 256: [SEGMENT_SPAN - 1] }) }],
      7,
    );
    assert.deepEqual(lookupBucket(blocks[0]!.data, 256), [last * SEGMENT_SPAN + SEGMENT_SPAN - 1]);
  });

  it("skips a malformed blob and merges the rest", () => {
    const blocks = mergeBucket(
      [
        { seg: 1, data: Uint8Array.from([9, 0, 0, 0, 1]) },
        { seg: 2, data: segmentBlob({ 256: [4] }) },
      ],
      1,
    );
    assert.deepEqual(lookupBucket(blocks[0]!.data, 256), [SEGMENT_SPAN + 4]);
  });
});
