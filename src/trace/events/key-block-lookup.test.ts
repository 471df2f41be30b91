import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Store } from "../../store/index.js";
import { storeKinds } from "../../test-support/stores.js";
import { lookupKey } from "../index-keys/event-keys.js";
import { mergeBucket } from "../index-keys/key-blocks.js";
import { POSTING_BUCKETS, PostingsTable } from "../index-keys/postings-table.js";
import { SEGMENT_SPAN } from "../ingest/segment-builder.js";
import { EventsRepository, SEEK_GROUPS, type KeyQuery } from "./events.repository.js";

/**
 * Look-ups through merged key blocks when a bucket holds many blocks per group (blocks cut at
 * 20 bytes here, so a bucket's keys span several), keys in several groups, keys that are in no
 * block, and more keys than one statement reads; with few groups (one seek per key and group)
 * and with more than SEEK_GROUPS (a range scan per key).
 */
const KEYS = 1500;
const key = (i: number) => `k-${i}`;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 2, 1);

interface Segment {
  id: number;
  group: number;
  time: number;
  holds: (i: number) => boolean;
}

/** Segments (id, group, start time) and which keys each holds, at ordinal = key number. */
const FEW_GROUPS: Segment[] = [
  { id: 10, group: 10, time: T0, holds: () => true },
  { id: 11, group: 10, time: T0 + HOUR, holds: (i) => i % 2 === 0 },
  { id: 12, group: 12, time: T0 + 48 * HOUR, holds: (i) => i % 3 === 0 },
];
/** The same, then one group per segment (small runs), more than a look-up seeks one by one. */
const MANY_GROUPS: Segment[] = [
  ...FEW_GROUPS,
  ...Array.from({ length: SEEK_GROUPS + 2 }, (_, k) => ({
    id: 13 + k,
    group: 13 + k,
    time: T0 + (49 + k) * HOUR,
    holds: (i: number) => i % (k + 4) === 1,
  })),
];

function expectedIds(i: number, segments: readonly Segment[]): number[] {
  return segments.filter((s) => s.holds(i)).map((s) => s.id * SEGMENT_SPAN + i);
}

async function storeBlocks(store: Store, SEGMENTS: readonly Segment[]): Promise<number> {
  let most = 0;
  for (const group of new Set(SEGMENTS.map((s) => s.group))) {
    const segs = SEGMENTS.filter((s) => s.group === group);
    const blobs = new Map<number, Array<{ seg: number; data: Uint8Array }>>();
    for (const s of segs) {
      const t = new PostingsTable();
      for (let i = 0; i < KEYS; i++) if (s.holds(i)) t.add(lookupKey("jti", key(i)), i);
      for (const [bucket, data] of t.bucketBlobs())
        blobs.set(bucket, [...(blobs.get(bucket) ?? []), { seg: s.id, data }]);
      await store.db
        .insertInto("trace_segments")
        .values({
          id: s.id,
          run_id: 1,
          events: KEYS,
          min_time: s.time,
          max_time: s.time + 60_000,
          created_at: "2026-03-01T00:00:00.000Z",
          block: group,
        })
        .execute();
    }
    const minTime = Math.min(...segs.map((s) => s.time));
    const maxTime = Math.max(...segs.map((s) => s.time + 60_000));
    const values = [...blobs].flatMap(([bucket, rows]) => {
      const blocks = mergeBucket(rows, group, 20);
      most = Math.max(most, blocks.length);
      return blocks.map((b) => ({
        bucket,
        first_seg: group,
        lo: b.lo,
        hi: b.hi,
        min_time: minTime,
        max_time: maxTime,
        data: b.data,
      }));
    });
    for (let i = 0; i < values.length; i += 1000)
      await store.db
        .insertInto("trace_key_blocks")
        .values(values.slice(i, i + 1000))
        .execute();
  }
  return most;
}

const SCENARIOS = [
  ["few groups", FEW_GROUPS],
  ["many groups", MANY_GROUPS],
] as const;

for (const kind of await storeKinds())
  for (const [label, SEGMENTS] of SCENARIOS)
    describe(
      `key look-ups through many blocks per bucket, ${label} (${kind.name})`,
      { skip: kind.skip },
      () => {
        let store: Store;
        let events: EventsRepository;
        let mostBlocks = 0;
        before(async () => {
          store = await kind.open();
          events = new EventsRepository(store.db);
          mostBlocks = await storeBlocks(store, SEGMENTS);
          const groups = new Set(SEGMENTS.map((s) => s.group)).size;
          assert.equal(groups > SEEK_GROUPS, label === "many groups", `${groups} groups`);
        });
        after(() => store.close());

        it("finds every key in each group that holds it, and nothing for keys no block holds", async () => {
          assert.ok(mostBlocks >= 3, `a bucket of a group has ${mostBlocks} blocks`);
          const absent = Array.from({ length: 40 }, (_, j) => key(KEYS + j));
          const queries: KeyQuery[] = [
            ...Array.from({ length: KEYS }, (_, i) => key(i)),
            ...absent,
          ].map((v) => ["jti", v] as const);
          // 1,540 keys × 2 groups: many statements of seeks
          const got = await events.idsByKeys(queries);
          for (let i = 0; i < KEYS; i++)
            assert.deepEqual(got.get(`jti\u0000${key(i)}`), expectedIds(i, SEGMENTS), key(i));
          for (const v of absent) assert.deepEqual(got.get(`jti\u0000${v}`), [], v);
          const buckets = new Set(queries.map(([k, v]) => lookupKey(k, v) & (POSTING_BUCKETS - 1)));
          assert.ok(buckets.size > 200, "keys spread over the buckets");
        });

        it("keeps only the groups and segments in a time window", async () => {
          const first = SEGMENTS.slice(0, 1);
          const got = await events.idsByKeys(
            [0, 1, 2, 3, 6].map((i) => ["jti", key(i)] as const),
            { fromMs: T0, toMs: T0 + 60_000 },
          );
          for (const i of [0, 1, 2, 3, 6])
            assert.deepEqual(got.get(`jti\u0000${key(i)}`), expectedIds(i, first), key(i));
          const late = await events.idsByKey("jti", key(6), { fromMs: T0 + 24 * HOUR, toMs: null });
          const later = SEGMENTS.filter((x) => x.time >= T0 + 24 * HOUR);
          assert.deepEqual(late, expectedIds(6, later));
          assert.ok(late.includes(12 * SEGMENT_SPAN + 6));
        });
      },
    );
