// A dCache line naming several tokens (`user.jti=a@op,b@op`) is found by each of them, and a ban
// of any of them raises an alert: on both databases.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Actor } from "../../accounts/index.js";
import { createContext, type AppContext } from "../../app/context.js";
import { FixedClock } from "../../core/clock.js";
import { storeKinds } from "../../test-support/stores.js";
import { fileSources } from "../ingest/log-source.js";
import { otherJtis, otherSubs } from "./also-named.js";
import { EventsRepository } from "./events.repository.js";

const LINE =
  "level=INFO ts=2024-09-03T10:11:12.345+00:00 event=org.dcache.webdav.request " +
  "session=door:webdav-1@webdavDomain:S1 request.method=GET " +
  "request.url=https://dcache.example.org:2880/data/vo/f1 socket.remote=192.0.2.10:51234 " +
  "user.sub=carol@example.org@egi-checkin,8f1e@wlcg user.jti=j-1@egi-checkin,j-2@wlcg " +
  "response.code=200\n";

describe("otherJtis / otherSubs", () => {
  test("the values after the first, without their @op, once each", () => {
    const e = {
      jti: "j-1",
      sub: "carol@example.org",
      details: { jtis: "j-1@a,j-2@b,j-3,j-2@c,", subjects: "carol@example.org@a,8f1e@b" },
    };
    assert.deepEqual(otherJtis(e), ["j-2", "j-3"]);
    assert.deepEqual(otherSubs(e), ["8f1e"]);
  });
  test("nothing when the line names one, or details are absent or of another type", () => {
    assert.deepEqual(otherJtis({ jti: "j", sub: null, details: { jtis: "j@op" } }), []);
    assert.deepEqual(otherJtis({ jti: "j", sub: null, details: null }), []);
    assert.deepEqual(otherSubs({ jti: null, sub: "s", details: { subjects: 7 } }), []);
  });
});

for (const kind of await storeKinds()) {
  describe(`several tokens on one dCache line (${kind.name})`, { skip: kind.skip }, () => {
    let ctx: AppContext;
    let admin: Actor;
    let dir: string;
    let alerts: number;
    before(async () => {
      ctx = createContext({
        store: await kind.open(),
        clock: new FixedClock("2024-09-04T00:00:00Z"),
      });
      await ctx.accounts.ensureAdmin("admin-password-1");
      admin = await ctx.accounts.localActor("admin");
      await ctx.bans.create(admin, {
        kind: "token",
        iss: "https://wlcg.example.org/",
        jti: "j-2",
        reason: "second token of the request",
        startsAt: "2024-09-01T00:00:00Z",
        expiresAt: "2024-09-30T00:00:00Z",
      });
      dir = mkdtempSync(join(tmpdir(), "ttt-also-named-"));
      writeFileSync(join(dir, "webdavDomain.access"), LINE);
      const run = await ctx.ingest.ingest(admin, await fileSources([dir], "site-01"), {
        origin: "test",
      });
      assert.equal(run.events, 1);
      alerts = run.alerts;
    });
    after(async () => {
      rmSync(dir, { recursive: true, force: true });
      await ctx.store.close();
    });

    test("the event is found by every jti and subject it names", async () => {
      const events = new EventsRepository(ctx.store.db);
      for (const [k, v] of [
        ["jti", "j-1"],
        ["jti", "j-2"],
        ["sub", "carol@example.org"],
        ["sub", "8f1e"],
      ] as const)
        assert.equal((await events.byKey(k, v)).length, 1, `${k} ${v}`);
      assert.deepEqual(await events.byKey("jti", "j-3"), []);
    });

    test("a ban of the second token raises an alert", async () => {
      assert.equal(alerts, 1);
      const list = await ctx.alerts.list(admin, {});
      assert.equal(list.length, 1);
      assert.match(JSON.stringify(list[0]), /jti j-2/);
    });

    test("reading the file again replaces its alert instead of raising a second one", async () => {
      const again = await ctx.ingest.ingest(admin, await fileSources([dir], "site-02"), {
        origin: "test",
        reread: true,
      });
      assert.deepEqual(
        again.reread.map((r) => [r.eventsDeleted, r.alertsDeleted]),
        [[1, 1]],
      );
      assert.equal(again.alerts, 1);
      const list = await ctx.alerts.list(admin, {});
      assert.deepEqual(
        list.map((a) => a.site),
        ["site-02"],
      );
    });
  });
}
