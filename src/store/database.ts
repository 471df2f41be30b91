import type { Kysely, Transaction } from "kysely";
import type { AccountTables } from "./tables/accounts.tables.js";
import type { AuditTables } from "./tables/audit.tables.js";
import type { BanTables } from "./tables/bans.tables.js";
import type { FeedTables } from "./tables/feed.tables.js";
import type { IncidentTables } from "./tables/incidents.tables.js";
import type { IssuerTables } from "./tables/issuers.tables.js";
import type { RiskTables } from "./tables/risk.tables.js";
import type { TraceTables } from "./tables/trace.tables.js";

/** The whole schema as Kysely sees it; each domain contributes its tables. */
export interface Database
  extends
    AccountTables,
    AuditTables,
    BanTables,
    FeedTables,
    IncidentTables,
    IssuerTables,
    RiskTables,
    TraceTables {}

/** What a repository runs its queries on: the database, or a transaction of it. */
export type Executor = Kysely<Database> | Transaction<Database>;

export type DialectName = "sqlite" | "postgres";
