import { authorize, type Actor } from "../accounts/index.js";
import type { Clock } from "../core/clock.js";
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from "../core/errors.js";
import type { IdSource } from "../core/ids.js";
import { describeIssues, parseInput } from "../core/validation.js";
import type { TxRunner } from "../store/index.js";
import { ASYMMETRIC_ALGS } from "../tokens/index.js";
import type { Issuer, IssuerConfig, IssuerKeyState } from "./issuer.model.js";
import { UpdateIssuerBody, mergeUpdate, parseIssuerConfig } from "./issuer.schema.js";
import { auditIssuer, presentIssuer, type IssuerView } from "./issuers.presenters.js";
import type { FetchOptions } from "./jwks-fetch.js";
import {
  IssuerKeyCache,
  type KeyCacheRepos,
  type RefreshResult,
  type TrustForOptions,
  type TrustLookup,
} from "./key-cache.js";
import { unusableReason } from "./public-jwk.js";

export type IssuerRepos = KeyCacheRepos;

export interface IssuersDeps {
  tx: TxRunner<IssuerRepos>;
  clock: Clock;
  ids: IdSource;
  /** How keys are fetched: `fetch` (default the global one), timeout, size cap. */
  fetch?: FetchOptions | undefined;
  /** Failures of background refreshes that could not be stored (default: a process warning). */
  onError?: ((err: unknown) => void) | undefined;
}

/**
 * The trusted-issuer registry: adding, changing and removing issuers (audited in the same
 * transaction), refreshing their keys on demand, and `trustFor`, which the decision point calls
 * for every token's issuer. Configuration is parsed with the issuer schema here too, so no
 * caller can store what the HTTP edge would refuse; static keys are also checked with the token
 * verifier itself, so a stored issuer is always usable.
 */
export class IssuersService {
  private readonly cache: IssuerKeyCache;

  constructor(private readonly deps: IssuersDeps) {
    this.cache = new IssuerKeyCache({
      tx: deps.tx,
      clock: deps.clock,
      fetch: deps.fetch,
      onError: deps.onError ?? ((err) => process.emitWarning(`issuer key refresh: ${String(err)}`)),
    });
  }

  async add(actor: Actor, input: unknown): Promise<IssuerView> {
    authorize(actor, "issuer:manage");
    const config = parseIssuerConfig(input);
    await checkStaticKeys(config);
    const at = this.now().toISOString();
    const issuer: Issuer = {
      id: this.deps.ids.id("issuer"),
      ...config,
      ...initialKeys(config, at),
      createdAt: at,
      createdBy: actor.name,
      updatedAt: at,
      revision: 1,
    };
    await this.deps.tx.write(async (repos) => {
      const existing = await repos.issuers.getByIss(issuer.iss);
      if (existing) {
        throw new ConflictError(
          "issuer_exists",
          `issuer ${issuer.iss} is already trusted (${existing.id}): change it instead`,
        );
      }
      await repos.issuers.insert(issuer);
      await repos.issuers.announce(issuer.iss);
      await repos.audit.append({
        at,
        actor: actor.name,
        action: "issuer.add",
        target: `issuer:${issuer.id}`,
        after: auditIssuer(issuer),
      });
    });
    await this.cache.put(issuer);
    return presentIssuer(issuer, this.now());
  }

  async list(actor: Actor): Promise<IssuerView[]> {
    authorize(actor, "issuer:read");
    const issuers = await this.deps.tx.read((repos) => repos.issuers.list());
    const now = this.now();
    return issuers.map((i) => presentIssuer(i, now));
  }

  /** One issuer, by id or by issuer URL. */
  async get(actor: Actor, ref: string): Promise<IssuerView> {
    authorize(actor, "issuer:read", `issuer:${ref}`);
    return presentIssuer(await this.find(ref), this.now());
  }

  /**
   * Changes an issuer. A new key source (mode, jwksUri or static keys) replaces the cached keys:
   * keys fetched from the old source say nothing about the new one.
   */
  async update(actor: Actor, ref: string, input: unknown): Promise<IssuerView> {
    authorize(actor, "issuer:manage", `issuer:${ref}`);
    const patch = parseInput(UpdateIssuerBody, input, "invalid issuer change", "body");
    const at = this.now().toISOString();
    const after = await this.deps.tx.write(async (repos) => {
      const before = await findIn(repos, ref);
      const config = parseIssuerConfig(mergeUpdate(before, patch));
      await checkStaticKeys(config);
      const sameSource =
        config.mode === before.mode &&
        config.jwksUri === before.jwksUri &&
        JSON.stringify(config.staticKeys) === JSON.stringify(before.staticKeys);
      const changed: Issuer = {
        ...before,
        ...config,
        ...(sameSource ? {} : initialKeys(config, at)),
        updatedAt: at,
        revision: before.revision + 1,
      };
      await repos.issuers.update(changed);
      await repos.issuers.announce(changed.iss);
      await repos.audit.append({
        at,
        actor: actor.name,
        action: "issuer.update",
        target: `issuer:${before.id}`,
        before: auditIssuer(before),
        after: auditIssuer(changed),
      });
      return changed;
    });
    await this.cache.put(after);
    return presentIssuer(after, this.now());
  }

  /**
   * Another instance, or a CLI on the same store, changed the registry: read it again (entries
   * whose revision did not change keep their keys and any fetch in flight).
   */
  reload(): Promise<void> {
    return this.cache.reload();
  }

  /**
   * Stops trusting an issuer: its tokens no longer verify on this instance once this returns,
   * and on other instances (and servers next to a CLI) as soon as they hear of it.
   */
  async remove(actor: Actor, ref: string): Promise<IssuerView> {
    authorize(actor, "issuer:manage", `issuer:${ref}`);
    const at = this.now().toISOString();
    const removed = await this.deps.tx.write(async (repos) => {
      const before = await findIn(repos, ref);
      await repos.issuers.remove(before.id);
      await repos.issuers.announce(before.iss);
      await repos.audit.append({
        at,
        actor: actor.name,
        action: "issuer.remove",
        target: `issuer:${before.id}`,
        before: auditIssuer(before),
      });
      return before;
    });
    await this.cache.drop(removed.iss);
    return presentIssuer(removed, this.now());
  }

  /** Fetches one issuer's keys now; a failure keeps the old keys and is in the result. */
  async refresh(actor: Actor, ref: string): Promise<RefreshResult> {
    authorize(actor, "issuer:manage", `issuer:${ref}`);
    return this.cache.refresh(await this.find(ref), actor.name);
  }

  /** Fetches every online issuer's keys now, in parallel; one result per issuer. */
  async refreshAll(actor: Actor): Promise<RefreshResult[]> {
    authorize(actor, "issuer:manage");
    const issuers = await this.deps.tx.read((repos) => repos.issuers.list());
    return Promise.all(issuers.map((i) => this.cache.refresh(i, actor.name)));
  }

  /**
   * The trust to verify a token of issuer `iss` with, or undefined when `iss` is not a trusted
   * issuer. Served from memory; see key-cache.ts for when it fetches. No actor: this is the
   * decision point's own read, made for every token, and it reveals only public keys.
   */
  trustFor(iss: string, opts: TrustForOptions = {}): Promise<TrustLookup | undefined> {
    return this.cache.lookup(iss, opts);
  }

  /** Resolves once background key refreshes have finished (tests, shutdown). */
  idle(): Promise<void> {
    return this.cache.idle();
  }

  private now(): Date {
    return this.deps.clock.now();
  }

  private find(ref: string): Promise<Issuer> {
    return this.deps.tx.read((repos) => findIn(repos, ref));
  }
}

/** An issuer by id, or by issuer URL when `ref` is one. */
async function findIn(repos: IssuerRepos, ref: string): Promise<Issuer> {
  const issuer = /^https?:\/\//.test(ref)
    ? await repos.issuers.getByIss(ref)
    : await repos.issuers.get(ref);
  if (!issuer) throw new NotFoundError("issuer", ref);
  return issuer;
}

/** Offline: the static keys are the cache; online: empty until the first fetch. */
function initialKeys(config: IssuerConfig, at: string): IssuerKeyState {
  const fixed = config.staticKeys !== null;
  return {
    keys: config.staticKeys ?? [],
    keysFetchedAt: fixed ? at : null,
    keysSource: fixed ? "static" : null,
    keysUrl: null,
    lastRefreshAttemptAt: null,
    lastRefreshError: null,
  };
}

/**
 * Static keys must be usable by the token verifier (RSA ≥ 2048 bits, importable), and at least
 * one must fit an accepted algorithm — else every token of the issuer would be refused.
 */
async function checkStaticKeys(config: IssuerConfig): Promise<void> {
  const keys = config.staticKeys;
  if (keys === null) return;
  const issues: FieldIssue[] = [];
  for (const [i, key] of keys.entries()) {
    const why = await unusableReason(key, config.iss, config.algorithms);
    if (why !== null) issues.push({ path: `body.jwks.keys[${i}]`, message: why });
  }
  const fits = keys.some((k) =>
    config.algorithms.some((alg) => {
      const need = ASYMMETRIC_ALGS[alg];
      return (
        need !== undefined &&
        need.kty === k.kty &&
        (need.crv === undefined || need.crv === k.crv) &&
        (k.alg === undefined || k.alg === alg)
      );
    }),
  );
  if (!fits) {
    issues.push({
      path: "body.jwks",
      message: `no key fits an accepted algorithm (${config.algorithms.join(", ")})`,
    });
  }
  if (issues.length > 0)
    throw new ValidationError(describeIssues("invalid issuer", issues), issues);
}
