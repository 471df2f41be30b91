import type { Executor } from "../../store/index.js";
import { parseJson, toJson } from "../../store/index.js";
import type { RoundsTable, SettlementsTable, VotesTable } from "../../store/tables/risk.tables.js";
import type { Confidence, Round, Settlement, Vote } from "../model.js";

const toRound = (r: RoundsTable): Round => ({
  id: r.id,
  versionId: r.version_id,
  rowId: r.row_id,
  number: Number(r.number),
  state: r.state as Round["state"],
  openedBy: r.opened_by,
  openedAt: r.opened_at,
  revealedBy: r.revealed_by,
  revealedAt: r.revealed_at,
  stats: r.stats === null ? null : parseJson(r.stats),
});

const toVote = (r: VotesTable): Vote => ({
  roundId: r.round_id,
  userId: r.user_id,
  voter: r.voter,
  likelihood: Number(r.likelihood),
  impact: Number(r.impact),
  confidence: r.confidence as Confidence | null,
  note: r.note,
  castAt: r.cast_at,
  updatedAt: r.updated_at,
});

const toSettlement = (r: SettlementsTable): Settlement => ({
  id: r.id,
  rowId: r.row_id,
  rule: r.rule,
  likelihood: Number(r.likelihood),
  impact: Number(r.impact),
  level: r.level,
  roundId: r.round_id,
  raw: parseJson(r.raw),
  rounding: r.rounding,
  stats: r.stats === null ? null : parseJson(r.stats),
  reason: r.reason,
  settledBy: r.settled_by,
  settledAt: r.settled_at,
  carriedFrom: r.carried_from,
});

/** Rounds, hidden votes and settlements. Votes are only ever read whole after reveal. */
export class VotingRepository {
  constructor(private readonly db: Executor) {}

  async insertRound(r: Round): Promise<void> {
    await this.db
      .insertInto("rounds")
      .values({
        id: r.id,
        version_id: r.versionId,
        row_id: r.rowId,
        number: r.number,
        state: r.state,
        opened_by: r.openedBy,
        opened_at: r.openedAt,
        revealed_by: r.revealedBy,
        revealed_at: r.revealedAt,
        stats: r.stats === null ? null : toJson(r.stats),
      })
      .execute();
  }

  async getRound(id: string): Promise<Round | undefined> {
    const r = await this.db
      .selectFrom("rounds")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return r && toRound(r);
  }

  async roundsOfRow(versionId: string, rowId: string): Promise<Round[]> {
    const rows = await this.db
      .selectFrom("rounds")
      .selectAll()
      .where("version_id", "=", versionId)
      .where("row_id", "=", rowId)
      .orderBy("number")
      .execute();
    return rows.map(toRound);
  }

  async roundsOfVersion(versionId: string): Promise<Round[]> {
    const rows = await this.db
      .selectFrom("rounds")
      .selectAll()
      .where("version_id", "=", versionId)
      .orderBy("row_id")
      .orderBy("number")
      .execute();
    return rows.map(toRound);
  }

  async markRevealed(id: string, by: string, at: string, stats: Round["stats"]): Promise<boolean> {
    const res = await this.db
      .updateTable("rounds")
      .set({ state: "revealed", revealed_by: by, revealed_at: at, stats: toJson(stats) })
      .where("id", "=", id)
      .where("state", "=", "open")
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Insert or replace the caller's vote; only while the round is open (checked by the service in the same transaction). */
  async upsertVote(v: Vote): Promise<void> {
    const row: VotesTable = {
      round_id: v.roundId,
      user_id: v.userId,
      voter: v.voter,
      likelihood: v.likelihood,
      impact: v.impact,
      confidence: v.confidence,
      note: v.note,
      cast_at: v.castAt,
      updated_at: v.updatedAt,
    };
    await this.db
      .insertInto("votes")
      .values(row)
      .onConflict((oc) =>
        oc.columns(["round_id", "user_id"]).doUpdateSet({
          likelihood: row.likelihood,
          impact: row.impact,
          confidence: row.confidence,
          note: row.note,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  }

  async getVote(roundId: string, userId: string): Promise<Vote | undefined> {
    const r = await this.db
      .selectFrom("votes")
      .selectAll()
      .where("round_id", "=", roundId)
      .where("user_id", "=", userId)
      .executeTakeFirst();
    return r && toVote(r);
  }

  async votesOfRound(roundId: string): Promise<Vote[]> {
    return (
      await this.db
        .selectFrom("votes")
        .selectAll()
        .where("round_id", "=", roundId)
        .orderBy("cast_at")
        .orderBy("user_id")
        .execute()
    ).map(toVote);
  }

  async votesOfRounds(roundIds: string[]): Promise<Vote[]> {
    if (roundIds.length === 0) return [];
    return (
      await this.db
        .selectFrom("votes")
        .selectAll()
        .where("round_id", "in", roundIds)
        .orderBy("cast_at")
        .execute()
    ).map(toVote);
  }

  /** Who has voted, and when — what everyone may see before reveal. */
  async votersOfRound(
    roundId: string,
  ): Promise<{ userId: string; voter: string; castAt: string; updatedAt: string }[]> {
    const rows = await this.db
      .selectFrom("votes")
      .select(["user_id", "voter", "cast_at", "updated_at"])
      .where("round_id", "=", roundId)
      .orderBy("cast_at")
      .execute();
    return rows.map((r) => ({
      userId: r.user_id,
      voter: r.voter,
      castAt: r.cast_at,
      updatedAt: r.updated_at,
    }));
  }

  /** Records a settlement as the row's current one; earlier ones stay as history. */
  async insertSettlement(versionId: string, s: Settlement): Promise<void> {
    await this.db
      .updateTable("settlements")
      .set({ current: 0 })
      .where("version_id", "=", versionId)
      .where("row_id", "=", s.rowId)
      .execute();
    await this.db
      .insertInto("settlements")
      .values({
        id: s.id,
        version_id: versionId,
        row_id: s.rowId,
        rule: s.rule,
        likelihood: s.likelihood,
        impact: s.impact,
        level: s.level,
        round_id: s.roundId,
        raw: toJson(s.raw),
        rounding: s.rounding,
        stats: s.stats === null ? null : toJson(s.stats),
        reason: s.reason,
        settled_by: s.settledBy,
        settled_at: s.settledAt,
        carried_from: s.carriedFrom,
        current: 1,
      })
      .execute();
  }

  async currentSettlements(versionId: string): Promise<Settlement[]> {
    const rows = await this.db
      .selectFrom("settlements")
      .selectAll()
      .where("version_id", "=", versionId)
      .where("current", "=", 1)
      .execute();
    return rows.map(toSettlement);
  }

  async settlementHistory(versionId: string, rowId: string): Promise<Settlement[]> {
    const rows = await this.db
      .selectFrom("settlements")
      .selectAll()
      .where("version_id", "=", versionId)
      .where("row_id", "=", rowId)
      .orderBy("current") // the current one last, whatever the clock said
      .orderBy("settled_at")
      .orderBy("id")
      .execute();
    return rows.map(toSettlement);
  }

  /** Every settlement of a version, each row's history in order with its current one last. */
  async settlementsOfVersion(versionId: string): Promise<Settlement[]> {
    const rows = await this.db
      .selectFrom("settlements")
      .selectAll()
      .where("version_id", "=", versionId)
      .orderBy("row_id")
      .orderBy("current")
      .orderBy("settled_at")
      .orderBy("id")
      .execute();
    return rows.map(toSettlement);
  }
}
