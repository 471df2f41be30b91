// Log in with OIDC end to end: a real oidc-provider process on loopback, a real TTT server on a
// socket, and the whole dance over fetch with manual redirects — on SQLite and PostgreSQL.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { Browser, oidcLogin } from "./browser.js";
import {
  CALLBACK,
  confidentialWorld,
  errorOf,
  kinds,
  me as meOn,
  person,
  type World,
} from "./confidential-world.js";

const JWT = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}/;

describe("log in with OIDC against a real provider", { timeout: 180_000 }, () => {
  let world: World;
  before(async () => {
    world = await confidentialWorld();
  });
  after(() => world?.close());

  for (const kind of kinds) {
    describe(`on ${kind}`, () => {
      const p = (who: string) => person(kind, who);
      const server = (k: string) => world.server(k);
      const me = (browser: Browser) => meOn(world.server(kind), browser);

      it("reports itself enabled, with the button's name", async () => {
        const res = await fetch(`${server(kind).base}/api/v1/auth/oidc`);
        assert.deepEqual(await res.json(), { enabled: true, name: "Test IdP" });
      });
      it("logs in a facilitator by the role map, with PKCE S256, state and nonce", async () => {
        const t = server(kind);
        const browser = new Browser();
        let stored: { code_verifier: string; state: string; nonce: string } | undefined;
        const run = await oidcLogin(browser, t.base, p("alice"), {
          beforeCallback: async (cb) => {
            stored = await t.ctx.store.db
              .selectFrom("oidc_transactions")
              .selectAll()
              .executeTakeFirstOrThrow();
            return cb;
          },
        });
        const q = run.authorizationUrl.searchParams;
        assert.equal(run.authorizationUrl.origin, world.idp.issuer);
        assert.equal(q.get("response_type"), "code");
        assert.equal(q.get("client_id"), "ttt-confidential");
        assert.equal(q.get("redirect_uri"), `${t.base}${CALLBACK}`);
        assert.equal(q.get("scope"), "openid profile email");
        assert.equal(q.get("code_challenge_method"), "S256");
        const challenge = createHash("sha256")
          .update(stored?.code_verifier ?? "")
          .digest("base64url");
        assert.equal(
          q.get("code_challenge"),
          challenge,
          "the challenge is S256 of the stored verifier",
        );
        assert.equal(q.get("state"), stored?.state);
        assert.equal(q.get("nonce"), stored?.nonce);
        assert.equal(q.has("code_verifier"), false);
        assert.equal(run.final?.pathname, "/");

        const who = await me(browser);
        assert.equal(who.status, 200);
        assert.deepEqual(who.body, { name: "alice", role: "facilitator", via: "session" });
        const cookie = `ttt_session=${browser.cookie(t.base, "ttt_session")}`;
        const list = await fetch(`${t.base}/api/v1/assessments`, { headers: { cookie } });
        assert.equal(list.status, 200, "the session cookie works on the API");

        const db = t.ctx.store.db;
        const user = await db
          .selectFrom("users")
          .selectAll()
          .where("name", "=", "alice")
          .executeTakeFirstOrThrow();
        assert.deepEqual(
          [user.external_iss, user.external_sub, user.password_hash],
          [world.idp.issuer, p("alice"), null],
        );
        assert.equal(user.display_name, "Alice A.");
        const audit = await db
          .selectFrom("audit_log")
          .selectAll()
          .where("target", "=", "user:alice")
          .orderBy("seq")
          .execute();
        assert.deepEqual(
          audit.map((a) => [a.action, a.actor]),
          [
            ["user.create", "oidc"],
            ["session.create", "alice"],
          ],
        );
        assert.deepEqual(JSON.parse(audit[1]?.after ?? "null"), {
          via: "oidc",
          issuer: world.idp.issuer,
        });
        assert.equal(
          (await db.selectFrom("oidc_transactions").selectAll().execute()).length,
          0,
          "consumed",
        );

        // Nothing token-like is stored or logged; the log names iss and sub.
        const code = run.callbackUrl?.searchParams.get("code") ?? assert.fail("no code");
        for (const table of ["users", "sessions", "audit_log", "oidc_transactions"] as const) {
          const dump = JSON.stringify(await db.selectFrom(table).selectAll().execute());
          assert.doesNotMatch(dump, JWT, table);
          assert.equal(dump.includes(code), false, table);
        }
        const logs = t.logs.join("\n");
        assert.doesNotMatch(logs, JWT);
        assert.equal(logs.includes(code), false, "the authorization code is not logged");
        assert.ok(
          t.logs.some((l) => l.includes('"OIDC login"') && l.includes(p("alice"))),
          logs,
        );

        const replay = await browser.request(run.callbackUrl ?? assert.fail());
        assert.equal(errorOf(replay.location), "oidc_bad_state", "a callback is good once");
      });
      it("updates the role on every login from the current groups", async () => {
        const browser = new Browser();
        await world.idp.configure({
          accounts: {
            [p("alice")]: {
              preferred_username: "alice",
              groups: ["/wlcg/ttt/admins", "/wlcg/ttt/assessors"],
            },
          },
        });
        assert.equal(
          (await oidcLogin(browser, server(kind).base, p("alice"))).final?.pathname,
          "/",
        );
        assert.equal((await me(browser)).body.role, "admin", "the widest matching role wins");
        await world.idp.configure({
          accounts: {
            [p("alice")]: { preferred_username: "alice", groups: ["/wlcg/ttt/assessors"] },
          },
        });
        // The same browser: the provider's session is reused, no login form this time.
        assert.equal(
          (await oidcLogin(browser, server(kind).base, p("alice"))).final?.pathname,
          "/",
        );
        assert.deepEqual((await me(browser)).body, {
          name: "alice",
          role: "assessor",
          via: "session",
        });
        const users = await server(kind)
          .ctx.store.db.selectFrom("users")
          .select("name")
          .where("external_sub", "=", p("alice"))
          .execute();
        assert.equal(users.length, 1, "still one linked user");
      });
      it("refuses a login when no group maps and the default role is none", async () => {
        const t = server(kind);
        const run = await oidcLogin(new Browser(), t.base, p("mallory"));
        assert.equal(errorOf(run.final), "oidc_no_role");
        const linked = await t.ctx.store.db
          .selectFrom("users")
          .selectAll()
          .where("external_sub", "=", p("mallory"))
          .execute();
        assert.equal(linked.length, 0);
        const line = t.logs.find((l) => l.includes("oidc_no_role")) ?? assert.fail("not logged");
        assert.ok(line.includes(p("mallory")) && line.includes(world.idp.issuer), line);
      });
      it("never takes over a local user by name; local logins keep working", async () => {
        const t = server(kind);
        const browser = new Browser();
        assert.equal((await oidcLogin(browser, t.base, p("root"))).final?.pathname, "/");
        assert.deepEqual((await me(browser)).body, {
          name: "admin-2",
          role: "facilitator",
          via: "session",
        });
        const local = await fetch(`${t.base}/api/v1/auth/login`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ username: "admin", password: "admin-password-1" }),
        });
        assert.equal(local.status, 200);
        assert.deepEqual(((await local.json()) as { user: unknown }).user, {
          name: "admin",
          role: "admin",
        });
      });
      it("returns to a same-site path only", async () => {
        const t = server(kind);
        const run = await oidcLogin(new Browser(), t.base, p("root"), {
          query: "?return=%2Fassessments%2Fwlcg%3Ftab%3Drows",
        });
        assert.equal(`${run.final?.pathname}${run.final?.search}`, "/assessments/wlcg?tab=rows");
        for (const bad of [
          "//evil.example/x",
          "https://evil.example/",
          "/\\evil.example",
          "relative",
        ]) {
          const res = await fetch(
            `${t.base}/api/v1/auth/oidc/login?return=${encodeURIComponent(bad)}`,
            { redirect: "manual" },
          );
          assert.equal(res.status, 400, bad);
        }
      });
    });
  }
});
