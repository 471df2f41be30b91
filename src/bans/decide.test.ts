import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BanIndex } from "./ban-index.js";
import { TEST_ISS as ISS, makeBan } from "../test-support/ban-factory.js";
import { facts } from "./claims.js";
import { decide, decideClaims } from "./decide.js";

const NOW = Date.parse("2026-03-01T12:00:00.000Z");
const token = { iss: ISS, sub: "alice", jti: "J-1", iat: NOW / 1000 - 60, client_id: "rucio" };

describe("decide", () => {
  it("allows a token no ban matches, saying what was checked", () => {
    const index = new BanIndex([makeBan({ kind: "token", jti: "other" })]);
    assert.deepEqual(decideClaims(index, token, NOW), {
      decision: "allow",
      bans: [],
      reason: `no active ban of issuer ${ISS} matches this token`,
    });
    assert.equal(
      decideClaims(index, token, NOW, "CERN-PROD").reason,
      `no active ban of issuer ${ISS} matches this token at site CERN-PROD`,
    );
  });

  it("allows claims without a usable iss, and says that nothing could match", () => {
    const index = new BanIndex([makeBan({ kind: "issuer" })]);
    for (const claims of [{ sub: "alice" }, { ...token, iss: 7 }, null, "x"]) {
      const d = decideClaims(index, claims, NOW);
      assert.equal(d.decision, "allow");
      assert.equal(d.reason, "no ban can match: the claims have no usable iss");
    }
  });

  it("names the ban, its key and its reason for every kind", () => {
    const cases = [
      [
        makeBan({ kind: "token", jti: "J-1" }, { id: "b-12", reason: "leaked on GitHub" }),
        `token jti J-1 of issuer ${ISS} is banned (ban b-12: leaked on GitHub)`,
      ],
      [
        makeBan({ kind: "identity", sub: "alice" }, { id: "b-2", reason: "account hijacked" }),
        `subject alice of issuer ${ISS} is banned (ban b-2: account hijacked)`,
      ],
      [
        makeBan(
          { kind: "identity-before", sub: "alice", issuedBefore: "2026-03-01T12:00:00.000Z" },
          { id: "b-3", reason: "password reset" },
        ),
        `tokens of subject alice of issuer ${ISS} issued at or before 2026-03-01T12:00:00.000Z are banned and this one was issued at 2026-03-01T11:59:00.000Z (ban b-3: password reset)`,
      ],
      [
        makeBan({ kind: "client", clientId: "rucio" }, { id: "b-4", reason: "secret leaked" }),
        `client rucio of issuer ${ISS} is banned (ban b-4: secret leaked)`,
      ],
      [
        makeBan({ kind: "issuer" }, { id: "b-6", reason: "signing key stolen" }),
        `every token of issuer ${ISS} is banned (ban b-6: signing key stolen)`,
      ],
    ] as const;
    for (const [ban, reason] of cases) {
      const d = decideClaims(new BanIndex([ban]), token, NOW);
      assert.deepEqual(d, {
        decision: "deny",
        bans: [{ id: ban.id, kind: ban.kind, reason: ban.reason }],
        reason,
      });
    }
  });

  it("says when an identity-before ban met a token without iat", () => {
    const ban = makeBan(
      { kind: "identity-before", sub: "alice", issuedBefore: "2026-03-01T00:00:00.000Z" },
      { id: "b-3", reason: "r" },
    );
    const d = decideClaims(new BanIndex([ban]), { ...token, iat: undefined }, NOW);
    assert.match(d.reason, /this token has no usable iat, so it counts as issued before/);
  });

  it("says which listed group a group ban covered", () => {
    const ban = makeBan({ kind: "group", group: "/atlas" }, { id: "b-5", reason: "r" });
    const index = new BanIndex([ban]);
    const sub = decideClaims(index, { ...token, "wlcg.groups": ["/cms", "/atlas/prod"] }, NOW);
    assert.equal(
      sub.reason,
      `group /atlas of issuer ${ISS} is banned and the token lists its subgroup /atlas/prod (ban b-5: r)`,
    );
    const same = decideClaims(index, { ...token, "wlcg.groups": ["/atlas/prod", "/atlas"] }, NOW);
    assert.equal(same.reason, `group /atlas of issuer ${ISS} is banned (ban b-5: r)`);
  });

  it("lists every matching ban, narrowest first, with their sites", () => {
    const index = new BanIndex([
      makeBan({ kind: "issuer" }, { id: "b-9", reason: "r9", sites: ["CERN-PROD"] }),
      makeBan({ kind: "identity", sub: "alice" }, { id: "b-2", reason: "r2" }),
      makeBan({ kind: "token", jti: "J-1" }, { id: "b-1", reason: "r1", sites: ["A", "B"] }),
    ]);
    const d = decide(index, facts({ iss: ISS, sub: "alice", jti: "J-1" }), NOW);
    assert.deepEqual(
      d.bans.map((b) => [b.id, b.kind]),
      [
        ["b-1", "token"],
        ["b-2", "identity"],
        ["b-9", "issuer"],
      ],
    );
    assert.equal(
      d.reason,
      [
        `token jti J-1 of issuer ${ISS} is banned at sites A, B (ban b-1: r1)`,
        `subject alice of issuer ${ISS} is banned (ban b-2: r2)`,
        `every token of issuer ${ISS} is banned at site CERN-PROD (ban b-9: r9)`,
      ].join("; "),
    );
    assert.deepEqual(
      decide(index, facts({ iss: ISS, sub: "alice", jti: "J-1" }), NOW, "A").bans.map((b) => b.id),
      ["b-1", "b-2"],
    );
  });

  it("ignores bans outside their time window", () => {
    const index = new BanIndex([
      makeBan({ kind: "token", jti: "J-1" }, { startsAt: "2026-03-01T12:00:00.001Z" }),
      makeBan({ kind: "identity", sub: "alice" }, { expiresAt: "2026-03-01T12:00:00.000Z" }),
    ]);
    assert.equal(decideClaims(index, token, NOW).decision, "allow");
    assert.equal(decideClaims(index, token, NOW + 1).decision, "deny");
  });
});

describe("decide with hostile claims", () => {
  const index = new BanIndex([
    makeBan({ kind: "token", jti: "__proto__" }, { id: "proto-jti" }),
    makeBan({ kind: "group", group: "constructor" }, { id: "ctor-group" }),
    makeBan({ kind: "identity", sub: "alice" }, { id: "alice" }),
  ]);

  it("treats prototype names as ordinary keys", () => {
    const deny = (claims: unknown) => decideClaims(index, claims, NOW).bans.map((b) => b.id);
    assert.deepEqual(deny({ iss: ISS, jti: "__proto__" }), ["proto-jti"]);
    assert.deepEqual(deny({ iss: ISS, groups: ["constructor"] }), ["ctor-group"]);
    assert.deepEqual(deny(JSON.parse(`{"iss": "${ISS}", "__proto__": "x", "jti": "y"}`)), []);
    for (const name of ["constructor", "toString", "hasOwnProperty", "prototype", "valueOf"]) {
      assert.deepEqual(
        deny({ iss: ISS, jti: name, sub: name, groups: [name === "constructor" ? "x" : name] }),
        [],
      );
    }
    assert.deepEqual(deny({ iss: "__proto__", jti: "__proto__" }), []);
  });

  it("never crashes on wrong types, huge values or deep nesting", () => {
    let deep: unknown = "alice";
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const inputs: unknown[] = [
      { iss: ISS, sub: deep },
      { iss: ISS, sub: "bob", jti: { toString: () => "__proto__" } },
      { iss: ISS, sub: "a".repeat(10_000_000) },
      { iss: ISS, "wlcg.groups": Array.from({ length: 100_000 }, () => "/x".repeat(500)) },
      { iss: ISS, groups: ["/".repeat(1024)], iat: -1e308 },
      { iss: [ISS], sub: "alice" },
    ];
    for (const claims of inputs) assert.equal(decideClaims(index, claims, NOW).decision, "allow");
    // The one valid fact still counts when others are junk.
    assert.equal(
      decideClaims(index, { iss: ISS, sub: "alice", jti: 1, iat: "x" }, NOW).decision,
      "deny",
    );
  });

  it("stays within its reason's shape when an identity-before cutoff or iat is extreme", () => {
    const i = new BanIndex([
      makeBan({ kind: "identity-before", sub: "s", issuedBefore: "+275760-09-13T00:00:00.000Z" }),
    ]);
    const d = decide(i, facts({ iss: ISS, sub: "s", iat: 8.64e12 }), NOW);
    assert.equal(d.decision, "deny");
    assert.match(d.reason, /issued at \+275760-09-13T00:00:00\.000Z/);
  });
});

describe("decide's sentences", () => {
  it("explains an edited ban by its new fields, never a stale sentence", () => {
    const index = new BanIndex();
    const edit = (over: Parameters<typeof makeBan>[1]) =>
      index.add(makeBan({ kind: "token", jti: "J-1" }, { id: "b-1", ...over }));
    edit({ reason: "first" });
    assert.match(decideClaims(index, token, NOW).reason, /\(ban b-1: first\)$/);
    assert.match(decideClaims(index, token, NOW).reason, /\(ban b-1: first\)$/);
    edit({ reason: "second" });
    assert.match(decideClaims(index, token, NOW).reason, /\(ban b-1: second\)$/);
    edit({ reason: "second", sites: ["CERN-PROD"] });
    assert.match(decideClaims(index, token, NOW).reason, /banned at site CERN-PROD \(ban b-1/);
    index.remove("b-1");
    index.add(makeBan({ kind: "client", clientId: "rucio" }, { id: "b-1", reason: "second" }));
    assert.equal(
      decideClaims(index, token, NOW).reason,
      `client rucio of issuer ${ISS} is banned (ban b-1: second)`,
    );
  });

  it("shares one frozen answer for a ban hit again, and forgets it when the ban changes", () => {
    const index = new BanIndex([makeBan({ kind: "token", jti: "J-1" }, { id: "b-1" })]);
    const first = decideClaims(index, token, NOW);
    assert.equal(decideClaims(index, { ...token }, NOW), first);
    assert.equal(Object.isFrozen(first) && Object.isFrozen(first.bans[0]), true);
    assert.throws(() => {
      (first.bans as unknown[]).push("x");
    }, TypeError);
    index.replaceAll([makeBan({ kind: "token", jti: "J-1" }, { id: "b-1", reason: "reloaded" })]);
    assert.match(decideClaims(index, token, NOW).reason, /\(ban b-1: reloaded\)$/);
    // A sentence that quotes the token is shared only by tokens it quotes alike: identity-before
    // quotes the token's iat (or says it has none).
    index.add(
      makeBan({ kind: "identity-before", sub: "bob", issuedBefore: "2026-03-02T00:00:00Z" }),
    );
    const bob = (iat?: number) => decideClaims(index, { iss: ISS, sub: "bob", iat }, NOW);
    assert.match(bob(NOW / 1000 - 60).reason, /issued at 2026-03-01T11:59:00.000Z/);
    assert.match(bob(NOW / 1000 - 120).reason, /issued at 2026-03-01T11:58:00.000Z/);
    assert.match(bob().reason, /has no usable iat/);
    assert.equal(bob(NOW / 1000 - 60), bob(NOW / 1000 - 60));
    assert.equal(bob(), bob());
    // However many iats one ban has seen, each answer still quotes its own token.
    for (let i = 0; i < 200; i++) {
      const iat = NOW / 1000 - 3600 - i;
      assert.match(bob(iat).reason, new RegExp(`issued at ${new Date(iat * 1000).toISOString()}`));
    }
    assert.match(bob(NOW / 1000 - 60).reason, /issued at 2026-03-01T11:59:00.000Z/);
    // The allow answer is shared per issuer and site.
    assert.equal(decideClaims(index, { iss: ISS }, NOW), decideClaims(index, { iss: ISS }, NOW));
    assert.match(decideClaims(index, { iss: ISS }, NOW, "").reason, /at site $/);
    assert.doesNotMatch(decideClaims(index, { iss: ISS }, NOW).reason, /at site/);
  });

  it("never answers with a removed ban whose slot a new ban took, nor with an edited one", () => {
    const index = new BanIndex([makeBan({ kind: "token", jti: "J-1" }, { id: "b-1" })]);
    assert.deepEqual(
      decideClaims(index, token, NOW).bans.map((b) => b.id),
      ["b-1"],
    );
    index.remove("b-1");
    index.add(makeBan({ kind: "token", jti: "J-1" }, { id: "b-2", reason: "second" }));
    const second = decideClaims(index, token, NOW);
    assert.deepEqual(
      second.bans.map((b) => b.id),
      ["b-2"],
    );
    assert.match(second.reason, /\(ban b-2: second\)$/);
    index.add(makeBan({ kind: "token", jti: "J-1" }, { id: "b-2", reason: "edited" }));
    assert.match(decideClaims(index, token, NOW).reason, /\(ban b-2: edited\)$/);
  });

  it("keeps token-dependent answers right however many tokens and bans fill their cache", () => {
    // 60 bans × 100 iats: more answers than the cache holds in all, so it starts again midway.
    const bans = Array.from({ length: 60 }, (_, i) =>
      makeBan(
        { kind: "identity-before", sub: `u-${i}`, issuedBefore: "2026-03-02T00:00:00Z" },
        { id: `ib-${i}` },
      ),
    );
    const index = new BanIndex(bans);
    const ask = (i: number, iat: number) =>
      decideClaims(index, { iss: ISS, sub: `u-${i}`, iat }, NOW);
    for (let n = 0; n < 100; n++) {
      for (let i = 0; i < 60; i++) {
        const iat = NOW / 1000 - 3600 - n;
        const answer = ask(i, iat);
        assert.deepEqual(
          answer.bans.map((b) => b.id),
          [`ib-${i}`],
        );
        assert.match(answer.reason, new RegExp(`issued at ${new Date(iat * 1000).toISOString()}`));
        assert.equal(ask(i, iat), answer);
      }
    }
  });

  it("shares a group ban's answer only among tokens that list the same subgroup", () => {
    const index = new BanIndex([makeBan({ kind: "group", group: "/atlas" }, { id: "g-1" })]);
    const say = (groups: string[]) => decideClaims(index, { iss: ISS, "wlcg.groups": groups }, NOW);
    assert.match(say(["/atlas/prod"]).reason, /subgroup \/atlas\/prod/);
    assert.match(say(["/atlas/users"]).reason, /subgroup \/atlas\/users/);
    assert.doesNotMatch(say(["/atlas"]).reason, /subgroup/);
    assert.doesNotMatch(say(["/atlas/users", "/atlas"]).reason, /subgroup/);
    assert.equal(say(["/atlas/prod"]), say(["/atlas/prod", "/cms"]));
    assert.equal(say(["/atlas"]), say(["/atlas/users", "/atlas"]));
    assert.notEqual(say(["/atlas/prod"]), say(["/atlas/users"]));
  });

  it("names the issuer and site of each allow, however many issuers and sites it has seen", () => {
    const index = new BanIndex();
    for (let i = 0; i < 5_000; i++) {
      const iss = `https://iss-${i % 3_000}.example/`;
      const site = i % 2 === 0 ? undefined : `SITE-${i % 7}`;
      const at = site === undefined ? "" : ` at site ${site}`;
      assert.equal(
        decideClaims(index, { iss }, NOW, site).reason,
        `no active ban of issuer ${iss} matches this token${at}`,
      );
    }
    const long = `https://${"x".repeat(300)}.example/`;
    assert.equal(decideClaims(index, { iss: long }, NOW).reason.includes(long), true);
  });
});
