import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { PasswordHasher, TEST_SCRYPT_COST } from "../../src/accounts/index.js";
import { createContext, type AppContext } from "../../src/app/context.js";
import { buildApp } from "../../src/http/app.js";
import { openStore, type Store } from "../../src/store/index.js";
import { storeKinds } from "../../src/test-support/stores.js";
import { WsClient } from "../../src/test-support/ws-client.js";

type State = NonNullable<ReturnType<WsClient["lastState"]>>;
const isState = (m: { type: string }): m is { type: "state"; state: State } => m.type === "state";

/** A listening server over `store` with an assessment (TR-1, TR-3) and users of each role. */
async function server(store: Store, setup: boolean) {
  const ctx: AppContext = createContext({ store, hasher: new PasswordHasher(TEST_SCRYPT_COST) });
  await ctx.risk.methodologies.installBuiltins();
  const tokens: Record<string, string> = {};
  if (setup) {
    await ctx.accounts.ensureAdmin("admin-password-1");
    const admin = await ctx.accounts.localActor("admin");
    for (const [name, role] of [
      ["fac", "facilitator"],
      ["fac2", "facilitator"],
      ["alice", "assessor"],
      ["bob", "assessor"],
      ["vic", "viewer"],
    ] as const) {
      await ctx.accounts.addUser(admin, { name, role });
    }
    for (const id of ["wg", "other"]) {
      await ctx.risk.versions.create(admin, {
        id,
        title: id,
        methodology: "ttt-5x5",
        defaultRule: "highest-mode",
      });
      await ctx.risk.catalogue.putThreat(admin, id, { id: "TR-1", title: "Unavailable" });
      await ctx.risk.catalogue.putThreat(admin, id, { id: "TR-3", title: "Escalation" });
      await ctx.risk.rows.add(admin, id, { threat: "TR-1" });
      await ctx.risk.rows.add(admin, id, { threat: "TR-3" });
    }
  }
  for (const name of ["fac", "fac2", "alice", "bob", "vic"]) {
    tokens[name] = (
      await ctx.apiTokens.create(await ctx.accounts.localActor(name), { label: "ws" })
    ).secret;
  }
  const app: FastifyInstance = await buildApp(ctx);
  const base = (await app.listen({ port: 0, host: "127.0.0.1" })).replace("http", "ws");
  const join = (who: string, room = "wg", query = "") =>
    WsClient.connect(`${base}/api/v1/meetings/${room}/ws${query}`, {
      authorization: `Bearer ${tokens[who] ?? "nope"}`,
    });
  return { ctx, app, base, join, tokens };
}

for (const kind of await storeKinds()) {
  describe(`meeting room over WebSocket on ${kind.name}`, { skip: kind.skip }, () => {
    let s: Awaited<ReturnType<typeof server>>;
    let store: Store;
    const clients: WsClient[] = [];
    const join = async (who: string, room?: string, query?: string) => {
      const c = await s.join(who, room, query);
      clients.push(c);
      await c.firstState();
      return c;
    };
    before(async () => {
      store = await kind.open();
      s = await server(store, true);
    });
    after(async () => {
      await Promise.all(clients.map((c) => c.close()));
      await s.app.close();
      await store.close();
    });

    it("refuses a connection without credentials", async () => {
      await assert.rejects(s.join("nobody"), /HTTP 401/);
    });

    it("runs a round: who voted is public, values only after reveal", async () => {
      const fac = await join("fac");
      const alice = await join("alice");
      const bob = await join("bob");
      const vic = await join("vic");
      assert.equal(
        fac.lastState()?.facilitator,
        "fac",
        "the first facilitator to join runs the room",
      );
      assert.equal(vic.lastState()?.me.spectator, true, "viewers watch");
      await fac.request({ type: "select-row", row: "TR-1" });
      const round = (await fac.request({ type: "open-round", row: "TR-1" })) as { id: string };
      const seen = await bob.next((m) => isState(m) && m.state.round?.id === round.id);
      assert.ok(isState(seen) && seen.state.round?.state === "open");
      await alice.request({ type: "vote", round: round.id, likelihood: 2, impact: 4 });
      const afterVote = await bob.next(
        (m) => isState(m) && (m.state.round?.voters.includes("alice") ?? false),
      );
      assert.ok(isState(afterVote));
      assert.equal(afterVote.state.round?.votes, null);
      assert.equal(afterVote.state.myVote, null, "bob does not see alice's vote");
      assert.equal(JSON.stringify(afterVote).includes('"likelihood":2'), false);
      const own = alice.lastState();
      assert.equal(own?.myVote?.likelihood, 2, "alice sees her own");
      await assert.rejects(
        vic.request({ type: "vote", round: round.id, likelihood: 1, impact: 1 }),
        /forbidden/,
      );
      await assert.rejects(
        alice.request({ type: "reveal", round: round.id }),
        /forbidden: only the room's facilitator/,
      );
      await bob.request({ type: "vote", round: round.id, likelihood: 4, impact: 4 });
      await fac.request({ type: "reveal", round: round.id });
      const revealed = await vic.next((m) => isState(m) && m.state.round?.state === "revealed");
      assert.ok(isState(revealed));
      assert.equal(revealed.state.round?.stats?.likelihood.consensus, "split");
      assert.equal(revealed.state.round?.votes?.length, 2);
      const score = (await fac.request({ type: "settle", row: "TR-1" })) as {
        likelihood: number;
        impact: number;
      };
      assert.deepEqual([score.likelihood, score.impact], [4, 4], "aim high on split votes");
      const settled = await alice.next((m) => isState(m) && m.state.score !== null);
      assert.ok(isState(settled) && settled.state.score?.levelLabel === "Extreme");
    });

    it("validates every message and keeps the connection", async () => {
      const alice = await join("alice");
      await assert.rejects(
        alice.request({ type: "vote", round: "r", likelihood: 2.5, impact: "x" }),
        /validation_failed: message: likelihood: must be a whole number; impact/,
      );
      await assert.rejects(alice.request({ type: "fly" }), /validation_failed/);
      const err = alice.next((m) => m.type === "error");
      alice.socket.send("{not json");
      assert.match(JSON.stringify(await err), /invalid_json/);
      const pong = alice.next((m) => m.type === "pong" && m.id === "p1");
      alice.send({ type: "ping", id: "p1" });
      await pong; // still connected and answering
    });

    it("reconnecting mid-round gives the state back, own vote included", async () => {
      const fac = clients[0] as WsClient;
      const round = (await fac.request({ type: "open-round", row: "TR-3" })) as { id: string };
      let alice = await join("alice");
      await alice.request({ type: "vote", round: round.id, likelihood: 3, impact: 2 });
      await alice.close();
      alice = await join("alice");
      const st = alice.lastState();
      assert.equal(st?.round?.id, round.id);
      assert.equal(st?.myVote?.likelihood, 3);
      assert.ok(st?.round?.voters.includes("alice"));
    });

    it("a change made over REST reaches the room", async () => {
      const bob = await join("bob");
      const round = bob.lastState()?.round;
      assert.ok(round?.state === "open");
      const res = await s.app.inject({
        method: "PUT",
        url: `/api/v1/rounds/${round.id}/vote`,
        headers: { authorization: `Bearer ${s.tokens.fac2 ?? ""}` },
        payload: { likelihood: 2, impact: 2 },
      });
      assert.equal(res.statusCode, 200);
      await bob.next((m) => isState(m) && (m.state.round?.voters.includes("fac2") ?? false));
    });

    it("rooms are isolated; hand-over and nudge work", async () => {
      const other = await join("bob", "other");
      const before = other.received.length;
      const fac = clients[0] as WsClient;
      const fac2 = await join("fac2");
      await fac.request({ type: "nudge" });
      await assert.rejects(
        fac2.request({ type: "hand-over", to: "fac2" }),
        /forbidden/,
        "cannot take the room while its facilitator is here",
      );
      await fac.request({ type: "hand-over", to: "fac2" });
      await fac2.next((m) => isState(m) && m.state.me.isFacilitator);
      await assert.rejects(
        fac.request({ type: "reveal", round: "x" }),
        /only the room's facilitator \(fac2\)/,
      );
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(
        other.received.slice(before).filter((m) => m.type === "state").length,
        0,
        "nothing from room wg reached room other",
      );
      await fac2.request({ type: "hand-over", to: "fac" });
    });
  });
}

describe("meeting room across a server restart", () => {
  it("browsers reconnect to the restarted server and lose nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ttt-restart-"));
    let store = await openStore({ dataDir: dir });
    let s = await server(store, true);
    const fac = await s.join("fac");
    await fac.firstState();
    const round = (await fac.request({ type: "open-round", row: "TR-1" })) as { id: string };
    const alice = await s.join("alice");
    await alice.firstState();
    await alice.request({ type: "vote", round: round.id, likelihood: 4, impact: 3 });
    await s.app.close(); // the server goes away mid-round
    await Promise.all([fac.close(), alice.close()]);
    await store.close();

    store = await openStore({ dataDir: dir });
    s = await server(store, false);
    try {
      const alice2 = await s.join("alice");
      const st = await alice2.firstState();
      assert.equal(st.row, "TR-1");
      assert.equal(st.round?.id, round.id);
      assert.equal(st.myVote?.impact, 3);
      assert.equal(st.facilitator, "fac", "the room remembers its facilitator");
      const fac2 = await s.join("fac");
      await fac2.firstState();
      await fac2.request({ type: "reveal", round: round.id });
      const revealed = await alice2.next((m) => isState(m) && m.state.round?.state === "revealed");
      assert.ok(isState(revealed) && revealed.state.round?.votes?.[0]?.likelihood === 4);
      await Promise.all([alice2.close(), fac2.close()]);
    } finally {
      await s.app.close();
      await store.close();
    }
  });
});
