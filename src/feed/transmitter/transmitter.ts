/**
 * The SSF transmitter of `ttt serve`, wired once over a store: stream management, poll, push,
 * discovery and the JWKS. `start` (servers only) runs the push dispatcher and listens to the
 * change feed so that bans made by other instances or a CLI on the same store wake it.
 */
import type { JSONWebKeySet } from "jose";
import { authorize, type Actor } from "../../accounts/index.js";
import { AuditRepository } from "../../audit/index.js";
import { txRunner, type Store } from "../../store/index.js";
import { DeliveryOverviewService } from "./delivery-overview.service.js";
import { FeedCore, type FeedCoreOptions } from "./feed-core.js";
import { FEED_TOPIC } from "./outbox.repository.js";
import { PollService, type PollOptions } from "./poll.service.js";
import { PushDispatcher, type PushOptions } from "./push-dispatcher.js";
import { StreamSignalsService } from "./stream-signals.service.js";
import { DELIVERY_METHODS } from "./stream.model.js";
import { StreamsService } from "./streams.service.js";

export interface TransmitterOptions extends FeedCoreOptions {
  poll?: PollOptions | undefined;
  push?: PushOptions | undefined;
  /** SSF min_verification_interval of new streams, seconds (default 15). */
  minVerificationInterval?: number | undefined;
}

/** Paths of the SSF endpoints, below the issuer's base URL. */
export const SSF_PATHS = {
  configuration: "/api/v1/ssf/streams",
  status: "/api/v1/ssf/status",
  addSubject: "/api/v1/ssf/subjects/add",
  removeSubject: "/api/v1/ssf/subjects/remove",
  verification: "/api/v1/ssf/verify",
  jwks: "/api/v1/ssf/jwks",
  poll: "/api/v1/ssf/poll",
} as const;

export class Transmitter {
  readonly core: FeedCore;
  readonly streams: StreamsService;
  readonly signals: StreamSignalsService;
  readonly poll: PollService;
  readonly push: PushDispatcher;
  readonly delivery: DeliveryOverviewService;

  constructor(
    private readonly store: Store,
    opts: TransmitterOptions,
  ) {
    this.core = new FeedCore(opts);
    this.streams = new StreamsService(this.core, opts.minVerificationInterval);
    this.signals = new StreamSignalsService(this.core);
    this.poll = new PollService(this.core, opts.poll);
    this.push = new PushDispatcher(this.core, opts.push);
    this.delivery = new DeliveryOverviewService(this.core);
  }

  /** SSF 1.0 §7.1 transmitter configuration metadata. */
  discovery(): Record<string, unknown> {
    const base = this.core.baseUrl;
    return {
      spec_version: "1_0",
      issuer: this.core.issuer,
      jwks_uri: `${base}${SSF_PATHS.jwks}`,
      delivery_methods_supported: [...DELIVERY_METHODS],
      configuration_endpoint: `${base}${SSF_PATHS.configuration}`,
      status_endpoint: `${base}${SSF_PATHS.status}`,
      add_subject_endpoint: `${base}${SSF_PATHS.addSubject}`,
      remove_subject_endpoint: `${base}${SSF_PATHS.removeSubject}`,
      verification_endpoint: `${base}${SSF_PATHS.verification}`,
      authorization_schemes: [{ spec_urn: "urn:ietf:rfc:6750" }],
      default_subjects: "ALL",
    };
  }

  /** A new current signing key (admin); the previous one stays in the JWKS while retained. */
  async rotateKey(actor: Actor): Promise<{ kid: string; published: string[] }> {
    authorize(actor, "feed:keys");
    const rotated = await this.core.rotateKey();
    await txRunner(this.store, (exec) => ({ audit: new AuditRepository(exec) })).write((r) =>
      r.audit.append({
        at: this.core.clock.now().toISOString(),
        actor: actor.name,
        action: "feed.key.rotate",
        target: `feed-key:${rotated.kid}`,
        after: rotated,
      }),
    );
    return rotated;
  }

  /** The public keys SETs are verified with (current and retired-but-retained). */
  async jwks(): Promise<JSONWebKeySet> {
    const ring = await this.core.keys();
    await ring.reload(); // another instance (or the CLI) may have rotated
    return ring.jwks();
  }

  /**
   * Runs push delivery and follows other instances' outbox appends (PostgreSQL NOTIFY; on
   * SQLite another process's commits). Returns the function that stops both.
   */
  async start(onError: (err: unknown) => void = () => undefined): Promise<() => Promise<void>> {
    const wake = (): void => this.core.signal.wake();
    const stopListening = await this.store.feed.subscribe(FEED_TOPIC, {
      change: wake,
      resync: wake,
    });
    this.push.start(onError);
    return async () => {
      await this.push.stop();
      await stopListening();
    };
  }
}
