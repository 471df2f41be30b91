/**
 * SSF 1.0 §8 stream management: create (with bootstrap), read, update, replace, delete and
 * status. Every write is one transaction with its audit record; the authorization header a
 * push receiver gave is stored for sending and never shown back or audited in full.
 */
import { authorize, can, type Actor } from "../../accounts/index.js";
import { parseInput } from "../../core/validation.js";
import { bootstrapSets } from "./set-queue.js";
import type { FeedCore } from "./feed-core.js";
import { accessibleStream } from "./stream-access.js";
import {
  presentStatus,
  presentStream,
  redactAuthorization,
  type StreamStatusView,
  type StreamView,
} from "./stream.presenters.js";
import {
  CreateStreamBody,
  StatusBody,
  UpdateStreamBody,
  type StreamInput,
} from "./stream.schema.js";
import { POLL_METHOD, PUSH_METHOD, type Stream } from "./stream.model.js";

/** SSF `min_verification_interval` default, in seconds. */
export const DEFAULT_MIN_VERIFICATION_INTERVAL = 15;

export class StreamsService {
  constructor(
    private readonly core: FeedCore,
    private readonly minVerificationInterval = DEFAULT_MIN_VERIFICATION_INTERVAL,
  ) {}

  /** Creates a stream and queues the current ban list for it (SSF 1.0 §8.1.1.1). */
  async create(actor: Actor, input: unknown): Promise<StreamView> {
    authorize(actor, "stream:manage");
    const body = parseInput(CreateStreamBody, input, "invalid stream configuration", "body");
    const at = this.now();
    const stream: Stream = {
      streamId: this.core.ids.id("stream"),
      ownerId: actor.userId,
      ownerName: actor.name,
      aud: `site:${actor.name}`,
      method: POLL_METHOD,
      endpointUrl: null,
      authorizationHeader: null,
      eventsRequested: null,
      status: "enabled",
      statusReason: null,
      description: null,
      createdAt: at,
      updatedAt: at,
      bootstrapSeq: 0,
      cursorSeq: 0,
      minVerificationInterval: this.minVerificationInterval,
      lastVerificationAt: null,
      lastError: null,
      lastDeliveredAt: null,
    };
    applyConfig(stream, body, "replace");
    const view = await this.core.tx.write(async (r) => {
      const { seq, sets } = await bootstrapSets(r, stream, this.core.queueContext);
      stream.bootstrapSeq = seq;
      stream.cursorSeq = seq;
      await r.streams.insert(stream);
      await r.queue.add(sets, at);
      const shown = this.present(stream);
      await r.audit.append({
        at,
        actor: actor.name,
        action: "stream.create",
        target: `stream:${stream.streamId}`,
        after: { ...shown, bootstrapped_sets: sets.length },
      });
      return shown;
    });
    this.core.signal.wake();
    return view;
  }

  /** One stream, or (no id) every stream the actor may manage (SSF 1.0 §8.1.1.2). */
  async read(actor: Actor, id: string | undefined): Promise<StreamView | StreamView[]> {
    authorize(actor, "stream:manage");
    return this.core.tx.read(async (r) => {
      if (id !== undefined) return this.present(await accessibleStream(r.streams, actor, id));
      const all = await r.streams.list(isAdmin(actor) ? undefined : actor.userId);
      return all.map((s) => this.present(s));
    });
  }

  /** PATCH (only what is given changes) or PUT (what is not given returns to its default). */
  async update(actor: Actor, input: unknown, mode: "patch" | "replace"): Promise<StreamView> {
    const body = parseInput(UpdateStreamBody, input, "invalid stream configuration", "body");
    return this.core.tx.write(async (r) => {
      const stream = await accessibleStream(r.streams, actor, body.stream_id);
      const before = this.present(stream);
      applyConfig(stream, body, mode);
      stream.updatedAt = this.now();
      await r.streams.save(stream);
      const after = this.present(stream);
      await r.audit.append({
        at: stream.updatedAt,
        actor: actor.name,
        action: "stream.update",
        target: `stream:${stream.streamId}`,
        before,
        after,
      });
      return after;
    });
  }

  async delete(actor: Actor, id: string): Promise<void> {
    await this.core.tx.write(async (r) => {
      const stream = await accessibleStream(r.streams, actor, id);
      await r.streams.delete(id);
      await r.audit.append({
        at: this.now(),
        actor: actor.name,
        action: "stream.delete",
        target: `stream:${id}`,
        before: this.present(stream),
      });
    });
  }

  /** SSF 1.0 §8.1.2.1, with how delivery goes (pending, refused, last error). */
  async status(actor: Actor, id: string): Promise<StreamStatusView> {
    return this.core.tx.read(async (r) => {
      const stream = await accessibleStream(r.streams, actor, id);
      return presentStatus(stream, await r.queue.stats(id));
    });
  }

  /**
   * SSF 1.0 §8.1.2.2. Paused: SETs are held. Disabled: nothing is held (pending SETs are
   * dropped) — so enabling a disabled stream bootstraps it again with the current list.
   */
  async setStatus(actor: Actor, input: unknown): Promise<StreamStatusView> {
    const body = parseInput(StatusBody, input, "invalid stream status", "body");
    const view = await this.core.tx.write(async (r) => {
      const stream = await accessibleStream(r.streams, actor, body.stream_id);
      const at = this.now();
      const before = { status: stream.status, reason: stream.statusReason };
      if (body.status === "disabled" && stream.status !== "disabled") {
        await r.queue.dropPending(stream.streamId, at);
      }
      if (body.status !== "disabled" && stream.status === "disabled") {
        const { seq, sets } = await bootstrapSets(r, stream, this.core.queueContext);
        stream.bootstrapSeq = seq;
        stream.cursorSeq = seq;
        await r.queue.add(sets, at);
      }
      stream.status = body.status;
      stream.statusReason = body.reason ?? null;
      stream.updatedAt = at;
      await r.streams.save(stream);
      await r.audit.append({
        at,
        actor: actor.name,
        action: "stream.status",
        target: `stream:${stream.streamId}`,
        before,
        after: { status: stream.status, reason: stream.statusReason },
      });
      return presentStatus(stream, await r.queue.stats(stream.streamId));
    });
    this.core.signal.wake();
    return view;
  }

  private present(s: Stream): StreamView {
    return presentStream(s, this.core.issuer, this.core.baseUrl);
  }

  private now(): string {
    return this.core.clock.now().toISOString();
  }
}

function isAdmin(actor: Actor): boolean {
  return can(actor, "stream:manage-any");
}

/**
 * Applies the receiver-supplied properties. A redacted authorization header sent back as it
 * was shown (`Bearer ***`) keeps the stored one.
 */
function applyConfig(stream: Stream, body: StreamInput, mode: "patch" | "replace"): void {
  const replace = mode === "replace";
  if (body.delivery !== undefined || replace) {
    const d = body.delivery ?? { method: POLL_METHOD };
    const keep =
      stream.authorizationHeader !== null &&
      d.authorization_header === redactAuthorization(stream.authorizationHeader);
    stream.method = d.method;
    stream.endpointUrl = d.method === PUSH_METHOD ? (d.endpoint_url ?? null) : null;
    if (d.method !== PUSH_METHOD) stream.authorizationHeader = null;
    else if (!keep) stream.authorizationHeader = d.authorization_header ?? null;
  }
  if (body.events_requested !== undefined || replace)
    stream.eventsRequested = body.events_requested ?? null;
  if (body.description !== undefined || replace) stream.description = body.description ?? null;
}
