import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mergeBucket } from "../index-keys/key-blocks.js";
import { PostingsTable } from "../index-keys/postings-table.js";
import { BucketMerger, bucketsMergedByWorkers, type BucketRows } from "./bucket-merger.js";

/** Postings of `segments` segments from seg 5 on, each blob of every bucket it has, by bucket. */
function postings(segments: number): BucketRows[] {
  let seed = 7;
  const rnd = (n: number) => {
    seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0;
    return Math.floor((seed / 2 ** 32) * n);
  };
  const byBucket = new Map<number, BucketRows>();
  for (let s = 0; s < segments; s++) {
    const t = new PostingsTable();
    for (let ord = 0; ord < 4000; ord++) t.add(rnd(50_000) * 257 + 1, ord);
    for (const [bucket, data] of t.bucketBlobs()) {
      const b = byBucket.get(bucket) ?? { bucket, rows: [] };
      b.rows.push({ seg: 5 + s, data });
      byBucket.set(bucket, b);
    }
  }
  // in an order other than the buckets': the merger answers in bucket order whatever it got
  return [...byBucket.values()].reverse();
}

const inOneThread = (buckets: readonly BucketRows[]) =>
  [...buckets]
    .sort((a, b) => a.bucket - b.bucket)
    .map((b) => ({ bucket: b.bucket, blocks: mergeBucket(b.rows, 5) }));

describe("BucketMerger", () => {
  const buckets = postings(12);

  it("merges on two threads exactly what one thread merges, in bucket order", async () => {
    const merger = new BucketMerger(0);
    const before = bucketsMergedByWorkers();
    try {
      const want = inOneThread(buckets);
      assert.ok(want.length > 100, `${want.length} buckets`);
      // two calls at once: one worker serves both
      const [a, b] = await Promise.all([merger.merge(buckets, 5), merger.merge(buckets, 5)]);
      assert.deepEqual(a, want);
      assert.deepEqual(b, want);
      const share = (bucketsMergedByWorkers() - before) / (2 * want.length);
      assert.ok(share > 0.5 && share < 0.95, `the worker merged ${share} of the buckets`);
    } finally {
      await merger.close();
    }
  });

  it("merges in its own thread alone below the threshold, with no worker to close", async () => {
    const merger = new BucketMerger(Infinity);
    const before = bucketsMergedByWorkers();
    assert.deepEqual(await merger.merge(buckets, 5), inOneThread(buckets));
    assert.equal(bucketsMergedByWorkers(), before);
    await merger.close();
  });

  it("merges the worker's share itself when the worker cannot start, and every call after", async () => {
    const merger = new BucketMerger(0, "no-such-worker");
    const before = bucketsMergedByWorkers();
    try {
      assert.deepEqual(await merger.merge(buckets, 5), inOneThread(buckets));
      assert.deepEqual(
        await merger.merge(buckets.slice(0, 9), 5),
        inOneThread(buckets.slice(0, 9)),
      );
      assert.equal(bucketsMergedByWorkers(), before);
    } finally {
      await merger.close();
    }
  });
});
