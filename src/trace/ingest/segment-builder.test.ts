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
    // the same jti named twice in one event counts once (otherJtis)
    details: i % 4 === 0 ? { jtis: [`jti-${i}`, `jti-${i}`] } : null,
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
    // the next segment starts with no keys
    builder.add(event(0), "site-a", null, 1, 51);
    const next = builder.take();
    assert.deepEqual([...next.keyOrds], new Array<number>(next.keyOrds.length).fill(0));
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
