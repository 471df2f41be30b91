import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { before, describe, it } from "node:test";
import { createJwtVerifier, verifyJwt, type JwtVerifier, type VerifyResult } from "./jwt-verify.js";
import { TokenTrustConfigError } from "./token.errors.js";
import {
  accessClaims,
  assemble,
  b64,
  makeIssuer,
  NOW,
  sign,
  trustOf,
  type TestIssuer,
} from "../test-support/token-factory.js";
import { ANY_AUDIENCE } from "./wlcg-profile.js";

const ISS = "https://iam.example.org/";
let es: TestIssuer; // kid es1
let rs: TestIssuer; // kid rs1
let impostor: TestIssuer; // another EC key that also calls itself es1
let verifier: JwtVerifier; // trusts es1 and rs1

before(async () => {
  es = await makeIssuer("ES256", "es1");
  rs = await makeIssuer("RS256", "rs1");
  impostor = await makeIssuer("ES256", "es1");
  verifier = await createJwtVerifier(trustOf([es, rs]));
});

function failure(code: string, reason: string): VerifyResult {
  return { ok: false, code, reason } as VerifyResult;
}

describe("verify: valid tokens", () => {
  it("accepts an ES256 token and names its key", async () => {
    const result = await verifier.verify(await sign(es, accessClaims(ISS)), NOW);
    assert.equal(result.ok, true);
    assert.ok(result.ok);
    assert.equal(result.kid, "es1");
    assert.equal(result.alg, "ES256");
    assert.equal(result.claims["sub"], "e1eb758b-b73c-4761-bfff-adc793da409c");
  });

  it("accepts an RS256 token from the same JWKS (key rotation) with its own kid", async () => {
    const result = await verifier.verify(await sign(rs, accessClaims(ISS)), NOW);
    assert.ok(result.ok);
    assert.deepEqual([result.kid, result.alg], ["rs1", "RS256"]);
  });

  it("accepts a token without kid when exactly one key fits, naming that key", async () => {
    const only = await createJwtVerifier(trustOf([es]));
    const result = await only.verify(await sign(es, accessClaims(ISS), { kid: undefined }), NOW);
    assert.ok(result.ok);
    assert.equal(result.kid, "es1");
  });

  it("accepts the WLCG 'any' audience unless told not to", async () => {
    const token = await sign(es, accessClaims(ISS, { aud: ANY_AUDIENCE }));
    assert.equal((await verifier.verify(token, NOW)).ok, true);
    const strict = await createJwtVerifier(trustOf([es]), { acceptAnyAudience: false });
    assert.deepEqual(
      await strict.verify(token, NOW),
      failure(
        "wrong_audience",
        `audience expected one of ["https://storage.example.org"], got ["${ANY_AUDIENCE}"]`,
      ),
    );
  });

  it("accepts one of several audiences, and skips the check when none is configured", async () => {
    const token = await sign(
      es,
      accessClaims(ISS, { aud: ["https://a.example", "https://storage.example.org"] }),
    );
    assert.equal((await verifier.verify(token, NOW)).ok, true);
    const open = await createJwtVerifier(trustOf([es], { audiences: [] }));
    const other = await sign(es, accessClaims(ISS, { aud: "https://elsewhere.example" }));
    assert.equal((await open.verify(other, NOW)).ok, true);
  });

  it("verifyJwt does the same in one call", async () => {
    const result = await verifyJwt(await sign(es, accessClaims(ISS)), trustOf([es]), { now: NOW });
    assert.equal(result.ok, true);
  });
});

describe("verify: each bad token gets its code and reason", () => {
  it("malformed", async () => {
    assert.deepEqual(
      await verifier.verify("abc.def", NOW),
      failure("malformed_jwt", "3 segments expected, got 2"),
    );
  });

  it("alg: none", async () => {
    const token = assemble({ alg: "none" }, accessClaims(ISS));
    assert.deepEqual(
      await verifier.verify(token, NOW),
      failure("alg_none", "alg: none is rejected: the token is not signed"),
    );
  });

  it("HS256 'signed' with the issuer's public key (key confusion)", async () => {
    const input = `${b64({ alg: "HS256", kid: "rs1" })}.${b64(accessClaims(ISS))}`;
    const mac = createHmac("sha256", JSON.stringify(rs.jwk)).update(input).digest("base64url");
    assert.deepEqual(
      await verifier.verify(`${input}.${mac}`, NOW),
      failure(
        "alg_hmac",
        `"HS256" rejected: HMAC with a public key (the issuer's keys are public, so anyone could compute it)`,
      ),
    );
  });

  it("an asymmetric alg the issuer does not use", async () => {
    const esOnly = await createJwtVerifier(trustOf([es, rs], { algorithms: ["ES256"] }));
    assert.deepEqual(
      await esOnly.verify(await sign(rs, accessClaims(ISS)), NOW),
      failure("alg_not_accepted", `alg "RS256" is not accepted for this issuer (accepted: ES256)`),
    );
  });

  it("crit and typ secevent+jwt", async () => {
    const crit = assemble({ alg: "ES256", kid: "es1", crit: ["exp"] }, accessClaims(ISS), "AA");
    assert.deepEqual(
      await verifier.verify(crit, NOW),
      failure("unsupported_header", "header parameter crit is not supported"),
    );
    const set = await sign(es, accessClaims(ISS), { typ: "secevent+jwt" });
    assert.deepEqual(
      await verifier.verify(set, NOW),
      failure("wrong_type", `typ "secevent+jwt" is not an access or ID token`),
    );
  });

  it("wrong issuer, and none", async () => {
    const other = await sign(es, accessClaims("https://evil.example.org/"));
    assert.deepEqual(
      await verifier.verify(other, NOW),
      failure("wrong_issuer", `issuer expected "${ISS}", got "https://evil.example.org/"`),
    );
    const none = await sign(es, accessClaims(ISS, { iss: undefined }));
    assert.deepEqual(
      await verifier.verify(none, NOW),
      failure("wrong_issuer", `issuer expected "${ISS}", got none`),
    );
  });

  it("unknown kid", async () => {
    const token = await sign(es, accessClaims(ISS), { kid: "es9" });
    assert.deepEqual(
      await verifier.verify(token, NOW),
      failure("unknown_kid", `kid "es9" is not among the issuer's keys (known: "es1", "rs1")`),
    );
  });

  it("a kid whose key cannot verify the alg", async () => {
    const token = await sign(rs, accessClaims(ISS), { kid: "es1" });
    assert.deepEqual(
      await verifier.verify(token, NOW),
      failure(
        "no_key_for_alg",
        `key "es1" cannot verify RS256: it is an EC P-256 key, RS256 needs an RSA key`,
      ),
    );
  });

  it("no kid and no key for the alg; no kid and several keys", async () => {
    const ecOnly = await createJwtVerifier(trustOf([es]));
    assert.deepEqual(
      await ecOnly.verify(await sign(rs, accessClaims(ISS), { kid: undefined }), NOW),
      failure("no_key_for_alg", `no key for RS256 (the issuer has: "es1" EC P-256)`),
    );
    const second = await makeIssuer("ES256", "es2");
    const two = await createJwtVerifier(trustOf([es, second]));
    assert.deepEqual(
      await two.verify(await sign(es, accessClaims(ISS), { kid: undefined }), NOW),
      failure("ambiguous_key", "the token has no kid and 2 of the issuer's keys fit ES256"),
    );
  });

  it("bad signature: another key under the same kid, and a tampered payload", async () => {
    assert.deepEqual(
      await verifier.verify(await sign(impostor, accessClaims(ISS)), NOW),
      failure("bad_signature", `signature does not verify with key "es1"`),
    );
    const [h, , s] = (await sign(es, accessClaims(ISS))).split(".");
    const tampered = `${h}.${b64(accessClaims(ISS, { scope: "storage.modify:/" }))}.${s}`;
    assert.deepEqual(
      await verifier.verify(tampered, NOW),
      failure("bad_signature", `signature does not verify with key "es1"`),
    );
  });

  it("expired, with exp and now; the tolerance edge", async () => {
    const expired = await sign(
      es,
      accessClaims(ISS, { iat: NOW - 7200, nbf: NOW - 7200, exp: NOW - 3600 }),
    );
    assert.deepEqual(
      await verifier.verify(expired, NOW),
      failure(
        "token_expired",
        "expired: exp 1767222000 (2025-12-31T23:00:00Z) is not after now 1767225600 (2026-01-01T00:00:00Z) (clock tolerance 60 s)",
      ),
    );
    const edge = (exp: number) =>
      sign(es, accessClaims(ISS, { iat: NOW - 600, nbf: NOW - 600, exp }));
    assert.equal((await verifier.verify(await edge(NOW - 59), NOW)).ok, true);
    assert.equal((await verifier.verify(await edge(NOW - 60), NOW)).ok, false);
  });

  it("not yet valid: nbf, and iat in the future", async () => {
    const nbf = await sign(es, accessClaims(ISS, { nbf: NOW + 600 }));
    assert.deepEqual(
      await verifier.verify(nbf, NOW),
      failure(
        "token_not_yet_valid",
        "not yet valid: nbf 1767226200 (2026-01-01T00:10:00Z) is after now 1767225600 (2026-01-01T00:00:00Z) (clock tolerance 60 s)",
      ),
    );
    const iat = await sign(
      es,
      accessClaims(ISS, { iat: NOW + 3600, nbf: undefined, exp: NOW + 7200 }),
    );
    assert.deepEqual(
      await verifier.verify(iat, NOW),
      failure(
        "token_not_yet_valid",
        "issued in the future: iat 1767229200 (2026-01-01T01:00:00Z) is after now 1767225600 (2026-01-01T00:00:00Z) (clock tolerance 60 s)",
      ),
    );
    const skewed = await sign(es, accessClaims(ISS, { nbf: NOW + 60 }));
    assert.equal((await verifier.verify(skewed, NOW)).ok, true, "within the tolerance");
  });

  it("wrong audience, and none", async () => {
    const wrong = await sign(es, accessClaims(ISS, { aud: "https://other.example.org" }));
    assert.deepEqual(
      await verifier.verify(wrong, NOW),
      failure(
        "wrong_audience",
        `audience expected one of ["https://storage.example.org"], got ["https://other.example.org"]`,
      ),
    );
    const none = await sign(es, accessClaims(ISS, { aud: undefined }));
    assert.deepEqual(
      await verifier.verify(none, NOW),
      failure(
        "wrong_audience",
        `audience expected one of ["https://storage.example.org"], got none`,
      ),
    );
  });

  it("invalid time claims", async () => {
    const noExp = await sign(es, accessClaims(ISS, { exp: undefined }));
    assert.deepEqual(
      await verifier.verify(noExp, NOW),
      failure("invalid_claims", "exp is missing: such a token would never expire"),
    );
    const textExp = await sign(es, accessClaims(ISS, { exp: "tomorrow" }));
    assert.deepEqual(
      await verifier.verify(textExp, NOW),
      failure("invalid_claims", "exp is not a number of seconds"),
    );
    const signed = await sign(es, accessClaims(ISS, { nbf: "soon" }));
    assert.deepEqual(
      await verifier.verify(signed, NOW),
      failure("invalid_claims", "nbf is not a number of seconds"),
    );
  });

  it("never puts the token in a reason", async () => {
    const token = await sign(impostor, accessClaims(ISS));
    const result = await verifier.verify(token, NOW);
    assert.ok(!result.ok);
    for (const part of token.split(".")) assert.ok(!result.reason.includes(part));
  });
});

describe("verify: programmer and configuration errors throw", () => {
  it("non-string token or non-finite now", async () => {
    await assert.rejects(verifier.verify(1 as unknown as string, NOW), TypeError);
    await assert.rejects(verifier.verify("a.b.c", Number.NaN), TypeError);
  });

  it("HMAC or none accepted, no algorithms, symmetric or private keys, short RSA", async () => {
    const bad = [
      trustOf([es], { algorithms: ["HS256"] }),
      trustOf([es], { algorithms: ["none"] }),
      trustOf([es], { algorithms: [] }),
      trustOf([es], { jwks: { keys: [{ kty: "oct", k: "c2VjcmV0", kid: "h1" }] } }),
      trustOf([es], { jwks: { keys: [{ ...es.jwk, d: "AAAA" }] } }),
      trustOf([es], {
        jwks: { keys: [{ kty: "RSA", kid: "r0", n: b64(Buffer.alloc(128, 1)), e: "AQAB" }] },
      }),
      trustOf([es], { issuer: "" }),
    ];
    for (const trust of bad) {
      await assert.rejects(createJwtVerifier(trust), TokenTrustConfigError);
    }
    await assert.rejects(
      createJwtVerifier(trustOf([es]), { clockToleranceSec: -1 }),
      TokenTrustConfigError,
    );
  });
});
