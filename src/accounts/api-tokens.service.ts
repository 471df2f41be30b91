import type { Clock } from "../core/clock.js";
import { ConflictError, NotFoundError } from "../core/errors.js";
import type { IdSource } from "../core/ids.js";
import type { TxRunner } from "../store/index.js";
import type { ApiTokenRow } from "./accounts.repository.js";
import { ActorCache } from "./actor-cache.js";
import { actorOf, presentToken, sha256, type ApiTokenView } from "./accounts.presenters.js";
import type { AccountsRepos } from "./accounts.service.js";
import { authorize } from "./policy.js";
import type { Actor } from "./roles.js";

const TOKEN_PREFIX = "ttt";
/** last_used_at is refreshed at most this often, so reads do not turn every request into a write. */
const LAST_USED_GRANULARITY_MS = 60_000;

/** API tokens `ttt.<id>.<secret>`: the secret is shown once; only its hash is stored. */
export class ApiTokensService {
  constructor(
    private readonly deps: {
      tx: TxRunner<AccountsRepos>;
      clock: Clock;
      ids: IdSource;
      /** Resolved tokens remembered briefly (actor-cache.ts); none when absent. */
      cache?: ActorCache | undefined;
    },
  ) {}

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  /** Resolves `ttt.<id>.<secret>`; unknown, revoked or malformed tokens give null. */
  async resolve(raw: string): Promise<Actor | null> {
    const cache = this.deps.cache;
    const key = cache === undefined ? "" : ActorCache.key(raw);
    const known = cache?.get(key);
    if (known !== undefined) return known;
    const begun = cache?.begin() ?? 0;
    const actor = await this.lookUp(raw);
    if (actor !== null) cache?.set(key, actor, begun);
    return actor;
  }

  private async lookUp(raw: string): Promise<Actor | null> {
    const parts = raw.split(".");
    if (parts.length !== 3 || parts[0] !== TOKEN_PREFIX) return null;
    const [, id = "", secret = ""] = parts;
    const found = await this.deps.tx.read(async ({ accounts }) => {
      const token = await accounts.findApiToken(id);
      if (!token || token.revoked_at !== null || token.secret_hash !== sha256(secret)) return null;
      const user = await accounts.findUserById(token.user_id);
      return user && user.disabled === 0 ? { token, user } : null;
    });
    if (found === null) return null;
    const last = found.token.last_used_at;
    if (
      last === null ||
      this.deps.clock.now().getTime() - Date.parse(last) > LAST_USED_GRANULARITY_MS
    ) {
      await this.deps.tx.write(({ accounts }) =>
        accounts.updateApiToken(found.token.id, { last_used_at: this.now() }),
      );
    }
    return actorOf(found.user, "token", found.token.created_by === found.token.user_id);
  }

  async create(
    actor: Actor,
    input: { user?: string | undefined; label: string },
  ): Promise<{ token: ApiTokenView; secret: string }> {
    const userName = input.user ?? actor.name;
    if (userName !== actor.name) authorize(actor, "api-token:manage-any", `user:${userName}`);
    return this.deps.tx.write(async ({ accounts, audit }) => {
      const user = await accounts.findUserByName(userName);
      if (!user) throw new NotFoundError("user", userName);
      const id = this.deps.ids.id("tok");
      const secret = this.deps.ids.secret(32);
      const row: ApiTokenRow = {
        id,
        user_id: user.id,
        label: input.label,
        secret_hash: sha256(secret),
        created_at: this.now(),
        last_used_at: null,
        revoked_at: null,
        created_by: actor.userId,
      };
      await accounts.insertApiToken(row);
      const view = presentToken(row, user.name);
      await audit.append({
        at: this.now(),
        actor: actor.name,
        action: "api-token.create",
        target: `api-token:${id}`,
        after: view,
      });
      return { token: view, secret: `${TOKEN_PREFIX}.${id}.${secret}` };
    });
  }

  async list(actor: Actor, userName?: string): Promise<ApiTokenView[]> {
    const name = userName ?? actor.name;
    if (name !== actor.name) authorize(actor, "api-token:manage-any", `user:${name}`);
    return this.deps.tx.read(async ({ accounts }) => {
      const user = await accounts.findUserByName(name);
      if (!user) throw new NotFoundError("user", name);
      return (await accounts.listApiTokens(user.id)).map((t) => presentToken(t, user.name));
    });
  }

  async revoke(actor: Actor, id: string): Promise<ApiTokenView> {
    const result = await this.deps.tx.write(async ({ accounts, audit }) => {
      const token = await accounts.findApiToken(id);
      if (!token) throw new NotFoundError("API token", id);
      if (token.user_id !== actor.userId)
        authorize(actor, "api-token:manage-any", `api-token:${id}`);
      if (token.revoked_at !== null)
        throw new ConflictError(
          "already_revoked",
          `API token '${id}' was revoked at ${token.revoked_at}`,
        );
      const owner = await accounts.findUserById(token.user_id);
      const revoked = { ...token, revoked_at: this.now() };
      await accounts.updateApiToken(id, { revoked_at: revoked.revoked_at });
      const view = presentToken(revoked, owner?.name ?? token.user_id);
      await audit.append({
        at: this.now(),
        actor: actor.name,
        action: "api-token.revoke",
        target: `api-token:${id}`,
        before: presentToken(token, view.user),
        after: view,
      });
      return view;
    });
    this.deps.cache?.clear();
    return result;
  }
}
