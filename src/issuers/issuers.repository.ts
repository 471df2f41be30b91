import type { JWK } from "jose";
import type { ChangeFeed, Executor } from "../store/index.js";
import { parseJson, toJson } from "../store/index.js";
import type { IssuersTable } from "../store/tables/issuers.tables.js";
/** The change-feed topic issuer changes are announced on (payload: the issuer URL). */
export const ISSUER_TOPIC = "issuers";

import type {
  Issuer,
  IssuerConfig,
  IssuerKeyState,
  IssuerMode,
  KeySource,
  RefreshError,
} from "./issuer.model.js";

const toIssuer = (r: IssuersTable): Issuer => ({
  id: r.id,
  iss: r.iss,
  mode: r.mode as IssuerMode,
  jwksUri: r.jwks_uri,
  staticKeys: r.static_keys === null ? null : parseJson<JWK[]>(r.static_keys),
  algorithms: parseJson<string[]>(r.algorithms),
  audiences: parseJson<string[]>(r.audiences),
  refreshHours: Number(r.refresh_seconds) / 3600,
  keys: parseJson<JWK[]>(r.keys),
  keysFetchedAt: r.keys_fetched_at,
  keysSource: r.keys_source as KeySource | null,
  keysUrl: r.keys_url,
  lastRefreshAttemptAt: r.last_refresh_attempt_at,
  lastRefreshError:
    r.last_refresh_error === null ? null : parseJson<RefreshError>(r.last_refresh_error),
  createdAt: r.created_at,
  createdBy: r.created_by,
  updatedAt: r.updated_at,
  revision: Number(r.revision),
});

function configColumns(c: IssuerConfig) {
  return {
    mode: c.mode,
    jwks_uri: c.jwksUri,
    static_keys: c.staticKeys === null ? null : toJson(c.staticKeys),
    algorithms: toJson(c.algorithms),
    audiences: toJson(c.audiences),
    refresh_seconds: Math.round(c.refreshHours * 3600),
  };
}

function keyColumns(k: IssuerKeyState) {
  return {
    keys: toJson(k.keys),
    keys_fetched_at: k.keysFetchedAt,
    keys_source: k.keysSource,
    keys_url: k.keysUrl,
    last_refresh_attempt_at: k.lastRefreshAttemptAt,
    last_refresh_error: k.lastRefreshError === null ? null : toJson(k.lastRefreshError),
  };
}

/** The trusted-issuer registry with each issuer's key cache. */
export class IssuersRepository {
  constructor(
    private readonly db: Executor,
    private readonly feed?: ChangeFeed,
  ) {}

  /** Tells other instances that this issuer changed, delivered when the transaction commits. */
  async announce(iss: string): Promise<void> {
    await this.feed?.notify(this.db, ISSUER_TOPIC, iss);
  }

  async insert(i: Issuer): Promise<void> {
    await this.db
      .insertInto("issuers")
      .values({
        id: i.id,
        iss: i.iss,
        ...configColumns(i),
        ...keyColumns(i),
        created_at: i.createdAt,
        created_by: i.createdBy,
        updated_at: i.updatedAt,
        revision: i.revision,
      })
      .execute();
  }

  async get(id: string): Promise<Issuer | undefined> {
    const r = await this.db
      .selectFrom("issuers")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return r && toIssuer(r);
  }

  async getByIss(iss: string): Promise<Issuer | undefined> {
    const r = await this.db
      .selectFrom("issuers")
      .selectAll()
      .where("iss", "=", iss)
      .executeTakeFirst();
    return r && toIssuer(r);
  }

  /** By issuer URL, so listings read the same on both databases. */
  async list(): Promise<Issuer[]> {
    const rows = await this.db.selectFrom("issuers").selectAll().orderBy("iss").execute();
    return rows.map(toIssuer);
  }

  /** Replaces configuration and key cache together (a changed key source resets the cache). */
  async update(i: Issuer): Promise<void> {
    await this.db
      .updateTable("issuers")
      .set({
        ...configColumns(i),
        ...keyColumns(i),
        updated_at: i.updatedAt,
        revision: i.revision,
      })
      .where("id", "=", i.id)
      .execute();
  }

  /**
   * Stores fetched keys for configuration `revision` only if the stored keys are still
   * `expected`, the ones the fetch started from: a compare-and-set on the stored text, so two
   * instances saving at once cannot both win. False when another instance (or a CLI) stored
   * other keys meanwhile, or the issuer was removed or reconfigured.
   */
  async saveKeyStateIf(
    id: string,
    revision: number,
    expected: readonly JWK[],
    k: IssuerKeyState,
  ): Promise<boolean> {
    const row = await this.db
      .selectFrom("issuers")
      .select("keys")
      .where("id", "=", id)
      .where("revision", "=", revision)
      .executeTakeFirst();
    if (row === undefined || row.keys !== toJson(expected)) return false;
    const res = await this.db
      .updateTable("issuers")
      .set(keyColumns(k))
      .where("id", "=", id)
      .where("revision", "=", revision)
      .where("keys", "=", row.keys)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Records a failed refresh of configuration `revision`: when, and why; the keys stay. */
  async saveRefreshFailure(
    id: string,
    revision: number,
    at: string,
    error: RefreshError | null,
  ): Promise<void> {
    await this.db
      .updateTable("issuers")
      .set({
        last_refresh_attempt_at: at,
        last_refresh_error: error === null ? null : toJson(error),
      })
      .where("id", "=", id)
      .where("revision", "=", revision)
      .execute();
  }

  async remove(id: string): Promise<boolean> {
    const res = await this.db.deleteFrom("issuers").where("id", "=", id).executeTakeFirst();
    return Number(res.numDeletedRows) === 1;
  }
}
