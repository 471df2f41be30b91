/**
 * RFC 8935 push delivery: a loop that queues new outbox changes for every stream, claims due
 * SETs of enabled push streams (a lease, taken with SKIP LOCKED on PostgreSQL, so one instance
 * sends a given SET at a time), POSTs each one signed, and settles it: 2xx delivered, 400
 * refused with the receiver's `{err, description}` (not retried), anything else retried with
 * exponential backoff and jitter. The outcome is recorded on the stream for its status.
 */
import { randomUUID } from "node:crypto";
import type { FeedCore } from "./feed-core.js";
import type { QueuedSet } from "./queue.repository.js";
import type { DeliveryError, Stream } from "./stream.model.js";

export interface PushOptions {
  /** First retry delay (default 1 s), doubled per attempt up to `maxBackoffMs` (default 5 min). */
  baseBackoffMs?: number | undefined;
  maxBackoffMs?: number | undefined;
  /** Per request (default 10 s). */
  timeoutMs?: number | undefined;
  /** Longest sleep between rounds when nothing wakes the dispatcher (default 5 s). */
  idleMs?: number | undefined;
  /** SETs claimed per round (default 50). */
  batch?: number | undefined;
  fetch?: typeof fetch | undefined;
  /** Jitter source in [0, 1); Math.random unless a test fixes it. */
  random?: (() => number) | undefined;
  onError?: ((err: unknown) => void) | undefined;
}

interface Settings {
  baseBackoffMs: number;
  maxBackoffMs: number;
  timeoutMs: number;
  idleMs: number;
  batch: number;
  fetch: typeof fetch;
  random: () => number;
  onError: ((err: unknown) => void) | undefined;
}

/** Between rounds that sent nothing, so a SET another instance holds cannot spin this loop. */
const MIN_SLEEP_MS = 10;

type Outcome =
  | { kind: "delivered"; at: string }
  | { kind: "refused"; error: DeliveryError }
  | { kind: "retry"; error: DeliveryError; retryAt: string };

export class PushDispatcher {
  /** This instance's name on the leases it takes. */
  readonly owner = `push-${randomUUID()}`;
  private running: Promise<void> | undefined;
  private abort: AbortController | undefined;
  private readonly o: Settings;

  constructor(
    private readonly core: FeedCore,
    opts: PushOptions = {},
  ) {
    this.o = {
      baseBackoffMs: opts.baseBackoffMs ?? 1000,
      maxBackoffMs: opts.maxBackoffMs ?? 5 * 60_000,
      timeoutMs: opts.timeoutMs ?? 10_000,
      idleMs: opts.idleMs ?? 5000,
      batch: opts.batch ?? 50,
      fetch: opts.fetch ?? fetch,
      random: opts.random ?? Math.random,
      onError: opts.onError,
    };
  }

  /** Starts the loop (once); `stop` ends it after the round in flight. */
  start(onError?: (err: unknown) => void): void {
    if (this.running !== undefined) return;
    const report = onError ?? this.o.onError;
    const abort = new AbortController();
    this.abort = abort;
    this.running = (async () => {
      while (!abort.signal.aborted) {
        let sleep = this.o.idleMs;
        try {
          const sent = await this.runOnce();
          sleep = sent > 0 ? 0 : Math.max(MIN_SLEEP_MS, await this.untilNextDue());
        } catch (err) {
          report?.(err);
        }
        if (sleep > 0 && !abort.signal.aborted) await this.core.signal.wait(sleep, abort.signal);
      }
    })();
  }

  async stop(): Promise<void> {
    this.abort?.abort();
    await this.running;
    this.running = undefined;
  }

  /** One round: queue, claim, send, settle. Returns how many SETs were attempted. */
  async runOnce(): Promise<number> {
    await this.core.catchUp();
    const now = this.core.clock.now();
    const leaseUntil = new Date(now.getTime() + this.o.timeoutMs * 3).toISOString();
    const { claimed, streams } = await this.core.tx.write(async (r) => {
      const claimed = await r.queue.claimDue(
        this.owner,
        now.toISOString(),
        leaseUntil,
        this.o.batch,
      );
      const streams = new Map<string, Stream>();
      for (const id of new Set(claimed.map((c) => c.streamId))) {
        const s = await r.streams.get(id);
        if (s !== undefined) streams.set(id, s);
      }
      return { claimed, streams };
    });
    await Promise.all(
      claimed.map(async (set) => {
        const stream = streams.get(set.streamId);
        if (stream !== undefined) await this.deliver(stream, set);
      }),
    );
    return claimed.length;
  }

  private async deliver(stream: Stream, set: QueuedSet): Promise<void> {
    const outcome = await this.send(stream, set);
    await this.core.tx.write(async (r) => {
      await r.queue.settle(set.id, this.owner, outcome);
      await r.streams.recordDelivery(stream.streamId, {
        at: outcome.kind === "delivered" ? outcome.at : outcome.error.at,
        error: outcome.kind === "delivered" ? null : outcome.error,
      });
    });
  }

  private async send(stream: Stream, set: QueuedSet): Promise<Outcome> {
    const fail = (err: string, description: string, httpStatus?: number): DeliveryError => ({
      at: this.core.clock.now().toISOString(),
      err,
      description,
      jti: set.jti,
      ...(httpStatus === undefined ? {} : { httpStatus }),
    });
    const retry = (error: DeliveryError): Outcome => ({
      kind: "retry",
      error,
      retryAt: new Date(Date.parse(error.at) + this.backoff(set.attempts + 1)).toISOString(),
    });
    if (stream.endpointUrl === null)
      return retry(fail("no_endpoint", "stream has no endpoint_url"));
    let res: Response;
    try {
      const headers: Record<string, string> = {
        "content-type": "application/secevent+jwt",
        accept: "application/json",
      };
      if (stream.authorizationHeader !== null) headers.authorization = stream.authorizationHeader;
      res = await this.o.fetch(stream.endpointUrl, {
        method: "POST",
        headers,
        body: await this.core.sign(set),
        redirect: "error",
        signal: AbortSignal.timeout(this.o.timeoutMs),
      });
    } catch (err) {
      return retry(fail("unreachable", err instanceof Error ? err.message : String(err)));
    }
    const text = await res.text().catch(() => "");
    if (res.status >= 200 && res.status < 300) {
      return { kind: "delivered", at: this.core.clock.now().toISOString() };
    }
    if (res.status === 400) {
      const body = parseErrorBody(text);
      return { kind: "refused", error: fail(body.err, body.description, 400) };
    }
    return retry(fail("http_error", `HTTP ${res.status}: ${text.slice(0, 200)}`, res.status));
  }

  /** Delay before attempt n+1: base·2^(n-1), capped, with ±50% of it as jitter (equal jitter). */
  backoff(attempts: number): number {
    const exp = Math.min(
      this.o.maxBackoffMs,
      this.o.baseBackoffMs * 2 ** Math.max(0, attempts - 1),
    );
    return Math.round(exp / 2 + (exp / 2) * this.o.random());
  }

  private async untilNextDue(): Promise<number> {
    const next = await this.core.tx.read((r) => r.queue.nextDue());
    if (next === null) return this.o.idleMs;
    const ms = Date.parse(next) - this.core.clock.now().getTime();
    return Math.min(this.o.idleMs, Math.max(0, ms));
  }
}

/** RFC 8935 §2.3 error body; anything unreadable is reported as it came. */
function parseErrorBody(text: string): { err: string; description: string } {
  try {
    const body = JSON.parse(text) as { err?: unknown; description?: unknown };
    if (typeof body.err === "string") {
      return {
        err: body.err.slice(0, 100),
        description: typeof body.description === "string" ? body.description.slice(0, 2000) : "",
      };
    }
  } catch {
    // fall through
  }
  return {
    err: "invalid_request",
    description: `400 without an error body: ${text.slice(0, 200)}`,
  };
}
