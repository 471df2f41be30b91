import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import {
  CompactSign,
  calculateJwkThumbprint,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  type CryptoKey,
  type JWK,
} from "jose";
import { FixedClock } from "../core/clock.js";
import { makeBan } from "../test-support/ban-factory.js";
import { SetVerifierConfigError } from "./feed.errors.js";
import { buildBanSet, type SetClaims } from "./set-events.js";
import { signSet, type SetSigner } from "./set-sign.js";
import { createSetVerifier, type SetVerifierOptions, type SetVerifyResult } from "./set-verify.js";

const ISS = "https://ttt.example.org/";
const AUD = "site:CERN-PROD";
const clock = new FixedClock("2026-02-01T10:00:00.000Z");
const NOW_S = clock.now().getTime() / 1000;

interface Key {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  jwk: JWK;
}
async function makeKey(alg: "ES256" | "RS256" = "ES256"): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const pub = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(pub);
  return { kid, privateKey, publicKey, jwk: { ...pub, kid, alg, use: "sig" } };
}
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");

function claims(over: Record<string, unknown> = {}): SetClaims {
  let n = 0;
  const set = buildBanSet(
    { type: "created", ban: makeBan({ kind: "token", jti: "stolen" }, { id: "ban_1" }) },
    { issuer: ISS, audience: AUD, now: clock.now(), txn: "t1", newJti: () => `set-${++n}` },
  );
  return { ...set, ...over };
}

/** Signs anything (also what signSet refuses) with a chosen header. */
async function rawSign(
  payload: unknown,
  key: CryptoKey | Uint8Array,
  header: Record<string, unknown>,
) {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader(header as { alg: string })
    .sign(key);
}

describe("createSetVerifier", () => {
  let key: Key;
  let other: Key;
  let signer: SetSigner;
  before(async () => {
    key = await makeKey();
    other = await makeKey();
    signer = { current: () => ({ kid: key.kid, alg: "ES256", privateKey: key.privateKey }) };
  });

  const verifier = (over: Partial<SetVerifierOptions> = {}) =>
    createSetVerifier({ jwks: { keys: [key.jwk] }, issuer: ISS, audience: AUD, clock, ...over });

  function refused(result: SetVerifyResult, err: string, code: string): void {
    assert.equal(result.ok, false, "expected a refusal");
    if (result.ok) return;
    assert.equal(result.code, code, result.description);
    assert.equal(result.err, err);
    assert.ok(result.description.length > 0);
  }

  it("accepts a SET signed by the transmitter, returning its claims and kid", async () => {
    const token = await signSet(claims(), signer);
    const result = await verifier().verify(token);
    assert.ok(result.ok);
    assert.equal(result.kid, key.kid);
    assert.deepEqual(result.claims, JSON.parse(JSON.stringify(claims())));
  });

  it("accepts typ application/secevent+jwt and aud as an array containing ours", async () => {
    const token = await rawSign(claims({ aud: ["other", AUD] }), key.privateKey, {
      alg: "ES256",
      kid: key.kid,
      typ: "application/secevent+jwt",
    });
    assert.equal((await verifier().verify(token)).ok, true);
  });

  it("refuses a tampered payload", async () => {
    const [h, , s] = (await signSet(claims(), signer)).split(".");
    const forged = `${h}.${b64(claims({ aud: "site:EVIL" }))}.${s}`;
    refused(await verifier().verify(forged), "authentication_failed", "bad_signature");
  });

  it("refuses a replayed jti, and consults seen() only for authentic, valid SETs", async () => {
    const asked: string[] = [];
    const seen = (jti: string) => {
      asked.push(jti);
      return jti === "set-1";
    };
    refused(
      await verifier({ seen }).verify(await signSet(claims(), signer)),
      "invalid_request",
      "replayed_jti",
    );
    const fresh = await signSet(claims({ jti: "set-2" }), signer);
    assert.equal(
      (await verifier({ seen: (j) => Promise.resolve(seen(j)) }).verify(fresh)).ok,
      true,
    );
    const [h, , s] = fresh.split(".");
    await verifier({ seen }).verify(`${h}.${b64(claims({ jti: "set-3" }))}.${s}`);
    await verifier({ seen }).verify(await signSet(claims({ jti: "set-4", aud: "x" }), signer));
    assert.deepEqual(asked, ["set-1", "set-2"]);
  });

  it("refuses a wrong audience, a missing one, and a wrong issuer", async () => {
    refused(
      await verifier().verify(await signSet(claims({ aud: "site:RAL" }), signer)),
      "invalid_audience",
      "wrong_audience",
    );
    refused(
      await verifier().verify(await signSet(claims({ aud: [] }), signer)),
      "invalid_audience",
      "wrong_audience",
    );
    refused(
      await verifier().verify(await signSet(claims({ iss: "https://evil.example/" }), signer)),
      "invalid_issuer",
      "wrong_issuer",
    );
  });

  it("refuses an iat older than the max age or in the future, beyond the skew", async () => {
    const at = async (iat: number, over: Partial<SetVerifierOptions> = {}) =>
      verifier(over).verify(await signSet(claims({ iat }), signer));
    refused(await at(NOW_S - 86400 - 61), "invalid_request", "iat_too_old");
    assert.equal((await at(NOW_S - 86400 - 60)).ok, true);
    refused(await at(NOW_S - 600, { maxAgeSec: 300 }), "invalid_request", "iat_too_old");
    assert.equal((await at(NOW_S - 10 * 86400, { maxAgeSec: null })).ok, true);
    refused(await at(NOW_S + 61), "invalid_request", "iat_in_future");
    assert.equal((await at(NOW_S + 60)).ok, true);
    refused(await at(NOW_S + 10, { clockSkewSec: 5 }), "invalid_request", "iat_in_future");
  });

  it("refuses alg none", async () => {
    const token = `${b64({ alg: "none", typ: "secevent+jwt", kid: key.kid })}.${b64(claims())}.`;
    refused(await verifier().verify(token), "authentication_failed", "alg_none");
  });

  it("refuses HS256 keyed with the transmitter's public key (PEM and JWK bytes)", async () => {
    const pem = new TextEncoder().encode(await exportSPKI(key.publicKey));
    const jwkBytes = new TextEncoder().encode(JSON.stringify(key.jwk));
    for (const secret of [pem, jwkBytes]) {
      const token = await rawSign(claims(), secret, {
        alg: "HS256",
        kid: key.kid,
        typ: "secevent+jwt",
      });
      refused(await verifier().verify(token), "invalid_key", "alg_hmac");
    }
  });

  it("refuses an unknown kid, a missing kid, and a kid whose key does not fit the alg", async () => {
    const rogue = await rawSign(claims(), other.privateKey, {
      alg: "ES256",
      kid: other.kid,
      typ: "secevent+jwt",
    });
    refused(await verifier().verify(rogue), "invalid_key", "unknown_kid");
    const noKid = await rawSign(claims(), key.privateKey, { alg: "ES256", typ: "secevent+jwt" });
    refused(await verifier().verify(noKid), "invalid_key", "missing_kid");
    const rsa = await makeKey("RS256");
    const mismatched = await rawSign(claims(), rsa.privateKey, {
      alg: "RS256",
      kid: key.kid,
      typ: "secevent+jwt",
    });
    refused(
      await verifier({ algorithms: ["ES256", "RS256"] }).verify(mismatched),
      "invalid_key",
      "no_usable_key",
    );
    refused(await verifier().verify(mismatched), "invalid_key", "alg_not_accepted");
  });

  it("refuses sub or exp claims, even correctly signed", async () => {
    for (const extra of [{ sub: "someone" }, { exp: NOW_S + 3600 }]) {
      const token = await rawSign(claims(extra), key.privateKey, {
        alg: "ES256",
        kid: key.kid,
        typ: "secevent+jwt",
      });
      refused(await verifier().verify(token), "invalid_request", "forbidden_claim");
    }
  });

  it("refuses missing, empty or non-object events", async () => {
    const header = { alg: "ES256", kid: key.kid, typ: "secevent+jwt" };
    const noEvents: Record<string, unknown> = { ...claims() };
    delete noEvents["events"];
    for (const payload of [
      noEvents,
      claims({ events: {} }),
      claims({ events: { "urn:x": "y" } }),
    ]) {
      refused(
        await verifier().verify(await rawSign(payload, key.privateKey, header)),
        "invalid_request",
        "missing_events",
      );
    }
  });

  it("refuses a wrong or missing typ, a crit header and garbage", async () => {
    for (const typ of ["JWT", "at+jwt", undefined]) {
      const header =
        typ === undefined ? { alg: "ES256", kid: key.kid } : { alg: "ES256", kid: key.kid, typ };
      refused(
        await verifier().verify(await rawSign(claims(), key.privateKey, header)),
        "invalid_request",
        "wrong_type",
      );
    }
    const crit = `${b64({ alg: "ES256", kid: key.kid, typ: "secevent+jwt", crit: ["x"], x: 1 })}.${b64(claims())}.AAAA`;
    refused(await verifier().verify(crit), "invalid_request", "unsupported_header");
    refused(await verifier().verify("not.a.set"), "invalid_request", "malformed_set");
    refused(await verifier().verify(""), "invalid_request", "malformed_set");
  });

  it("reports the jti it could read, for setErrs", async () => {
    const token = await signSet(claims({ aud: "site:RAL" }), signer);
    const result = await verifier().verify(token);
    assert.equal(!result.ok && result.jti, "set-1");
  });

  it("refuses an unusable configuration at construction", async () => {
    assert.throws(() => verifier({ algorithms: ["HS256"] }), SetVerifierConfigError);
    assert.throws(() => verifier({ algorithms: [] }), SetVerifierConfigError);
    assert.throws(() => verifier({ issuer: "" }), SetVerifierConfigError);
    assert.throws(() => verifier({ clockSkewSec: -1 }), SetVerifierConfigError);
    const priv = await exportJWK(key.privateKey);
    assert.throws(() => verifier({ jwks: { keys: [priv] } }), /private key/);
    assert.throws(() => verifier({ jwks: { keys: [{ kty: "oct", k: "c2VjcmV0" }] } }), /symmetric/);
  });
});
