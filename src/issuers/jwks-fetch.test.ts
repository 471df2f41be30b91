// Fetching keys from a real loopback issuer: the JWKS URL and discovery, public members only,
// unusable keys left out with reasons, and each way an endpoint fails, with its stable code.
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { after, before, describe, it } from "node:test";
import {
  makeKey,
  startJwksServer,
  type JwksServer,
  type TestKey,
} from "../test-support/jwks-server.js";
import { KeyFetchError, fetchIssuerKeys, type KeyFetchErrorCode } from "./jwks-fetch.js";

async function failure(p: Promise<unknown>): Promise<KeyFetchError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof KeyFetchError, String(err));
    return err;
  }
  assert.fail("expected a KeyFetchError");
}

describe("fetching an issuer's keys", () => {
  let server: JwksServer;
  let rsa: TestKey;
  let ec: TestKey;
  const algorithms = ["RS256", "ES256"];
  before(async () => {
    rsa = await makeKey("RS256", "rsa-1");
    ec = await makeKey("ES256", "ec-1");
    server = await startJwksServer([rsa.publicJwk, ec.publicJwk]);
  });
  after(() => server.close());
  const target = () => ({ iss: server.iss, jwksUri: server.jwksUrl, algorithms });

  it("fetches the JWKS URL and keeps the public members", async () => {
    server.keys = [{ ...rsa.publicJwk, x5u: "https://x.example/", ext: true }, ec.publicJwk];
    const got = await fetchIssuerKeys(target());
    assert.equal(got.source, "jwks_uri");
    assert.equal(got.url, server.jwksUrl);
    assert.deepEqual(
      got.keys.map((k) => k.kid),
      ["rsa-1", "ec-1"],
    );
    assert.deepEqual(Object.keys(got.keys[0] ?? {}).sort(), ["alg", "e", "kid", "kty", "n", "use"]);
    assert.deepEqual(got.skipped, []);
  });

  it("follows a redirect only to a URL it would accept, checked before asking it", async () => {
    server.keys = [ec.publicJwk];
    server.behaviour = "redirect";
    try {
      const moved = await fetchIssuerKeys(target());
      assert.deepEqual(
        moved.keys.map((k) => k.kid),
        ["ec-1"],
      );
      server.behaviour = "redirect-away";
      const away = await failure(fetchIssuerKeys(target()));
      assert.equal(away.code, "jwks_invalid");
      assert.match(away.message, /redirected to a URL that must be an https URL/);
      server.behaviour = "redirect-loop";
      const loop = await failure(fetchIssuerKeys(target()));
      assert.match(loop.message, /more than 3 redirects/);
    } finally {
      server.behaviour = "ok";
    }
  });

  it("discovers the JWKS URL from the OpenID configuration", async () => {
    server.keys = [ec.publicJwk];
    const before = server.hits.discovery;
    const got = await fetchIssuerKeys({ ...target(), jwksUri: null });
    assert.equal(got.source, "discovery");
    assert.equal(got.url, server.jwksUrl);
    assert.equal(server.hits.discovery, before + 1);
    const wrong = await failure(
      fetchIssuerKeys({ iss: `${server.iss}/`, jwksUri: null, algorithms }),
    );
    assert.equal(wrong.code, "discovery_failed");
    assert.match(
      wrong.message,
      /names issuer "http:\/\/127\.0\.0\.1:\d+\/realm", not "http:.*\/realm\/"/,
    );
  });

  it("leaves out keys it must not use, saying why, and fails when none is left", async () => {
    const weak = generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey.export({
      format: "jwk",
    });
    server.keys = [
      { ...weak, kid: "weak" },
      { kty: "oct", k: "c2VjcmV0", kid: "hmac" },
      rsa.privateJwk,
      ec.publicJwk,
    ];
    const got = await fetchIssuerKeys(target());
    assert.deepEqual(
      got.keys.map((k) => k.kid),
      ["ec-1"],
    );
    assert.equal(got.skipped.length, 3);
    assert.match(got.skipped[0] ?? "", /key "weak" .*shorter than 2048 bits/);
    assert.match(got.skipped[1] ?? "", /key "hmac" is a symmetric key/);
    assert.match(got.skipped[2] ?? "", /key "rsa-1" contains private key material/);
    server.keys = [{ kty: "oct", k: "c2VjcmV0" }];
    const none = await failure(fetchIssuerKeys(target()));
    assert.equal(none.code, "jwks_no_usable_keys");
    assert.match(none.message, /no usable signing key \(key 0 is a symmetric key/);
    server.keys = [];
    assert.match((await failure(fetchIssuerKeys(target()))).message, /the set is empty/);
  });

  const cases: [JwksServer["behaviour"], KeyFetchErrorCode, RegExp][] = [
    ["500", "jwks_http_status", /answered HTTP 500/],
    ["garbage", "jwks_not_json", /invalid JSON/],
    ["html", "jwks_not_json", /answered "text\/html", not JSON/],
    ["hang", "jwks_timeout", /did not answer within 200 ms/],
    ["oversized", "jwks_too_large", /more than 1048576 bytes/],
    ["streamed", "jwks_too_large", /more than 1048576 bytes/],
  ];
  for (const [behaviour, code, message] of cases) {
    it(`reports a JWKS URL that answers ${behaviour} as ${code}`, async () => {
      server.keys = [rsa.publicJwk];
      server.behaviour = behaviour;
      try {
        const err = await failure(fetchIssuerKeys(target(), { timeoutMs: 200 }));
        assert.equal(err.code, code);
        assert.equal(err.status, 502);
        assert.match(err.message, message);
      } finally {
        server.behaviour = "ok";
      }
    });
  }

  it("reports an unreachable issuer and a JWKS that is not one", async () => {
    const gone = await startJwksServer();
    const url = gone.jwksUrl;
    await gone.close();
    const err = await failure(fetchIssuerKeys({ iss: gone.iss, jwksUri: url, algorithms }));
    assert.equal(err.code, "jwks_unreachable");
    const doc = await failure(
      fetchIssuerKeys({
        iss: server.iss,
        jwksUri: `${server.iss}/.well-known/openid-configuration`,
        algorithms,
      }),
    );
    assert.equal(doc.code, "jwks_invalid");
    assert.match(doc.message, /not a JWKS: no "keys" array/);
  });
});
