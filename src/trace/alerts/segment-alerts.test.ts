// segmentAlerts: a SegmentBuilder with an EventWatch flags events as they are added; the batch's
// flagged events are decoded and rechecked exactly — alert ids from the segment id and ordinal,
// the source file and line, and what matched.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Ban } from "../../bans/index.js";
import { makeBan, TEST_ISS } from "../../test-support/ban-factory.js";
import { blankEvent, type Component, type ParsedEvent } from "../events/trace-event.js";
import { SEGMENT_SPAN, SegmentBuilder } from "../ingest/segment-builder.js";
import type { Alert } from "./alert.model.js";
import { AlertMatcher } from "./alert-matcher.js";
import { EventWatch, watchSpec } from "./event-watch.js";
import { segmentAlerts } from "./segment-alerts.js";

const T0 = Date.parse("2024-09-03T08:00:00Z");
const EXP = T0 / 1000 + 3600;
const NOW = "2024-09-04T00:00:00.000Z";
const IAM_FILE = 2;
const DCACHE_FILE = 7;
const FILES = new Map([
  [IAM_FILE, "/logs/iam/audit.log"],
  [DCACHE_FILE, "/logs/dcache/access.log"],
]);
const SEG = 3;

function ev(
  component: Component,
  action: string,
  timeMs: number,
  over: Partial<ParsedEvent> = {},
): ParsedEvent {
  return { ...blankEvent(component, timeMs, action), ...over };
}

const storage = (timeMs: number, over: Partial<ParsedEvent>) =>
  ev("dcache", "storage.get", timeMs, {
    outcome: "success",
    clientIp: "192.0.2.10",
    objectKind: "path",
    object: "/data/vo/file",
    ...over,
  });

function setup(bans: Ban[]) {
  const builder = new SegmentBuilder(new EventWatch(watchSpec(bans)));
  const matcher = new AlertMatcher(bans);
  return { builder, matcher };
}

describe("segmentAlerts", () => {
  const identity = makeBan(
    { kind: "identity", sub: "sub-1" },
    { startsAt: "2024-09-01T00:00:00.000Z" },
  );
  const later = makeBan(
    { kind: "identity", sub: "sub-later" },
    { startsAt: "2025-01-01T00:00:00.000Z" },
  );
  const bans = [identity, later];

  it("raises one alert per banned hit and per use after exp, with ids, sources and texts", () => {
    const { builder, matcher } = setup(bans);
    // ord 0: IAM issues jti-exp (remembered, no alert)
    builder.add(
      ev("iam", "token.issued", T0, {
        iss: TEST_ISS,
        sub: "sub-clean",
        jti: "jti-exp",
        tokenExp: EXP,
      }),
      "s1",
      "iam.example.org",
      IAM_FILE,
      5,
    );
    // ord 1: the banned identity, on a dCache line (no iss)
    builder.add(storage(T0 + 1000, { sub: "sub-1", jti: "jti-a" }), "s1", "dc1", DCACHE_FILE, 10);
    // ord 2: clean
    builder.add(
      storage(T0 + 2000, { sub: "sub-clean", jti: "jti-b" }),
      "s1",
      "dc1",
      DCACHE_FILE,
      11,
    );
    // ord 3: jti-exp used 61 s after its exp
    builder.add(
      storage((EXP + 61) * 1000, { sub: "sub-clean", jti: "jti-exp" }),
      "s1",
      "dc1",
      DCACHE_FILE,
      12,
    );
    // ord 4: a ban key seen before that ban started: flagged, but no alert
    builder.add(
      storage(T0 + 3000, { sub: "sub-later", jti: "jti-c" }),
      "s1",
      "dc1",
      DCACHE_FILE,
      13,
    );
    // ord 5: banned and expired at once, from a file the map does not know
    builder.add(storage((EXP + 120) * 1000, { sub: "sub-1", jti: "jti-exp" }), "s2", null, 99, 14);
    const batch = builder.take();
    assert.deepEqual([...batch.flagged.ords], [1, 3, 4, 5]);
    assert.deepEqual([...batch.flagged.banned], [1, 0, 1, 1]);

    const alerts = segmentAlerts(batch, SEG, matcher, FILES, NOW);
    const id = (ord: number) => SEG * SEGMENT_SPAN + ord;
    assert.equal(SEGMENT_SPAN, 1_048_576);
    assert.deepEqual(
      alerts.map((a) => a.id),
      [
        `banned:${identity.id}:${3 * 1_048_576 + 1}`,
        `expired-token:${3 * 1_048_576 + 3}`,
        `banned:${identity.id}:${3 * 1_048_576 + 5}`,
        `expired-token:${3 * 1_048_576 + 5}`,
      ],
    );

    const expected: Alert = {
      id: `banned:${identity.id}:${id(1)}`,
      kind: "banned",
      banId: identity.id,
      matched: "sub sub-1 (the line logs no issuer)",
      eventId: id(1),
      eventTimeMs: T0 + 1000,
      site: "s1",
      component: "dcache",
      action: "storage.get",
      iss: null,
      sub: "sub-1",
      jti: "jti-a",
      clientId: null,
      clientIp: "192.0.2.10",
      object: "/data/vo/file",
      source: { file: "/logs/dcache/access.log", line: 10 },
      createdAt: NOW,
      ack: null,
    };
    assert.deepEqual(alerts[0], expected);

    assert.deepEqual(alerts[1], {
      ...expected,
      id: `expired-token:${id(3)}`,
      kind: "expired-token",
      banId: null,
      matched: `jti jti-exp used 61 s after its exp (${new Date(EXP * 1000).toISOString()})`,
      eventId: id(3),
      eventTimeMs: (EXP + 61) * 1000,
      sub: "sub-clean",
      jti: "jti-exp",
      source: { file: "/logs/dcache/access.log", line: 12 },
    });
    assert.equal(new Date(EXP * 1000).toISOString(), "2024-09-03T09:00:00.000Z");

    const [both1, both2] = [alerts[2]!, alerts[3]!];
    assert.equal(both1.kind, "banned");
    assert.equal(both1.site, "s2");
    assert.deepEqual(both1.source, { file: "", line: 14 });
    assert.equal(both2.kind, "expired-token");
    assert.equal(both2.matched, "jti jti-exp used 120 s after its exp (2024-09-03T09:00:00.000Z)");
    assert.equal(both2.eventId, id(5));
  });

  it("an event of another issuer flagged by its key raises no alert", () => {
    const { builder, matcher } = setup(bans);
    builder.add(
      storage(T0, { iss: "https://other.example.org/", sub: "sub-1" }),
      "s1",
      null,
      DCACHE_FILE,
      1,
    );
    const batch = builder.take();
    assert.equal(batch.flagged.ords.length, 1, "the hint ignores the issuer");
    assert.deepEqual(segmentAlerts(batch, SEG, matcher, FILES, NOW), []);
  });

  it("the watch remembers an issuance across segments; take() starts the flags afresh", () => {
    const { builder, matcher } = setup([]);
    builder.add(
      ev("iam", "token.issued", T0, { jti: "jti-x", tokenExp: EXP }),
      null,
      null,
      IAM_FILE,
      1,
    );
    const first = builder.take();
    assert.equal(first.flagged.ords.length, 0);
    assert.deepEqual(segmentAlerts(first, 0, matcher, FILES, NOW), []);

    builder.add(storage(T0, { jti: "jti-x" }), "s1", null, DCACHE_FILE, 1);
    builder.add(storage((EXP + 3600) * 1000, { jti: "jti-x" }), "s1", null, DCACHE_FILE, 2);
    const second = builder.take();
    const alerts = segmentAlerts(second, 1, matcher, FILES, NOW);
    assert.deepEqual(
      alerts.map((a) => [a.id, a.matched, a.source.line]),
      [
        [
          `expired-token:${SEGMENT_SPAN + 1}`,
          "jti jti-x used 3600 s after its exp (2024-09-03T09:00:00.000Z)",
          2,
        ],
      ],
    );

    const empty = builder.take();
    assert.equal(empty.flagged.ords.length, 0);
    assert.deepEqual(segmentAlerts(empty, 2, matcher, FILES, NOW), []);
  });

  it("a builder without a watch flags nothing", () => {
    const builder = new SegmentBuilder();
    builder.add(storage(T0, { sub: "sub-1" }), "s1", null, DCACHE_FILE, 1);
    const batch = builder.take();
    assert.equal(batch.flagged.ords.length, 0);
    assert.deepEqual(segmentAlerts(batch, SEG, new AlertMatcher(bans), FILES, NOW), []);
  });
});
