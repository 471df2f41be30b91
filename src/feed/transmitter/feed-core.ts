/**
 * What every part of the transmitter shares: the transaction runner over its repositories, the
 * clock, the issuer, the wake signal and the signing keys (opened on first use, so an app that
 * never signs never touches the key directory).
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AuditRepository } from "../../audit/index.js";
import { BansRepository } from "../../bans/index.js";
import type { Clock } from "../../core/clock.js";
import type { IdSource } from "../../core/ids.js";
import { txRunner, type Executor, type Store, type TxRunner } from "../../store/index.js";
import type { SetClaims } from "../set-events.js";
import { signSet } from "../set-sign.js";
import { SigningKeyRing } from "../signing-keys.js";
import { OutboxRepository } from "./outbox.repository.js";
import { QueueRepository, type QueuedSet } from "./queue.repository.js";
import { fanOut, type QueueContext } from "./set-queue.js";
import { StreamsRepository } from "./streams.repository.js";
import { WakeSignal } from "./wake-signal.js";

export interface FeedRepos {
  outbox: OutboxRepository;
  streams: StreamsRepository;
  queue: QueueRepository;
  bans: BansRepository;
  audit: AuditRepository;
}

export interface FeedCoreOptions {
  store: Store;
  clock: Clock;
  ids: IdSource;
  /** The SSF issuer (SETs' `iss`, discovery's `issuer`); default http://localhost:8080. */
  issuer?: string | undefined;
  /** Where the signing keys live; default: a fresh temporary directory (tests, library use). */
  keyDir?: string | undefined;
  keyRetentionMs?: number | undefined;
  /** SET ids; random UUIDs unless a test injects its own. */
  newJti?: (() => string) | undefined;
}

export class FeedCore {
  readonly tx: TxRunner<FeedRepos>;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly issuer: string;
  /** The issuer without a trailing slash: the base of every endpoint URL. */
  readonly baseUrl: string;
  readonly signal = new WakeSignal();
  readonly queueContext: QueueContext;
  private ring: Promise<SigningKeyRing> | undefined;
  private keysReadAt = 0;

  constructor(private readonly options: FeedCoreOptions) {
    const { store } = options;
    this.clock = options.clock;
    this.ids = options.ids;
    this.issuer = options.issuer ?? "http://localhost:8080";
    this.baseUrl = this.issuer.replace(/\/+$/, "");
    this.queueContext = { issuer: this.issuer, clock: this.clock, newJti: options.newJti };
    this.tx = txRunner(store, (exec) => ({
      outbox: new OutboxRepository(exec),
      streams: new StreamsRepository(exec),
      queue: new QueueRepository(exec, store.dialect),
      bans: new BansRepository(exec),
      audit: new AuditRepository(exec),
    }));
  }

  /** The outbox BansService appends to, inside its own transaction. */
  outbox(exec: Executor): OutboxRepository {
    return new OutboxRepository(exec, {
      feed: this.options.store.feed,
      clock: this.clock,
      onAppend: () => this.signal.wake(),
    });
  }

  /** The signing-key ring, opened (and its first key generated) on first use. */
  keys(): Promise<SigningKeyRing> {
    this.ring ??= (async () => {
      const dir = this.options.keyDir ?? join(await mkdtemp(join(tmpdir(), "ttt-feed-")), "keys");
      return SigningKeyRing.open({
        dir,
        clock: this.clock,
        ...(this.options.keyRetentionMs === undefined
          ? {}
          : { retentionMs: this.options.keyRetentionMs }),
      });
    })().catch((err: unknown) => {
      this.ring = undefined; // retried on next use
      throw err;
    });
    return this.ring;
  }

  /**
   * The SET to send now: the queued claims (jti, txn, events fixed when queued) with a fresh
   * `iat`, signed with the current key. A retry weeks later still passes a receiver's iat
   * window, and is signed with a key the JWKS still publishes.
   */
  async sign(set: QueuedSet): Promise<string> {
    const now = this.clock.now().getTime();
    const ring = await this.keys();
    if (now - this.keysReadAt >= KEY_RELOAD_MS) {
      // Another instance sharing the key directory (or `ttt feed rotate-key`) may have rotated.
      this.keysReadAt = now;
      await ring.reload();
    }
    const claims = { ...set.claims, iat: Math.floor(now / 1000) };
    return signSet(claims as unknown as SetClaims, ring);
  }

  /** Makes a new current signing key; the old one stays published for its retention time. */
  async rotateKey(): Promise<{ kid: string; published: string[] }> {
    const ring = await this.keys();
    await ring.reload();
    const kid = await ring.rotate();
    this.keysReadAt = this.clock.now().getTime();
    return { kid, published: ring.jwks().keys.map((k) => String(k.kid)) };
  }

  /** Queues outbox changes for every stream that is behind (all, or one). */
  async catchUp(streamId?: string): Promise<void> {
    const behind = await this.tx.read(async (r) => r.streams.behind(await r.outbox.maxSeq()));
    if (!behind.some((s) => streamId === undefined || s.streamId === streamId)) return;
    await this.tx.write(async (r) => {
      for (const s of await r.streams.behind(await r.outbox.maxSeq())) {
        if (streamId === undefined || s.streamId === streamId)
          await fanOut(r, s, this.queueContext);
      }
    });
  }
}
/** How often signing re-reads the key directory (rotation by another process). */
const KEY_RELOAD_MS = 60_000;
