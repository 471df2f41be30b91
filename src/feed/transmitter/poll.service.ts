/**
 * RFC 8936 poll delivery. One request acknowledges (`ack`), records refusals (`setErrs`), queues
 * whatever the outbox holds beyond the stream's cursor, and returns the oldest pending SETs.
 * A SET returned but not acknowledged stays pending and is returned again, with the same jti,
 * by a later poll; an acknowledged or refused one never is. `returnImmediately: false` (the
 * RFC's default) waits up to `longPollMs` for something to deliver.
 */
import type { Actor } from "../../accounts/index.js";
import { TttError } from "../../core/errors.js";
import { parseInput } from "../../core/validation.js";
import type { FeedCore } from "./feed-core.js";
import type { QueuedSet } from "./queue.repository.js";
import { fanOut } from "./set-queue.js";
import { accessibleStream } from "./stream-access.js";
import { PollBody } from "./stream.schema.js";
import { POLL_METHOD } from "./stream.model.js";

export interface PollResponse {
  sets: Record<string, string>;
  moreAvailable: boolean;
}

export interface PollOptions {
  /** Longest wait of a long poll (default 10 s). */
  longPollMs?: number | undefined;
  /** SETs per response when the receiver does not say (default 100). */
  defaultMaxEvents?: number | undefined;
}

export class PollService {
  private readonly longPollMs: number;
  private readonly defaultMax: number;

  constructor(
    private readonly core: FeedCore,
    opts: PollOptions = {},
  ) {
    this.longPollMs = opts.longPollMs ?? 10_000;
    this.defaultMax = opts.defaultMaxEvents ?? 100;
  }

  async poll(actor: Actor, streamId: string, input: unknown, abort?: AbortSignal) {
    const req = parseInput(PollBody, input ?? {}, "invalid poll request", "body");
    const max = req.maxEvents ?? this.defaultMax;
    const deadline = performance.now() + this.longPollMs;
    let first = true;
    for (;;) {
      const batch = await this.take(actor, streamId, max, first ? req : {});
      first = false;
      const done =
        batch.sets.length > 0 ||
        req.returnImmediately === true ||
        max === 0 ||
        abort?.aborted === true ||
        performance.now() >= deadline;
      if (done) {
        const sets: Record<string, string> = {};
        for (const set of batch.sets) sets[set.jti] = await this.core.sign(set);
        return { sets, moreAvailable: batch.more } satisfies PollResponse;
      }
      await this.core.signal.wait(deadline - performance.now(), abort);
    }
  }

  private take(
    actor: Actor,
    streamId: string,
    max: number,
    req: Pick<ReturnType<typeof PollBody.parse>, "ack" | "setErrs">,
  ): Promise<{ sets: QueuedSet[]; more: boolean }> {
    return this.core.tx.write(async (r) => {
      const stream = await accessibleStream(r.streams, actor, streamId);
      if (stream.method !== POLL_METHOD) {
        throw new TttError(
          "stream_not_polled",
          400,
          `stream '${streamId}' is delivered by push (${stream.method}), not polled`,
        );
      }
      const at = this.core.clock.now().toISOString();
      await r.queue.ack(streamId, req.ack ?? [], at);
      const errs = Object.entries(req.setErrs ?? {});
      for (const [jti, e] of errs) {
        const error = { at, err: e.err, description: e.description ?? "", jti };
        if (await r.queue.refuse(streamId, jti, error)) stream.lastError = error;
      }
      await fanOut(r, stream, this.core.queueContext);
      let sets: QueuedSet[] = [];
      let more = false;
      if (stream.status === "enabled" && max > 0) {
        const pending = await r.queue.pending(streamId, max + 1);
        sets = pending.slice(0, max);
        more = pending.length > max;
        await r.queue.countAttempt(
          sets.map((s) => s.id),
          at,
        );
        if (sets.length > 0) stream.lastDeliveredAt = at;
      }
      if (sets.length > 0 || errs.length > 0) await r.streams.save(stream);
      return { sets, more };
    });
  }
}
