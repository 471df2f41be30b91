/**
 * The site agent: keeps the site's ban list in step with the transmitter by RFC 8936 poll or
 * RFC 8935 push, and the middleware files in step with the list.
 *
 * One round: poll (acknowledging what the previous round committed, reporting what it
 * refused) → verify and apply the SETs in one committed transaction → render the files. The
 * acknowledgement of a batch therefore always travels after its commit: a crash in between
 * brings the batch back, recognised by jti and acknowledged without being applied twice.
 * When the transmitter cannot be reached the list and files stay as they are, the agent
 * retries with exponential backoff, and reports itself stale once `staleAfterSec` passes
 * without contact. Clock, fetch, store and sleeping are injected.
 *
 * Push: each SET received on the agent's endpoint is verified and committed before the answer
 * (202 or 400), one at a time; the files follow. A loop creates (or re-points) the push stream
 * and then checks the stream's status every `heartbeatSec`: that is the contact when no ban
 * changes, and the round that re-renders static formats.
 */
import { decodeJwt } from "jose";
import type { Clock } from "../core/clock.js";
import type { AgentConfig } from "./agent.config.js";
import { AgentMetrics } from "./agent.metrics.js";
import type { AgentStore } from "./agent-store.repository.js";
import { BanFiles } from "./ban-files.service.js";
import { SetReceiver, type Refusal } from "./set-receiver.service.js";
import { TransmitterClient, type FetchFn, type PushTarget } from "./transmitter.client.js";

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
  /** Push: SETs are received one at a time (a retransmission may race its original). */
  private pushQueue: Promise<unknown> = Promise.resolve();
  private syncing: Promise<void> | undefined;
  private syncAgain = false;
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
  start(push?: PushTarget): void {
    if (this.loop !== undefined) return;
    const known = this.d.store.getMeta(SYNCED_KEY) !== undefined;
    const run = push === undefined ? () => this.run() : () => this.runPush(push);
    this.loop = (known ? this.files.sync() : Promise.resolve()).then(run);
  }

  /** Stops after the current round; the store stays open (the caller closes it). */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
    await this.pushQueue;
    await this.syncing;
  }

  /**
   * One pushed SET: verified and committed before this resolves. Null when accepted, else the
   * RFC 8935 refusal — a SET pushed again included (its jti was seen: `invalid_request`).
   */
  receivePush(set: string): Promise<Refusal | null> {
    const next = this.pushQueue.then(() => this.applyPushed(set));
    this.pushQueue = next.catch(() => undefined);
    return next;
  }

  private async applyPushed(set: string): Promise<Refusal | null> {
    let key = "";
    try {
      const jti = decodeJwt(set).jti;
      if (typeof jti === "string") key = jti;
    } catch {
      // the verifier names what is wrong with it
    }
    const r = await this.receiver.receive({ [key]: set });
    const refusal = r.setErrs[key];
    if (refusal !== undefined) return refusal;
    if (r.replayed.includes(key)) {
      // Pushed again: refused as a replay (RFC 8935), harmless — it was applied the first time.
      return {
        err: "invalid_request",
        description: `replayed SET: jti ${key} was received before`,
      };
    }
    this.metrics.lastContactMs = this.d.clock.now().getTime();
    this.lastError = null;
    if (r.newestIat !== null) {
      this.metrics.lagSeconds = Math.max(0, this.d.clock.now().getTime() / 1000 - r.newestIat);
    }
    if (r.changed > 0) this.listVersion++;
    this.metrics.bans = this.d.store.bans().length;
    if (this.d.store.getMeta(SYNCED_KEY) === undefined) {
      this.d.store.setMeta(SYNCED_KEY, this.d.clock.now().toISOString());
    }
    this.syncFiles();
    return null;
  }

  /** Renders the files after the current rendering, if any (bursts coalesce into one). */
  private syncFiles(): void {
    if (this.syncing !== undefined) {
      this.syncAgain = true;
      return;
    }
    this.syncing = (async () => {
      do {
        this.syncAgain = false;
        await this.files.sync();
      } while (this.syncAgain);
    })()
      .catch((err: unknown) => this.d.log(`file sync failed: ${(err as Error).message}`))
      .finally(() => {
        this.syncing = undefined;
      });
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
    const delivery = this.d.config.delivery;
    if (delivery.method !== "poll") throw new Error("round() is for poll delivery");
    const streamId = await this.ensureStream();
    const answer = await this.client.poll(streamId, {
      maxEvents: delivery.maxEvents,
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

  private async ensureStream(push?: PushTarget): Promise<string> {
    if (this.streamId !== null) return this.streamId;
    const id = await this.client.createStream(`ttt agent for ${this.d.config.site}`, push);
    this.d.store.setMeta(STREAM_KEY, id);
    this.d.log(`created stream ${id}`);
    this.streamId = id;
    return id;
  }

  /** Push: create or re-point the stream, then a status check every heartbeatSec. */
  private async runPush(push: PushTarget): Promise<void> {
    const { delivery, retry } = this.d.config;
    const heartbeatMs = delivery.method === "push" ? delivery.heartbeatSec * 1000 : 30_000;
    let pointed = false;
    let failures = 0;
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      try {
        const known = this.streamId !== null;
        const streamId = await this.ensureStream(push);
        // A known stream may point at an old address (another port, a new secret).
        if (known && !pointed) await this.client.updatePush(streamId, push);
        pointed = true;
        await this.client.status(streamId);
        this.metrics.lastContactMs = this.d.clock.now().getTime();
        this.lastError = null;
        failures = 0;
        if (this.d.store.getMeta(SYNCED_KEY) !== undefined) this.syncFiles();
      } catch (err) {
        failures++;
        this.metrics.pollFailures++;
        this.lastError = (err as Error).message;
        this.d.log(`transmitter check failed (${failures} in a row): ${this.lastError}`);
      }
      if (signal.aborted) break;
      const waitMs =
        failures === 0
          ? heartbeatMs
          : Math.min(retry.maxSec, retry.minSec * 2 ** (failures - 1)) * 1000;
      await this.sleep(waitMs, signal);
    }
  }

  private async run(): Promise<void> {
    const { delivery, retry } = this.d.config;
    if (delivery.method !== "poll") return;
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
