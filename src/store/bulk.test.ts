import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Store } from "./index.js";
import type { BulkColumn, BulkValue } from "./bulk.js";
import { storeKinds } from "../test-support/stores.js";

const COLUMNS: readonly BulkColumn[] = [
  { name: "id", type: "bigint" },
  { name: "label", type: "text" },
  { name: "blob", type: "bytea" },
];

/** Rows with every kind of value a bulk insert binds, nulls and non-ASCII text included. */
function rows(from: number, n: number): BulkValue[][] {
  return Array.from({ length: n }, (_, i) => {
    const id = from + i;
    return [
      id * 2 ** 20 + 7,
      id % 5 === 0 ? null : `row ${id} é 日本`,
      id % 3 === 0 ? null : Uint8Array.of(id & 255, 0, 255),
    ];
  });
}

for (const kind of await storeKinds()) {
  describe(`bulk insert on ${kind.name}`, { skip: kind.skip }, () => {
    let store: Store;
    before(async () => {
      store = await kind.open();
      await store.bulk.write((tx) =>
        tx.run(
          "create table bulk_probe (id bigint primary key, label text, blob bytea)".replace(
            "bytea",
            kind.name === "sqlite" ? "blob" : "bytea",
          ),
        ),
      );
    });
    after(() => store.close());

    it("writes every row exactly once, in groups and in the rest after the last full group", async () => {
      let from = 0;
      for (const n of [0, 1, 99, 100, 101, 250, 5001]) {
        const batch = rows(from, n);
        await store.bulk.write((tx) => tx.insertMany("bulk_probe", COLUMNS, batch));
        from += n;
      }
      const got = await store.bulk.write((tx) =>
        tx.all<{ id: number | string; label: string | null; blob: Uint8Array | null }>(
          "select id, label, blob from bulk_probe order by id",
        ),
      );
      const want = rows(0, from);
      assert.equal(got.length, want.length);
      for (let i = 0; i < want.length; i++) {
        const [id, label, blob] = want[i]!;
        assert.equal(Number(got[i]!.id), id);
        assert.equal(got[i]!.label, label);
        assert.deepEqual(
          got[i]!.blob === null ? null : [...got[i]!.blob!],
          blob === null ? null : [...(blob as Uint8Array)],
        );
      }
    });

    it("stores UTF-8 bytes given for a text column as that text", async () => {
      const texts = ['[0,"é 日本 🙂",null]', "", "plain"];
      const batch = texts.map((t, i): BulkValue[] => [-1 - i, Buffer.from(t), null]);
      await store.bulk.write((tx) => tx.insertMany("bulk_probe", COLUMNS, batch));
      const got = await store.bulk.write((tx) =>
        tx.all<{ label: unknown; kind: string }>(
          `select label, ${kind.name === "sqlite" ? "typeof(label)" : "pg_typeof(label)::text"} as kind from bulk_probe where id < 0 order by id desc`,
        ),
      );
      assert.deepEqual(
        got.map((r) => r.label),
        texts,
      );
      for (const r of got) assert.equal(r.kind, "text");
      await store.bulk.write((tx) => tx.run("delete from bulk_probe where id < 0"));
    });

    it("writes nothing of a batch whose transaction fails", async () => {
      const before = await count(store);
      await assert.rejects(
        store.bulk.write(async (tx) => {
          await tx.insertMany("bulk_probe", COLUMNS, rows(1_000_000, 150));
          await tx.insertMany("bulk_probe", COLUMNS, rows(1_000_000, 1)); // a repeated id
        }),
      );
      assert.equal(await count(store), before);
    });

    it("writes nothing when a row fails in the middle of a many-row statement", async () => {
      const before = await count(store);
      const batch = rows(2_000_000, 250);
      batch[150] = [...batch[5]!]; // the second 100-row statement fails half-way
      await assert.rejects(
        store.bulk.write((tx) => tx.insertMany("bulk_probe", COLUMNS, batch)),
        /unique|duplicate/i,
      );
      assert.equal(await count(store), before);
    });
  });
}

async function count(store: Store): Promise<number> {
  const [row] = await store.bulk.write((tx) =>
    tx.all<{ n: number | string }>("select count(*) as n from bulk_probe"),
  );
  return Number(row!.n);
}
