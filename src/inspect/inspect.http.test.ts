// POST /api/v1/tokens/inspect on every store kind, against the example assessment: a token's
// verification, WLCG profile findings, likely workflow with its risk rows, matching bans and the
// suggested narrowest ban; malformed input refused precisely; and the raw token in no log line.
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { createContext } from "../app/context.js";
import { PasswordHasher, TEST_SCRYPT_COST } from "../accounts/index.js";
import { FixedClock } from "../core/clock.js";
import { buildApp } from "../http/app.js";
import { loadExample } from "../risk/index.js";
import { storeKinds } from "../test-support/stores.js";
import { makeIssuer, sign, type TestIssuer } from "../test-support/token-factory.js";

const ISS = "https://iam.example.org/";
const AUD = "https://storage.example.org";

for (const kind of await storeKinds()) {
  describe(`token inspection over HTTP on ${kind.name}`, { skip: kind.skip }, () => {
    const logLines: string[] = [];
    const logStream = new Writable({
      write(chunk: Buffer, _enc, done) {
        logLines.push(chunk.toString("utf8"));
        done();
      },
    });
    let app: Awaited<ReturnType<typeof buildApp>>;
    let close: () => Promise<void>;
    let headers: { authorization: string };
    let issuer: TestIssuer;
    let now: number;

    before(async () => {
      const store = await kind.open();
      const clock = new FixedClock("2026-03-01T09:00:00.000Z");
      const ctx = createContext({ store, clock, hasher: new PasswordHasher(TEST_SCRYPT_COST) });
      await ctx.risk.methodologies.installBuiltins();
      await ctx.accounts.ensureAdmin("admin-password-1");
      const admin = await ctx.accounts.localActor("admin");
      await loadExample(ctx, admin);
      await ctx.accounts.addUser(admin, {
        name: "rita",
        role: "responder",
        password: "rita-password",
      });
      const rita = await ctx.accounts.localActor("rita");
      headers = {
        authorization: `Bearer ${(await ctx.apiTokens.create(rita, { label: "t" })).secret}`,
      };
      issuer = await makeIssuer("ES256", "k1", ISS);
      await ctx.issuers.add(admin, { iss: ISS, jwks: { keys: [issuer.jwk] }, audiences: [AUD] });
      await ctx.bans.create(admin, {
        kind: "identity",
        iss: ISS,
        sub: "mallory",
        reason: "hijacked",
      });
      app = await buildApp(ctx, { logger: { level: "trace", stream: logStream } });
      close = async () => {
        await app.close();
        await store.close();
      };
      now = Math.floor(clock.now().getTime() / 1000);
    });
    after(() => close());

    const inspect = (payload: object) =>
      app.inject({ method: "POST", url: "/api/v1/tokens/inspect", headers, payload });

    it("shows verification, profile findings, the likely workflow with its risks, bans and a suggested ban", async () => {
      const token = await sign(issuer, {
        "wlcg.ver": "1.0",
        iss: ISS,
        sub: "mallory",
        aud: AUD,
        iat: now,
        nbf: now,
        exp: now + 12 * 3600, // beyond the profile's 6 h maximum for access tokens
        jti: "jti-inspect-1",
        client_id: "fts3",
        scope: "storage.modify:/ storage.read:/",
      });
      const res = await inspect({ token });
      assert.equal(res.statusCode, 200, res.body);
      const r = res.json();
      assert.equal(r.header.alg, "ES256");
      assert.equal(r.claims.jti, "jti-inspect-1");
      assert.equal(r.verification.ok, true);
      assert.equal(r.verification.kid, "k1");
      const rules = r.lint.findings.map((f: { rule: string }) => f.rule);
      assert.ok(
        rules.some((x: string) => /lifetime/.test(x)),
        rules.join(", "),
      );
      assert.ok(
        rules.some((x: string) => /scope|broad/.test(x)),
        rules.join(", "),
      );
      for (const f of r.lint.findings) {
        assert.ok(f.severity && f.message && f.profileRef, JSON.stringify(f));
      }
      assert.equal(r.workflow.assessment.id, "wlcg-token-workflows");
      assert.ok(r.workflow.guess.best, "a workflow fits");
      assert.ok(r.workflow.rows.length > 0, "the workflow's risk rows are listed");
      for (const row of r.workflow.rows) assert.ok(row.threat.title.length > 0);
      assert.equal(r.bans.decision, "deny");
      assert.match(r.bans.reason, /subject mallory/);
      assert.deepEqual(r.suggestedBan, {
        kind: "token",
        iss: ISS,
        jti: "jti-inspect-1",
        tokenExp: now + 12 * 3600,
      });
      assert.equal(JSON.stringify(r).includes(token), false, "the answer never echoes the token");
    });

    it("inspects a token that does not verify, saying why", async () => {
      const stranger = await makeIssuer("ES256", "k-other", ISS);
      const token = await sign(stranger, { iss: ISS, sub: "bob", jti: "j2", exp: now + 600 });
      const r = (await inspect({ token })).json();
      assert.equal(r.verification.ok, false);
      assert.equal(r.verification.code, "unknown_kid");
      assert.equal(r.bans.decision, "allow");
    });

    it("refuses input that is not a token, precisely", async () => {
      const res = await inspect({ token: "definitely not a jwt" });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.code, "malformed_jwt");
      assert.equal((await inspect({})).statusCode, 400);
      assert.equal((await inspect({ token: "a.b.c", extra: 1 })).statusCode, 400);
      const huge = await inspect({ token: "x".repeat(70_000) });
      assert.equal(huge.statusCode, 413, "a body over 64 KiB is refused before it is parsed");
      assert.equal(huge.json().error.code, "body_too_large");
    });

    it("never writes the raw token to the log, but names it by iss, sub and jti", async () => {
      const token = await sign(issuer, { iss: ISS, sub: "carol", jti: "jti-log", exp: now + 600 });
      await inspect({ token });
      await app.inject({ method: "POST", url: "/api/v1/decisions", headers, payload: { token } });
      const log = logLines.join("");
      const signature = token.split(".")[2] ?? "";
      assert.equal(log.includes(token), false);
      assert.equal(log.includes(signature), false);
      assert.match(log, /"jti":"jti-log"/);
      assert.match(log, /"sub":"carol"/);
    });
  });
}
