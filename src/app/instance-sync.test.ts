// Several instances on one store: a ban made or lifted through one is enforced by the others,
// and a trusted issuer removed (or a key it withdrew, once refreshed) through one stops
// verifying at the others — through PostgreSQL
// LISTEN/NOTIFY (and a full resync after the listen connection is lost), and on SQLite when
// another connection (a CLI on the same file) writes.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { testApp, type TestApp } from "../test-support/app.js";
import { makeIssuer, sign } from "../test-support/token-factory.js";
import { openPgStores, PG_URL, storeKinds } from "../test-support/stores.js";
import { BansRepository } from "../bans/index.js";
import { openStore, txRunner } from "../store/index.js";
import { makeBan } from "../test-support/ban-factory.js";
import {
  makeKey,
  signToken,
  startJwksServer,
  type JwksServer,
} from "../test-support/jwks-server.js";

const ISS = "https://iam.example.org/";
type Headers = { authorization: string };

/**
 * A loopback issuer publishing two keys, trusted through `on`; returns a token signed with the
 * second key, which the test then withdraws from the JWKS.
 */
async function issuerWithTwoKeys(
  on: TestApp,
  who: Headers,
): Promise<{ server: JwksServer; id: string; token: string; withdraw: () => void }> {
  const k1 = await makeKey("ES256", "k-stays");
  const k2 = await makeKey("ES256", "k-withdrawn");
  const server = await startJwksServer([k1.publicJwk, k2.publicJwk]);
  const added = await on.app.inject({
    method: "POST",
    url: "/api/v1/issuers",
    headers: who,
    payload: { iss: server.iss, jwksUri: server.jwksUrl },
  });
  assert.equal(added.statusCode, 201, added.body);
  const now = Math.floor(on.clock.now().getTime() / 1000);
  const token = await signToken(k2, server.iss, now, { jti: "j-withdrawn-key" });
  return {
    server,
    id: added.json<{ id: string }>().id,
    token,
    withdraw: () => (server.keys = [k1.publicJwk]),
  };
}

async function refresh(t: TestApp, who: Headers, id: string): Promise<void> {
  const res = await t.app.inject({
    method: "POST",
    url: `/api/v1/issuers/${id}/refresh`,
    headers: who,
  });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json<{ changed: boolean }>().changed, true);
}

async function decision(t: TestApp, who: Headers, claims: object | string): Promise<string> {
  const res = await t.app.inject({
    method: "POST",
    url: "/api/v1/decisions",
    headers: who,
    payload: typeof claims === "string" ? { token: claims } : { claims },
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.json<{ decision: string }>().decision;
}

/** Polls until the decision is `want`; returns how long that took (ms), or fails after 5 s. */
async function until(
  t: TestApp,
  who: Headers,
  claims: object | string,
  want: string,
): Promise<number> {
  const start = performance.now();
  while (performance.now() - start < 5000) {
    if ((await decision(t, who, claims)) === want) return performance.now() - start;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail(`decision did not become ${want} within 5 s`);
}

const pgSkip = (await storeKinds()).find((k) => k.name === "postgres")?.skip;

describe("two server instances on one PostgreSQL", { skip: pgSkip }, () => {
  let a: TestApp;
  let b: TestApp;
  let onA: Headers;
  let onB: Headers;
  before(async () => {
    const [sa, sb] = await openPgStores(2);
    a = await testApp(sa!, { syncInstances: true });
    b = await testApp(sb!, { syncInstances: true });
    onA = await a.as("responder");
    onB = await b.as("admin");
  });
  after(async () => {
    await a.close();
    await b.close();
  });

  it("a ban made on one instance is enforced by the other, and so is its lifting", async () => {
    const claims = { iss: ISS, sub: "alice", jti: "j-sync-1" };
    assert.equal(await decision(b, onB, claims), "allow"); // B's index is loaded now
    const res = await a.app.inject({
      method: "POST",
      url: "/api/v1/bans",
      headers: onA,
      payload: { kind: "token", iss: ISS, jti: "j-sync-1", reason: "stolen" },
    });
    assert.equal(res.statusCode, 201, res.body);
    const denyMs = await until(b, onB, claims, "deny");
    const id = res.json<{ id: string }>().id;
    const lift = await a.app.inject({
      method: "POST",
      url: `/api/v1/bans/${id}/lift`,
      headers: onA,
      payload: { reason: "false alarm" },
    });
    assert.equal(lift.statusCode, 200, lift.body);
    const allowMs = await until(b, onB, claims, "allow");
    console.log(
      `# propagated in ${denyMs.toFixed(0)} ms (ban) and ${allowMs.toFixed(0)} ms (lift)`,
    );
  });

  it("a trusted issuer removed on one instance stops verifying on the other", async () => {
    const iss = "https://other-iam.example.org/";
    const key = await makeIssuer("ES256", "k-sync", iss);
    const added = await a.app.inject({
      method: "POST",
      url: "/api/v1/issuers",
      headers: onA,
      payload: { iss, jwks: { keys: [key.jwk] } },
    });
    assert.equal(added.statusCode, 201, added.body);
    const now = Math.floor(b.clock.now().getTime() / 1000);
    const token = await sign(key, { iss, sub: "dave", jti: "j-iss", exp: now + 600 });
    assert.equal(await decision(b, onB, token), "allow"); // verified, and remembered, on B
    const gone = await a.app.inject({
      method: "DELETE",
      url: `/api/v1/issuers/${added.json<{ id: string }>().id}`,
      headers: onA,
    });
    assert.equal(gone.statusCode, 200, gone.body);
    await until(b, onB, token, "deny");
  });

  it("a key withdrawn by the issuer and refreshed on one instance stops verifying on the other", async () => {
    const { server, id, token, withdraw } = await issuerWithTwoKeys(a, onA);
    try {
      assert.equal(await decision(a, onA, token), "allow");
      assert.equal(await decision(b, onB, token), "allow"); // B fetched both keys itself
      withdraw();
      a.clock.advance(60_000); // a minute later, the responder refreshes on A
      await refresh(a, onA, id);
      assert.equal(await decision(a, onA, token), "deny");
      await until(b, onB, token, "deny");
    } finally {
      await server.close();
    }
  });

  it("after losing its listen connection, an instance resyncs and misses nothing", async () => {
    const claims = { iss: ISS, sub: "bob", jti: "j-sync-2" };
    assert.equal(await decision(b, onB, claims), "allow");
    // A ban stored without any notification (as if sent while B was not listening) …
    const silent = txRunner(a.ctx.store, (exec) => ({ bans: new BansRepository(exec) }));
    await silent.write((r) =>
      r.bans.insert(makeBan({ kind: "identity", sub: "bob" }, { id: "ban-silent", iss: ISS })),
    );
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(await decision(b, onB, claims), "allow", "nobody told B");
    // … reaches B only through the full reload after its listen connection is cut.
    const schema = (a.ctx.store.location.match(/schema (\S+)\)/) ?? [])[1] ?? "none";
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    try {
      const cut = await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1`,
        [`ttt-listen:ttt_${schema}_bans`.slice(0, 63)],
      );
      assert.ok(cut.rowCount !== null && cut.rowCount >= 1, "found the listen connections");
    } finally {
      await admin.end();
    }
    await until(b, onB, claims, "deny");
  });
});

describe("SQLite: a ban written by another connection (a CLI on the same file)", () => {
  let dir: string;
  let server: TestApp;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "ttt-sync-"));
    server = await testApp(await openStore({ dataDir: dir }), { syncInstances: true });
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("is enforced by the running server", async () => {
    const admin = await server.as("admin");
    const claims = { iss: ISS, sub: "carol", client_id: "c-1" };
    assert.equal(await decision(server, admin, claims), "allow");
    const cli = await testApp(await openStore({ dataDir: dir }));
    try {
      const res = await cli.app.inject({
        method: "POST",
        url: "/api/v1/bans",
        headers: await cli.as("admin"),
        payload: { kind: "client", iss: ISS, clientId: "c-1", reason: "client secret leaked" },
      });
      assert.equal(res.statusCode, 201, res.body);
    } finally {
      await cli.close();
    }
    await until(server, admin, claims, "deny");
  });

  it("a key refresh by a CLI on the same file reaches the running server", async () => {
    const admin = await server.as("admin");
    const { server: issuer, id, token, withdraw } = await issuerWithTwoKeys(server, admin);
    try {
      assert.equal(await decision(server, admin, token), "allow");
      withdraw();
      const cli = await testApp(await openStore({ dataDir: dir }));
      try {
        cli.clock.advance(60_000);
        await refresh(cli, await cli.as("admin"), id);
      } finally {
        await cli.close();
      }
      await until(server, admin, token, "deny");
    } finally {
      await issuer.close();
    }
  });
});
