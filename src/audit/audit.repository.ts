import type { Executor } from "../store/index.js";
import { GENESIS_HASH, entryHash, type ChainedEntry } from "./hash-chain.js";

export interface AuditRecord {
  at: string;
  actor: string;
  action: string;
  target: string;
  before?: unknown;
  after?: unknown;
}

const encode = (v: unknown): string | null =>
  v === undefined || v === null ? null : JSON.stringify(v);

/**
 * Append-only storage of the chain. Appends must run inside the caller's transaction: the
 * head row update takes a row lock (PostgreSQL) or the write lock (SQLite), so concurrent
 * appends serialise and the chain never forks.
 */
export class AuditRepository {
  constructor(private readonly db: Executor) {}

  async append(record: AuditRecord): Promise<ChainedEntry> {
    await this.db
      .insertInto("audit_head")
      .values({ id: 1, seq: 0, hash: GENESIS_HASH })
      .onConflict((oc) => oc.column("id").doNothing())
      .execute();
    const head = await this.db
      .updateTable("audit_head")
      .set((eb) => ({ seq: eb("seq", "+", 1) }))
      .where("id", "=", 1)
      .returning(["seq", "hash"])
      .executeTakeFirstOrThrow();
    const partial = {
      seq: Number(head.seq),
      at: record.at,
      actor: record.actor,
      action: record.action,
      target: record.target,
      before: encode(record.before),
      after: encode(record.after),
      prev_hash: head.hash,
    };
    const entry: ChainedEntry = { ...partial, hash: entryHash(partial) };
    await this.db.insertInto("audit_log").values(entry).execute();
    await this.db.updateTable("audit_head").set({ hash: entry.hash }).where("id", "=", 1).execute();
    return entry;
  }

  /** The recorded head of the chain (seq and hash of the last entry), if any entry was written. */
  async head(): Promise<{ seq: number; hash: string } | undefined> {
    const h = await this.db
      .selectFrom("audit_head")
      .select(["seq", "hash"])
      .where("id", "=", 1)
      .executeTakeFirst();
    return h && { seq: Number(h.seq), hash: h.hash };
  }

  /** Entries in order, in pages, so verifying a long chain never loads it whole. */
  async *all(pageSize = 1000): AsyncGenerator<ChainedEntry> {
    let after = 0;
    for (;;) {
      const page = await this.db
        .selectFrom("audit_log")
        .selectAll()
        .where("seq", ">", after)
        .orderBy("seq")
        .limit(pageSize)
        .execute();
      for (const row of page) yield { ...row, seq: Number(row.seq) };
      const last = page.at(-1);
      if (last === undefined || page.length < pageSize) return;
      after = Number(last.seq);
    }
  }

  async list(filter: {
    target?: string | undefined;
    limit: number;
    beforeSeq?: number | undefined;
  }): Promise<ChainedEntry[]> {
    let q = this.db.selectFrom("audit_log").selectAll().orderBy("seq", "desc").limit(filter.limit);
    if (filter.target !== undefined) q = q.where("target", "=", filter.target);
    if (filter.beforeSeq !== undefined) q = q.where("seq", "<", filter.beforeSeq);
    const rows = await q.execute();
    return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
  }
}
