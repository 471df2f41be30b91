import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { storeKinds } from "../test-support/stores.js";
import { testApp, type TestApp } from "../test-support/app.js";
import { PasswordHasher, TEST_SCRYPT_COST } from "./password.js";
import { can } from "./policy.js";

describe("password hashing", () => {
  const hasher = new PasswordHasher(TEST_SCRYPT_COST);
  it("verifies the right password only, with a fresh salt each time", async () => {
    const a = await hasher.hash("correct horse");
    const b = await hasher.hash("correct horse");
    assert.notEqual(a, b);
    assert.match(a, /^scrypt\$1024\$8\$1\$/);
    assert.equal(await hasher.verify("correct horse", a), true);
    assert.equal(await hasher.verify("correct horsE", a), false);
    assert.equal(await hasher.verify("x", "garbage"), false);
    assert.equal(await hasher.verify("x", "scrypt$0$8$1$AA$AA"), false);
  });
});

describe("policy", () => {
  const actor = (role: "admin" | "facilitator" | "assessor" | "viewer") => ({
    userId: "u",
    name: "n",
    role,
    via: "local" as const,
    ownCredential: false,
    site: null,
  });
  it("viewers read, assessors vote, facilitators run rounds, only admins manage users", () => {
    assert.equal(can(actor("viewer"), "assessment:read"), true);
    assert.equal(can(actor("viewer"), "vote:cast"), false);
    assert.equal(can(actor("assessor"), "vote:cast"), true);
    assert.equal(can(actor("assessor"), "round:reveal"), false);
    assert.equal(can(actor("facilitator"), "round:reveal"), true);
    assert.equal(can(actor("facilitator"), "user:manage"), false);
    assert.equal(can(actor("admin"), "user:manage"), true);
  });
});

for (const kind of await storeKinds()) {
  describe(`accounts over HTTP on ${kind.name}`, { skip: kind.skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await testApp(await kind.open());
    });
    after(() => t.close());

    it("needs authentication everywhere but health, OpenAPI and login", async () => {
      for (const url of [
        "/api/v1/assessments",
        "/api/v1/users",
        "/api/v1/auth/me",
        "/api/v1/audit",
      ]) {
        const res = await t.app.inject({ method: "GET", url });
        assert.equal(res.statusCode, 401, url);
        assert.equal(res.json().error.code, "unauthenticated");
      }
      assert.equal((await t.app.inject({ method: "GET", url: "/healthz" })).statusCode, 200);
      const spec = await t.app.inject({ method: "GET", url: "/openapi.json" });
      assert.equal(spec.statusCode, 200);
      assert.equal(spec.json().openapi, "3.1.0");
      assert.ok(
        spec.json().paths["/api/v1/rounds/{round}/vote"].put.requestBody,
        "vote body documented",
      );
      assert.equal((await t.app.inject({ method: "GET", url: "/docs" })).statusCode < 400, true);
    });

    it("logs in with a password, sets an HttpOnly SameSite cookie, and logs out", async () => {
      const bad = await t.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { username: "admin", password: "wrong-password" },
      });
      assert.equal(bad.statusCode, 401);
      assert.equal(bad.json().error.message, "unknown user or wrong password");
      const res = await t.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { username: "admin", password: "admin-password-1" },
      });
      assert.equal(res.statusCode, 200);
      const cookie = res.cookies.find((c) => c.name === "ttt_session");
      assert.ok(cookie);
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, "Strict");
      const me = await t.app.inject({
        method: "GET",
        url: "/api/v1/auth/me",
        cookies: { ttt_session: cookie.value },
      });
      assert.deepEqual(me.json(), { name: "admin", role: "admin", via: "session" });
      await t.app.inject({
        method: "POST",
        url: "/api/v1/auth/logout",
        cookies: { ttt_session: cookie.value },
      });
      assert.equal(
        (
          await t.app.inject({
            method: "GET",
            url: "/api/v1/auth/me",
            cookies: { ttt_session: cookie.value },
          })
        ).statusCode,
        401,
      );
    });

    it("sessions expire", async () => {
      const res = await t.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { username: "admin", password: "admin-password-1" },
      });
      const value = res.cookies.find((c) => c.name === "ttt_session")?.value ?? "";
      t.clock.advance(13 * 3600_000);
      assert.equal(
        (
          await t.app.inject({
            method: "GET",
            url: "/api/v1/auth/me",
            cookies: { ttt_session: value },
          })
        ).statusCode,
        401,
      );
    });

    it("creates users with validated input and refuses duplicates", async () => {
      const admin = await t.as("admin");
      const bad = await t.app.inject({
        method: "POST",
        url: "/api/v1/users",
        headers: admin,
        payload: { name: "Bad Name", role: "wizard", password: "short" },
      });
      assert.equal(bad.statusCode, 400);
      const paths = bad
        .json()
        .error.details.map((d: { path: string }) => d.path)
        .sort();
      assert.deepEqual(paths, ["body.name", "body.password", "body.role"]);
      const ok = await t.app.inject({
        method: "POST",
        url: "/api/v1/users",
        headers: admin,
        payload: { name: "site-admin-1", role: "assessor", password: "a-long-password" },
      });
      assert.equal(ok.statusCode, 201);
      assert.equal(ok.json().role, "assessor");
      assert.equal("password_hash" in ok.json() || "passwordHash" in ok.json(), false);
      const dup = await t.app.inject({
        method: "POST",
        url: "/api/v1/users",
        headers: admin,
        payload: { name: "site-admin-1", role: "viewer" },
      });
      assert.equal(dup.statusCode, 409);
      const forbidden = await t.app.inject({
        method: "POST",
        url: "/api/v1/users",
        headers: await t.as("facilitator"),
        payload: { name: "x1", role: "viewer" },
      });
      assert.equal(forbidden.statusCode, 403);
    });

    it("API tokens: secret shown once, only a hash stored, revocable", async () => {
      const viewer = await t.as("viewer", "viewer-2");
      const created = await t.app.inject({
        method: "POST",
        url: "/api/v1/api-tokens",
        headers: viewer,
        payload: { label: "script" },
      });
      assert.equal(created.statusCode, 201);
      const { secret, token } = created.json();
      assert.match(secret, /^ttt\.tok_[0-9a-f]+\.[A-Za-z0-9_-]+$/);
      const stored = await t.ctx.store.db
        .selectFrom("api_tokens")
        .selectAll()
        .where("id", "=", token.id)
        .executeTakeFirstOrThrow();
      assert.notEqual(stored.secret_hash, secret.split(".")[2]);
      assert.equal(JSON.stringify(stored).includes(secret.split(".")[2]), false);
      const list = await t.app.inject({
        method: "GET",
        url: "/api/v1/api-tokens",
        headers: viewer,
      });
      assert.equal(JSON.stringify(list.json()).includes(secret.split(".")[2]), false);
      const me = await t.app.inject({
        method: "GET",
        url: "/api/v1/auth/me",
        headers: { authorization: `Bearer ${secret}` },
      });
      assert.equal(me.json().name, "viewer-2");
      const other = await t.app.inject({
        method: "POST",
        url: "/api/v1/api-tokens",
        headers: viewer,
        payload: { user: "admin" },
      });
      assert.equal(other.statusCode, 403);
      assert.equal(
        (
          await t.app.inject({
            method: "DELETE",
            url: `/api/v1/api-tokens/${token.id}`,
            headers: viewer,
          })
        ).statusCode,
        200,
      );
      const after = await t.app.inject({
        method: "GET",
        url: "/api/v1/auth/me",
        headers: { authorization: `Bearer ${secret}` },
      });
      assert.equal(after.statusCode, 401);
      assert.match(after.json().error.message, /revoked/);
    });

    it("the last active admin cannot be demoted or disabled", async () => {
      const admin = await t.as("admin");
      for (const payload of [{ role: "viewer" }, { disabled: true }]) {
        const res = await t.app.inject({
          method: "PATCH",
          url: "/api/v1/users/admin",
          headers: admin,
          payload,
        });
        assert.equal(res.statusCode, 409);
        assert.equal(res.json().error.code, "last_admin");
      }
      await t.app.inject({
        method: "PATCH",
        url: "/api/v1/users/viewer-2",
        headers: admin,
        payload: { role: "admin" },
      });
      const ok = await t.app.inject({
        method: "PATCH",
        url: "/api/v1/users/viewer-2",
        headers: admin,
        payload: { role: "viewer" },
      });
      assert.equal(ok.statusCode, 200, "not the last one: allowed");
    });

    it("a disabled user's tokens stop working", async () => {
      const h = await t.as("assessor", "leaver");
      assert.equal(
        (await t.app.inject({ method: "GET", url: "/api/v1/auth/me", headers: h })).statusCode,
        200,
      );
      const res = await t.app.inject({
        method: "PATCH",
        url: "/api/v1/users/leaver",
        headers: await t.as("admin"),
        payload: { disabled: true },
      });
      assert.equal(res.json().disabled, true);
      assert.equal(
        (await t.app.inject({ method: "GET", url: "/api/v1/auth/me", headers: h })).statusCode,
        401,
      );
    });

    it("rejects malformed and oversized bodies with a clear code", async () => {
      const admin = await t.as("admin");
      const notJson = await t.app.inject({
        method: "POST",
        url: "/api/v1/users",
        headers: { ...admin, "content-type": "application/json" },
        payload: "{nope",
      });
      assert.equal(notJson.statusCode, 400);
      assert.equal(notJson.json().error.code, "invalid_json");
      const big = await t.app.inject({
        method: "POST",
        url: "/api/v1/users",
        headers: { ...admin, "content-type": "application/json" },
        payload: JSON.stringify({ name: "x".repeat(2_000_000) }),
      });
      assert.equal(big.statusCode, 413);
      const extra = await t.app.inject({
        method: "POST",
        url: "/api/v1/users",
        headers: admin,
        payload: { name: "ok-name", role: "viewer", isAdmin: true },
      });
      assert.equal(extra.statusCode, 400);
      assert.match(extra.json().error.message, /isAdmin/);
    });
  });
}
