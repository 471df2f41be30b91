import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { blankEvent, type ParsedEvent } from "../events/trace-event.js";
import { eventKeys } from "../index-keys/event-keys.js";
import { PostingsTable } from "../index-keys/postings-table.js";
import { postingBlobs, SegmentBuilder } from "./segment-builder.js";

const T0 = Date.parse("2024-09-03T10:00:00Z");

function event(i: number): ParsedEvent {
  return {
    ...blankEvent("dcache", T0 + i * 60_000, "storage.get"),
    iss: "https://iam.example.org/",
    sub: `user-${i % 3}`,
    jti: i % 2 === 0 ? `jti-${i}` : null,
    object: `/data/file-${i % 5}`,
    clientIp: "192.0.2.7",
  };
}

describe("segment builder", () => {
  it("hands over every event's key hashes, and the writer's postings are those of the keys", () => {
    const builder = new SegmentBuilder();
    const direct = new PostingsTable();
    for (let i = 0; i < 50; i++) {
      const e = event(i);
      builder.add(e, "site-a", null, 1, i + 1);
      eventKeys(e, (k) => direct.add(k, i));
    }
    const batch = builder.take();
    assert.equal(batch.keys.length, batch.keyOrds.length);
    assert.ok(batch.keys.length >= 50 * 4);
    assert.deepEqual(postingBlobs(batch), direct.bucketBlobs());
    // The next segment starts with no keys, and the batch taken stays as it was (the worker
    // transfers its arrays, so they must be copies, not views of the builder's buffers).
    const kept = { keys: [...batch.keys], ords: [...batch.keyOrds] };
    for (let i = 0; i < 10; i++) builder.add(event(100 + i), "site-a", null, 1, 51 + i);
    const next = builder.take();
    assert.equal(next.keyOrds[0], 0);
    assert.equal(next.keyOrds.at(-1), 9);
    assert.deepEqual({ keys: [...batch.keys], ords: [...batch.keyOrds] }, kept);
  });

  it("grows past its first key buffer without losing a key", () => {
    const builder = new SegmentBuilder();
    const direct = new PostingsTable();
    for (let i = 0; i < 20_000; i++) {
      const e = event(i);
      builder.add(e, null, null, 1, i + 1);
      eventKeys(e, (k) => direct.add(k, i));
    }
    const batch = builder.take();
    assert.ok(batch.keys.length > 1 << 16);
    assert.deepEqual(postingBlobs(batch), direct.bucketBlobs());
  });

  it("refuses a batch whose keys and ordinals differ in number", () => {
    const builder = new SegmentBuilder();
    builder.add(event(1), null, null, 1, 1);
    const batch = builder.take();
    assert.throws(
      () => postingBlobs({ ...batch, keyOrds: batch.keyOrds.subarray(1) }),
      /keys but \d+ ordinals/,
    );
  });
});
