// watchSpec and EventWatch.check: the cheap hint the segment builder takes per event — a ban's
// key, issuer or group seen (banned), or a token used more than EXPIRY_LEEWAY_S after its exp
// (the exp on the line, or remembered from IAM's issuance earlier in the run).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { makeBan, TEST_ISS } from "../../test-support/ban-factory.js";
import { blankEvent, type Component, type ParsedEvent } from "../events/trace-event.js";
import { keyHash } from "../index-keys/key-hash.js";
import { EXPIRY_LEEWAY_S, EventWatch, watchSpec } from "./event-watch.js";

const T0 = Date.parse("2024-09-03T08:00:00Z");
/** A token exp (epoch s) an hour after T0. */
const EXP = T0 / 1000 + 3600;

function ev(
  component: Component,
  action: string,
  timeMs: number,
  over: Partial<ParsedEvent> = {},
): ParsedEvent {
  return { ...blankEvent(component, timeMs, action), ...over };
}

const BANS = [
  makeBan({ kind: "token", jti: "jti-banned" }),
  makeBan({ kind: "identity", sub: "sub-banned" }),
  makeBan({ kind: "identity-before", sub: "sub-before", issuedBefore: "2024-09-01T00:00:00Z" }),
  makeBan({ kind: "identity", sub: "sub-banned" }, { iss: "https://other.example.org/" }),
  makeBan({ kind: "client", clientId: "client-banned" }),
  makeBan({ kind: "group", group: "/vo" }),
  makeBan({ kind: "issuer" }, { iss: "https://rogue.example.org/" }),
  makeBan({ kind: "issuer" }, { iss: "https://rogue.example.org/" }),
];

describe("watchSpec", () => {
  it("collects the hashes of every keyed ban, the issuers and the groups, once each", () => {
    const spec = watchSpec(BANS);
    assert.deepEqual(
      [...spec.keys].sort((a, b) => a - b),
      [
        keyHash("j", "jti-banned"),
        keyHash("s", "sub-banned"),
        keyHash("s", "sub-before"),
        keyHash("c", "client-banned"),
      ].sort((a, b) => a - b),
    );
    assert.deepEqual(spec.issuers, ["https://rogue.example.org/"]);
    assert.deepEqual(spec.groups, ["/vo"]);
  });

  it("hashes by kind: a sub ban does not hash like a jti ban of the same text", () => {
    const spec = watchSpec([makeBan({ kind: "identity", sub: "same" })]);
    assert.deepEqual(spec.keys, [keyHash("s", "same")]);
    assert.notEqual(keyHash("s", "same"), keyHash("j", "same"));
  });

  it("no bans: nothing to watch", () => {
    assert.deepEqual(watchSpec([]), { keys: [], issuers: [], groups: [] });
  });

  it("is plain data (crosses to the parse worker)", () => {
    const spec = watchSpec(BANS);
    assert.deepEqual(structuredClone(spec), spec);
  });
});

describe("EventWatch.check: bans", () => {
  const banned = { banned: true, expiredAt: NaN };
  const use = (over: Partial<ParsedEvent>) => ev("dcache", "storage.get", T0, over);

  it("flags a banned jti, sub (identity and identity-before), client, issuer, group", () => {
    const w = new EventWatch(watchSpec(BANS));
    assert.deepEqual(w.check(use({ jti: "jti-banned" })), banned);
    assert.deepEqual(w.check(use({ sub: "sub-banned" })), banned);
    assert.deepEqual(w.check(use({ sub: "sub-before" })), banned);
    assert.deepEqual(w.check(use({ clientId: "client-banned" })), banned);
    assert.deepEqual(w.check(use({ iss: "https://rogue.example.org/" })), banned);
    assert.deepEqual(w.check(use({ groups: ["/vo/users"] })), banned);
    assert.deepEqual(w.check(use({ groups: ["/x", "/vo"] })), banned);
  });

  it("returns null for unrelated events", () => {
    const w = new EventWatch(watchSpec(BANS));
    assert.equal(w.check(use({})), null);
    assert.equal(
      w.check(
        use({
          iss: TEST_ISS,
          jti: "jti-clean",
          sub: "sub-clean",
          clientId: "client-clean",
          groups: ["/vox", "/other/vo"],
        }),
      ),
      null,
    );
    assert.equal(w.check(use({ iss: "https://rogue.example.org" })), null, "no slash");
  });

  it("keys are per kind: a jti equal to a banned sub is not flagged", () => {
    const w = new EventWatch(watchSpec(BANS));
    assert.equal(w.check(use({ jti: "sub-banned" })), null);
    assert.equal(w.check(use({ sub: "jti-banned" })), null);
    assert.equal(w.check(use({ clientId: "sub-banned" })), null);
  });

  it("flags by key whatever the issuer (only a hint, rechecked exactly later)", () => {
    const w = new EventWatch(watchSpec(BANS));
    assert.deepEqual(
      w.check(use({ iss: "https://elsewhere.example/", sub: "sub-banned" })),
      banned,
    );
  });

  it("with no bans nothing is flagged as banned", () => {
    const w = new EventWatch(watchSpec([]));
    assert.equal(
      w.check(use({ jti: "jti-banned", sub: "sub-banned", groups: ["/vo"], iss: TEST_ISS })),
      null,
    );
  });
});

describe("EventWatch.check: use after exp", () => {
  const issued = (jti: string, timeMs = T0, tokenExp: number | null = EXP) =>
    ev("iam", "token.issued", timeMs, { iss: TEST_ISS, sub: "sub-1", jti, tokenExp });
  const dcache = (jti: string, timeMs: number) =>
    ev("dcache", "storage.get", timeMs, { sub: "sub-1", jti });

  it("the leeway is 60 s", () => {
    assert.equal(EXPIRY_LEEWAY_S, 60);
  });

  it("remembers exp from IAM's issuance: a dCache use at exp+61 s is flagged, exp+59 s is not", () => {
    const w = new EventWatch(watchSpec([]));
    assert.equal(w.check(issued("jti-1")), null, "the issuance itself is no alert");
    assert.equal(w.issued.get(keyHash("j", "jti-1")), EXP);
    assert.equal(w.check(dcache("jti-1", T0 + 1000)), null);
    assert.equal(w.check(dcache("jti-1", (EXP + 59) * 1000)), null);
    assert.equal(w.check(dcache("jti-1", (EXP + 60) * 1000)), null, "exactly at the leeway");
    assert.deepEqual(w.check(dcache("jti-1", (EXP + 61) * 1000)), {
      banned: false,
      expiredAt: EXP,
    });
    assert.deepEqual(w.check(dcache("jti-1", (EXP + 60) * 1000 + 1)), {
      banned: false,
      expiredAt: EXP,
    });
  });

  it("a token IAM refreshed is remembered too", () => {
    const w = new EventWatch(watchSpec([]));
    w.check(ev("iam", "token.refreshed", T0, { jti: "jti-r", tokenExp: EXP }));
    assert.deepEqual(w.check(dcache("jti-r", (EXP + 3600) * 1000)), {
      banned: false,
      expiredAt: EXP,
    });
  });

  it("a token never seen issued, and an issuance without exp, are not flagged", () => {
    const w = new EventWatch(watchSpec([]));
    assert.equal(w.check(dcache("jti-unknown", (EXP + 3600) * 1000)), null);
    w.check(issued("jti-noexp", T0, null));
    assert.equal(w.check(dcache("jti-noexp", (EXP + 3600) * 1000)), null);
  });

  it("another jti's exp does not apply", () => {
    const w = new EventWatch(watchSpec([]));
    w.check(issued("jti-1"));
    assert.equal(w.check(dcache("jti-2", (EXP + 3600) * 1000)), null);
  });

  it("a condor line carrying its own tokenExp is flagged after it", () => {
    const w = new EventWatch(watchSpec([]));
    const condor = (timeMs: number) =>
      ev("condor", "job.submitted", timeMs, { jti: "jti-c", tokenExp: EXP, iss: TEST_ISS });
    assert.equal(w.check(condor((EXP + 59) * 1000)), null);
    assert.deepEqual(w.check(condor((EXP + 61) * 1000)), { banned: false, expiredAt: EXP });
  });

  it("the exp on the line wins over the remembered one", () => {
    const w = new EventWatch(watchSpec([]));
    w.check(issued("jti-1"));
    const later = EXP + 7200;
    const condor = ev("condor", "job.submitted", (EXP + 3600) * 1000, {
      jti: "jti-1",
      tokenExp: later,
    });
    assert.equal(w.check(condor), null, "its own exp is still ahead");
  });

  it("FTS lines after exp are never flagged (FTS refreshes expired tokens)", () => {
    const w = new EventWatch(watchSpec([]));
    w.check(issued("jti-1"));
    const late = (EXP + 3600) * 1000;
    assert.equal(w.check(ev("fts", "transfer.submitted", late, { jti: "jti-1" })), null);
    assert.equal(
      w.check(ev("fts", "token.refreshed", late, { jti: "jti-1", tokenExp: EXP })),
      null,
    );
  });

  it("an IAM issuance line is never flagged as expired, even dated after its exp", () => {
    const w = new EventWatch(watchSpec([]));
    assert.equal(w.check(issued("jti-1", (EXP + 3600) * 1000)), null);
    assert.equal(
      w.check(ev("iam", "token.refreshed", (EXP + 3600) * 1000, { jti: "jti-1", tokenExp: EXP })),
      null,
    );
  });

  it("an IAM line about a token (introspection, revocation) is not a use after exp", () => {
    const w = new EventWatch(watchSpec([]));
    w.check(issued("jti-1"));
    const late = (EXP + 3600) * 1000;
    assert.equal(
      w.check(ev("iam", "token.revoked", late, { jti: "jti-1", tokenExp: EXP })),
      null,
      "IAM revoking an expired token",
    );
    assert.equal(
      w.check(ev("iam", "token.introspected", late, { jti: "jti-1" })),
      null,
      "IAM introspecting an expired token",
    );
  });

  it("a banned token used after exp is both", () => {
    const w = new EventWatch(watchSpec(BANS));
    w.check(issued("jti-banned"));
    assert.deepEqual(w.check(dcache("jti-banned", (EXP + 61) * 1000)), {
      banned: true,
      expiredAt: EXP,
    });
    assert.deepEqual(w.check(issued("jti-banned")), { banned: true, expiredAt: NaN });
  });
});
