import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { PG_URL, storeKinds } from "../test-support/stores.js";
import { channel } from "./change-feed.js";
import { openStore, type Store } from "./store.js";

describe("change channels", () => {
  it("are named from the schema and topic, in letters, digits and _ only", () => {
    assert.equal(channel("public", "bans"), "ttt_public_bans");
    assert.equal(channel('we"ird-sch ema', "bans"), "ttt_we_ird_sch_ema_bans");
    assert.ok(channel("s".repeat(100), "issuers").length <= 63);
  });
});

const pgSkip = (await storeKinds()).find((k) => k.name === "postgres")?.skip;

/**
 * Instances that choose their schema by the URL's search_path (as `ttt serve --database-url
 * 'postgres://…?options=-c search_path=tenant_a'` does) hear the changes of their own schema
 * only: the channel is named from the connection's current schema.
 */
describe("PostgreSQL change feed with the schema chosen by the URL", { skip: pgSkip }, () => {
  const tag = `${process.pid}_${randomBytes(3).toString("hex")}`;
  const schemas = [`ttt_feed_a_${tag}`, `ttt_feed_b_${tag}`];
  const admin = new pg.Client({ connectionString: PG_URL });
  const stores: Store[] = [];
  const byUrl = async (schema: string) => {
    const options = encodeURIComponent(`-c search_path=${schema}`);
    const store = await openStore({ dataDir: "", databaseUrl: `${PG_URL}?options=${options}` });
    stores.push(store);
    return store;
  };
  before(async () => {
    await admin.connect();
    for (const s of schemas) await admin.query(`create schema "${s}"`);
  });
  after(async () => {
    for (const s of stores) await s.close();
    for (const s of schemas) await admin.query(`drop schema if exists "${s}" cascade`);
    await admin.end();
  });

  it("delivers a change to the same schema and not to another", async () => {
    const writer = await byUrl(schemas[0]!);
    const same = await byUrl(schemas[0]!);
    const other = await byUrl(schemas[1]!);
    const heard = { same: [] as string[], other: [] as string[] };
    const handlers = (into: string[]) => ({ change: (p: string) => into.push(p), resync() {} });
    const stops = [
      await same.feed.subscribe("bans", handlers(heard.same)),
      await other.feed.subscribe("bans", handlers(heard.other)),
    ];
    try {
      await writer.db.transaction().execute((tx) => writer.feed.notify(tx, "bans", "ban-1"));
      const start = Date.now();
      while (heard.same.length === 0 && Date.now() - start < 5000) {
        await new Promise((r) => setTimeout(r, 10));
      }
      assert.deepEqual(heard.same, ["ban-1"]);
      // The other schema's listener had the same time and more to hear it.
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(heard.other, []);
    } finally {
      for (const stop of stops) await stop();
    }
  });
});
