export type { Database, DialectName, Executor } from "./database.js";
export { openStore, redactUrl, type Store, type StoreOptions } from "./store.js";
export { txRunner, type TxRunner } from "./transactions.js";
export { parseJson, toJson, toBool, fromBool, isUniqueViolation } from "./codec.js";
export type { ChangeFeed, ChangeHandlers } from "./change-feed.js";
export type { BulkWriter, BulkTx, BulkColumn, BulkRows, BulkValue } from "./bulk.js";
export type { TimePartitions } from "./partitions.js";
export { lockSkippingLocked } from "./row-locks.js";
