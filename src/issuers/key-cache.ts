/**
 * The in-memory key cache the decision point reads: every trusted issuer with its last good
 * keys, refreshed when they are older than the issuer's refresh period (WLCG profile §4.3.1,
 * see issuer.model.ts). Rules, in order of importance:
 *
 * - A failed refresh never drops keys: the last good keys stay in use and the error is recorded
 *   (and shown) until a refresh succeeds. An issuer that is down must not take its VO down.
 * - Callers are served at once from memory. A due refresh runs in the background; only an issuer
 *   with no keys yet (first use) and the unknown-kid hook wait for the fetch.
 * - Concurrent callers share one in-flight fetch per issuer.
 * - Fetches the cache starts by itself are at least MIN_FETCH_INTERVAL_MS apart per issuer
 *   (after a failure, and for unknown kids: see issuer.model.ts for why).
 * - Offline issuers never fetch.
 *
 * Each refresh is recorded in the store; a changed key set is also written to the audit log.
 */
import type { AuditRepository } from "../audit/index.js";
import type { Clock } from "../core/clock.js";
import { TttError } from "../core/errors.js";
import type { TxRunner } from "../store/index.js";
import type { IssuerTrust } from "../tokens/index.js";
import {
  MIN_FETCH_INTERVAL_MS,
  isStale,
  type Issuer,
  type IssuerKeyState,
  type KeySource,
  type RefreshError,
} from "./issuer.model.js";
import type { IssuersRepository } from "./issuers.repository.js";
import { fetchIssuerKeys, type FetchOptions } from "./jwks-fetch.js";
import { sameKeys } from "./public-jwk.js";

/** What the decision point gets for a trusted issuer. */
export interface TrustLookup {
  /** Ready for `createJwtVerifier` (tokens/jwt-verify.ts). */
  trust: IssuerTrust;
  /** When the keys were fetched (offline: when the static keys were configured); null: never. */
  keysFetchedAt: string | null;
  /** Older than the refresh period (a refresh is due, running or failing), or no keys yet. */
  stale: boolean;
  /** The last failed refresh, until one succeeds. */
  lastRefreshError: RefreshError | null;
}

export interface TrustForOptions {
  /**
   * The token's kid is not among the keys: fetch once now in case the issuer rotated its keys,
   * at most once per MIN_FETCH_INTERVAL_MS per issuer.
   */
  unknownKid?: boolean | undefined;
}

/** The outcome of refreshing one issuer. */
export interface RefreshResult {
  id: string;
  iss: string;
  ok: boolean;
  /** Keys in use after the refresh (the old ones when it failed). */
  keys: number;
  /** False for offline issuers, which never fetch. */
  fetched: boolean;
  /** The key set differs from the one before. */
  changed: boolean;
  source: KeySource | null;
  error: RefreshError | null;
  /** Keys of the fetched set left out, with why. */
  skipped: string[];
}

export interface KeyCacheRepos {
  issuers: IssuersRepository;
  audit: AuditRepository;
}

export interface KeyCacheDeps {
  tx: TxRunner<KeyCacheRepos>;
  clock: Clock;
  fetch?: FetchOptions | undefined;
  /** Failures nobody awaits (a background refresh that could not be stored). */
  onError?: ((err: unknown) => void) | undefined;
}

interface Entry {
  issuer: Issuer;
  inflight?: Promise<RefreshResult> | undefined;
}

/** An unknown issuer URL reloads the registry at most this often (another process may add one). */
const RELOAD_MS = 60_000;

export class IssuerKeyCache {
  private loaded: Promise<Map<string, Entry>> | undefined;
  private loadedAt = Number.NEGATIVE_INFINITY;
  private readonly background = new Set<Promise<unknown>>();

  constructor(private readonly deps: KeyCacheDeps) {}

  async lookup(iss: string, opts: TrustForOptions = {}): Promise<TrustLookup | undefined> {
    let entry = (await this.registry()).get(iss);
    if (entry === undefined && this.now() - this.loadedAt >= RELOAD_MS) {
      entry = (await this.registry(true)).get(iss);
    }
    if (entry === undefined) return undefined;
    const issuer = entry.issuer;
    if (issuer.mode === "online") {
      const mayFetch =
        issuer.lastRefreshAttemptAt === null ||
        this.now() - Date.parse(issuer.lastRefreshAttemptAt) >= MIN_FETCH_INTERVAL_MS;
      const urgent = issuer.keys.length === 0 || opts.unknownKid === true;
      if (entry.inflight !== undefined) {
        if (urgent) await entry.inflight;
      } else if (mayFetch && urgent) {
        await this.start(entry, "system");
      } else if (mayFetch && isStale(issuer, this.deps.clock.now())) {
        this.inBackground(this.start(entry, "system"));
      }
    }
    return toLookup(entry.issuer, this.deps.clock.now());
  }

  /** A refresh asked for by someone: fetches now (joining one in flight) whatever the interval. */
  async refresh(current: Issuer, by: string): Promise<RefreshResult> {
    const map = await this.registry();
    let entry = map.get(current.iss);
    if (entry === undefined) map.set(current.iss, (entry = { issuer: current }));
    else if (entry.issuer.revision !== current.revision) entry.issuer = current;
    if (current.mode === "offline") return result(entry.issuer, false, false, []);
    return this.start(entry, by);
  }

  /** Applies a committed add or change (if the registry is loaded; else the load will see it). */
  async put(issuer: Issuer): Promise<void> {
    if (this.loaded === undefined) return;
    const map = await this.registry();
    const entry = map.get(issuer.iss);
    if (entry === undefined) map.set(issuer.iss, { issuer });
    else entry.issuer = issuer;
  }

  async drop(iss: string): Promise<void> {
    if (this.loaded === undefined) return;
    (await this.registry()).delete(iss);
  }

  /** Reads the registry again if it is loaded (changes made elsewhere). */
  async reload(): Promise<void> {
    if (this.loaded === undefined) return;
    await this.registry(true);
  }

  /** Resolves when every background refresh has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
  }

  private now(): number {
    return this.deps.clock.now().getTime();
  }

  /** The registry, loaded once; a reload keeps the entries (and fetches in flight) it already has. */
  private registry(reload = false): Promise<Map<string, Entry>> {
    if (this.loaded !== undefined && !reload) return this.loaded;
    const previous = this.loaded;
    this.loadedAt = this.now();
    this.loaded = this.deps.tx
      .read((repos) => repos.issuers.list())
      .then(async (issuers) => {
        const before = previous === undefined ? new Map<string, Entry>() : await previous;
        const map = new Map<string, Entry>();
        for (const issuer of issuers) {
          const kept = before.get(issuer.iss);
          if (kept !== undefined && kept.issuer.revision === issuer.revision) {
            // Keys another instance (or a CLI) fetched since are the ones to trust: an issuer
            // that withdrew a key stops being trusted with it everywhere, not only where the
            // refresh ran.
            if (refreshedElsewhere(issuer, kept.issuer))
              kept.issuer = { ...kept.issuer, ...keyState(issuer) };
            map.set(issuer.iss, kept);
          } else map.set(issuer.iss, { issuer });
        }
        return map;
      })
      .catch((err: unknown) => {
        this.loaded = undefined; // a failed load is retried on next use
        throw err;
      });
    return this.loaded;
  }

  private start(entry: Entry, by: string): Promise<RefreshResult> {
    entry.inflight ??= this.fetchAndSave(entry, by).finally(() => {
      entry.inflight = undefined;
    });
    return entry.inflight;
  }

  private inBackground(work: Promise<unknown>): void {
    const p = work.catch((err: unknown) => this.deps.onError?.(err));
    this.background.add(p);
    void p.finally(() => this.background.delete(p));
  }

  /**
   * Fetches, then records the outcome; resolves with the outcome whatever happened. A failed
   * fetch records only the attempt and its error: the keys in use stay as they are now (another
   * instance may have refreshed them meanwhile). Fetched keys are stored only if the stored ones
   * are still those this fetch started from; otherwise another instance or a CLI stored newer
   * keys meanwhile, and those are taken instead.
   */
  private async fetchAndSave(entry: Entry, by: string): Promise<RefreshResult> {
    const before = entry.issuer;
    const at = this.deps.clock.now().toISOString();
    let fetched: IssuerKeyState | null = null;
    let failure: RefreshError | null = null;
    let skipped: string[] = [];
    try {
      const got = await fetchIssuerKeys(before, this.deps.fetch);
      skipped = got.skipped;
      fetched = {
        keys: got.keys,
        keysFetchedAt: this.deps.clock.now().toISOString(),
        keysSource: got.source,
        keysUrl: got.url,
        lastRefreshAttemptAt: at,
        lastRefreshError: null,
      };
    } catch (err) {
      const code = err instanceof TttError ? err.code : "refresh_failed";
      const message = err instanceof Error ? err.message : String(err);
      failure = { code, message, at };
    }
    let state: IssuerKeyState = fetched ?? {
      ...keyState(entry.issuer),
      lastRefreshAttemptAt: at,
      lastRefreshError: failure,
    };
    try {
      await this.deps.tx.write(async (repos) => {
        if (fetched === null) {
          await repos.issuers.saveRefreshFailure(before.id, before.revision, at, failure);
          return;
        }
        if (
          !(await repos.issuers.saveKeyStateIf(before.id, before.revision, before.keys, fetched))
        ) {
          // Newer keys were stored meanwhile (or the issuer changed): those win over this fetch.
          const stored = await repos.issuers.get(before.id);
          if (stored?.revision === before.revision)
            state = { ...keyState(stored), lastRefreshAttemptAt: at };
          return;
        }
        if (!sameKeys(before.keys, fetched.keys)) {
          await repos.issuers.announce(before.iss); // other instances take the new keys
          await repos.audit.append({
            at,
            actor: by,
            action: "issuer.keys.change",
            target: `issuer:${before.id}`,
            before: { kids: before.keys.map((k) => k.kid ?? null) },
            after: { kids: fetched.keys.map((k) => k.kid ?? null), url: fetched.keysUrl },
          });
        }
      });
    } catch (err) {
      this.deps.onError?.(err); // the fetched keys are still good; only their record is missing
    }
    const changed = !sameKeys(before.keys, state.keys);
    // A change of configuration meanwhile (new key source) wins over this fetch.
    if (entry.issuer.revision === before.revision) entry.issuer = { ...entry.issuer, ...state };
    return result({ ...before, ...state }, true, changed, skipped);
  }
}

/**
 * The stored keys differ from those in use here: another instance, or a CLI on the same store,
 * stored a refresh (or this instance's own could not be stored). The store is what every
 * instance agrees on, so those are taken — no clocks of different hosts compared.
 */
function refreshedElsewhere(stored: Issuer, mine: Issuer): boolean {
  return stored.keysFetchedAt !== null && !sameKeys(stored.keys, mine.keys);
}

function keyState(i: Issuer): IssuerKeyState {
  return {
    keys: i.keys,
    keysFetchedAt: i.keysFetchedAt,
    keysSource: i.keysSource,
    keysUrl: i.keysUrl,
    lastRefreshAttemptAt: i.lastRefreshAttemptAt,
    lastRefreshError: i.lastRefreshError,
  };
}

function result(i: Issuer, fetched: boolean, changed: boolean, skipped: string[]): RefreshResult {
  return {
    id: i.id,
    iss: i.iss,
    ok: !fetched || i.lastRefreshError === null,
    keys: i.keys.length,
    fetched,
    changed,
    source: i.keysSource,
    error: fetched ? i.lastRefreshError : null,
    skipped,
  };
}

/**
 * One trust object per key set and settings. Issuer records are replaced, never changed, so the
 * object is looked up once per record; a new record whose keys, algorithms and audiences are
 * those of the last one (a failed refresh only records its error) gets the same object. The
 * decision point keys its verifiers and remembered tokens by this object's identity: a new
 * object means new keys.
 */
const trusts = new WeakMap<Issuer, IssuerTrust>();
const lastTrust = new Map<string, { content: string; trust: IssuerTrust }>();

function trustOf(i: Issuer): IssuerTrust {
  let trust = trusts.get(i);
  if (trust === undefined) {
    const content = JSON.stringify([i.keys, i.algorithms, i.audiences]);
    const last = lastTrust.get(i.iss);
    trust =
      last !== undefined && last.content === content
        ? last.trust
        : Object.freeze({
            issuer: i.iss,
            jwks: { keys: [...i.keys] },
            algorithms: [...i.algorithms],
            audiences: [...i.audiences],
          });
    trusts.set(i, trust);
    lastTrust.set(i.iss, { content, trust });
  }
  return trust;
}

function toLookup(i: Issuer, now: Date): TrustLookup {
  return {
    trust: trustOf(i),
    keysFetchedAt: i.keysFetchedAt,
    stale: isStale(i, now),
    lastRefreshError: i.lastRefreshError,
  };
}
