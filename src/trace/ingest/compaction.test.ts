import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Actor } from "../../accounts/index.js";
import { createContext, type AppContext } from "../../app/context.js";
import { FixedClock } from "../../core/clock.js";
import { openPgStores, storeKinds, twoStores } from "../../test-support/stores.js";
import { dcacheLine } from "../../test-support/log-lines.js";
import { EventsRepository } from "../events/events.repository.js";
import { lookupKey } from "../index-keys/event-keys.js";
import { POSTING_BUCKETS } from "../index-keys/postings-table.js";
import type { KyselyPlugin } from "kysely";
import { formatModule } from "../parsers/index.js";
import { fileSources } from "./log-source.js";
import { RunsRepository } from "./runs.repository.js";
import { SegmentBuilder } from "./segment-builder.js";
import { SegmentsRepository } from "./segments.repository.js";
import { bucketsMergedByWorkers } from "./bucket-merger.js";
import { SEGMENT_EVENTS } from "./parse-run.js";

const lines = (from: number, n: number, jti: (i: number) => string) => {
  let out = "";
  for (let i = from; i < from + n; i++) out += `${dcacheLine(i, { jti: jti(i) })}\n`;
  return out;
};

/**
 * Key blocks: each ingest run merges its segments' postings into one block group; look-ups read
 * blocks of every run (and any segment not merged yet) and find exactly what the postings held.
 */
for (const kind of await storeKinds())
  describe(`postings merged into key blocks (${kind.name})`, { skip: kind.skip }, () => {
    let ctx: AppContext;
    let admin: Actor;
    let dir: string;
    let events: EventsRepository;
    const N = SEGMENT_EVENTS * 2 + 500; // several segments in the first run

    before(async () => {
      const store = await kind.open();
      ctx = createContext({ store, clock: new FixedClock("2026-03-01T09:00:00.000Z") });
      await ctx.accounts.ensureAdmin("admin-password-1");
      admin = await ctx.accounts.localActor("admin");
      events = new EventsRepository(store.db);
      dir = mkdtempSync(join(tmpdir(), "ttt-blocks-"));
    });
    after(async () => {
      rmSync(dir, { recursive: true, force: true });
      await ctx.store.close();
    });

    test("a run leaves no per-segment postings, only blocks, and every key is found", async () => {
      const f = join(dir, "a.access");
      writeFileSync(
        f,
        lines(0, N, (i) => `jti-${i % 1000}`),
      );
      const run = await ctx.ingest.ingest(admin, await fileSources([f], "s1"), { origin: "test" });
      assert.equal(run.events, N);
      const db = ctx.store.db;
      assert.equal((await db.selectFrom("trace_postings").select("seg").execute()).length, 0);
      const segs = await db.selectFrom("trace_segments").select(["id", "block"]).execute();
      assert.ok(segs.length >= 2, `${segs.length} segments`);
      assert.ok(segs.every((s) => s.block === segs[0]!.id));
      const got = await events.byKey("jti", "jti-7");
      assert.equal(got.length, Math.ceil((N - 7) / 1000));
      assert.ok(got.every((e) => e.jti === "jti-7"));
      assert.deepEqual(
        got.map((e) => e.source.line),
        got.map((_, k) => 8 + k * 1000),
        "ids map back to their lines, across the segments",
      );
    });

    test("a second run adds a second group; look-ups span both, in ingest order", async () => {
      const f = join(dir, "a.access");
      appendFileSync(
        f,
        lines(N, 10, () => "jti-7"),
      );
      await ctx.ingest.ingest(admin, await fileSources([f], "s1"), { origin: "test" });
      const groups = await ctx.store.db
        .selectFrom("trace_key_blocks")
        .select("first_seg")
        .distinct()
        .execute();
      assert.equal(groups.length, 2);
      const got = await events.byKey("jti", "jti-7");
      assert.equal(got.length, Math.ceil((N - 7) / 1000) + 10);
      const ids = got.map((e) => e.id);
      assert.deepEqual(
        ids,
        [...ids].sort((a, b) => a - b),
      );
      const hourOnly = await events.idsByKey("sub", "sub-1", {
        fromMs: Date.UTC(2024, 8, 3, 8, 0, 0),
        toMs: Date.UTC(2024, 8, 3, 8, 0, 9),
      });
      assert.ok(hourOnly.length >= 10, "the window keeps the segments that hold it");
    });

    test("ids seen both in a segment's blob and in a block (a merge between two reads) count once", async () => {
      const hash = lookupKey("jti", "jti-7");
      const bucket = (hash >>> 0) & (POSTING_BUCKETS - 1);
      const before = await events.idsByKey("jti", "jti-7");
      const blocks = await ctx.store.db
        .selectFrom("trace_key_blocks")
        .select(["first_seg", "lo", "hi", "data"])
        .where("bucket", "=", bucket)
        .execute();
      // Blocks of groups of several segments: with its first segment's `block` cleared below, such
      // a group is still listed by its other segments, so the reader reads its blocks too.
      const sizes = await ctx.store.db
        .selectFrom("trace_segments")
        .select(["block", (eb) => eb.fn.countAll<number>().as("n")])
        .where("block", "is not", null)
        .groupBy("block")
        .execute();
      const several = new Set(sizes.filter((g) => Number(g.n) > 1).map((g) => Number(g.block)));
      const holding = blocks.filter(
        (b) => Number(b.lo) <= hash && hash <= Number(b.hi) && several.has(Number(b.first_seg)),
      );
      assert.ok(holding.length >= 1);
      // a block reads like the blob of its group's first segment: the same ids, as a merge's
      // input would show them to a reader that read the blobs (of segments not merged then)
      // just before the merge committed
      await ctx.store.db
        .insertInto("trace_postings")
        .values(holding.map((b) => ({ bucket, seg: b.first_seg, data: b.data })))
        .execute();
      const firsts = [...new Set(holding.map((b) => Number(b.first_seg)))];
      await ctx.store.db
        .updateTable("trace_segments")
        .set({ block: null })
        .where("id", "in", firsts)
        .execute();
      try {
        // what the look-up reads: the blobs of unmerged segments, and the groups still listed
        const blobs = await ctx.store.db
          .selectFrom("trace_postings")
          .select("seg")
          .where("bucket", "=", bucket)
          .where("seg", "in", (eb) =>
            eb.selectFrom("trace_segments").select("id").where("block", "is", null),
          )
          .execute();
        assert.equal(blobs.length, firsts.length, "each blob is read");
        const listed = await ctx.store.db
          .selectFrom("trace_segments")
          .select("block")
          .distinct()
          .where("block", "in", firsts)
          .execute();
        assert.equal(listed.length, firsts.length, "and so is each group's block");
        assert.deepEqual(await events.idsByKey("jti", "jti-7"), before);
      } finally {
        for (const first of firsts)
          await ctx.store.db
            .updateTable("trace_segments")
            .set({ block: first })
            .where("id", "=", first)
            .execute();
        for (const b of holding)
          await ctx.store.db
            .deleteFrom("trace_postings")
            .where("bucket", "=", bucket)
            .where("seg", "=", b.first_seg)
            .execute();
      }
    });

    test("retention drops blocks of groups wholly older than the cutoff", async () => {
      const pruned = await ctx.retention.prune(admin, 1);
      assert.ok(pruned.events >= N);
      const left = await ctx.store.db.selectFrom("trace_key_blocks").select("bucket").execute();
      assert.equal(left.length, 0);
      assert.deepEqual(await events.byKey("jti", "jti-7"), []);
    });
  });

for (const kind of await storeKinds())
  describe(`the merge's second thread (${kind.name})`, { skip: kind.skip }, () => {
    test("writes the same key blocks as the merge in one thread", async () => {
      const dir = mkdtempSync(join(tmpdir(), "ttt-blocks-thread-"));
      const f = join(dir, "a.access");
      writeFileSync(
        f,
        lines(0, SEGMENT_EVENTS * 3 + 700, (i) => `jti-${i % 5000}`),
      );
      // every key block of a fresh store after one run, merged with the worker or without
      const blocksOf = async (mergeWorkerFrom: number) => {
        const ctx = createContext({
          store: await kind.open(),
          clock: new FixedClock("2026-03-01T09:00:00.000Z"),
          trace: { mergeWorkerFrom },
        });
        try {
          await ctx.accounts.ensureAdmin("admin-password-1");
          const admin = await ctx.accounts.localActor("admin");
          await ctx.ingest.ingest(admin, await fileSources([f], "s1"), { origin: "test" });
          const rows = await ctx.store.db
            .selectFrom("trace_key_blocks")
            .select(["bucket", "first_seg", "lo", "hi", "data"])
            .orderBy("bucket")
            .orderBy("lo")
            .execute();
          const firstSeg = Math.min(...rows.map((r) => Number(r.first_seg)));
          return rows.map((r) => ({
            bucket: Number(r.bucket),
            first: Number(r.first_seg) - firstSeg,
            keys: [String(r.lo), String(r.hi)],
            data: Buffer.from(r.data).toString("hex"),
          }));
        } finally {
          await ctx.store.close();
        }
      };
      try {
        const one = await blocksOf(Infinity);
        assert.ok(one.length > POSTING_BUCKETS, `${one.length} blocks`);
        const before = bucketsMergedByWorkers();
        assert.deepEqual(await blocksOf(0), one);
        assert.ok(bucketsMergedByWorkers() > before, "the merge worker merged buckets");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

describe("two instances ingesting at once on one PostgreSQL merge each segment once", async () => {
  const pgKind = (await storeKinds()).find((k) => k.name === "postgres")!;
  test("every id is found once", { skip: pgKind.skip }, async () => {
    const stores = await openPgStores(2);
    const dir = mkdtempSync(join(tmpdir(), "ttt-blocks-pg-"));
    try {
      const contexts = stores.map((store) => createContext({ store }));
      await contexts[0]!.accounts.ensureAdmin("admin-password-1");
      const runs = contexts.map(async (ctx, k) => {
        const f = join(dir, `${k}.access`);
        writeFileSync(
          f,
          lines(k * 100_000, SEGMENT_EVENTS + 300, () => "jti-shared"),
        );
        const admin = await ctx.accounts.localActor("admin");
        return ctx.ingest.ingest(admin, await fileSources([f], `s${k}`), { origin: "test" });
      });
      const done = await Promise.all(runs);
      const ids = await new EventsRepository(stores[0]!.db).idsByKey("jti", "jti-shared");
      assert.equal(ids.length, done[0]!.events + done[1]!.events);
      assert.equal(new Set(ids).size, ids.length, "no id twice");
      const open = await stores[0]!.db
        .selectFrom("trace_segments")
        .select("id")
        .where("block", "is", null)
        .execute();
      assert.deepEqual(open, []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      for (const s of stores) await s.close();
    }
  });
});

for (const kind of await storeKinds())
  describe(`a merge committed between a look-up's two reads hides no id (${kind.name})`, () => {
    test(
      "the merge commits on another connection right after the first read",
      {
        skip: kind.skip,
      },
      async () => {
        const { stores, done } = await twoStores(kind.name);
        const [reader, writer] = stores;
        try {
          const runId = await new RunsRepository(writer!.db).start("test", "admin", "2026-03-01");
          const segments = new SegmentsRepository(writer!.bulk, writer!.partitions);
          const parser = formatModule("dcache-access").create(undefined);
          const builder = new SegmentBuilder();
          for (let i = 0; i < 50; i++) {
            const r = parser.parseLine(dcacheLine(i, { jti: "jti-race" }), i + 1);
            assert.equal(r.kind, "events");
            for (const e of r.events) builder.add(e, "s1", null, 1, i + 1);
          }
          await segments.commit({
            runId,
            batch: builder.take(),
            checkpoints: [],
            bad: [],
            now: "x",
          });
          // whichever of the reader's two index reads (blobs, blocks) comes first, the writer merges
          // and commits right after it returns, before the second
          let merged = -1;
          const indexReads = new Set<unknown>();
          const mergeAfterFirstRead: KyselyPlugin = {
            transformQuery: (args) => {
              if (/"trace_(postings|key_blocks)"/.test(JSON.stringify(args.node)))
                indexReads.add(args.queryId);
              return args.node;
            },
            transformResult: async (args) => {
              if (indexReads.has(args.queryId) && merged === -1) merged = await segments.compact();
              return args.result;
            },
          };
          const ids = await new EventsRepository(
            reader!.db.withPlugin(mergeAfterFirstRead),
          ).idsByKey("jti", "jti-race");
          assert.equal(merged, 1, "the merge ran after the first read");
          assert.equal(ids.length, 50);
          assert.equal(new Set(ids).size, 50);
        } finally {
          await reader!.close();
          await writer!.close();
          done();
        }
      },
    );
  });
