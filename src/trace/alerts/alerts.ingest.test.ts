import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { storeKinds } from "../../test-support/stores.js";
import { dcacheLine } from "../../test-support/log-lines.js";
import { testApp, type TestApp } from "../../test-support/app.js";
import { generateLogs } from "../gen/gen-logs.service.js";
import { parseGenLogsOptions } from "../gen/gen-logs.schema.js";
import { fileSources } from "../ingest/log-source.js";
import type { Alert } from "./alert.model.js";

interface Truth {
  stolen: { iss: string; sub: string; jti: string };
  tokens: Array<{ jti: string; parent: string | null }>;
}

const DAY2 = Date.parse("2024-09-03T00:00:00Z");
const DAY1_NAMES = /2024-09-02|20240902|2024\.09\.02/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

/**
 * Alerts on ingest (issue 8): day 1 is ingested, a responder bans the victim's identity from the
 * start of day 2 and the stolen access token, then day 2 is ingested: every day-2 line of that
 * identity or token raises an alert, no line before the ban does, the webhook gets them all, and
 * responders read them over the API. On both databases.
 */
for (const kind of await storeKinds())
  describe(`alerts raised by ingest (${kind.name})`, { skip: kind.skip }, () => {
    let dir: string;
    let t: TestApp;
    let truth: Truth;
    let server: Server;
    const received: Alert[] = [];
    let day2: { alerts: number; events: number };
    let incidentId: string;
    const admin = () => t.ctx.accounts.localActor("admin");

    before(async () => {
      server = createServer((req, res) => {
        let body = "";
        req.on("data", (c: Buffer) => (body += c.toString()));
        req.on("end", () => {
          received.push(...(JSON.parse(body) as { alerts: Alert[] }).alerts);
          res.writeHead(204).end();
        });
      });
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      const port = (server.address() as AddressInfo).port;
      dir = mkdtempSync(join(tmpdir(), "ttt-alerts-"));
      await generateLogs(
        parseGenLogsOptions({ out: dir, sites: 3, days: 2, users: 40, seed: 7, compromise: true }),
      );
      truth = JSON.parse(readFileSync(join(dir, "ground-truth.json"), "utf8")) as Truth;
      t = await testApp(await kind.open(), {
        trace: { alertWebhook: { url: `http://127.0.0.1:${port}/hook`, secret: null } },
      });
      const a = await admin();
      const day1 = files(dir).filter((f) => DAY1_NAMES.test(f));
      const first = await t.ctx.ingest.ingest(a, await fileSources(day1, "auto"), {
        origin: "test",
      });
      assert.equal(first.alerts, 0, "no bans yet");
      incidentId = (await t.ctx.incidents.create(a, { title: "stolen token", tlp: "AMBER" })).id;
      await t.ctx.bans.create(a, {
        incident: incidentId,
        kind: "identity",
        iss: truth.stolen.iss,
        sub: truth.stolen.sub,
        reason: "stolen refresh token",
        startsAt: new Date(DAY2).toISOString(),
      });
      const a1 = truth.tokens.find((x) => x.parent === truth.stolen.jti)!.jti;
      await t.ctx.bans.create(a, {
        kind: "token",
        iss: truth.stolen.iss,
        jti: a1,
        reason: "access token minted by the attacker",
        startsAt: new Date(DAY2).toISOString(),
      });
      day2 = await t.ctx.ingest.ingest(a, await fileSources([dir], "auto"), { origin: "test" });
    });
    after(async () => {
      await t.close();
      server.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test("every day-2 line of the banned identity raises one alert; nothing before the ban", async () => {
      const a = await admin();
      const all = await t.ctx.alerts.list(a, { limit: 10_000 });
      assert.equal(all.length, day2.alerts);
      const bySub = await t.ctx.trace.trace(a, {
        by: "sub",
        value: truth.stolen.sub,
        iss: truth.stolen.iss,
        limit: 100_000,
      });
      const expected = bySub.timeline.filter((e) => e.timeMs >= DAY2).map((e) => e.id);
      const identity = all.filter((x) => x.matched.startsWith("sub "));
      assert.deepEqual(identity.map((x) => x.eventId).sort(), [...expected].sort());
      assert.ok(expected.length > 20);
      assert.ok(all.every((x) => x.eventTimeMs >= DAY2 && x.kind === "banned"));
    });

    test("the incident of the identity ban shows its alerts", async () => {
      const a = await admin();
      const view = await t.ctx.incidents.get(a, incidentId);
      const identity = (await t.ctx.alerts.list(a, { limit: 10_000 })).filter((x) =>
        x.matched.startsWith("sub "),
      );
      assert.equal(view.alertCount, identity.length);
      assert.equal(view.alerts.length, Math.min(100, identity.length));
      assert.ok(view.alerts.every((x) => x.banId === view.bans[0]!.id));
      const times = view.alerts.map((x) => x.eventTimeMs);
      assert.deepEqual(
        times,
        [...times].sort((x, y) => y - x),
        "newest first",
      );
    });

    test("the token ban alerts exactly on the lines naming that jti", async () => {
      const a = await admin();
      const a1 = truth.tokens.find((x) => x.parent === truth.stolen.jti)!.jti;
      const all = await t.ctx.alerts.list(a, { limit: 10_000 });
      const byJti = all.filter((x) => x.matched.startsWith(`jti ${a1}`));
      const own = await t.ctx.trace.trace(a, { by: "jti", value: a1, iss: truth.stolen.iss });
      const named = own.timeline.filter((e) => e.jti === a1).map((e) => e.id);
      assert.deepEqual(byJti.map((x) => x.eventId).sort(), [...named].sort());
      assert.ok(
        byJti.some((x) => x.matched.includes("logs no issuer")),
        "dCache logs no iss",
      );
    });

    test("ingesting the same logs again raises nothing new", async () => {
      const again = await t.ctx.ingest.ingest(await admin(), await fileSources([dir], "auto"), {
        origin: "test",
      });
      assert.equal(again.alerts, 0);
    });

    test("the webhook received every alert; the API lists them to responders only", async () => {
      const deadline = Date.now() + 10_000;
      while (received.length < day2.alerts && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      assert.equal(received.length, day2.alerts);
      const res = await t.app.inject({
        url: "/api/v1/alerts?kind=banned&limit=5",
        headers: await t.as("responder"),
      });
      assert.equal(res.statusCode, 200);
      assert.equal(res.json<{ alerts: Alert[] }>().alerts.length, 5);
      const site = await t.app.inject({ url: "/api/v1/alerts", headers: await t.as("site") });
      assert.equal(site.statusCode, 403);
      const bad = await t.app.inject({
        url: "/api/v1/alerts?since=yesterday",
        headers: await t.as("responder"),
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /since/);
    });

    test("responders acknowledge an alert once, with a note; the open queue shrinks; audited", async () => {
      const responder = await t.as("responder");
      const list = async (q: string) => {
        const res = await t.app.inject({ url: `/api/v1/alerts?${q}`, headers: responder });
        assert.equal(res.statusCode, 200, res.body);
        return res.json<{ alerts: Alert[] }>().alerts;
      };
      const open = await list("state=open&limit=10000");
      assert.equal(open.length, day2.alerts, "all open at first");
      const target = open[0]!;
      const ack = (headers: { authorization: string }, body: unknown, id = target.id) =>
        t.app.inject({
          method: "POST",
          url: `/api/v1/alerts/${encodeURIComponent(id)}/ack`,
          headers,
          payload: body as object,
        });
      assert.equal((await ack(await t.as("site"), {})).statusCode, 403);
      const long = await ack(responder, { note: "x".repeat(2001) });
      assert.equal(long.statusCode, 400);
      assert.match(long.body, /note/);
      assert.equal((await ack(responder, {}, "banned:nope:1")).statusCode, 404);
      const nul = await ack(responder, { note: "a\u0000b" });
      assert.equal(nul.statusCode, 400, nul.body);
      assert.match(nul.body, /NUL/);
      const esc = await ack(responder, { note: "red \u001b[31m text" });
      assert.equal(esc.statusCode, 400, esc.body);
      assert.match(esc.body, /note.*control characters/);
      const csi = await ack(responder, { note: "red \u009b31m text" });
      assert.equal(csi.statusCode, 400, csi.body);
      assert.equal((await ack(responder, {}, "banned nope")).statusCode, 400);

      const done = await ack(responder, { note: "victim's session killed, token revoked at IAM" });
      assert.equal(done.statusCode, 200, done.body);
      const { alert } = done.json<{ alert: Alert }>();
      assert.equal(alert.id, target.id);
      assert.deepEqual(alert.ack, {
        at: t.clock.now().toISOString(),
        by: "responder",
        note: "victim's session killed, token revoked at IAM",
      });
      const twice = await ack(await t.as("admin"), { note: "me too" });
      assert.equal(twice.statusCode, 409);
      assert.match(twice.body, /acknowledged by responder at /);

      assert.equal((await list("state=open&limit=10000")).length, day2.alerts - 1);
      const acked = await list("state=acknowledged");
      assert.deepEqual(
        acked.map((x) => [x.id, x.ack?.note]),
        [[target.id, "victim's session killed, token revoked at IAM"]],
      );
      const audit = await t.ctx.audit.list(await admin(), {
        target: `alert:${target.id}`,
        limit: 10,
      });
      assert.deepEqual(
        audit.map((e) => [e.action, e.actor]),
        [["alert.acknowledge", "responder"]],
      );
    });

    test("an alert carries the client id when its line names one", async () => {
      const all = await t.ctx.alerts.list(await admin(), { limit: 10_000 });
      const events = await t.ctx.trace.trace(await admin(), {
        by: "sub",
        value: truth.stolen.sub,
        iss: truth.stolen.iss,
      });
      const clientOf = new Map(events.timeline.map((e) => [e.id, e.clientId]));
      const named = all.filter((x) => clientOf.get(x.eventId) != null);
      assert.ok(named.length > 0, "some alerted lines name a client");
      for (const x of named) assert.equal(x.clientId, clientOf.get(x.eventId));
    });

    test("a token used after its exp raises an expired-token alert", async () => {
      const a = await admin();
      const issued = await t.ctx.trace.trace(a, {
        by: "sub",
        value: truth.stolen.sub,
        iss: truth.stolen.iss,
      });
      const token = issued.timeline.find(
        (e) => e.component === "iam" && e.action === "token.refreshed" && e.tokenExp !== null,
      )!;
      const late = mkdtempSync(join(tmpdir(), "ttt-alerts-late-"));
      try {
        // the IAM line and a dCache use 10 days later, in one run (IAM's logs are read first)
        const iamLine = readFileSync(token.source.file, "utf8").split("\n")[token.source.line - 1]!;
        writeFileSync(join(late, "iam-audit.log"), `${iamLine}\n`);
        writeFileSync(join(late, "zz.access"), `${dcacheLine(0, { jti: token.jti! })}\n`);
        const run = await t.ctx.ingest.ingest(a, await fileSources([late], "site-99"), {
          origin: "test",
        });
        assert.ok(run.alerts >= 1);
        await t.ctx.alerts.idle();
        assert.equal(received.length, day2.alerts + 1, "the webhook got it too");
        const expired = await t.ctx.alerts.list(a, { kind: "expired-token", limit: 10 });
        assert.equal(expired.length, 1);
        assert.equal(expired[0]!.jti, token.jti);
        assert.match(expired[0]!.matched, /used \d+ s after its exp/);
      } finally {
        rmSync(late, { recursive: true, force: true });
      }
    });
  });
