import type { Kysely } from "kysely";
import type { Database, Executor } from "./database.js";

/**
 * How services reach their repositories. `write` runs the work in one transaction, so a
 * failure writes nothing; `read` runs it on the plain connection. Each domain passes a factory
 * that builds its own small set of repositories over the executor.
 */
export interface TxRunner<R> {
  read<T>(work: (repos: R) => Promise<T>): Promise<T>;
  write<T>(work: (repos: R) => Promise<T>): Promise<T>;
}

export function txRunner<R>(db: Kysely<Database>, make: (exec: Executor) => R): TxRunner<R> {
  return {
    read: (work) => work(make(db)),
    write: (work) => db.transaction().execute((trx) => work(make(trx))),
  };
}
