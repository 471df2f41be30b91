import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StoredEvent } from "../events/events.repository.js";
import { exchangeChildren, ftsLines, refreshChildren } from "./derived-tokens.js";
import { EXCHANGE_GRANT, tokenFacts } from "./token-facts.js";
import { TEST_ISS, TEST_T0, storedEvents } from "../../test-support/stored-events.js";

const ISS = TEST_ISS;
const T0 = TEST_T0;
const EXP = T0 / 1000 + 3600;
const RQ = T0 + 600_000;

const ev = storedEvents({
  component: "iam",
  action: "token.issued",
  file: "logs/iam-audit.log",
  fileId: 1,
  iss: ISS,
});

const parentIssued = ev({
  jti: "jti-a1",
  sub: "sub-1",
  clientId: "client-nb",
  tokenExp: EXP,
  details: { tokenType: "access", subject: "alice", grantType: "authorization_code" },
});
const parent = tokenFacts("jti-a1", [parentIssued]);

const request = (partial: Partial<StoredEvent> = {}) =>
  ev({
    action: "token.exchange.requested",
    timeMs: RQ,
    sub: "alice",
    clientId: "client-fts",
    details: { actorClient: "client-fts", subjectClient: "client-nb" },
    ...partial,
  });

const exchanged = (partial: Partial<StoredEvent> = {}) =>
  ev({
    jti: "jti-x1",
    timeMs: RQ + 2000,
    sub: "sub-1",
    clientId: "client-fts",
    tokenExp: EXP + 600,
    details: { tokenType: "access", grantType: EXCHANGE_GRANT },
    ...partial,
  });

const started = (partial: Partial<StoredEvent> = {}) =>
  ev({
    component: "fts",
    action: "token.exchange.started",
    timeMs: RQ - 1000,
    tokenExp: EXP,
    corr: "token_id:0a1b",
    ...partial,
  });

/** Another access token of the parent's sub and client. */
const rival = (partial: Partial<StoredEvent> = {}) =>
  ev({
    jti: "jti-a9",
    sub: "sub-1",
    clientId: "client-nb",
    timeMs: T0 + 1000,
    details: { tokenType: "access" },
    ...partial,
  });

describe("refreshChildren", () => {
  it("keeps only IAM issuances minted from the parent, as proven refresh links", () => {
    const refreshParent = tokenFacts("jti-r1", [
      ev({ jti: "jti-r1", details: { tokenType: "refresh" } }),
    ]);
    const minted = (jti: string | null, from: string, partial: Partial<StoredEvent> = {}) =>
      ev({ action: "token.refreshed", jti, details: { refreshTokenJti: from }, ...partial });
    const child = minted("jti-a2", "jti-r1");
    const other = minted("jti-a3", "jti-r9");
    const ftsLine = minted("jti-a4", "jti-r1", { component: "fts" });
    const noJti = minted(null, "jti-r1");
    const revoked = minted("jti-a5", "jti-r1", { action: "token.revoked" });
    const got = refreshChildren(refreshParent, [child, other, ftsLine, noJti, revoked]);
    assert.equal(got.length, 1);
    assert.equal(got[0]!.child, child);
    assert.equal(got[0]!.type, "refresh");
    assert.equal(got[0]!.confidence, "proven");
    assert.deepEqual(got[0]!.evidence, []);
  });
});

describe("exchangeChildren", () => {
  it("joins a request by username and the issuance to the actor client (inferred, no rival)", () => {
    const q = request();
    const child = exchanged();
    const got = exchangeChildren(parent, [q], [parentIssued, child], []);
    assert.deepEqual(got.requests, [q]);
    assert.equal(got.derived.length, 1);
    const d = got.derived[0]!;
    assert.equal(d.child, child);
    assert.equal(d.type, "exchange");
    assert.equal(d.confidence, "inferred");
    assert.match(d.rule, /no other token of that user and client was valid/);
    assert.deepEqual(d.evidence, [
      { event: q, note: "IAM token-exchange request (no subject-token jti)" },
    ]);
  });

  it("matches a request naming the sub instead of the username", () => {
    const got = exchangeChildren(parent, [request({ sub: "sub-1" })], [exchanged()], []);
    assert.equal(got.requests.length, 1);
    assert.equal(got.derived.length, 1);
  });

  it("takes issuances up to 10 s after the request, not 11 s", () => {
    const at10 = exchanged({ jti: "jti-x10", timeMs: RQ + 10_000 });
    const at11 = exchanged({ jti: "jti-x11", timeMs: RQ + 11_000 });
    const got = exchangeChildren(parent, [request()], [at10, at11], []);
    assert.deepEqual(
      got.derived.map((d) => d.child.jti),
      ["jti-x10"],
    );
  });

  it("accepts the principal as client and rejects other sub, grant, client or the parent", () => {
    const byPrincipal = exchanged({
      jti: "jti-x2",
      clientId: null,
      details: { grantType: EXCHANGE_GRANT, principal: "client-fts" },
    });
    const otherSub = exchanged({ jti: "jti-x3", sub: "sub-2" });
    const otherGrant = exchanged({ jti: "jti-x4", details: { grantType: "refresh_token" } });
    const otherClient = exchanged({ jti: "jti-x5", clientId: "client-nb" });
    const self = exchanged({ jti: "jti-a1" });
    const got = exchangeChildren(
      parent,
      [request()],
      [byPrincipal, otherSub, otherGrant, otherClient, self],
      [],
    );
    assert.deepEqual(
      got.derived.map((d) => d.child.jti),
      ["jti-x2"],
    );
  });

  it("is inferred with the FTS line when FTS started the exchange of the parent's exp", () => {
    const fts = started({ timeMs: RQ + 120_000 });
    const got = exchangeChildren(parent, [request()], [rival(), exchanged()], [fts]);
    const d = got.derived[0]!;
    assert.equal(d.confidence, "inferred");
    assert.match(d.rule, /FTS started the exchange of a token with this exp/);
    assert.deepEqual(
      d.evidence.map((x) => x.note),
      [
        "IAM token-exchange request (no subject-token jti)",
        "FTS started the exchange (token's exp)",
      ],
    );
    assert.equal(d.evidence[1]!.event, fts);
  });

  it("does not count an FTS line 121 s away, of another exp or another action", () => {
    const lines = [
      started({ timeMs: RQ + 121_000 }),
      started({ tokenExp: EXP + 1 }),
      started({ action: "token.exchanged" }),
    ];
    const d = exchangeChildren(parent, [request()], [rival(), exchanged()], lines).derived[0]!;
    assert.equal(d.confidence, "candidate");
    assert.equal(d.evidence.length, 1);
  });

  it("is a candidate when another token of the same sub and client was valid, and says how many", () => {
    const rivals = [
      rival({ jti: "jti-a8", tokenExp: EXP, timeMs: T0 - 60_000 }),
      rival({ clientId: null, details: { tokenType: "access", principal: "client-nb" } }),
    ];
    const d = exchangeChildren(parent, [request()], [...rivals, exchanged()], []).derived[0]!;
    assert.equal(d.confidence, "candidate");
    assert.match(d.rule, /but 2 other token\(s\) of that user and client were valid then/);
  });

  it("does not count an ID token issued beside the access token as a rival", () => {
    const idToken = rival({ jti: "jti-id1", details: { tokenType: "id", subject: "alice" } });
    const d = exchangeChildren(parent, [request()], [idToken, exchanged()], []).derived[0]!;
    assert.equal(d.confidence, "inferred");
    assert.match(d.rule, /no other token/);
  });

  it("does not count refresh tokens, expired tokens or tokens issued after the request as rivals", () => {
    const notRivals = [
      rival({ jti: "jti-r2", details: { tokenType: "refresh" } }),
      rival({ jti: "jti-a7", tokenExp: RQ / 1000 - 1 }),
      rival({ jti: "jti-a6", timeMs: RQ + 1 }),
      rival({ jti: "jti-a5", sub: "sub-2" }),
      rival({ jti: "jti-a4", clientId: "client-fts", details: { tokenType: "access" } }),
    ];
    const d = exchangeChildren(parent, [request()], [...notRivals, exchanged()], []).derived[0]!;
    assert.equal(d.confidence, "inferred");
  });

  it("ignores requests outside the lifetime, for another subject client or of another action", () => {
    const got = exchangeChildren(
      parent,
      [
        request({ timeMs: T0 - 1 }),
        request({ timeMs: EXP * 1000 + 1 }),
        request({ details: { actorClient: "client-fts", subjectClient: "client-other" } }),
        request({ sub: "bob" }),
        request({ action: "token.issued" }),
      ],
      [exchanged({ timeMs: T0 + 1000 }), exchanged({ timeMs: EXP * 1000 + 2000 })],
      [],
    );
    assert.deepEqual(got, { derived: [], requests: [] });
  });

  it("accepts requests at the lifetime's bounds", () => {
    const bounds = [request({ timeMs: T0 }), request({ timeMs: EXP * 1000 })];
    assert.deepEqual(exchangeChildren(parent, bounds, [], []).requests, bounds);
  });

  it("bounds a parent without exp to 24 h after issuance", () => {
    const noExp = tokenFacts("jti-a1", [{ ...parentIssued, tokenExp: null }]);
    const got = exchangeChildren(
      noExp,
      [request({ timeMs: T0 + 86_400_000 }), request({ timeMs: T0 + 86_400_001 })],
      [],
      [],
    );
    assert.deepEqual(
      got.requests.map((q) => q.timeMs),
      [T0 + 86_400_000],
    );
  });

  it("yields nothing for a refresh-token parent", () => {
    const refresh = tokenFacts("jti-r1", [
      rival({ jti: "jti-r1", timeMs: T0, details: { tokenType: "refresh", subject: "alice" } }),
    ]);
    assert.deepEqual(exchangeChildren(refresh, [request()], [exchanged()], []), {
      derived: [],
      requests: [],
    });
  });
});

describe("ftsLines", () => {
  it("keeps FTS lines of the exp, action and window only", () => {
    const ok = started();
    const lines = [
      ok,
      started({ component: "dcache" }),
      started({ tokenExp: EXP - 1 }),
      started({ timeMs: RQ + 120_001 }),
    ];
    assert.deepEqual(ftsLines(lines, EXP, RQ, ["token.exchange.started"]), [ok]);
    assert.deepEqual(ftsLines(lines, EXP, RQ, ["token.exchanged"]), []);
    assert.deepEqual(ftsLines(lines, null, RQ, ["token.exchange.started"]), []);
  });
});
