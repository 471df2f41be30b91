// A public client (no secret, PKCE only) with the WLCG profile's `wlcg.groups` claim and a
// default role, plus the redirect URL (configured, or derived behind a proxy) and the cookie.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { openStore } from "../../src/store/index.js";
import { Browser, oidcLogin } from "./browser.js";
import { startProvider, type ProviderProcess } from "./provider-process.js";
import { startTtt, type TttServer } from "./ttt-server.js";

const CALLBACK = "/api/v1/auth/oidc/callback";
const memory = () => openStore({ dataDir: "", sqliteFile: ":memory:" });

describe("OIDC with a public client and wlcg.groups", { timeout: 120_000 }, () => {
  let idp: ProviderProcess;
  let t: TttServer;
  let fixed: TttServer;

  before(async () => {
    idp = await startProvider();
    const env = {
      TTT_OIDC_ISSUER: idp.issuer,
      TTT_OIDC_CLIENT_ID: "ttt-public",
      TTT_OIDC_SCOPES: "openid profile wlcg.groups",
      TTT_OIDC_ROLE_CLAIM: "wlcg.groups",
      TTT_OIDC_ROLE_MAP: '{"/wlcg/ttt/facilitators":"facilitator"}',
      TTT_OIDC_DEFAULT_ROLE: "viewer",
    };
    t = await startTtt(await memory(), env);
    fixed = await startTtt(await memory(), {
      ...env,
      TTT_OIDC_REDIRECT_URL: `https://ttt.example.org${CALLBACK}`,
    });
    await idp.configure({
      clients: [
        {
          client_id: "ttt-public",
          token_endpoint_auth_method: "none",
          redirect_uris: [`${t.base}${CALLBACK}`, `https://ttt.example.org${CALLBACK}`],
        },
      ],
      accounts: {
        carol: {
          preferred_username: "Carol.Ünal",
          "wlcg.groups": ["/wlcg", "/wlcg/ttt/facilitators"],
        },
        dave: {
          preferred_username: "dave",
          groups: ["/wlcg/ttt/facilitators"],
          "wlcg.groups": ["/wlcg"],
        },
      },
    });
  });

  after(async () => {
    await t?.close();
    await fixed?.close();
    await idp?.stop();
  });

  const me = async (browser: Browser) => {
    const cookie = `ttt_session=${browser.cookie(t.base, "ttt_session") ?? ""}`;
    return (await fetch(`${t.base}/api/v1/auth/me`, { headers: { cookie } })).json();
  };

  it("maps the literal claim `wlcg.groups` (not a path), with no client secret", async () => {
    const browser = new Browser();
    const run = await oidcLogin(browser, t.base, "carol");
    assert.equal(run.authorizationUrl.searchParams.get("scope"), "openid profile wlcg.groups");
    assert.equal(run.authorizationUrl.searchParams.get("code_challenge_method"), "S256");
    assert.equal(run.final?.pathname, "/");
    assert.deepEqual(await me(browser), {
      name: "carol.unal",
      role: "facilitator",
      via: "session",
    });
  });

  it("gives the default role when no group maps; other claims do not count", async () => {
    const browser = new Browser();
    assert.equal((await oidcLogin(browser, t.base, "dave")).final?.pathname, "/");
    assert.deepEqual(await me(browser), { name: "dave", role: "viewer", via: "session" });
  });

  it("sets the login cookie HttpOnly, SameSite=Lax, on the OIDC paths only", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/v1/auth/oidc/login" });
    assert.equal(res.statusCode, 302);
    const cookie = [res.headers["set-cookie"]].flat().find((c) => c?.startsWith("ttt_oidc="));
    assert.match(cookie ?? "", /HttpOnly/);
    assert.match(cookie ?? "", /SameSite=Lax/);
    assert.match(cookie ?? "", /Path=\/api\/v1\/auth\/oidc(;|$)/);
    assert.doesNotMatch(cookie ?? "", /Secure/);
    assert.equal(res.headers["cache-control"], "no-store");
  });

  it("derives the redirect URL from the request, behind a proxy too; a configured one wins", async () => {
    const behind = await t.app.inject({
      method: "GET",
      url: "/api/v1/auth/oidc/login",
      headers: { "x-forwarded-proto": "https", "x-forwarded-host": "ttt.example.net" },
    });
    const location = new URL(String(behind.headers.location));
    assert.equal(location.searchParams.get("redirect_uri"), `https://ttt.example.net${CALLBACK}`);
    assert.match(String(behind.headers["set-cookie"]), /Secure/, "Secure behind TLS");
    const configured = await fixed.app.inject({ method: "GET", url: "/api/v1/auth/oidc/login" });
    const at = new URL(String(configured.headers.location));
    assert.equal(at.searchParams.get("redirect_uri"), `https://ttt.example.org${CALLBACK}`);
  });
});
