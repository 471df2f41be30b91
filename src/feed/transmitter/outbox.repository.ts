import type { Ban } from "../../bans/index.js";
import { systemClock, type Clock } from "../../core/clock.js";
import type { ChangeFeed, Executor } from "../../store/index.js";
import { parseJson, toJson } from "../../store/index.js";
import { WireBanSchema, banToWire, wireToBan } from "../ban-wire.js";
import type { BanChangeType } from "../event-types.js";

/** The change-feed topic outbox appends are announced on (payload: the ban id). */
export const FEED_TOPIC = "feed";

/** One committed ban change, in outbox order. */
export interface OutboxEntry {
  seq: number;
  type: BanChangeType;
  ban: Ban;
  createdAt: string;
}

export interface OutboxOptions {
  /** Announces appends to other instances (delivered on commit). */
  feed?: ChangeFeed | undefined;
  clock?: Clock | undefined;
  /** In-process wake-up (this instance's dispatcher and long polls); runs after this tick. */
  onAppend?: (() => void) | undefined;
}

/**
 * The outbox of ban changes. `append` runs inside the ban's own write transaction (BansService),
 * so a change is in the outbox if and only if it committed; dispatch reads from here.
 */
export class OutboxRepository {
  constructor(
    private readonly db: Executor,
    private readonly opts: OutboxOptions = {},
  ) {}

  async append(change: { type: BanChangeType; ban: Ban }): Promise<void> {
    await this.db
      .insertInto("feed_outbox")
      .values({
        ban_id: change.ban.id,
        change_type: change.type,
        ban: toJson(banToWire(change.ban)),
        created_at: (this.opts.clock ?? systemClock).now().toISOString(),
      })
      .execute();
    await this.opts.feed?.notify(this.db, FEED_TOPIC, change.ban.id);
    // Whoever wakes takes the write lock first, so it sees this row once it has committed.
    const wake = this.opts.onAppend;
    if (wake !== undefined) setImmediate(wake);
  }

  /** The highest seq written so far (0 for none). */
  async maxSeq(): Promise<number> {
    const r = await this.db
      .selectFrom("feed_outbox")
      .select((eb) => eb.fn.max("seq").as("max"))
      .executeTakeFirst();
    return Number(r?.max ?? 0);
  }

  /** Changes after `seq`, oldest first. */
  async after(seq: number, limit: number): Promise<OutboxEntry[]> {
    const rows = await this.db
      .selectFrom("feed_outbox")
      .selectAll()
      .where("seq", ">", seq)
      .orderBy("seq")
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      seq: Number(r.seq),
      type: r.change_type as BanChangeType,
      ban: wireToBan(WireBanSchema.parse(parseJson(r.ban))),
      createdAt: r.created_at,
    }));
  }
}
