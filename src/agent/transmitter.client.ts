/**
 * The agent's HTTP calls to the transmitter (`ttt serve`): SSF discovery, the JWKS, stream
 * creation and RFC 8936 poll. `fetch` is injected (tests, proxies); every call has a timeout,
 * and every answer is validated before use — the transmitter is trusted for its signatures,
 * not for the shape of its JSON.
 */
import { z } from "zod";
import type { JSONWebKeySet } from "jose";
import { TttError } from "../core/errors.js";

export type FetchFn = typeof fetch;

/** The transmitter could not be reached or answered something unusable (retried). */
export class TransmitterError extends TttError {
  constructor(message: string, options: { cause?: unknown; status?: number } = {}) {
    super("transmitter_unavailable", 502, message, { cause: options.cause });
    this.httpStatus = options.status ?? null;
  }
  readonly httpStatus: number | null;
}

const Discovery = z.object({
  issuer: z.string(),
  jwks_uri: z.url(),
  configuration_endpoint: z.url().optional(),
});
const Jwks = z.object({ keys: z.array(z.record(z.string(), z.unknown())) });
const Created = z.object({ stream_id: z.string().min(1).max(200) });
const PollAnswer = z.object({
  sets: z.record(z.string(), z.string()),
  moreAvailable: z.boolean().optional(),
});
export type PollAnswer = z.infer<typeof PollAnswer>;

export interface PollRequest {
  maxEvents: number;
  ack: string[];
  setErrs: Record<string, { err: string; description: string }>;
}

export interface PushTarget {
  endpointUrl: string;
  /** The full Authorization header value, e.g. `Bearer <secret>`. */
  authorization: string;
}

function deliveryOf(push: PushTarget | undefined): object {
  if (push === undefined) return { method: "urn:ietf:rfc:8936" };
  return {
    method: "urn:ietf:rfc:8935",
    endpoint_url: push.endpointUrl,
    authorization_header: push.authorization,
  };
}

export interface TransmitterClientOptions {
  url: string;
  token: string | undefined;
  fetch: FetchFn;
  timeoutMs: number;
  /** Overrides the discovery's jwks_uri. */
  jwksUrl?: string | undefined;
}

export class TransmitterClient {
  constructor(private readonly o: TransmitterClientOptions) {}

  /**
   * The JWKS URL: configured, or the discovery's jwks_uri. When the discovery names URLs under
   * the transmitter's public issuer and the agent reaches it at another address (an internal
   * name, a loopback port), the path is kept and the base replaced by the agent's URL: the
   * discovery came from that address, so its keys are trusted exactly as much.
   */
  async jwksUrl(): Promise<string> {
    if (this.o.jwksUrl !== undefined) return this.o.jwksUrl;
    const d = await this.json("GET", "/.well-known/ssf-configuration", undefined, Discovery);
    const issuerBase = d.issuer.replace(/\/+$/, "");
    if (d.jwks_uri.startsWith(`${issuerBase}/`) && issuerBase !== this.o.url) {
      return `${this.o.url}${d.jwks_uri.slice(issuerBase.length)}`;
    }
    return d.jwks_uri;
  }

  async jwks(url: string): Promise<JSONWebKeySet> {
    return this.json("GET", url, undefined, Jwks);
  }

  /**
   * Creates a stream for the token's site (bootstraps the current list): poll, or push to
   * `push.endpointUrl` with `push.authorization` as the header the transmitter sends.
   */
  async createStream(description: string, push?: PushTarget): Promise<string> {
    const body = { delivery: deliveryOf(push), description };
    return (await this.json("POST", "/api/v1/ssf/streams", body, Created)).stream_id;
  }

  /** Points an existing push stream at the agent's current endpoint and secret. */
  async updatePush(streamId: string, push: PushTarget): Promise<void> {
    const body = { stream_id: streamId, delivery: deliveryOf(push) };
    await this.json("PATCH", "/api/v1/ssf/streams", body, z.unknown());
  }

  /** The stream's status (a heartbeat: proves the transmitter is reachable). */
  async status(streamId: string): Promise<void> {
    const q = `?stream_id=${encodeURIComponent(streamId)}`;
    await this.json("GET", `/api/v1/ssf/status${q}`, undefined, z.unknown());
  }

  async poll(streamId: string, req: PollRequest): Promise<PollAnswer> {
    const body = { ...req, returnImmediately: true };
    return this.json("POST", `/api/v1/ssf/poll/${encodeURIComponent(streamId)}`, body, PollAnswer);
  }

  private async json<S extends z.ZodType>(
    method: string,
    pathOrUrl: string,
    body: unknown,
    schema: S,
  ): Promise<z.infer<S>> {
    const url = /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : `${this.o.url}${pathOrUrl}`;
    const headers: Record<string, string> = { accept: "application/json" };
    if (this.o.token !== undefined) headers.authorization = `Bearer ${this.o.token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    let res: Response;
    try {
      res = await this.o.fetch(url, {
        method,
        headers,
        redirect: "error",
        signal: AbortSignal.timeout(this.o.timeoutMs),
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (err) {
      throw new TransmitterError(`${method} ${url}: ${(err as Error).message}`, { cause: err });
    }
    const text = await res.text().catch(() => "");
    if (!res.ok) {
      throw new TransmitterError(`${method} ${url} → ${res.status}: ${text.slice(0, 300)}`, {
        status: res.status,
      });
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new TransmitterError(`${method} ${url}: the answer is not JSON`);
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      throw new TransmitterError(`${method} ${url}: unexpected answer: ${parsed.error.message}`);
    }
    return parsed.data;
  }
}
