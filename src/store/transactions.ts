import { sql } from "kysely";
import type { Store } from "./store.js";
import type { Executor } from "./database.js";

/**
 * How services reach their repositories. Each domain passes a factory that builds its own
 * small set of repositories over the executor.
 *
 * - `write` runs the work in one transaction, so a failure writes nothing. Writes are
 *   serialised: SQLite does it by itself (BEGIN IMMEDIATE), PostgreSQL through a transaction
 *   advisory lock taken first. Under READ COMMITTED every check-then-write of a service (is the
 *   round still open? is there already a draft?) would otherwise race another instance's write.
 * - `read` runs the work in a REPEATABLE READ transaction on PostgreSQL, so a multi-query read
 *   (a diff, a check, a row listing) sees one snapshot; on SQLite on the plain connection, which
 *   one process uses one statement at a time.
 */
export interface TxRunner<R> {
  read<T>(work: (repos: R) => Promise<T>): Promise<T>;
  write<T>(work: (repos: R) => Promise<T>): Promise<T>;
}

/** The advisory lock key of serialised writes (any constant shared by all instances). */
const WRITE_LOCK = 0x7474_7401;

export function txRunner<R>(
  store: Pick<Store, "db" | "dialect">,
  make: (exec: Executor) => R,
): TxRunner<R> {
  const { db } = store;
  if (store.dialect === "sqlite") {
    return {
      read: (work) => work(make(db)),
      write: (work) => db.transaction().execute((trx) => work(make(trx))),
    };
  }
  return {
    read: (work) =>
      db
        .transaction()
        .setIsolationLevel("repeatable read")
        .execute((trx) => work(make(trx))),
    write: (work) =>
      db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${WRITE_LOCK})`.execute(trx);
        return work(make(trx));
      }),
  };
}
