import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StoredEvent } from "../events/events.repository.js";
import { TEST_T0, storedEvents } from "../../test-support/stored-events.js";
import type { TimelineEvent } from "./trace-result.js";
import { SUMMARY_OBJECTS, summarise } from "./trace-summary.js";

const T0 = TEST_T0;

const ev = storedEvents({
  component: "dcache",
  action: "storage.get",
  file: "logs/mixed.log",
  fileId: 4,
});

/** A timeline event: proven unless `candidate` is set. */
function tl(partial: Partial<StoredEvent>, candidate = false): TimelineEvent {
  return {
    ...ev(partial),
    match: {
      confidence: candidate ? "candidate" : "proven",
      via: candidate ? "same-subject" : "jti",
      jti: "jti-a1",
      reason: "test line",
    },
  };
}

describe("summarise", () => {
  it("is empty for an empty timeline", () => {
    assert.deepEqual(summarise([], 0), {
      events: { proven: 0, candidate: 0 },
      tokens: 0,
      sites: [],
      components: [],
      actions: {},
      firstSeenMs: null,
      lastSeenMs: null,
      objects: [],
      objectsTruncated: false,
    });
  });

  it("counts events, actions, sorted sites and components, first and last seen", () => {
    const timeline = [
      tl({ component: "storm", site: "SITE-B", timeMs: T0 + 5000, object: "/b" }),
      tl({ component: "dcache", site: "SITE-A", timeMs: T0 - 2000, object: "/a" }),
      tl({ component: "condor", action: "job.submitted", site: null, timeMs: T0 + 9000 }, true),
      tl({ component: "dcache", site: "SITE-A", timeMs: T0, action: "storage.put" }, true),
    ];
    assert.deepEqual(summarise(timeline, 3), {
      events: { proven: 2, candidate: 2 },
      tokens: 3,
      sites: ["SITE-A", "SITE-B"],
      components: ["condor", "dcache", "storm"],
      actions: { "storage.get": 2, "job.submitted": 1, "storage.put": 1 },
      firstSeenMs: T0 - 2000,
      lastSeenMs: T0 + 9000,
      objects: ["/b", "/a"],
      objectsTruncated: false,
    });
  });

  it("lists proven events' objects before candidates', each once", () => {
    const timeline = [
      tl({ object: "/cand-1", timeMs: T0 }, true),
      tl({ object: "/shared", timeMs: T0 + 1 }, true),
      tl({ object: "/proven-1", timeMs: T0 + 2 }),
      tl({ object: "/shared", timeMs: T0 + 3 }),
      tl({ object: "/cand-1", timeMs: T0 + 4 }, true),
      tl({ object: "/cand-2", timeMs: T0 + 5 }, true),
    ];
    assert.deepEqual(summarise(timeline, 1).objects, [
      "/proven-1",
      "/shared",
      "/cand-1",
      "/cand-2",
    ]);
  });

  it("caps objects at 1000 and says so", () => {
    assert.equal(SUMMARY_OBJECTS, 1000);
    const many = (n: number, candidateFrom: number) =>
      Array.from({ length: n }, (_, i) =>
        tl({ object: `/f/${i}`, timeMs: T0 + i }, i >= candidateFrom),
      );
    const exact = summarise(many(1000, 1000), 1);
    assert.equal(exact.objects.length, 1000);
    assert.equal(exact.objectsTruncated, false);

    const over = summarise(many(1001, 999), 1);
    assert.equal(over.objects.length, 1000);
    assert.equal(over.objectsTruncated, true);
    assert.equal(over.objects[0], "/f/0");
    assert.equal(over.objects[999], "/f/999");
    assert.equal(over.events.proven, 999);
    assert.equal(over.events.candidate, 2);
  });

  it("keeps proven objects when candidates alone would overflow the cap", () => {
    const timeline = [
      ...Array.from({ length: 1000 }, (_, i) => tl({ object: `/c/${i}` }, true)),
      tl({ object: "/proven" }),
    ];
    const s = summarise(timeline, 1);
    assert.equal(s.objects[0], "/proven");
    assert.equal(s.objects.length, 1000);
    assert.equal(s.objects.includes("/c/999"), false);
    assert.equal(s.objectsTruncated, true);
  });
});
