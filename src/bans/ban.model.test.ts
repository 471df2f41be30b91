import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  BAN_KINDS,
  TOKEN_BAN_GRACE_MS,
  defaultTokenBanExpiry,
  describeKey,
  effectiveState,
  kindRank,
} from "./ban.model.js";
import { makeBan } from "../test-support/ban-factory.js";

const T = (iso: string) => Date.parse(iso);

describe("effectiveState", () => {
  const ban = makeBan(
    { kind: "token", jti: "j1" },
    { startsAt: "2026-03-01T10:00:00.000Z", expiresAt: "2026-03-01T12:00:00.000Z" },
  );

  it("is pending before startsAt and active from its first millisecond", () => {
    assert.equal(effectiveState(ban, T("2026-03-01T09:59:59.999Z")), "pending");
    assert.equal(effectiveState(ban, T("2026-03-01T10:00:00.000Z")), "active");
  });

  it("is active until the millisecond before expiresAt and expired from it", () => {
    assert.equal(effectiveState(ban, T("2026-03-01T11:59:59.999Z")), "active");
    assert.equal(effectiveState(ban, T("2026-03-01T12:00:00.000Z")), "expired");
    assert.equal(effectiveState(ban, new Date("2027-01-01T00:00:00Z")), "expired");
  });

  it("never expires without expiresAt", () => {
    const forever = { ...ban, expiresAt: null };
    assert.equal(effectiveState(forever, T("2999-01-01T00:00:00Z")), "active");
  });

  it("stays lifted whatever the time, even before the lift or the start", () => {
    const lifted = { ...ban, state: "lifted" as const, liftedAt: "2026-03-01T11:00:00.000Z" };
    assert.equal(effectiveState(lifted, T("2026-03-01T10:30:00Z")), "lifted");
    assert.equal(effectiveState(lifted, T("2026-01-01T00:00:00Z")), "lifted");
  });
});

describe("defaultTokenBanExpiry", () => {
  it("is one hour after the token's exp", () => {
    const exp = T("2026-03-01T12:00:00Z") / 1000;
    assert.equal(defaultTokenBanExpiry(exp), "2026-03-01T13:00:00.000Z");
    assert.equal(TOKEN_BAN_GRACE_MS, 3_600_000);
  });

  it("keeps fractional seconds down to the millisecond", () => {
    assert.equal(defaultTokenBanExpiry(1_772_366_400.5), "2026-03-01T13:00:00.500Z");
  });

  it("is null (no expiry) when exp is unknown or unusable", () => {
    for (const bad of [undefined, null, "1772366400", NaN, Infinity, -1, 1e13, {}, [1]]) {
      assert.equal(defaultTokenBanExpiry(bad), null, JSON.stringify(bad));
    }
  });
});

describe("kinds", () => {
  it("are ordered narrowest first", () => {
    assert.deepEqual(BAN_KINDS, [
      "token",
      "identity",
      "identity-before",
      "client",
      "group",
      "issuer",
    ]);
    assert.ok(kindRank("token") < kindRank("identity"));
    assert.ok(kindRank("group") < kindRank("issuer"));
  });

  it("describe their keys", () => {
    assert.equal(describeKey({ kind: "token", jti: "J" }), "jti J");
    assert.equal(describeKey({ kind: "identity", sub: "S" }), "sub S");
    assert.equal(
      describeKey({ kind: "identity-before", sub: "S", issuedBefore: "2026-01-01T00:00:00.000Z" }),
      "sub S, tokens issued at or before 2026-01-01T00:00:00.000Z",
    );
    assert.equal(describeKey({ kind: "client", clientId: "C" }), "client C");
    assert.equal(describeKey({ kind: "group", group: "/g" }), "group /g");
    assert.equal(describeKey({ kind: "issuer" }), "every token");
  });
});
