import type { SelectQueryBuilder } from "kysely";
import type { DialectName } from "./database.js";

/**
 * `FOR UPDATE OF <of> SKIP LOCKED` on PostgreSQL, where several instances may claim rows at
 * once; nothing on SQLite, whose one writer (BEGIN IMMEDIATE) already keeps claims apart. The
 * one place a repository's query differs by dialect, kept here with the other differences.
 */
export function lockSkippingLocked<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  dialect: DialectName,
  of: Parameters<SelectQueryBuilder<DB, TB, O>["forUpdate"]>[0],
): SelectQueryBuilder<DB, TB, O> {
  return dialect === "postgres" ? query.forUpdate(of).skipLocked() : query;
}
