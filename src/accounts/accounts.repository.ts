import type { Executor } from "../store/index.js";
import type { ApiTokensTable, UsersTable } from "../store/tables/accounts.tables.js";

export type UserRow = UsersTable;
export type ApiTokenRow = ApiTokensTable;

/** Users, sessions and API tokens: storage only, no rules. */
export class AccountsRepository {
  constructor(private readonly db: Executor) {}

  async insertUser(user: UserRow): Promise<void> {
    await this.db.insertInto("users").values(user).execute();
  }

  findUserByName(name: string): Promise<UserRow | undefined> {
    return this.db.selectFrom("users").selectAll().where("name", "=", name).executeTakeFirst();
  }

  findUserById(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
  }

  /** The user linked to an OIDC identity: (issuer, subject) is unique, names are not. */
  findUserByExternal(iss: string, sub: string): Promise<UserRow | undefined> {
    return this.db
      .selectFrom("users")
      .selectAll()
      .where("external_iss", "=", iss)
      .where("external_sub", "=", sub)
      .executeTakeFirst();
  }

  listUsers(): Promise<UserRow[]> {
    return this.db.selectFrom("users").selectAll().orderBy("name").execute();
  }

  async countUsers(): Promise<number> {
    const row = await this.db
      .selectFrom("users")
      .select((eb) => eb.fn.countAll<string | number>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async updateUser(id: string, patch: Partial<Omit<UserRow, "id">>): Promise<void> {
    await this.db.updateTable("users").set(patch).where("id", "=", id).execute();
  }

  async insertSession(
    idHash: string,
    userId: string,
    createdAt: string,
    expiresAt: string,
  ): Promise<void> {
    await this.db
      .insertInto("sessions")
      .values({ id_hash: idHash, user_id: userId, created_at: createdAt, expires_at: expiresAt })
      .execute();
  }

  findSession(idHash: string): Promise<{ user_id: string; expires_at: string } | undefined> {
    return this.db
      .selectFrom("sessions")
      .select(["user_id", "expires_at"])
      .where("id_hash", "=", idHash)
      .executeTakeFirst();
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.db.deleteFrom("sessions").where("id_hash", "=", idHash).execute();
  }

  async deleteUserSessions(userId: string): Promise<void> {
    await this.db.deleteFrom("sessions").where("user_id", "=", userId).execute();
  }

  async deleteExpiredSessions(now: string): Promise<void> {
    await this.db.deleteFrom("sessions").where("expires_at", "<=", now).execute();
  }

  async insertApiToken(token: ApiTokenRow): Promise<void> {
    await this.db.insertInto("api_tokens").values(token).execute();
  }

  findApiToken(id: string): Promise<ApiTokenRow | undefined> {
    return this.db.selectFrom("api_tokens").selectAll().where("id", "=", id).executeTakeFirst();
  }

  listApiTokens(userId?: string): Promise<ApiTokenRow[]> {
    let q = this.db.selectFrom("api_tokens").selectAll().orderBy("created_at");
    if (userId !== undefined) q = q.where("user_id", "=", userId);
    return q.execute();
  }

  async updateApiToken(
    id: string,
    patch: Partial<Pick<ApiTokenRow, "last_used_at" | "revoked_at">>,
  ): Promise<void> {
    await this.db.updateTable("api_tokens").set(patch).where("id", "=", id).execute();
  }
}
