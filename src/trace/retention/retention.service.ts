import { authorize, type Actor } from "../../accounts/index.js";
import type { Clock } from "../../core/clock.js";
import { ValidationError } from "../../core/errors.js";
import type { Store } from "../../store/index.js";

const DAY_MS = 86_400_000;

/**
 * Deletes ingested events older than the retention period: whole monthly partitions on
 * PostgreSQL, rows on SQLite. Segments wholly older than the cutoff go with their postings;
 * postings of a segment that straddles the cutoff may name deleted events, which readers skip.
 */
export class RetentionService {
  constructor(private readonly deps: { store: Store; clock: Clock }) {}

  async prune(actor: Actor, olderThanDays: number): Promise<{ cutoff: string; events: number }> {
    authorize(actor, "trace:ingest");
    if (!Number.isInteger(olderThanDays) || olderThanDays < 1)
      throw new ValidationError("olderThanDays must be a whole number of days ≥ 1", [
        { path: "olderThanDays", message: `got ${olderThanDays}` },
      ]);
    const cutoffMs = this.deps.clock.now().getTime() - olderThanDays * DAY_MS;
    const { db, partitions } = this.deps.store;
    const events = await partitions.pruneBefore("trace_events", cutoffMs);
    const old = db.selectFrom("trace_segments").select("id").where("max_time", "<", cutoffMs);
    await db.deleteFrom("trace_postings").where("seg", "in", old).execute();
    await db.deleteFrom("trace_key_blocks").where("max_time", "<", cutoffMs).execute();
    await db.deleteFrom("trace_segments").where("max_time", "<", cutoffMs).execute();
    return { cutoff: new Date(cutoffMs).toISOString(), events };
  }
}
