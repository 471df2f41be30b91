import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import type { Store } from "../store/index.js";
import { storeKinds } from "../test-support/stores.js";
import { testApp, type TestApp } from "../test-support/app.js";
import { AuditRepository } from "./audit.repository.js";
import { GENESIS_HASH, entryHash, verifyChain, type ChainedEntry } from "./hash-chain.js";

describe("hash chain (pure)", () => {
  const chain = (n: number): ChainedEntry[] => {
    const out: ChainedEntry[] = [];
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= n; seq++) {
      const e = {
        seq,
        at: "2026-01-01T00:00:00.000Z",
        actor: "a",
        action: "x",
        target: "t",
        before: null,
        after: `{"n":${seq}}`,
        prev_hash: prev,
      };
      prev = entryHash(e);
      out.push({ ...e, hash: prev });
    }
    return out;
  };
  it("an empty chain is valid", () =>
    assert.deepEqual(verifyChain([]), { ok: true, entries: 0, head: GENESIS_HASH }));
  it("a built chain is valid and its head is the last hash", () => {
    const c = chain(4);
    assert.deepEqual(verifyChain(c), { ok: true, entries: 4, head: c[3]?.hash });
  });
  it("names the altered entry", () => {
    const c = chain(4);
    c[2] = { ...(c[2] as ChainedEntry), after: `{"n":99}` };
    assert.deepEqual(verifyChain(c), {
      ok: false,
      entries: 3,
      brokenAt: 3,
      problem: "content does not match its hash (entry altered)",
    });
  });
  it("names a re-hashed entry by the next link", () => {
    const c = chain(4);
    const e = { ...(c[1] as ChainedEntry), actor: "mallory" };
    c[1] = { ...e, hash: entryHash(e) };
    const v = verifyChain(c);
    assert.equal(v.ok, false);
    assert.equal(!v.ok && v.brokenAt, 3);
  });
});

for (const kind of await storeKinds()) {
  describe(`audit log on ${kind.name}`, { skip: kind.skip }, () => {
    let store: Store;
    let t: TestApp;
    before(async () => {
      store = await kind.open();
      t = await testApp(store);
    });
    after(() => t.close());

    it("chains every state change and verifies", async () => {
      const h = await t.as("facilitator", "fac-1");
      await t.app.inject({
        method: "POST",
        url: "/api/v1/assessments",
        headers: h,
        payload: { id: "a1", title: "A", methodology: "ttt-5x5" },
      });
      const res = await t.app.inject({
        method: "GET",
        url: "/api/v1/audit/verify",
        headers: await t.as("admin"),
      });
      assert.equal(res.statusCode, 200);
      const v = res.json();
      assert.equal(v.ok, true);
      // admin created, fac-1 created, two api tokens, assessment created
      assert.ok(v.entries >= 5, `entries ${v.entries}`);
      const list = (
        await t.app.inject({
          method: "GET",
          url: "/api/v1/audit?target=assessment:a1",
          headers: await t.as("admin"),
        })
      ).json();
      assert.equal(list.length, 1);
      assert.equal(list[0].action, "assessment.create");
      assert.equal(list[0].actor, "fac-1");
    });

    it("concurrent appends never fork the chain", async () => {
      const repo = new AuditRepository(store.db);
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.db.transaction().execute((trx) =>
            new AuditRepository(trx).append({
              at: `2026-01-01T00:00:${String(i).padStart(2, "0")}.000Z`,
              actor: "t",
              action: "test.concurrent",
              target: `n:${i}`,
            }),
          ),
        ),
      );
      const entries = [];
      for await (const e of repo.all(7)) entries.push(e);
      assert.equal(verifyChain(entries).ok, true);
      assert.deepEqual(
        entries.map((e) => e.seq),
        entries.map((_, i) => i + 1),
      );
    });

    it("reports the first broken link after tampering", async () => {
      const admin = await t.as("admin");
      const firstTarget = (
        await store.db
          .selectFrom("audit_log")
          .select("seq")
          .where("action", "=", "test.concurrent")
          .orderBy("seq")
          .executeTakeFirstOrThrow()
      ).seq;
      await sql`update audit_log set actor = 'mallory' where seq = ${firstTarget}`.execute(
        store.db,
      );
      const v = (
        await t.app.inject({ method: "GET", url: "/api/v1/audit/verify", headers: admin })
      ).json();
      assert.equal(v.ok, false);
      assert.equal(v.brokenAt, Number(firstTarget));
      assert.match(v.problem, /altered/);
    });

    it("reports a removed entry", async () => {
      const admin = await t.as("admin");
      await sql`update audit_log set actor = 't' where actor = 'mallory'`.execute(store.db);
      assert.equal(
        (await t.app.inject({ method: "GET", url: "/api/v1/audit/verify", headers: admin })).json()
          .ok,
        true,
      );
      await sql`delete from audit_log where seq = 2`.execute(store.db);
      const v = (
        await t.app.inject({ method: "GET", url: "/api/v1/audit/verify", headers: admin })
      ).json();
      assert.equal(v.ok, false);
      assert.equal(v.brokenAt, 3);
      assert.match(v.problem, /expected entry 2/);
    });

    it("reports entries cut from the end", async () => {
      const admin = await t.as("admin");
      await sql`delete from audit_log where seq = 2`.execute(store.db);
      const last = await store.db
        .selectFrom("audit_log")
        .select((eb) => eb.fn.max("seq").as("m"))
        .executeTakeFirstOrThrow();
      await sql`delete from audit_log where seq >= 2`.execute(store.db);
      const v = (
        await t.app.inject({ method: "GET", url: "/api/v1/audit/verify", headers: admin })
      ).json();
      assert.equal(v.ok, false);
      assert.equal(v.brokenAt, 2);
      assert.match(
        v.problem,
        new RegExp(`ends at entry 1 but its head records entry ${Number(last.m)}`),
      );
    });

    it("is for admins only", async () => {
      const res = await t.app.inject({
        method: "GET",
        url: "/api/v1/audit/verify",
        headers: await t.as("viewer"),
      });
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().error.code, "forbidden");
    });
  });
}
