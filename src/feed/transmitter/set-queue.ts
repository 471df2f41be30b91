/**
 * From ban changes to a stream's queued SETs: the fan-out of the outbox (every change after the
 * stream's cursor, in order, in the same transaction as the cursor moves) and the bootstrap of a
 * new stream (the bans active or pending at that moment). Runs inside a serialised write
 * transaction (TxRunner.write), which is what makes the cursor safe: no other writer is
 * mid-transaction, so every outbox row below the highest visible seq has committed.
 */
import { randomUUID } from "node:crypto";
import type { Ban, BansRepository } from "../../bans/index.js";
import type { Clock } from "../../core/clock.js";
import type { BanChangeType } from "../event-types.js";
import { buildBanSets } from "../set-events.js";
import type { OutboxRepository } from "./outbox.repository.js";
import type { NewQueuedSet, QueueRepository } from "./queue.repository.js";
import { eventsDelivered, type Stream } from "./stream.model.js";

export interface QueueContext {
  /** The transmitter's issuer: every SET's `iss`. */
  issuer: string;
  clock: Clock;
  newJti?: (() => string) | undefined;
}

export interface FanOutRepos {
  outbox: OutboxRepository;
  queue: QueueRepository;
  streams: { setCursor(id: string, seq: number): Promise<void> };
}

const BATCH = 500;

/** The SETs of one change for one stream: those of the event types the stream gets. */
export function setsForChange(
  stream: Stream,
  change: { seq: number; type: BanChangeType; ban: Ban },
  ctx: QueueContext,
  key: { txn: string; dedupePrefix: string },
): NewQueuedSet[] {
  const delivered = new Set(eventsDelivered(stream));
  const sets = buildBanSets(
    { type: change.type, ban: change.ban },
    {
      issuer: ctx.issuer,
      audience: stream.aud,
      now: ctx.clock.now(),
      txn: key.txn,
      sequence: change.seq,
      newJti: ctx.newJti ?? randomUUID,
    },
  );
  const out: NewQueuedSet[] = [];
  for (const claims of sets) {
    const eventType = Object.keys(claims.events)[0] ?? "";
    if (!delivered.has(eventType)) continue;
    out.push({
      streamId: stream.streamId,
      dedupeKey: `${key.dedupePrefix}${eventType}`,
      jti: claims.jti,
      seq: change.seq,
      banId: change.ban.id,
      eventType,
      claims: claims as unknown as Record<string, unknown>,
    });
  }
  return out;
}

/**
 * Queues every outbox change after the stream's cursor and moves the cursor, in the caller's
 * transaction. Idempotent: a change already queued for the stream is not queued again
 * (unique stream + `<seq>:<event type>`). A disabled stream's cursor moves without queueing.
 */
export async function fanOut(repos: FanOutRepos, stream: Stream, ctx: QueueContext) {
  let cursor = stream.cursorSeq;
  let queued = 0;
  const at = ctx.clock.now().toISOString();
  for (;;) {
    const batch = await repos.outbox.after(cursor, BATCH);
    if (batch.length === 0) break;
    if (stream.status !== "disabled") {
      const sets = batch.flatMap((change) =>
        setsForChange(stream, change, ctx, {
          txn: `outbox-${change.seq}`,
          dedupePrefix: `${change.seq}:`,
        }),
      );
      await repos.queue.add(sets, at);
      queued += sets.length;
    }
    cursor = batch[batch.length - 1]?.seq ?? cursor;
    if (batch.length < BATCH) break;
  }
  if (cursor !== stream.cursorSeq) {
    await repos.streams.setCursor(stream.streamId, cursor);
    stream.cursorSeq = cursor;
  }
  return queued;
}

/**
 * A stream's starting point: the current outbox seq, and a ban-created SET (plus its RISC/CAEP
 * companions) for every ban active or pending now, with `sequence` = that seq, so any later
 * change of the same ban (a higher seq) wins at the receiver. The caller stores the stream with
 * `bootstrapSeq = cursorSeq = seq` and then queues `sets`.
 */
export async function bootstrapSets(
  repos: { outbox: OutboxRepository; bans: BansRepository },
  stream: Stream,
  ctx: QueueContext,
): Promise<{ seq: number; sets: NewQueuedSet[] }> {
  const seq = await repos.outbox.maxSeq();
  const now = ctx.clock.now().getTime();
  const bans = (await repos.bans.list({ state: "active" })).filter(
    (b) => b.expiresAt === null || Date.parse(b.expiresAt) > now,
  );
  const round = randomUUID();
  const sets = bans.flatMap((ban) =>
    setsForChange(stream, { seq, type: "created", ban }, ctx, {
      txn: `bootstrap-${seq}-${ban.id}`,
      dedupePrefix: `bootstrap:${round}:${ban.id}:`,
    }),
  );
  return { seq, sets };
}
