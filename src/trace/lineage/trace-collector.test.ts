import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Evidence } from "../query/trace-result.js";
import { tokenFacts } from "./token-facts.js";
import { TraceCollector, evidenceOf } from "./trace-collector.js";
import { TEST_ISS, TEST_T0, storedEvents } from "../../test-support/stored-events.js";

const ISS = TEST_ISS;
const T0 = TEST_T0;
const EXP = T0 / 1000 + 3600;

const ev = storedEvents({
  component: "dcache",
  action: "storage.get",
  file: "logs/dcache-access.log",
  fileId: 3,
  site: "SITE-A",
  line: (id) => id * 10,
});

const evidence = (id: number, note = `line ${id}`): Evidence => ({
  eventId: id,
  file: "logs/iam-audit.log",
  line: id,
  note,
});

describe("evidenceOf", () => {
  it("takes the event's id, file and line", () => {
    const e = ev({ id: 501 });
    assert.deepEqual(evidenceOf(e, "n"), {
      eventId: 501,
      file: "logs/dcache-access.log",
      line: 5010,
      note: "n",
    });
  });
});

describe("TraceCollector.event", () => {
  it("a proven match replaces an earlier candidate", () => {
    const c = new TraceCollector();
    const e = ev();
    c.event(e, "candidate", "same-subject", "jti-a1", "why candidate");
    assert.equal(c.isProven(e.id), false);
    c.event(e, "proven", "jti", "jti-a1", "why proven");
    assert.equal(c.isProven(e.id), true);
    assert.deepEqual(c.events.get(e.id)!.match, {
      confidence: "proven",
      via: "jti",
      jti: "jti-a1",
      reason: "why proven",
    });
  });

  it("a later candidate never demotes a proven match", () => {
    const c = new TraceCollector();
    const e = ev();
    c.event(e, "proven", "routed-job", "jti-a1", "first");
    c.event(e, "candidate", "same-subject", "jti-a2", "second");
    assert.equal(c.events.size, 1);
    assert.deepEqual(c.events.get(e.id)!.match, {
      confidence: "proven",
      via: "routed-job",
      jti: "jti-a1",
      reason: "first",
    });
    assert.equal(c.events.get(e.id)!.action, "storage.get");
  });

  it("keeps the first match among equals", () => {
    const c = new TraceCollector();
    const e = ev();
    c.event(e, "candidate", "tpc-source", "jti-a1", "first");
    c.event(e, "candidate", "same-subject", "jti-a2", "second");
    const p = ev({ id: e.id + 1000 });
    c.event(p, "proven", "jti", null, "proven first");
    c.event(p, "proven", "fts-token-id", "jti-a2", "proven second");
    assert.equal(c.events.get(e.id)!.match.reason, "first");
    assert.equal(c.events.get(p.id)!.match.reason, "proven first");
    assert.equal(c.events.size, 2);
    assert.equal(c.isProven(999_999), false);
  });
});

describe("TraceCollector.link", () => {
  it("a proven link found after a candidate one wins, with the evidence united once", () => {
    const c = new TraceCollector();
    c.link("jti-a1", "jti-x1", "exchange", "candidate", "rule c", [evidence(1), evidence(2)]);
    c.link("jti-a1", "jti-x1", "refresh", "proven", "rule p", [evidence(2), evidence(3)]);
    assert.equal(c.links.size, 1);
    assert.deepEqual(c.links.get("jti-a1\u0000jti-x1"), {
      from: "jti-a1",
      to: "jti-x1",
      type: "refresh",
      confidence: "proven",
      rule: "rule p",
      evidence: [evidence(1), evidence(2), evidence(3)],
    });
  });

  it("a weaker link found later keeps the stronger confidence, rule and type", () => {
    const c = new TraceCollector();
    c.link("jti-a1", "jti-x1", "exchange", "inferred", "rule i", [evidence(1)]);
    c.link("jti-a1", "jti-x1", "fts-refresh", "candidate", "rule c", [evidence(1), evidence(4)]);
    const l = c.links.get("jti-a1\u0000jti-x1")!;
    assert.equal(l.confidence, "inferred");
    assert.equal(l.rule, "rule i");
    assert.equal(l.type, "exchange");
    assert.deepEqual(
      l.evidence.map((x) => x.eventId),
      [1, 4],
    );
  });

  it("dedupes the evidence of a first link and keeps links of other pairs apart", () => {
    const c = new TraceCollector();
    c.link("jti-r1", "jti-a2", "refresh", "proven", "r", [evidence(7), evidence(7, "again")]);
    c.link("jti-a2", "jti-r1", "refresh", "proven", "r", []);
    assert.deepEqual(c.links.get("jti-r1\u0000jti-a2")!.evidence, [evidence(7)]);
    assert.equal(c.links.size, 2);
  });
});

describe("TraceCollector.token", () => {
  const issuance = ev({
    component: "iam",
    action: "token.issued",
    jti: "jti-a1",
    iss: ISS,
    sub: "sub-1",
    clientId: "client-nb",
    tokenExp: EXP,
    details: { tokenType: "access" },
  });

  it("adds a token with its issuance as evidence", () => {
    const c = new TraceCollector();
    assert.equal(c.token(tokenFacts("jti-a1", [issuance]), "jti-r1", 1), true);
    assert.deepEqual(c.tokens.get("jti-a1"), {
      jti: "jti-a1",
      iss: ISS,
      sub: "sub-1",
      clientId: "client-nb",
      kind: "access",
      issuedAtMs: T0,
      exp: EXP,
      parent: "jti-r1",
      depth: 1,
      evidence: [evidenceOf(issuance, "IAM issued the token")],
    });
  });

  it("fills unknown fields on a second call, keeps known ones, and returns false", () => {
    const c = new TraceCollector();
    assert.equal(c.token(tokenFacts("jti-a1", []), null, 0), true);
    assert.deepEqual(c.tokens.get("jti-a1")!.evidence, []);
    assert.equal(c.tokens.get("jti-a1")!.kind, "unknown");
    const use = ev({ jti: "jti-a1", sub: "sub-9", iss: ISS });
    assert.equal(c.token(tokenFacts("jti-a1", [use]), null, 0), false);
    assert.equal(c.token(tokenFacts("jti-a1", [issuance]), "jti-r1", 2), false);
    const t = c.tokens.get("jti-a1")!;
    assert.equal(t.sub, "sub-9");
    assert.equal(t.kind, "access");
    assert.equal(t.clientId, "client-nb");
    assert.equal(t.issuedAtMs, T0);
    assert.equal(t.exp, EXP);
    assert.equal(t.parent, null);
    assert.equal(t.depth, 0);
    assert.deepEqual(t.evidence, [evidenceOf(issuance, "IAM issued the token")]);
    assert.equal(c.tokens.size, 1);
  });

  it("tokenEvidence adds a line once, and only to a known token", () => {
    const c = new TraceCollector();
    c.token(tokenFacts("jti-a1", [issuance]), null, 0);
    c.tokenEvidence("jti-a1", evidence(900, "FTS obtained the exchanged token"));
    c.tokenEvidence("jti-a1", evidence(900, "again"));
    c.tokenEvidence("jti-unknown", evidence(901));
    assert.deepEqual(
      c.tokens.get("jti-a1")!.evidence.map((x) => x.eventId),
      [issuance.id, 900],
    );
    assert.equal(c.tokens.has("jti-unknown"), false);
  });
});
