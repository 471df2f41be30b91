import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { KyselyPlugin } from "kysely";
import type { Store } from "../../store/index.js";
import { ingestWorld } from "../../test-support/ingest-world.js";
import { storeKinds, twoStores } from "../../test-support/stores.js";
import { dcacheLine } from "../../test-support/log-lines.js";
import { EventsRepository } from "../events/events.repository.js";
import { lookupKey } from "../index-keys/event-keys.js";
import { MAX_GROUP_SEGMENTS, mergeBucket } from "../index-keys/key-blocks.js";
import { PostingsTable } from "../index-keys/postings-table.js";
import { FANOUT, groupsToMerge, tier, type BlockGroup } from "./block-groups.js";
import { fileSources } from "./log-source.js";
import { SEGMENT_SPAN } from "./segment-builder.js";
import { SegmentsRepository } from "./segments.repository.js";

const g = (first: number, segments: number, last = first + segments - 1): BlockGroup => ({
  first,
  last,
  segments,
});

describe("which block groups merge", () => {
  test("tiers are powers of FANOUT", () => {
    assert.equal(FANOUT, 4);
    assert.deepEqual([1, 3, 4, 15, 16, 63, 64, 1023, 1024].map(tier), [0, 0, 1, 1, 2, 2, 3, 4, 5]);
  });

  test("FANOUT neighbouring groups of one tier, the oldest first", () => {
    assert.equal(groupsToMerge([g(1, 1), g(2, 1), g(3, 1)]), null);
    assert.deepEqual(groupsToMerge([g(4, 1), g(1, 1), g(3, 1), g(2, 1), g(5, 1)]), [
      g(1, 1),
      g(2, 1),
      g(3, 1),
      g(4, 1),
    ]);
    // a group of another tier in between keeps them apart
    assert.equal(groupsToMerge([g(1, 1), g(2, 1), g(3, 5), g(8, 1), g(9, 1)]), null);
    assert.deepEqual(groupsToMerge([g(1, 20), g(21, 1), g(22, 2), g(24, 1), g(25, 3)]), [
      g(21, 1),
      g(22, 2),
      g(24, 1),
      g(25, 3),
    ]);
  });

  test("never groups whose segments interleave (two runs committing out of order)", () => {
    // run X took segments 100 and 102, run Y 101 and committed first: {101}, then {100, 102}
    const interleaved = [g(100, 2, 102), g(101, 1), g(103, 1), g(104, 1)];
    assert.equal(groupsToMerge(interleaved), null);
    // the others may merge: each group's ids still ascend after the one before
    assert.deepEqual(groupsToMerge([...interleaved, g(105, 1)]), [
      g(101, 1),
      g(103, 1),
      g(104, 1),
      g(105, 1),
    ]);
  });

  test("never a group whose segments would span MAX_GROUP_SEGMENTS ids or more", () => {
    const spread = [g(0, 1), g(400, 1), g(800, 1), g(MAX_GROUP_SEGMENTS, 1)];
    assert.equal(groupsToMerge(spread), null);
    assert.deepEqual(
      groupsToMerge([...spread.slice(0, 3), g(MAX_GROUP_SEGMENTS - 1, 1)])?.length,
      4,
    );
    assert.equal(groupsToMerge([g(0, 300), g(300, 300), g(600, 300), g(900, 300)]), null);
  });
});

/**
 * Many small ingest runs, each making a block group: groups are merged as they come, so a
 * look-up stays a few seeks, and every key is still found exactly.
 */
for (const kind of await storeKinds())
  describe(`block groups of many small runs (${kind.name})`, { skip: kind.skip }, () => {
    const world = ingestWorld("groups", () => kind.open());
    const RUNS = 21;
    const PER_RUN = 30;

    const groupCount = async () =>
      (
        await world.ctx.store.db
          .selectFrom("trace_segments")
          .select("block")
          .distinct()
          .where("block", "is not", null)
          .execute()
      ).length;

    test("a run a time: groups stay few and every key keeps its events", async () => {
      const { ctx, admin, dir } = world;
      const events = new EventsRepository(ctx.store.db);
      const f = join(dir, "door.access");
      writeFileSync(f, "");
      let most = 0;
      for (let r = 0; r < RUNS; r++) {
        let text = "";
        for (let i = r * PER_RUN; i < (r + 1) * PER_RUN; i++)
          text += `${dcacheLine(i, { jti: `jti-${i % 7}`, sub: `sub-${r}` })}\n`;
        appendFileSync(f, text);
        const run = await ctx.ingest.ingest(admin, await fileSources([f], "s1"), {
          origin: "test",
        });
        assert.equal(run.events, PER_RUN);
        most = Math.max(most, await groupCount());
      }
      // one segment a run: every fourth run merges four groups of one segment, every sixteenth
      // four of four; at most FANOUT − 1 groups of each tier are left (15 runs: 3 + 3)
      assert.equal(most, 2 * (FANOUT - 1), `at most ${most} groups after any run`);
      // 21 runs: 16 + 4 + 1 segments
      assert.equal(await groupCount(), 3);
      for (let k = 0; k < 7; k++) {
        const got = await events.byKey("jti", `jti-${k}`);
        const want = Array.from({ length: RUNS * PER_RUN }, (_, i) => i).filter((i) => i % 7 === k);
        assert.deepEqual(
          got.map((e) => e.source.line),
          want.map((i) => i + 1),
          `jti-${k}`,
        );
      }
      for (const r of [0, 5, RUNS - 1]) {
        const got = await events.byKey("sub", `sub-${r}`);
        assert.equal(got.length, PER_RUN, `sub-${r}`);
      }
      const orphans = await ctx.store.db
        .selectFrom("trace_key_blocks")
        .select("first_seg")
        .distinct()
        .where("first_seg", "not in", (eb) =>
          eb.selectFrom("trace_segments").select("block").where("block", "is not", null),
        )
        .execute();
      assert.deepEqual(orphans, [], "no block left of a merged-away group");
    });
  });

/** Blocks of `groups` (first segment, segment count) holding keys k-0 … k-(keys − 1) in each. */
async function storeGroups(store: Store, groups: ReadonlyArray<[number, number]>, keys: number) {
  for (const [first, count] of groups) {
    for (let s = first; s < first + count; s++)
      await store.db
        .insertInto("trace_segments")
        .values({
          id: s,
          run_id: 1,
          events: keys,
          min_time: 1000 * s,
          max_time: 1000 * s + 999,
          created_at: "2026-03-01T00:00:00.000Z",
          block: first,
        })
        .execute();
    const t = new PostingsTable();
    for (let i = 0; i < keys; i++) t.add(lookupKey("jti", `k-${i}`), i);
    for (const [bucket, data] of t.bucketBlobs())
      for (const b of mergeBucket([{ seg: first, data }], first))
        await store.db
          .insertInto("trace_key_blocks")
          .values({
            bucket,
            first_seg: first,
            lo: b.lo,
            hi: b.hi,
            min_time: 1000 * first,
            max_time: 1000 * (first + count),
            data: b.data,
          })
          .execute();
  }
}

/**
 * A look-up of keys k-0 … k-(keys − 1) over `groups` while a second connection (as another
 * instance would) merges block groups right after the first of the reader's queries that
 * `trigger` picks (by its SQL tree) returns. Gives what the look-up found and the merges made.
 */
async function lookUpWhileMerging(
  kind: string,
  groups: ReadonlyArray<[number, number]>,
  keys: number,
  trigger: RegExp[],
  window?: { fromMs: number; toMs: null },
): Promise<{ merged: number; got: Map<string, number[]> }> {
  const { stores, done } = await twoStores(kind);
  const [store, writer] = stores as [Store, Store];
  try {
    await storeGroups(store, groups, keys);
    const segments = new SegmentsRepository(writer.bulk, writer.partitions);
    let merged = -1;
    const picked = new Set<unknown>();
    const mergeAfter: KyselyPlugin = {
      transformQuery: (args) => {
        const text = JSON.stringify(args.node);
        if (trigger.every((re) => re.test(text))) picked.add(args.queryId);
        return args.node;
      },
      transformResult: async (args) => {
        if (picked.has(args.queryId) && merged === -1) merged = await segments.mergeGroups();
        return args.result;
      },
    };
    const reader = new EventsRepository(store.db.withPlugin(mergeAfter));
    const got = await reader.idsByKeys(
      Array.from({ length: keys }, (_, i) => ["jti", `k-${i}`] as const),
      window,
    );
    return { merged, got };
  } finally {
    for (const st of stores) await st.close();
    done();
  }
}

for (const kind of await storeKinds())
  describe(`a group merge during a look-up hides none of its ids (${kind.name})`, () => {
    test(
      "the groups in the window merge into one outside it right after they are listed",
      { skip: kind.skip },
      async () => {
        // four one-segment groups; the window (from 2,500 ms) holds the last three only
        const { merged, got } = await lookUpWhileMerging(
          kind.name,
          [
            [1, 1],
            [3, 1],
            [5, 1],
            [7, 1],
          ],
          5,
          [/"trace_segments"/, /"block"/],
          { fromMs: 2500, toMs: null },
        );
        assert.equal(merged, 1, "merged into the group of segment 1, outside the window");
        for (let i = 0; i < 5; i++)
          assert.deepEqual(
            got.get(`jti\u0000k-${i}`),
            [3, 5, 7].map((seg) => seg * SEGMENT_SPAN + i),
            `k-${i}`,
          );
      },
    );

    test(
      "the merge commits right after the first statement of seeks",
      { skip: kind.skip },
      async () => {
        // two older tier-1 groups, then four one-segment groups that merge into one: six groups,
        // so the seeks of key 16 (arms 96–101) straddle two statements of 100
        const groups: Array<[number, number]> = [
          [1, 4],
          [5, 4],
          [9, 1],
          [10, 1],
          [11, 1],
          [12, 1],
        ];
        const { merged, got } = await lookUpWhileMerging(kind.name, groups, 17, [
          /"trace_key_blocks"/,
        ]);
        assert.equal(merged, 1, "the four one-segment groups merged after the first statement");
        for (let i = 0; i < 17; i++)
          assert.deepEqual(
            got.get(`jti\u0000k-${i}`),
            groups.map(([first]) => first * SEGMENT_SPAN + i),
            `k-${i}`,
          );
      },
    );
  });
