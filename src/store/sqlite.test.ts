import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import BetterSqlite3 from "better-sqlite3";
import { SQLITE_PAGE_SIZE, openSqlite } from "./sqlite.js";

describe("SQLite store file", () => {
  const dir = mkdtempSync(join(tmpdir(), "ttt-sqlite-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("creates a new store with 16 KiB pages in WAL mode", () => {
    const { handle } = openSqlite(join(dir, "new.sqlite"));
    try {
      handle.exec("create table t (x)");
      assert.equal(SQLITE_PAGE_SIZE, 16_384);
      assert.equal(handle.pragma("page_size", { simple: true }), SQLITE_PAGE_SIZE);
      assert.equal(handle.pragma("journal_mode", { simple: true }), "wal");
    } finally {
      handle.close();
    }
  });

  it("keeps the page size of an existing store and its data", () => {
    const file = join(dir, "old.sqlite");
    const old = new BetterSqlite3(file);
    old.pragma("journal_mode = WAL");
    old.exec("create table t (x); insert into t values (42)");
    const before = old.pragma("page_size", { simple: true });
    old.close();
    assert.equal(before, 4096);
    const { handle } = openSqlite(file);
    try {
      assert.equal(handle.pragma("page_size", { simple: true }), 4096);
      handle.exec("insert into t values (43)");
      assert.deepEqual(handle.prepare("select x from t order by x").pluck().all(), [42, 43]);
    } finally {
      handle.close();
    }
  });
});
