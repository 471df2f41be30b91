// Bans made elsewhere reach every stream: through a second server instance on the same
// PostgreSQL schema (poll and push, both instances dispatching, no SET sent twice), and through
// the CLI path (a BansService on its own connection to the same SQLite file) while a server runs.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createContext } from "../../app/context.js";
import { systemClock } from "../../core/clock.js";
import { openStore } from "../../store/index.js";
import { openPgStores, storeKinds } from "../../test-support/stores.js";
import { BAN_CREATED } from "../event-types.js";
import { eventOf, eventually, feedApp, type FeedApp, type Headers } from "./transmitter.fixture.js";

const ISS = "https://iam.example.org/";
const pgSkip = (await storeKinds()).find((k) => k.name === "postgres")?.skip;

const jtiOf = (set: string): string =>
  JSON.parse(Buffer.from(set.split(".")[1]!, "base64url").toString()).jti;

describe("two instances on one PostgreSQL schema", { skip: pgSkip }, () => {
  let a: FeedApp;
  let b: FeedApp;
  let keyDir: string;
  let site: Headers;
  let onB: Headers;
  before(async () => {
    const [sa, sb] = await openPgStores(2);
    keyDir = mkdtempSync(join(tmpdir(), "ttt-feed-shared-"));
    // one key directory, as instances sharing a volume would
    a = await feedApp(sa!, { clock: systemClock, syncInstances: true, keyDir });
    b = await feedApp(sb!, { clock: systemClock, syncInstances: true, keyDir });
    site = await a.as("site", "SITE-M");
    onB = await b.as("responder", "resp-b");
  });
  after(async () => {
    await a.close();
    await b.close();
    rmSync(keyDir, { recursive: true, force: true });
  });

  it("a ban made through instance B reaches a stream polled on instance A (long poll wakes)", async () => {
    const s = await a.call(site, "POST", "/api/v1/ssf/streams", {
      events_requested: [BAN_CREATED],
    });
    const waiting = a.call(site, "POST", `/api/v1/ssf/poll/${s.stream_id}`, {});
    await new Promise((r) => setTimeout(r, 100));
    const ban = await b.call(onB, "POST", "/api/v1/bans", {
      kind: "token",
      iss: ISS,
      jti: "via-b",
      reason: "r",
    });
    const res = await waiting;
    const sets = Object.values<string>(res.sets);
    assert.equal(sets.length, 1);
    assert.equal(eventOf(await a.verify(sets[0]!, "site:SITE-M")).body.ban.id, ban.id);
  });

  it("pushes every change once while both instances dispatch", async () => {
    const got: string[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        got.push(body);
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      await a.call(site, "POST", "/api/v1/ssf/streams", {
        delivery: { method: "urn:ietf:rfc:8935", endpoint_url: url },
        events_requested: ["urn:ttt:secevent:ban-created:v1", "urn:ttt:secevent:ban-lifted:v1"],
      });
      const onA = await a.as("responder", "resp-a");
      const made = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 === 0 ? a : b).call(i % 2 === 0 ? onA : onB, "POST", "/api/v1/bans", {
            kind: "token",
            iss: ISS,
            jti: `multi-${i}`,
            reason: "r",
          }),
        ),
      );
      for (const m of made.slice(0, 5))
        await b.call(onB, "POST", `/api/v1/bans/${m.id}/lift`, { reason: "done" });
      // 1 earlier ban (bootstrap) + 20 created + 5 lifted
      await eventually(() => (got.length >= 26 ? true : undefined), 10_000);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(got.length, 26, "no SET sent twice");
      const perChange = new Map<string, Set<string>>();
      for (const set of got) {
        const e = eventOf(await a.verify(set, "site:SITE-M"));
        const key = `${e.body.ban.id} ${e.type}`;
        perChange.set(key, (perChange.get(key) ?? new Set()).add(jtiOf(set)));
      }
      assert.equal(perChange.size, 26);
      for (const jtis of perChange.values()) assert.equal(jtis.size, 1);
    } finally {
      await new Promise((ok) => server.close(() => ok(undefined)));
    }
  });
});

describe("a ban made by the CLI on the same SQLite file while the server runs", () => {
  let dir: string;
  let t: FeedApp;
  let site: Headers;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "ttt-feed-cli-"));
    const store = await openStore({ dataDir: dir });
    t = await feedApp(store, { clock: systemClock, syncInstances: true });
    site = await t.as("site", "SITE-C");
  });
  after(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reaches a poll stream and a push stream", async () => {
    const pushed: string[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        pushed.push(body);
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const polled = await t.call(site, "POST", "/api/v1/ssf/streams", {});
      await t.call(site, "POST", "/api/v1/ssf/streams", {
        delivery: { method: "urn:ietf:rfc:8935", endpoint_url: url },
        events_requested: [BAN_CREATED],
      });
      const cliStore = await openStore({ dataDir: dir });
      try {
        const cli = createContext({ store: cliStore });
        const admin = await cli.accounts.localActor("admin");
        const ban = await cli.bans.create(admin, {
          kind: "identity",
          iss: ISS,
          sub: "eve",
          reason: "cli",
        });
        const res = await t.call(site, "POST", `/api/v1/ssf/poll/${polled.stream_id}`, {
          returnImmediately: true,
        });
        const ids = await Promise.all(
          Object.values<string>(res.sets).map(
            async (s) => eventOf(await t.verify(s, "site:SITE-C")).body.ban?.id,
          ),
        );
        assert.ok(ids.includes(ban.id));
        await eventually(() => (pushed.length >= 1 ? true : undefined));
        assert.equal(eventOf(await t.verify(pushed[0]!, "site:SITE-C")).body.ban.id, ban.id);
      } finally {
        await cliStore.close();
      }
    } finally {
      await new Promise((ok) => server.close(() => ok(undefined)));
    }
  });
});
