import type { Executor } from "../../store/index.js";

/** What a room remembers across restarts. */
export interface StoredRoom {
  facilitator: string | null;
  rowId: string | null;
  timerEndsAt: string | null;
}

/** The meeting_rooms table: one row per assessment with a room. */
export class MeetingRepository {
  constructor(private readonly db: Executor) {}

  async get(assessmentId: string): Promise<StoredRoom | undefined> {
    const r = await this.db
      .selectFrom("meeting_rooms")
      .selectAll()
      .where("assessment_id", "=", assessmentId)
      .executeTakeFirst();
    return r && { facilitator: r.facilitator, rowId: r.row_id, timerEndsAt: r.timer_ends_at };
  }

  async put(assessmentId: string, room: StoredRoom, at: string): Promise<void> {
    const row = {
      assessment_id: assessmentId,
      facilitator: room.facilitator,
      row_id: room.rowId,
      timer_ends_at: room.timerEndsAt,
      updated_at: at,
    };
    await this.db
      .insertInto("meeting_rooms")
      .values(row)
      .onConflict((oc) => oc.column("assessment_id").doUpdateSet(row))
      .execute();
  }
}
