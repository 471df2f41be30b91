import { can, type Actor } from "../../accounts/index.js";
import type { RoundView } from "../presenters.js";
import type { RiskServices } from "../risk.services.js";
import type { RoomState } from "./meeting.protocol.js";
import type { Connection, Room } from "./meeting.room.js";

/** The part of the room state that is the same for everyone. */
export type SharedState = Omit<RoomState, "me" | "myVote">;

const toRoomRound = (r: RoundView): NonNullable<RoomState["round"]> => ({
  id: r.id,
  row: r.row,
  number: r.number,
  state: r.state,
  voters: r.voters.map((v) => v.voter),
  votes: r.votes,
  stats: r.stats,
});

/**
 * Reads the room's state from the services (the store is the truth), as `reader` at `now` (the
 * service's clock: the browser's countdown runs against it) — anyone in the
 * room may read the assessment. Votes appear only after reveal: the services never return them
 * before, so nothing here can leak them.
 */
export async function buildShared(
  risk: RiskServices,
  reader: Actor,
  room: Room,
  now: Date,
): Promise<SharedState> {
  const a = await risk.versions.get(reader, room.assessmentId);
  const page = await risk.rows.list(reader, room.assessmentId);
  const m = await risk.methodologies.get(reader, a.methodologyId);
  const rowId =
    room.stored.rowId !== null && page.rows.some((r) => r.id === room.stored.rowId)
      ? room.stored.rowId
      : null;
  const current = page.rows.find((r) => r.id === rowId);
  const rounds =
    rowId === null ? [] : await risk.voting.roundsOfRow(reader, room.assessmentId, rowId);
  const round = rounds.at(-1);
  const participants = [...room.seen.entries()].map(([name, p]) => ({
    name,
    role: p.role,
    spectator: p.spectator,
    connected: room.connected(name),
  }));
  const score = (s: (typeof page.rows)[number]["score"]) =>
    s === null
      ? null
      : {
          likelihood: s.likelihood,
          impact: s.impact,
          level: s.level,
          levelLabel: s.levelLabel,
          color: s.color,
          rule: s.rule,
          reason: s.reason,
        };
  return {
    assessment: a.id,
    title: a.title,
    version: page.version,
    defaultRule: a.defaultRule,
    rev: room.rev,
    serverNow: now.toISOString(),
    facilitator: room.stored.facilitator,
    participants,
    rows: page.rows.map((r) => ({
      id: r.id,
      title: [r.threat.title, r.workflow?.name, r.variant].filter(Boolean).join(" / "),
      score: score(r.score),
    })),
    row: rowId,
    notes: current?.notes ?? "",
    round: round ? toRoomRound(round) : null,
    score: current ? score(current.score) : null,
    timer: room.stored.timerEndsAt === null ? null : { endsAt: room.stored.timerEndsAt },
    scales: {
      likelihood: m.definition.likelihood.map(({ value, label, description }) => ({
        value,
        label,
        description,
      })),
      impact: m.definition.impact.map(({ value, label, description }) => ({
        value,
        label,
        description,
      })),
    },
  };
}

/** The state one connection receives: the shared part, who they are, and their own vote. */
export function personalize(shared: SharedState, conn: Connection): RoomState {
  const open = shared.round?.state === "open" ? shared.round : null;
  return {
    ...shared,
    me: {
      name: conn.actor.name,
      role: conn.actor.role,
      spectator: conn.spectator,
      canVote: !conn.spectator && can(conn.actor, "vote:cast") && shared.version.state === "draft",
      isFacilitator: shared.facilitator === conn.actor.name,
    },
    myVote: open !== null && conn.myVoteRound === open.id ? conn.myVote : null,
  };
}
