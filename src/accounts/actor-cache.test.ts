// The API-token actor cache: a revoked token or a changed user takes effect at once on the
// instance that made the change, and within the cache's 5 s on another instance.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { testApp, type TestApp } from "../test-support/app.js";
import { openStore } from "../store/index.js";

describe("API tokens remembered briefly", () => {
  let dir: string;
  let a: TestApp;
  let b: TestApp;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "ttt-actor-cache-"));
    a = await testApp(await openStore({ dataDir: dir }));
    b = await testApp(await openStore({ dataDir: dir }));
  });
  after(async () => {
    await a.close();
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const me = (t: TestApp, headers: { authorization: string }) =>
    t.app.inject({ method: "GET", url: "/api/v1/bans", headers });

  it("a token revoked on this instance is refused at once", async () => {
    const site = await a.as("site");
    assert.equal((await me(a, site)).statusCode, 200);
    const id = site.authorization.split(".")[1]!;
    const admin = await a.ctx.accounts.localActor("admin");
    await a.ctx.apiTokens.revoke(admin, id);
    assert.equal((await me(a, site)).statusCode, 401);
  });

  it("a user disabled on another instance is refused here once the cache entry ages out", async () => {
    const rita = await a.as("responder", "rita");
    assert.equal((await me(a, rita)).statusCode, 200); // remembered on A
    await b.ctx.accounts.updateUser(await b.ctx.accounts.localActor("admin"), "rita", {
      disabled: true,
    });
    assert.equal((await me(b, rita)).statusCode, 401, "B made the change: at once");
    assert.equal((await me(a, rita)).statusCode, 200, "A still remembers (at most 5 s)");
    a.clock.advance(5001);
    assert.equal((await me(a, rita)).statusCode, 401);
  });
});
