import { describe, it } from "node:test";
import assert from "node:assert/strict";
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
