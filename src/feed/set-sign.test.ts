/**
 * Every SET the transmitter emits, checked the way an outsider would: with jose alone and the
 * published JWKS, never with this project's own set-verify.ts.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { compactVerify, createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import type { BanKey } from "../bans/index.js";
import { FixedClock } from "../core/clock.js";
import { makeBan } from "../test-support/ban-factory.js";
import { buildBanSet, buildBanSets, type BanChange, type SetClaims } from "./set-events.js";
import { signSet } from "./set-sign.js";
import { SigningKeyRing } from "./signing-keys.js";

const ISS = "https://ttt.example.org/";
const AUD = "site:CERN-PROD";
const clock = new FixedClock("2026-02-01T10:00:00.000Z");

const KEYS: BanKey[] = [
  { kind: "token", jti: "abc" },
  { kind: "identity", sub: "u1" },
  { kind: "identity-before", sub: "u1", issuedBefore: "2026-01-15T08:00:00.000Z" },
  { kind: "client", clientId: "c1" },
  { kind: "group", group: "/atlas" },
  { kind: "issuer" },
];

function allChanges(): BanChange[] {
  return KEYS.flatMap((key) => {
    const ban = makeBan(key);
    const lifted = {
      ...ban,
      state: "lifted" as const,
      liftedAt: "2026-01-02T00:00:00.000Z",
      liftedBy: "alice",
      liftReason: "done",
    };
    return [
      { type: "created" as const, ban },
      { type: "changed" as const, ban: { ...ban, sites: ["RAL"] } },
      { type: "lifted" as const, ban: lifted },
    ];
  });
}

/** The independent check: jose only, the published JWKS, everything else by hand. */
async function independentlyVerify(token: string, jwks: ReturnType<SigningKeyRing["jwks"]>) {
  const keySet = createLocalJWKSet(jwks);
  const header = decodeProtectedHeader(token);
  assert.deepEqual(Object.keys(header).sort(), ["alg", "kid", "typ"]);
  assert.equal(header.alg, "ES256");
  assert.equal(header.typ, "secevent+jwt");
  const { payload, protectedHeader } = await jwtVerify(token, keySet, {
    algorithms: ["ES256"],
    typ: "secevent+jwt",
    issuer: ISS,
    audience: AUD,
    currentDate: clock.now(),
    maxTokenAge: "5m",
  });
  assert.equal(protectedHeader.kid, header.kid);
  // and the raw JWS too, so the payload bytes are exactly what was signed
  const raw = await compactVerify(token, keySet, { algorithms: ["ES256"] });
  const claims = JSON.parse(new TextDecoder().decode(raw.payload)) as Record<string, unknown>;
  assert.deepEqual(claims, payload);
  assert.equal("sub" in claims, false);
  assert.equal("exp" in claims, false);
  assert.equal(typeof claims["jti"], "string");
  assert.equal(claims["iat"], Math.floor(clock.now().getTime() / 1000));
  assert.equal(typeof claims["txn"], "string");
  const subId = claims["sub_id"] as Record<string, unknown>;
  assert.equal(typeof subId["format"], "string");
  const events = claims["events"] as Record<string, unknown>;
  assert.equal(Object.keys(events).length, 1);
  return claims;
}

describe("signSet, checked independently with jose", () => {
  let root: string;
  let ring: SigningKeyRing;
  before(async () => {
    root = mkdtempSync(join(tmpdir(), "ttt-sign-"));
    ring = await SigningKeyRing.open({ dir: join(root, "keys"), clock });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it("every SET of every change of every kind verifies and has the expected claims", async () => {
    let count = 0;
    for (const change of allChanges()) {
      const sets = buildBanSets(change, { issuer: ISS, audience: AUD, now: clock.now() });
      for (const set of sets) {
        const token = await signSet(set, ring);
        const claims = await independentlyVerify(token, ring.jwks());
        assert.deepEqual(claims, JSON.parse(JSON.stringify(set)));
        assert.equal(decodeProtectedHeader(token).kid, ring.current().kid);
        count++;
      }
    }
    assert.equal(count, 22); // 18 TTT SETs + 3 created companions + 1 lifted companion
  });

  it("SETs signed before a rotation still verify against the published JWKS", async () => {
    const set = buildBanSet(allChanges()[0] as BanChange, {
      issuer: ISS,
      audience: AUD,
      now: clock.now(),
    });
    const before = await signSet(set, ring);
    await ring.rotate();
    const afterToken = await signSet(set, ring);
    assert.notEqual(decodeProtectedHeader(before).kid, decodeProtectedHeader(afterToken).kid);
    await independentlyVerify(before, ring.jwks());
    await independentlyVerify(afterToken, ring.jwks());
  });

  it("refuses to sign claims with sub or exp, or without events", async () => {
    const set = buildBanSet(allChanges()[0] as BanChange, {
      issuer: ISS,
      audience: AUD,
      now: clock.now(),
    });
    const bad = (extra: object): SetClaims => ({ ...set, ...extra });
    await assert.rejects(signSet(bad({ sub: "x" }), ring), /must not have "sub"/);
    await assert.rejects(signSet(bad({ exp: 1 }), ring), /must not have "exp"/);
    await assert.rejects(signSet(bad({ events: {} }), ring), /at least one event/);
  });
});
