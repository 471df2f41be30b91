import type { Executor } from "../../store/index.js";
import type { OidcTransactionsTable } from "../../store/tables/accounts.tables.js";

export type OidcTransactionRow = OidcTransactionsTable;

/** Logins in progress (state, nonce, PKCE verifier): storage only, no rules. */
export class OidcRepository {
  constructor(private readonly db: Executor) {}

  async insert(row: OidcTransactionRow): Promise<void> {
    await this.db.insertInto("oidc_transactions").values(row).execute();
  }

  /**
   * Reads and deletes in one go (inside the caller's write transaction): a login transaction
   * is good for one callback only, so a replayed callback finds nothing.
   */
  async take(idHash: string): Promise<OidcTransactionRow | undefined> {
    const row = await this.db
      .selectFrom("oidc_transactions")
      .selectAll()
      .where("id_hash", "=", idHash)
      .executeTakeFirst();
    if (row !== undefined)
      await this.db.deleteFrom("oidc_transactions").where("id_hash", "=", idHash).execute();
    return row;
  }

  async deleteExpired(now: string): Promise<void> {
    await this.db.deleteFrom("oidc_transactions").where("expires_at", "<=", now).execute();
  }
}
