// TTT_OIDC_* settings: validated with the rest of the configuration, each bad value named.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { loadConfig, oidcSettings } from "../../src/app/config.js";
import { ValidationError } from "../../src/core/errors.js";
import { openStore } from "../../src/store/index.js";
import { startTtt } from "./ttt-server.js";

const base = { TTT_OIDC_ISSUER: "https://iam.example.org/", TTT_OIDC_CLIENT_ID: "ttt" };
const rejects = (env: Record<string, string>, pattern: RegExp) =>
  assert.throws(
    () => loadConfig({}, env),
    (e: unknown) => e instanceof ValidationError && pattern.test(e.message),
    `${JSON.stringify(env)} should fail with ${pattern}`,
  );

describe("OIDC configuration", () => {
  it("is off by default and has the documented defaults when on", () => {
    assert.equal(oidcSettings(loadConfig({}, {})), undefined);
    assert.deepEqual(oidcSettings(loadConfig({}, base)), {
      issuer: "https://iam.example.org/",
      clientId: "ttt",
      clientSecret: undefined,
      redirectUrl: undefined,
      scopes: ["openid", "profile", "email"],
      name: "iam.example.org",
      roleClaim: "groups",
      roleMap: {},
      defaultRole: "none",
    });
  });

  it("reads every setting from the environment", () => {
    const s = oidcSettings(
      loadConfig(
        {},
        {
          ...base,
          TTT_OIDC_CLIENT_SECRET: "s3cret",
          TTT_OIDC_REDIRECT_URL: "https://ttt.example.org/api/v1/auth/oidc/callback",
          TTT_OIDC_SCOPES: "openid  profile wlcg.groups",
          TTT_OIDC_NAME: "WLCG IAM",
          TTT_OIDC_ROLE_CLAIM: "wlcg.groups",
          TTT_OIDC_ROLE_MAP: '{"/wlcg/ttt/facilitators":"facilitator"}',
          TTT_OIDC_DEFAULT_ROLE: "viewer",
        },
      ),
    );
    assert.deepEqual(s?.scopes, ["openid", "profile", "wlcg.groups"]);
    assert.deepEqual(s?.roleMap, { "/wlcg/ttt/facilitators": "facilitator" });
    assert.deepEqual(
      [s?.name, s?.roleClaim, s?.defaultRole],
      ["WLCG IAM", "wlcg.groups", "viewer"],
    );
    assert.equal(s?.clientSecret, "s3cret");
  });

  it("takes the role map as an object from a config file", () => {
    const file = join(mkdtempSync(join(tmpdir(), "ttt-oidc-")), "ttt.json");
    writeFileSync(file, JSON.stringify({ oidcRoleMap: { "/g": "admin" }, oidcClientId: "x" }));
    const s = oidcSettings(loadConfig({ config: file }, { TTT_OIDC_ISSUER: base.TTT_OIDC_ISSUER }));
    assert.deepEqual(s?.roleMap, { "/g": "admin" });
  });

  it("rejects bad values, naming the variable", () => {
    rejects({ ...base, TTT_OIDC_ROLE_MAP: "{not json" }, /TTT_OIDC_ROLE_MAP: not valid JSON/);
    rejects(
      { ...base, TTT_OIDC_ROLE_MAP: '["admin"]' },
      /TTT_OIDC_ROLE_MAP: must be a JSON object/,
    );
    rejects(
      { ...base, TTT_OIDC_ROLE_MAP: '{"/g":"boss"}' },
      /TTT_OIDC_ROLE_MAP\["\/g"\]: Invalid option/,
    );
    rejects(
      { ...base, TTT_OIDC_ISSUER: "http://iam.example.org" },
      /TTT_OIDC_ISSUER: must be https/,
    );
    rejects({ ...base, TTT_OIDC_ISSUER: "iam.example.org" }, /TTT_OIDC_ISSUER: must be an http/);
    rejects({ ...base, TTT_OIDC_REDIRECT_URL: "ftp://x/cb" }, /TTT_OIDC_REDIRECT_URL/);
    rejects(
      { ...base, TTT_OIDC_SCOPES: "profile email" },
      /TTT_OIDC_SCOPES: must include "openid"/,
    );
    rejects({ ...base, TTT_OIDC_DEFAULT_ROLE: "root" }, /TTT_OIDC_DEFAULT_ROLE/);
    rejects(
      { TTT_OIDC_ISSUER: base.TTT_OIDC_ISSUER },
      /TTT_OIDC_CLIENT_ID: required when TTT_OIDC_ISSUER/,
    );
    rejects({ TTT_OIDC_CLIENT_ID: "ttt" }, /TTT_OIDC_ISSUER: required when TTT_OIDC_CLIENT_ID/);
  });

  it("allows http issuers on loopback only, and never echoes the client secret", () => {
    for (const issuer of [
      "http://127.0.0.1:4000",
      "http://localhost:4000/realms/x",
      "http://[::1]:4000",
    ])
      assert.equal(
        oidcSettings(loadConfig({}, { ...base, TTT_OIDC_ISSUER: issuer }))?.issuer,
        issuer,
      );
    assert.throws(
      () => loadConfig({}, { ...base, TTT_OIDC_CLIENT_SECRET: "" + "x".repeat(2000) }),
      (e: unknown) =>
        e instanceof ValidationError &&
        /TTT_OIDC_CLIENT_SECRET/.test(e.message) &&
        !/xxxx/.test(e.message),
    );
  });
});

describe("OIDC routes without a provider", () => {
  it("report OIDC off, and send the browser back to the login page", async () => {
    const t = await startTtt(await openStore({ dataDir: "", sqliteFile: ":memory:" }), {});
    try {
      const status = await t.app.inject({ method: "GET", url: "/api/v1/auth/oidc" });
      assert.deepEqual(status.json(), { enabled: false });
      const login = await t.app.inject({ method: "GET", url: "/api/v1/auth/oidc/login" });
      assert.equal(login.headers.location, "/login?error=oidc_not_configured");
    } finally {
      await t.close();
    }
  });

  it("say the provider is unavailable when discovery fails", async () => {
    const env = { TTT_OIDC_ISSUER: "http://127.0.0.1:9", TTT_OIDC_CLIENT_ID: "ttt" };
    const t = await startTtt(await openStore({ dataDir: "", sqliteFile: ":memory:" }), env);
    try {
      const login = await t.app.inject({ method: "GET", url: "/api/v1/auth/oidc/login" });
      assert.equal(login.statusCode, 302);
      assert.equal(login.headers.location, "/login?error=oidc_unavailable");
      assert.ok(t.logs.some((l) => l.includes("oidc_unavailable")));
    } finally {
      await t.close();
    }
  });
});
