/**
 * The site agent: keeps the site's ban list in step with the transmitter by RFC 8936 poll,
 * and the middleware files in step with the list.
 *
 * One round: poll (acknowledging what the previous round committed, reporting what it
 * refused) → verify and apply the SETs in one committed transaction → render the files. The
 * acknowledgement of a batch therefore always travels after its commit: a crash in between
 * brings the batch back, recognised by jti and acknowledged without being applied twice.
 * When the transmitter cannot be reached the list and files stay as they are, the agent
 * retries with exponential backoff, and reports itself stale once `staleAfterSec` passes
 * without contact. Clock, fetch, store and sleeping are injected.
 */
import type { Clock } from "../core/clock.js";
import type { AgentConfig } from "./agent.config.js";
import { AgentMetrics } from "./agent.metrics.js";
import type { AgentStore } from "./agent-store.repository.js";
import { BanFiles } from "./ban-files.service.js";
import { SetReceiver, type Refusal } from "./set-receiver.service.js";
import { TransmitterClient, type FetchFn } from "./transmitter.client.js";

export interface AgentDeps {
  config: AgentConfig;
  store: AgentStore;
  clock: Clock;
  fetch: FetchFn;
  /** The site's API token (stream creation and poll). */
  token: string | undefined;
  log: (msg: string) => void;
  /** Waits `ms` or until the signal aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface AgentHealth {
  status: "ok" | "stale" | "starting";
  lastContact: string | null;
  lastError: string | null;
  streamId: string | null;
  bans: number;
}

const STREAM_KEY = "stream_id";
/** Set once the first poll answered: the stored list is the site's, not an empty start. */
const SYNCED_KEY = "first_contact_at";

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done);
  });
}

export class AgentService {
  readonly metrics = new AgentMetrics();
  readonly receiver: SetReceiver;
  readonly files: BanFiles;
  private readonly client: TransmitterClient;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly startedMs: number;
  private streamId: string | null = null;
  private lastError: string | null = null;
  private pendingAck: string[] = [];
  private pendingErrs: Record<string, Refusal> = {};
  private readonly stopping = new AbortController();
  private loop: Promise<void> | undefined;
  /** Bumped whenever the stored list changes (the decision index is rebuilt from it). */
  listVersion = 0;

  constructor(private readonly d: AgentDeps) {
    const t = d.config.transmitter;
    this.client = new TransmitterClient({
      url: t.url,
      token: d.token,
      fetch: d.fetch,
      timeoutMs: t.requestTimeoutSec * 1000,
      jwksUrl: t.jwksUrl,
    });
    this.receiver = new SetReceiver({
      store: d.store,
      clock: d.clock,
      metrics: this.metrics,
      loadJwks: async () => this.client.jwks(await this.client.jwksUrl()),
      issuer: t.issuer,
      audience: t.audience ?? `site:${d.config.site}`,
      log: d.log,
    });
    this.files = new BanFiles({
      outputs: d.config.outputs,
      site: d.config.site,
      store: d.store,
      clock: d.clock,
      metrics: this.metrics,
      log: d.log,
    });
    this.sleep = d.sleep ?? abortableSleep;
    this.startedMs = d.clock.now().getTime();
    this.streamId = d.config.transmitter.streamId ?? d.store.getMeta(STREAM_KEY) ?? null;
    this.metrics.bans = d.store.bans().length;
  }

  /**
   * Starts polling. After a restart the files are first rewritten from the stored list (the
   * last known one); before the first contact ever nothing is written, so a new agent never
   * replaces a site's existing file with an empty list.
   */
  start(): void {
    if (this.loop !== undefined) return;
    const known = this.d.store.getMeta(SYNCED_KEY) !== undefined;
    this.loop = (known ? this.files.sync() : Promise.resolve()).then(() => this.run());
  }

  /** Stops after the current round; the store stays open (the caller closes it). */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
  }

  health(): AgentHealth {
    const now = this.d.clock.now().getTime();
    const last = this.metrics.lastContactMs;
    const staleMs = this.d.config.staleAfterSec * 1000;
    const status =
      last !== null
        ? now - last > staleMs
          ? "stale"
          : "ok"
        : now - this.startedMs > staleMs
          ? "stale"
          : "starting";
    return {
      status,
      lastContact: last === null ? null : new Date(last).toISOString(),
      lastError: this.lastError,
      streamId: this.streamId,
      bans: this.metrics.bans,
    };
  }

  /**
   * One exchange: poll (sending the previous round's ack and setErrs), apply, render. True
   * when more may be waiting (poll again at once).
   */
  async round(): Promise<boolean> {
    const streamId = await this.ensureStream();
    const answer = await this.client.poll(streamId, {
      maxEvents: this.d.config.delivery.maxEvents,
      ack: this.pendingAck,
      setErrs: this.pendingErrs,
    });
    // Delivered: the transmitter has recorded them.
    this.pendingAck = [];
    this.pendingErrs = {};
    this.contact();
    const count = Object.keys(answer.sets).length;
    if (count > 0) {
      const r = await this.receiver.receive(answer.sets);
      this.pendingAck = r.ack;
      this.pendingErrs = r.setErrs;
      if (r.newestIat !== null) {
        this.metrics.lagSeconds = Math.max(0, this.d.clock.now().getTime() / 1000 - r.newestIat);
      }
      if (r.changed > 0) this.listVersion++;
      this.metrics.bans = this.d.store.bans().length;
    }
    if (this.d.store.getMeta(SYNCED_KEY) === undefined) {
      this.d.store.setMeta(SYNCED_KEY, this.d.clock.now().toISOString());
    }
    // A page with more behind it (a large bootstrap) is not a list to enforce yet.
    if (answer.moreAvailable !== true) await this.files.sync();
    return count > 0 || answer.moreAvailable === true;
  }

  private contact(): void {
    this.metrics.polls++;
    this.metrics.lastContactMs = this.d.clock.now().getTime();
    this.lastError = null;
  }

  private async ensureStream(): Promise<string> {
    if (this.streamId !== null) return this.streamId;
    const id = await this.client.createStream(`ttt agent for ${this.d.config.site}`);
    this.d.store.setMeta(STREAM_KEY, id);
    this.d.log(`created stream ${id}`);
    this.streamId = id;
    return id;
  }

  private async run(): Promise<void> {
    const { delivery, retry } = this.d.config;
    let failures = 0;
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      let again = false;
      try {
        again = await this.round();
        failures = 0;
      } catch (err) {
        failures++;
        this.metrics.pollFailures++;
        this.lastError = (err as Error).message;
        this.d.log(`poll failed (${failures} in a row): ${this.lastError}`);
      }
      if (signal.aborted) break;
      if (again) continue;
      const waitMs =
        failures === 0
          ? delivery.intervalSec * 1000
          : Math.min(retry.maxSec, retry.minSec * 2 ** (failures - 1)) * 1000;
      await this.sleep(waitMs, signal);
    }
  }
}
