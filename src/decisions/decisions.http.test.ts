// POST /api/v1/decisions on every store kind: claims matched; tokens verified against trusted
// issuers (offline static keys here) then matched; every way a token can be bad answered with
// its own code; body rules and roles; the token ban's default expiry (exp + 1 h).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testApp, type TestApp } from "../test-support/app.js";
import { prng } from "../core/prng.js";
import { storeKinds } from "../test-support/stores.js";
import { assemble, b64, makeIssuer, sign, type TestIssuer } from "../test-support/token-factory.js";

const ISS = "https://iam.example.org/";
const AUD = "https://storage.example.org";
type Headers = { authorization: string };

for (const kind of await storeKinds()) {
  describe(`decisions over HTTP on ${kind.name}`, { skip: kind.skip }, () => {
    let t: TestApp;
    let site: Headers;
    let responder: Headers;
    let es: TestIssuer;
    let rs: TestIssuer;
    let now: number;
    before(async () => {
      t = await testApp(await kind.open());
      site = await t.as("site");
      responder = await t.as("responder");
      es = await makeIssuer("ES256", "es-1", ISS);
      rs = await makeIssuer("RS256", "rs-1", ISS);
      const res = await t.app.inject({
        method: "POST",
        url: "/api/v1/issuers",
        headers: responder,
        payload: { iss: ISS, jwks: { keys: [es.jwk, rs.jwk] }, audiences: [AUD] },
      });
      assert.equal(res.statusCode, 201, res.body);
      now = Math.floor(t.clock.now().getTime() / 1000);
    });
    after(() => t.close());

    const claims = (extra: Record<string, unknown> = {}) => ({
      "wlcg.ver": "1.0",
      iss: ISS,
      sub: "alice",
      aud: AUD,
      iat: now,
      nbf: now,
      exp: now + 3600,
      jti: "jti-a",
      client_id: "rucio",
      scope: "storage.read:/data",
      ...extra,
    });
    const ask = (payload: unknown, who: Headers = site) =>
      t.app.inject({
        method: "POST",
        url: "/api/v1/decisions",
        headers: who,
        payload: payload as object,
      });
    const ban = async (body: Record<string, unknown>) => {
      const res = await t.app.inject({
        method: "POST",
        url: "/api/v1/bans",
        headers: responder,
        payload: { iss: ISS, reason: "incident 42", ...body },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<{ id: string; expiresAt: string | null }>();
    };

    it("allows clean claims and a clean verified token, saying which key verified it", async () => {
      const byClaims = await ask({ claims: claims() });
      assert.equal(byClaims.statusCode, 200, byClaims.body);
      assert.equal(byClaims.json().decision, "allow");
      assert.equal(byClaims.json().verification, undefined);
      for (const issuer of [es, rs]) {
        const res = await ask({ token: await sign(issuer, claims()) });
        assert.equal(res.statusCode, 200, res.body);
        const d = res.json();
        assert.equal(d.decision, "allow", d.reason);
        assert.equal(d.verification.ok, true);
        assert.equal(d.verification.kid, issuer.kid);
        assert.equal(d.verification.alg, issuer.alg);
        assert.deepEqual(
          { iss: d.subject.iss, sub: d.subject.sub, jti: d.subject.jti },
          { iss: ISS, sub: "alice", jti: "jti-a" },
        );
        assert.match(d.subject.fingerprint, /^[0-9a-f]{16}$/);
      }
    });

    it("a token ban denies that token only; its default expiry is one hour after the token's exp", async () => {
      const b = await ban({ kind: "token", jti: "jti-b", tokenExp: now + 3600 });
      assert.equal(b.expiresAt, new Date((now + 7200) * 1000).toISOString());
      const banned = await ask({ token: await sign(es, claims({ jti: "jti-b" })) });
      const d = banned.json();
      assert.equal(d.decision, "deny");
      assert.deepEqual(
        d.bans.map((x: { id: string }) => x.id),
        [b.id],
      );
      assert.match(d.reason, /token jti jti-b of issuer https:\/\/iam\.example\.org\/ is banned/);
      assert.equal(
        (await ask({ token: await sign(es, claims({ jti: "jti-c" })) })).json().decision,
        "allow",
      );
      // The ban ends with its window: two hours later the same claims are allowed again.
      t.clock.advance(7200 * 1000 + 1);
      assert.equal((await ask({ claims: claims({ jti: "jti-b" }) })).json().decision, "allow");
      t.clock.advance(-(7200 * 1000 + 1));
    });

    it("identity, client and site-limited bans deny from claims, with every ban named", async () => {
      const who = await ban({ kind: "identity", sub: "mallory" });
      const client = await ban({ kind: "client", clientId: "evil-client", sites: ["SITE-A"] });
      const d = (
        await ask({ claims: claims({ sub: "mallory", client_id: "evil-client" }), site: "SITE-A" })
      ).json();
      assert.equal(d.decision, "deny");
      assert.deepEqual(
        new Set(d.bans.map((x: { id: string }) => x.id)),
        new Set([who.id, client.id]),
      );
      const elsewhere = (
        await ask({ claims: claims({ client_id: "evil-client" }), site: "SITE-B" })
      ).json();
      assert.equal(elsewhere.decision, "allow", elsewhere.reason);
    });

    it("refuses every bad token with its own code and never crashes", async () => {
      const good = claims({ jti: "jti-bad" });
      const other = await makeIssuer("ES256", "es-unknown", ISS);
      const [h, p] = (await sign(es, good)).split(".");
      const cases: [string, string][] = [
        ["malformed_jwt", "not-a-jwt"],
        ["malformed_jwt", "a.b"],
        ["malformed_jwt", `${h}.${p}.%%%`],
        ["malformed_jwt", assemble({ alg: "ES256", pad: "x".repeat(3000) }, good, "c2ln")],
        ["alg_none", assemble({ alg: "none" }, good)],
        ["alg_hmac", assemble({ alg: "HS256", kid: "es-1" }, good, b64(Buffer.from("mac")))],
        ["unknown_kid", await sign(other, good)],
        [
          "bad_signature",
          `${h}.${b64(claims({ sub: "root" }))}.${(await sign(es, good)).split(".")[2]}`,
        ],
        [
          "token_expired",
          await sign(es, claims({ iat: now - 7200, nbf: now - 7200, exp: now - 3600 })),
        ],
        ["token_not_yet_valid", await sign(es, claims({ nbf: now + 3600, exp: now + 7200 }))],
        ["wrong_audience", await sign(es, claims({ aud: "https://elsewhere.example.org" }))],
        ["unknown_issuer", await sign(es, claims({ iss: "https://unknown.example.org/" }))],
      ];
      for (const [code, token] of cases) {
        const res = await ask({ token });
        assert.equal(res.statusCode, 200, `${code}: ${res.body}`);
        const d = res.json();
        assert.equal(d.decision, "deny", code);
        assert.equal(d.verification.code, code, `${code}: ${d.reason}`);
        assert.ok(d.reason.length > 20, `${code}: ${d.reason}`);
        // No part of the token is echoed: not the whole, nor its payload or signature.
        for (const part of [token, ...token.split(".").filter((p) => p.length > 8)]) {
          assert.equal(res.body.includes(part), false, `${code}: the answer echoes the token`);
        }
      }
    });

    it("never fails on mutated tokens or odd claim sets (seeded fuzz)", async () => {
      const rnd = prng(5150);
      const base = await sign(es, claims({ jti: "jti-fuzz" }));
      const nasty = [".", "=", "/", " ", "\u0000", "é", "\uD800", "{", '"', "\\", "%"];
      const values: unknown[] = [null, 1e308, -1, "", "x".repeat(5000), [], {}, [null], true];
      for (let i = 0; i < 150; i++) {
        let token = base;
        for (let m = 0; m < 1 + Math.floor(rnd() * 4); m++) {
          const at = Math.floor(rnd() * token.length);
          const ch = nasty[Math.floor(rnd() * nasty.length)]!;
          token = rnd() < 0.5 ? token.slice(0, at) + ch + token.slice(at + 1) : token.slice(0, at);
        }
        const res = await ask({ token: token === "" ? "x" : token });
        assert.ok(
          [200, 400].includes(res.statusCode),
          `seed 5150 #${i}: ${res.statusCode} ${res.body}`,
        );
        if (res.statusCode === 200 && res.json().verification.ok === false) {
          assert.equal(res.json().decision, "deny", "a token that does not verify is denied");
        }
        const odd: Record<string, unknown> = { iss: rnd() < 0.8 ? ISS : values[i % values.length] };
        for (const k of ["sub", "jti", "client_id", "wlcg.groups", "iat", "groups"]) {
          if (rnd() < 0.6) odd[k] = values[Math.floor(rnd() * values.length)];
        }
        const byClaims = await ask({ claims: odd });
        assert.equal(byClaims.statusCode, 200, `seed 5150 #${i}: ${byClaims.body}`);
      }
    });

    it("validates the body: one of token and claims, sizes, the site name, the role", async () => {
      const both = await ask({ token: "a.b.c", claims: {} });
      assert.equal(both.statusCode, 400);
      assert.match(both.body, /exactly one of token/);
      assert.equal((await ask({})).statusCode, 400);
      const list = await ask({ claims: [] });
      assert.equal(list.statusCode, 400);
      assert.match(list.body, /body\.claims: must be a JSON object of claims/);
      assert.equal((await ask({ claims: "iss=x" })).statusCode, 400);
      // A "__proto__" claim is an ordinary claim no ban reads: its contents match nothing.
      await ban({ kind: "token", jti: "jti-proto" });
      const raw = (body: string) =>
        t.app.inject({
          method: "POST",
          url: "/api/v1/decisions",
          headers: { ...site, "content-type": "application/json" },
          payload: body,
        });
      const inner = JSON.stringify({ iss: ISS, jti: "jti-proto" });
      const hidden = await raw(`{"claims": {"__proto__": ${inner}}}`);
      assert.equal(hidden.statusCode, 200, hidden.body);
      assert.equal(hidden.json().decision, "allow");
      assert.match(hidden.json().reason, /no usable iss/);
      const beside = await raw(
        `{"claims": {"iss": "${ISS}", "jti": "jti-x", "__proto__": ${inner}}}`,
      );
      assert.equal(beside.json().decision, "allow");
      assert.equal((await raw(`{"claims": ${inner}}`)).json().decision, "deny");
      assert.equal((await ask({ claims: null })).statusCode, 400);
      const long = await ask({ token: "x".repeat(20_000) });
      assert.equal(long.statusCode, 400);
      assert.match(long.body, /longer than 16384 characters/);
      const huge = await ask({ claims: { pad: "x".repeat(70_000) } });
      assert.equal(huge.statusCode, 413, huge.body);
      assert.equal((await ask({ claims: claims(), site: "bad site!" })).statusCode, 400);
      assert.equal((await ask({ claims: claims() }, await t.as("viewer"))).statusCode, 403);
    });
  });
}
