// AlertMatcher: which bans covered an event at the event's own time — per kind, per issuer,
// per site, over the ban's [startsAt, min(expiresAt, liftedAt)) window, and identity-before
// bans only when the line tells the token's iat.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Ban, BanCommon, BanKey } from "../../bans/index.js";
import { makeBan, TEST_ISS } from "../../test-support/ban-factory.js";
import { blankEvent, type Component, type TraceEvent } from "../events/trace-event.js";
import { AlertMatcher } from "./alert-matcher.js";

const OTHER_ISS = "https://other.example.org/";
/** makeBan's bans start here. */
const START = Date.parse("2026-01-01T00:00:00.000Z");
const DAY = 86_400_000;

function ev(over: Partial<TraceEvent> = {}, component: Component = "dcache"): TraceEvent {
  return {
    ...blankEvent(component, START + DAY, "storage.get"),
    site: null,
    host: null,
    iss: TEST_ISS,
    ...over,
  };
}

/** [ban id, matched] of every hit, in the matcher's order. */
function hits(bans: readonly Ban[], e: TraceEvent): Array<[string, string]> {
  return new AlertMatcher(bans).match(e).map((h) => [h.ban.id, h.matched]);
}

function ban(key: BanKey, over: Partial<BanCommon> = {}): Ban {
  return makeBan(key, over);
}

describe("AlertMatcher: each kind on its key and issuer", () => {
  const token = ban({ kind: "token", jti: "jti-1" });
  const identity = ban({ kind: "identity", sub: "sub-1" });
  const client = ban({ kind: "client", clientId: "client-1" });
  const group = ban({ kind: "group", group: "/vo" });
  const issuer = ban({ kind: "issuer" }, { iss: "https://issuer-ban.example.org/" });
  const all = [token, identity, client, group, issuer];

  it("token ban matches its jti under its issuer", () => {
    assert.deepEqual(hits(all, ev({ jti: "jti-1" })), [[token.id, "jti jti-1"]]);
    assert.deepEqual(hits(all, ev({ jti: "jti-2" })), []);
    assert.deepEqual(hits(all, ev({ jti: "JTI-1" })), [], "byte for byte");
  });

  it("identity ban matches its sub", () => {
    assert.deepEqual(hits(all, ev({ sub: "sub-1" })), [[identity.id, "sub sub-1"]]);
    assert.deepEqual(hits(all, ev({ sub: "sub-10" })), []);
  });

  it("client ban matches its client id", () => {
    assert.deepEqual(hits(all, ev({ clientId: "client-1" })), [[client.id, "client client-1"]]);
    assert.deepEqual(hits(all, ev({ clientId: "client-2" })), []);
  });

  it("group ban /vo covers /vo/users but not /vox", () => {
    assert.deepEqual(hits(all, ev({ groups: ["/other", "/vo/users"] })), [
      [group.id, "group /vo/users"],
    ]);
    assert.deepEqual(hits(all, ev({ groups: ["/vo"] })), [[group.id, "group /vo"]]);
    assert.deepEqual(hits(all, ev({ groups: ["/vox"] })), []);
    assert.deepEqual(hits(all, ev({ groups: ["/vox/users"] })), []);
    assert.deepEqual(hits(all, ev({ groups: [] })), []);
  });

  it("issuer ban matches any event of that issuer, and nothing else", () => {
    const iss = "https://issuer-ban.example.org/";
    assert.deepEqual(hits(all, ev({ iss })), [[issuer.id, `issuer ${iss}`]]);
    assert.deepEqual(hits(all, ev({ iss, sub: "whoever", jti: "any" })), [
      [issuer.id, `issuer ${iss}`],
    ]);
    assert.deepEqual(hits(all, ev({ iss: null, sub: "whoever" })), []);
    assert.deepEqual(hits(all, ev({ iss: "https://issuer-ban.example.org" })), [], "no slash");
  });

  it("another issuer never matches the keyed kinds", () => {
    const e = ev({
      iss: OTHER_ISS,
      jti: "jti-1",
      sub: "sub-1",
      clientId: "client-1",
      groups: ["/vo/users"],
    });
    assert.deepEqual(hits(all, e), []);
  });

  it("a line without iss (dCache) matches on the key alone and says so", () => {
    const suffix = " (the line logs no issuer)";
    assert.deepEqual(hits(all, ev({ iss: null, jti: "jti-1" })), [
      [token.id, `jti jti-1${suffix}`],
    ]);
    assert.deepEqual(hits(all, ev({ iss: null, sub: "sub-1" })), [
      [identity.id, `sub sub-1${suffix}`],
    ]);
    assert.deepEqual(hits(all, ev({ iss: null, clientId: "client-1" })), [
      [client.id, `client client-1${suffix}`],
    ]);
    assert.deepEqual(hits(all, ev({ iss: null, groups: ["/vo/x"] })), [
      [group.id, `group /vo/x${suffix}`],
    ]);
    const [hit] = new AlertMatcher(all).match(ev({ iss: TEST_ISS, jti: "jti-1" }));
    assert.ok(hit !== undefined);
    assert.doesNotMatch(hit.matched, /no issuer/);
  });

  it("several bans on one event give several hits", () => {
    const e = ev({ jti: "jti-1", sub: "sub-1", clientId: "client-1", groups: ["/vo/users"] });
    const also = ban({ kind: "issuer" });
    const second = ban({ kind: "identity", sub: "sub-1" }, { reason: "a second ban" });
    assert.deepEqual(hits([...all, also, second], e), [
      [token.id, "jti jti-1"],
      [identity.id, "sub sub-1"],
      [second.id, "sub sub-1"],
      [client.id, "client client-1"],
      [group.id, "group /vo/users"],
      [also.id, `issuer ${TEST_ISS}`],
    ]);
  });

  it("no bans: nothing matches", () => {
    const m = new AlertMatcher([]);
    assert.equal(m.size, 0);
    assert.deepEqual(m.match(ev({ jti: "jti-1", sub: "sub-1" })), []);
  });
});

describe("AlertMatcher: the ban's time window at the event's own time", () => {
  const expiresAt = "2026-02-01T00:00:00.000Z";
  const X = Date.parse(expiresAt);
  const b = ban({ kind: "identity", sub: "sub-1" }, { expiresAt });
  const at = (timeMs: number) => hits([b], ev({ timeMs, sub: "sub-1" })).length;

  it("before startsAt no, at startsAt yes", () => {
    assert.equal(at(START - 1), 0);
    assert.equal(at(START - DAY), 0);
    assert.equal(at(START), 1);
  });

  it("up to expiresAt yes, at and after expiresAt no", () => {
    assert.equal(at(X - 1), 1);
    assert.equal(at(X), 0);
    assert.equal(at(X + DAY), 0);
  });

  it("a lifted ban counts before liftedAt only", () => {
    const liftedAt = "2026-01-10T12:00:00.000Z";
    const L = Date.parse(liftedAt);
    const lifted = ban(
      { kind: "token", jti: "jti-9" },
      { state: "lifted", liftedAt, liftedBy: "responder", liftReason: "rotated" },
    );
    const seen = (timeMs: number) => hits([lifted], ev({ timeMs, jti: "jti-9" })).length;
    assert.equal(seen(START + 1000), 1);
    assert.equal(seen(L - 1), 1);
    assert.equal(seen(L), 0);
    assert.equal(seen(L + 1), 0);
    assert.equal(seen(L + DAY), 0);
  });

  it("a lift before expiresAt ends the window first; an expiry before the lift likewise", () => {
    const early = ban(
      { kind: "token", jti: "jti-e" },
      {
        expiresAt: "2026-03-01T00:00:00.000Z",
        state: "lifted",
        liftedAt: "2026-01-05T00:00:00.000Z",
      },
    );
    const late = ban(
      { kind: "token", jti: "jti-e" },
      {
        expiresAt: "2026-01-03T00:00:00.000Z",
        state: "lifted",
        liftedAt: "2026-01-20T00:00:00.000Z",
      },
    );
    const t = (iso: string) => hits([early, late], ev({ timeMs: Date.parse(iso), jti: "jti-e" }));
    assert.deepEqual(
      t("2026-01-02T00:00:00Z").map(([id]) => id),
      [early.id, late.id],
    );
    assert.deepEqual(
      t("2026-01-04T00:00:00Z").map(([id]) => id),
      [early.id],
    );
    assert.deepEqual(t("2026-01-10T00:00:00Z"), []);
  });
});

describe("AlertMatcher: site-scoped bans", () => {
  const b = ban({ kind: "identity", sub: "sub-1" }, { sites: ["CERN-PROD", "DESY"] });

  it("covers events of the listed sites only", () => {
    assert.equal(hits([b], ev({ sub: "sub-1", site: "CERN-PROD" })).length, 1);
    assert.equal(hits([b], ev({ sub: "sub-1", site: "DESY" })).length, 1);
    assert.equal(hits([b], ev({ sub: "sub-1", site: "KIT" })).length, 0);
    assert.equal(hits([b], ev({ sub: "sub-1", site: "cern-prod" })).length, 0);
    assert.equal(hits([b], ev({ sub: "sub-1", site: null })).length, 0, "no site, no alert");
  });

  it("an all-sites ban covers events with and without a site", () => {
    const all = ban({ kind: "identity", sub: "sub-1" });
    assert.equal(hits([all], ev({ sub: "sub-1", site: "KIT" })).length, 1);
    assert.equal(hits([all], ev({ sub: "sub-1", site: null })).length, 1);
  });
});

describe("AlertMatcher: identity-before", () => {
  const issuedBefore = "2026-02-01T00:00:00.000Z";
  const C = Date.parse(issuedBefore);
  const b = ban({ kind: "identity-before", sub: "sub-1", issuedBefore });
  const text = `sub sub-1, token issued at or before ${issuedBefore}`;
  const iam = (timeMs: number, action = "token.issued") =>
    hits([b], { ...ev({ timeMs, sub: "sub-1" }, "iam"), action });

  it("an IAM issuance line at or before the cutoff matches, after it does not", () => {
    assert.deepEqual(iam(C - DAY), [[b.id, text]]);
    assert.deepEqual(iam(C), [[b.id, text]]);
    assert.deepEqual(iam(C + 1), []);
    assert.deepEqual(iam(C, "token.refreshed"), [[b.id, text]]);
    assert.deepEqual(iam(C + 1, "token.refreshed"), []);
  });

  it("an IAM line that is not an issuance has no iat: no alert", () => {
    assert.deepEqual(iam(C - DAY, "token.introspected"), []);
  });

  it("a dCache line (iat unknown) does not match, even long after the cutoff", () => {
    assert.deepEqual(hits([b], ev({ timeMs: C - DAY, sub: "sub-1" })), []);
    assert.deepEqual(hits([b], ev({ timeMs: C + DAY, sub: "sub-1", iss: null })), []);
  });

  it("a line carrying details.iat (seconds) matches when iat ≤ cutoff", () => {
    const use = (iat: unknown) =>
      hits(
        [b],
        ev(
          {
            timeMs: C + 10 * DAY,
            sub: "sub-1",
            details: { iat: iat as number },
          },
          "condor",
        ),
      );
    assert.deepEqual(use(C / 1000), [[b.id, text]]);
    assert.deepEqual(use(C / 1000 - 3600), [[b.id, text]]);
    assert.deepEqual(use(C / 1000 + 1), []);
    assert.deepEqual(use(String(C / 1000)), [], "a string iat is not read");
  });

  it("the line's time must still fall in the ban's window", () => {
    assert.deepEqual(iam(START - 1), [], "issued before the ban started");
  });

  it("a plain identity ban on the same sub matches regardless of iat", () => {
    const plain = ban({ kind: "identity", sub: "sub-1" });
    assert.deepEqual(hits([b, plain], ev({ timeMs: C + DAY, sub: "sub-1" })), [
      [plain.id, "sub sub-1"],
    ]);
  });
});
