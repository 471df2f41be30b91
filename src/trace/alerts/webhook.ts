/**
 * Alert webhook (issue 8): POSTs new alerts as JSON to the URL in TTT_ALERT_WEBHOOK_URL so a
 * SOC tool or chat bridge hears about a banned or expired token without polling `ttt alerts`.
 * Delivery is off the ingest path (notify() only enqueues), sequential (receivers see alerts
 * in the order they were raised), batched, signed when a secret is set, and retried with capped
 * exponential backoff, because a receiver that is briefly down must not lose alerts.
 */
import { createHmac, randomUUID } from "node:crypto";
import { TttError } from "../../core/errors.js";
import { systemClock, type Clock } from "../../core/clock.js";
import type { Alert } from "./alert.model.js";

/** Most alerts in one POST: keeps bodies small for receivers with request size limits. */
export const WEBHOOK_BATCH_SIZE = 100;

/** TTT_ALERT_WEBHOOK_URL is unusable: alerts (with subjects and IPs) must not travel in clear. */
export class InvalidWebhookUrlError extends TttError {
  constructor(message: string) {
    super("invalid_webhook_url", 400, message);
  }
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "[::1]", "localhost"]);

/**
 * Validates a webhook URL: https, or plain http only to a loopback host (a local relay), since
 * alerts name subjects and client IPs. The message never echoes the path or query, which may
 * carry a receiver's secret.
 */
export function parseWebhookUrl(url: string): URL {
  if (!URL.canParse(url)) throw new InvalidWebhookUrlError("TTT_ALERT_WEBHOOK_URL is not a URL");
  const parsed = new URL(url);
  const ok =
    parsed.protocol === "https:" ||
    (parsed.protocol === "http:" && LOOPBACK_HOSTS.has(parsed.hostname));
  if (!ok) {
    throw new InvalidWebhookUrlError(
      `TTT_ALERT_WEBHOOK_URL must be https:// (http:// only to 127.0.0.1, ::1 or localhost), ` +
        `got ${parsed.protocol}//${parsed.host}`,
    );
  }
  return parsed;
}

export interface WebhookLog {
  warn(obj: object, msg: string): void;
  info?(obj: object, msg: string): void;
}

export interface WebhookNotifierOptions {
  url: string;
  /** When set, each POST carries `x-ttt-signature: sha256=<hex HMAC of the body>`. */
  secret?: string | null;
  /** Attempts per batch, the first included (default 6). */
  maxAttempts?: number;
  /** Backoff base: attempt n waits up to baseDelayMs * 2^(n-1) (default 1000). */
  baseDelayMs?: number;
  /** Cap on any wait, Retry-After included (default 60000). */
  maxDelayMs?: number;
  /** Per-attempt timeout (default 10000). */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  fetch?: typeof fetch;
  log?: WebhookLog;
  /** For Retry-After given as an HTTP-date. */
  clock?: Clock;
  /** Jitter source in [0, 1) (default Math.random). */
  random?: () => number;
}

export interface WebhookStats {
  delivered: number;
  failed: number;
  pending: number;
  lastError: string | null;
}

type Outcome =
  { kind: "ok" } | { kind: "retry" | "fatal"; error: string; retryAfterMs?: number | undefined };

const RETRYABLE_STATUS = new Set([408, 425, 429]);
/** Waits between attempts without keeping the process alive (a server stays up anyway; the CLI awaits idle()). */
const defaultSleep = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
const consoleLog: WebhookLog = { warn: (obj, msg) => console.warn(msg, JSON.stringify(obj)) };

/**
 * Sends alerts to one webhook. One batch is in flight at a time so receivers see alerts in
 * order; a batch keeps its `x-ttt-delivery` id across retries so receivers can drop duplicates.
 */
export class WebhookNotifier {
  /** Same as the exported parseWebhookUrl; the constructor applies it. */
  static readonly parseWebhookUrl = parseWebhookUrl;

  private readonly url: URL;
  private readonly o: Required<Omit<WebhookNotifierOptions, "url">>;
  private readonly queue: Alert[] = [];
  private inFlight = 0;
  private delivered = 0;
  private failed = 0;
  private lastError: string | null = null;
  private draining: Promise<void> | null = null;

  constructor(options: WebhookNotifierOptions) {
    this.url = parseWebhookUrl(options.url);
    this.o = {
      secret: options.secret ?? null,
      maxAttempts: Math.max(1, options.maxAttempts ?? 6),
      baseDelayMs: options.baseDelayMs ?? 1000,
      maxDelayMs: options.maxDelayMs ?? 60_000,
      timeoutMs: options.timeoutMs ?? 10_000,
      sleep: options.sleep ?? defaultSleep,
      fetch: options.fetch ?? fetch,
      log: options.log ?? consoleLog,
      clock: options.clock ?? systemClock,
      random: options.random ?? Math.random,
    };
  }

  /** Queues alerts for delivery and returns at once; never throws (ingest must not fail). */
  notify(alerts: readonly Alert[]): void {
    for (const a of alerts) this.queue.push(a);
    this.kick();
  }

  private kick(): void {
    if (this.draining !== null || this.queue.length === 0) return;
    this.draining = this.drain()
      .catch((err: unknown) => {
        this.lastError = errorText(err);
      })
      .finally(() => {
        this.draining = null;
        this.kick(); // alerts queued while the loop was finishing
      });
  }

  /** Resolves once every queued alert is delivered or given up on (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.draining !== null) await this.draining;
  }

  /** Counts of alerts, not of POSTs. */
  get stats(): WebhookStats {
    return {
      delivered: this.delivered,
      failed: this.failed,
      pending: this.queue.length + this.inFlight,
      lastError: this.lastError,
    };
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, WEBHOOK_BATCH_SIZE);
      this.inFlight = batch.length;
      try {
        await this.deliver(batch);
      } finally {
        this.inFlight = 0;
      }
    }
  }

  private async deliver(batch: Alert[]): Promise<void> {
    const body = Buffer.from(JSON.stringify({ alerts: batch }), "utf8");
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "user-agent": "ttt-alerts/1",
    };
    const delivery = randomUUID();
    if (this.o.secret !== null) {
      const mac = createHmac("sha256", this.o.secret).update(body).digest("hex");
      headers["x-ttt-signature"] = `sha256=${mac}`;
      headers["x-ttt-delivery"] = delivery;
    }
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(body, headers);
      if (outcome.kind === "ok") {
        this.delivered += batch.length;
        this.o.log.info?.({ delivery, alerts: batch.length, attempt }, "alert webhook delivered");
        return;
      }
      this.lastError = outcome.error;
      if (outcome.kind === "fatal" || attempt >= this.o.maxAttempts) {
        this.failed += batch.length;
        this.o.log.warn(
          {
            webhook: this.url.origin,
            delivery,
            attempts: attempt,
            error: outcome.error,
            alerts: batch.map((a) => ({ iss: a.iss, sub: a.sub, jti: a.jti })),
          },
          "alert webhook gave up",
        );
        return;
      }
      await this.o.sleep(outcome.retryAfterMs ?? this.backoff(attempt));
    }
  }

  /** Full jitter: uniform in [0, min(max, base * 2^(attempt-1))). */
  private backoff(attempt: number): number {
    const ceiling = Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** (attempt - 1));
    return Math.floor(this.o.random() * ceiling);
  }

  private async attempt(body: Buffer, headers: Record<string, string>): Promise<Outcome> {
    let res: Response;
    try {
      const send = this.o.fetch;
      res = await send(this.url, {
        method: "POST",
        headers,
        body,
        // A redirect could lead to a clear-text or unintended host: treated as a failure.
        redirect: "manual",
        signal: AbortSignal.timeout(this.o.timeoutMs),
      });
    } catch (err) {
      const timedOut = err instanceof Error && err.name === "TimeoutError";
      const error = timedOut ? `timeout after ${this.o.timeoutMs} ms` : errorText(err);
      return { kind: "retry", error };
    }
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { kind: "ok" };
    const error = `HTTP ${res.status}`;
    if (!RETRYABLE_STATUS.has(res.status) && res.status < 500) return { kind: "fatal", error };
    return { kind: "retry", error, retryAfterMs: this.retryAfter(res.headers.get("retry-after")) };
  }

  /** Retry-After as delta-seconds or an HTTP-date, capped at maxDelayMs; absent/bad: undefined. */
  private retryAfter(value: string | null): number | undefined {
    const v = value?.trim() ?? "";
    const now = this.o.clock.now().getTime();
    const at = /^\d+$/.test(v) ? now + Number(v) * 1000 : Date.parse(v);
    if (Number.isNaN(at)) return undefined;
    return Math.min(Math.max(0, at - now), this.o.maxDelayMs);
  }
}

function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : "";
  return `${err.message}${cause}`;
}
