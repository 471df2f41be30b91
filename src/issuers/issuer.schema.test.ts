// The issuer schema: defaults, mode from the key source, and each refusal with the field it
// names — private key members one by one, symmetric keys, plain http, HMAC, refresh bounds.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { ValidationError } from "../core/errors.js";
import { makeKey, type TestKey } from "../test-support/jwks-server.js";
import { mergeUpdate, parseIssuerConfig } from "./issuer.schema.js";
import { publicJwk } from "./public-jwk.js";

const ISS = "https://iam.example.org/";

function refusal(input: unknown): ValidationError {
  try {
    parseIssuerConfig(input);
  } catch (err) {
    assert.ok(err instanceof ValidationError, String(err));
    return err;
  }
  assert.fail("expected a ValidationError");
}

describe("issuer schema", () => {
  let rsa: TestKey;
  before(async () => {
    rsa = await makeKey("RS256", "rsa-1");
  });

  it("defaults: online, discovery, RS256+ES256, no audience check, 6 h", () => {
    assert.deepEqual(parseIssuerConfig({ iss: ISS }), {
      iss: ISS,
      mode: "online",
      jwksUri: null,
      staticKeys: null,
      algorithms: ["RS256", "ES256"],
      audiences: [],
      refreshHours: 6,
    });
  });

  it("static keys make an offline issuer, keeping public members only", () => {
    const withExtras = { ...rsa.publicJwk, x5u: "https://evil.example/", ext: true };
    const c = parseIssuerConfig({ iss: ISS, jwks: { keys: [withExtras] } });
    assert.equal(c.mode, "offline");
    assert.deepEqual(Object.keys(c.staticKeys?.[0] ?? {}).sort(), [
      "alg",
      "e",
      "kid",
      "kty",
      "n",
      "use",
    ]);
  });

  it("refuses each private key member by name, at the key's path", () => {
    for (const member of ["d", "p", "q", "dp", "dq", "qi"]) {
      const key = { ...rsa.publicJwk, [member]: rsa.privateJwk[member as "d"] ?? "AQAB" };
      const err = refusal({ iss: ISS, jwks: { keys: [rsa.publicJwk, key] } });
      assert.equal(err.issues[0]?.path, "body.jwks.keys[1]");
      assert.match(
        err.issues[0]?.message ?? "",
        new RegExp(`key "rsa-1" contains private key material \\(${member}\\)`),
      );
    }
    const whole = refusal({ iss: ISS, jwks: { keys: [rsa.privateJwk] } });
    assert.match(whole.message, /private key material \(d, p, q, dp, dq, qi\): give the public/);
  });

  it("refuses a symmetric key and an unknown key type", () => {
    const oct = refusal({ iss: ISS, jwks: { keys: [{ kty: "oct", k: "c2VjcmV0", kid: "h" }] } });
    assert.match(oct.message, /key "h" is a symmetric key \(kty "oct"\)/);
    const odd = refusal({ iss: ISS, jwks: { keys: [{ kty: "XYZ" }] } });
    assert.match(
      odd.message,
      /body\.jwks\.keys\[0\]: key 0 has kty "XYZ": RSA, EC or OKP expected/,
    );
    const empty = refusal({ iss: ISS, jwks: { keys: [] } });
    assert.match(empty.message, /body\.jwks\.keys: list at least one key/);
  });

  it("wants https for the issuer and the JWKS URL (http only on loopback)", () => {
    assert.match(
      refusal({ iss: "http://iam.example.org/" }).message,
      /body\.iss: must be an https/,
    );
    assert.match(
      refusal({ iss: ISS, jwksUri: "http://iam.example.org/jwk" }).message,
      /body\.jwksUri: must be an https URL/,
    );
    assert.match(
      refusal({ iss: ISS, jwksUri: "https://u:p@iam.example.org/jwk" }).message,
      /credentials/,
    );
    const local = parseIssuerConfig({
      iss: "http://127.0.0.1:8080/realm",
      jwksUri: "http://localhost:8080/jwk?x=1",
    });
    assert.equal(local.jwksUri, "http://localhost:8080/jwk?x=1");
  });

  it("accepts only asymmetric algorithms, once each", () => {
    const hs = refusal({ iss: ISS, algorithms: ["RS256", "HS256"] });
    assert.match(
      hs.message,
      /body\.algorithms\[1\]: "HS256" is not an accepted signature algorithm/,
    );
    assert.match(refusal({ iss: ISS, algorithms: [] }).message, /at least one algorithm/);
    assert.match(refusal({ iss: ISS, algorithms: ["ES256", "ES256"] }).message, /twice/);
    assert.deepEqual(parseIssuerConfig({ iss: ISS, algorithms: ["EdDSA"] }).algorithms, ["EdDSA"]);
  });

  it("bounds refreshHours by the WLCG profile's 6 h maximum and a 15 min floor", () => {
    assert.match(refusal({ iss: ISS, refreshHours: 7 }).message, /at most 6: the WLCG profile/);
    assert.match(refusal({ iss: ISS, refreshHours: 0.1 }).message, /at least 0\.25/);
    assert.equal(parseIssuerConfig({ iss: ISS, refreshHours: 0.25 }).refreshHours, 0.25);
  });

  it("keeps the key source consistent with the mode", () => {
    assert.match(
      refusal({ iss: ISS, mode: "offline" }).message,
      /body\.jwks: an offline issuer needs/,
    );
    assert.match(
      refusal({
        iss: ISS,
        mode: "offline",
        jwksUri: "https://a.example/k",
        jwks: { keys: [rsa.publicJwk] },
      }).message,
      /body\.jwksUri: an offline issuer never fetches/,
    );
    assert.match(
      refusal({ iss: ISS, mode: "online", jwks: { keys: [rsa.publicJwk] } }).message,
      /static keys are for offline issuers/,
    );
    assert.match(refusal({ iss: ISS, token: "x" }).message, /token/);
  });

  it("merges a change: a new key source replaces the old one whole", () => {
    const online = parseIssuerConfig({ iss: ISS, jwksUri: "https://iam.example.org/jwk" });
    const offline = parseIssuerConfig(mergeUpdate(online, { jwks: { keys: [rsa.publicJwk] } }));
    assert.equal(offline.mode, "offline");
    assert.equal(offline.jwksUri, null);
    const back = parseIssuerConfig(mergeUpdate(offline, { mode: "online" }));
    assert.deepEqual([back.mode, back.jwksUri, back.staticKeys], ["online", null, null]);
    const auds = parseIssuerConfig(mergeUpdate(online, { audiences: ["https://se.example"] }));
    assert.equal(auds.jwksUri, "https://iam.example.org/jwk");
    assert.deepEqual(auds.audiences, ["https://se.example"]);
  });

  it("publicJwk names each problem of an untrusted key", () => {
    assert.deepEqual(publicJwk("x"), { ok: false, reason: "is not a JSON object" });
    assert.deepEqual(publicJwk({ kty: "EC", crv: "P-256", x: "AA" }), {
      ok: false,
      reason: "has no y",
    });
    assert.deepEqual(publicJwk({ ...rsa.publicJwk, kid: 7 }), {
      ok: false,
      reason: "has a kid that is not a string",
    });
  });
});
