import { can, type Actor } from "../../accounts/index.js";
import type { Clock } from "../../core/clock.js";
import { ForbiddenError, TttError, ValidationError } from "../../core/errors.js";
import { fieldIssues, describeIssues } from "../../core/validation.js";
import type { TxRunner } from "../../store/index.js";
import type { RiskRepos } from "../risk.repos.js";
import type { RiskServices } from "../risk.services.js";
import { ClientMessage, type ServerMessage } from "./meeting.protocol.js";
import type { StoredRoom } from "./meeting.repository.js";
import { Room, type Connection } from "./meeting.room.js";
import { buildShared, personalize } from "./meeting.state.js";

export interface MeetingDeps {
  risk: RiskServices;
  tx: TxRunner<RiskRepos>;
  clock: Clock;
}

/**
 * Live meeting rooms, one per assessment. Every action goes through the same services as the
 * REST API (so the same policy, validation, transactions and audit apply); the room adds who
 * facilitates, which row is on the table and the timer, and pushes the state to everyone after
 * each committed change — whichever path made it.
 */
export class MeetingService {
  private readonly rooms = new Map<string, Room>();
  private nextId = 1;

  constructor(private readonly deps: MeetingDeps) {
    deps.risk.events.onChange((assessmentId) => {
      const room = this.rooms.get(assessmentId);
      if (room) void this.refresh(room).catch(() => undefined);
    });
  }

  /** Adds a connection to the room (created on first use) and sends everyone the new state. */
  async join(
    actor: Actor,
    assessmentId: string,
    spectator: boolean,
    send: (m: ServerMessage) => void,
  ): Promise<{ room: Room; conn: Connection }> {
    await this.deps.risk.versions.get(actor, assessmentId); // 404 / 403 before anything else
    const room = await this.room(assessmentId);
    const watching = spectator || !can(actor, "vote:cast");
    const conn: Connection = {
      id: this.nextId++,
      actor,
      spectator: watching,
      send,
      myVote: null,
      myVoteRound: null,
    };
    await room.run(async () => {
      room.connections.add(conn);
      room.seen.set(actor.name, { role: actor.role, spectator: watching });
      if (room.stored.facilitator === null && !watching && can(actor, "round:open")) {
        await this.store(room, { ...room.stored, facilitator: actor.name });
      }
      await this.loadMyVote(room, conn);
    });
    await this.refresh(room);
    return { room, conn };
  }

  async leave(room: Room, conn: Connection): Promise<void> {
    room.connections.delete(conn);
    await this.refresh(room).catch(() => undefined);
  }

  /** Handles one raw message; answers errors to the sender only, never throws. */
  async handle(room: Room, conn: Connection, raw: string): Promise<void> {
    let id: string | undefined;
    try {
      let data: unknown;
      try {
        data = JSON.parse(raw);
      } catch {
        throw new TttError("invalid_json", 400, "message: not valid JSON");
      }
      // Answer even an invalid message with its id, so the sender knows which one failed.
      const rawId = (data as { id?: unknown } | null)?.id;
      if (typeof rawId === "string" && rawId.length <= 64) id = rawId;
      const parsed = ClientMessage.safeParse(data);
      if (!parsed.success) {
        const issues = fieldIssues(parsed.error.issues);
        throw new ValidationError(describeIssues("message", issues), issues);
      }
      const msg = parsed.data;
      id = msg.id;
      const result = await this.dispatch(room, conn, msg);
      if (msg.type === "ping") conn.send({ type: "pong", ...(id === undefined ? {} : { id }) });
      else
        conn.send({
          type: "ack",
          ...(id === undefined ? {} : { id }),
          ...(result === undefined ? {} : { result }),
        });
    } catch (err) {
      const e = err instanceof TttError ? err : new TttError("internal", 500, "internal error");
      conn.send({
        type: "error",
        ...(id === undefined ? {} : { id }),
        code: e.code,
        message: e.message,
      });
    }
  }

  private async dispatch(room: Room, conn: Connection, msg: ClientMessage): Promise<unknown> {
    const { risk } = this.deps;
    const a = room.assessmentId;
    const actor = conn.actor;
    switch (msg.type) {
      case "ping":
        return undefined;
      case "vote": {
        if (conn.spectator) throw new ForbiddenError("spectators do not vote");
        const vote = await risk.voting.castVote(actor, msg.round, {
          likelihood: msg.likelihood,
          impact: msg.impact,
          confidence: msg.confidence,
          note: msg.note,
        });
        if (actor.ownCredential) {
          for (const c of room.connections) {
            if (c.actor.userId === actor.userId && c.actor.ownCredential) {
              c.myVote = vote;
              c.myVoteRound = msg.round;
            }
          }
        }
        return vote;
      }
      case "select-row":
        this.requireFacilitator(room, conn, "choose the row");
        await risk.rows.get(actor, a, msg.row);
        await room.run(() => this.store(room, { ...room.stored, rowId: msg.row }));
        await this.refresh(room);
        return undefined;
      case "open-round": {
        this.requireFacilitator(room, conn, "open a round");
        if (room.stored.rowId !== msg.row)
          await room.run(() => this.store(room, { ...room.stored, rowId: msg.row }));
        return risk.voting.openRound(actor, a, msg.row);
      }
      case "reveal":
        this.requireFacilitator(room, conn, "reveal");
        return risk.voting.reveal(actor, msg.round);
      case "settle":
        this.requireFacilitator(room, conn, "settle");
        return risk.settle.settle(actor, a, msg.row, {
          rule: msg.rule,
          likelihood: msg.likelihood,
          impact: msg.impact,
          reason: msg.reason,
        });
      case "notes":
        this.requireFacilitator(room, conn, "write the notes");
        await risk.catalogue.setRowNotes(actor, a, msg.row, msg.text);
        return undefined;
      case "timer": {
        this.requireFacilitator(room, conn, "set the timer");
        const endsAt =
          msg.seconds === null
            ? null
            : new Date(this.deps.clock.now().getTime() + msg.seconds * 1000).toISOString();
        await room.run(() => this.store(room, { ...room.stored, timerEndsAt: endsAt }));
        await this.refresh(room);
        return undefined;
      }
      case "nudge":
        this.requireFacilitator(room, conn, "nudge");
        return { nudged: await this.nudge(room, conn) };
      case "hand-over":
        await this.handOver(room, conn, msg.to);
        return undefined;
      default: {
        const never: never = msg;
        return never;
      }
    }
  }

  private requireFacilitator(room: Room, conn: Connection, what: string): void {
    if (room.stored.facilitator !== conn.actor.name) {
      throw new ForbiddenError(
        `only the room's facilitator (${room.stored.facilitator ?? "nobody yet"}) may ${what}`,
      );
    }
  }

  /** Tells everyone who could vote in the open round but has not. */
  private async nudge(room: Room, from: Connection): Promise<string[]> {
    const shared = await buildShared(this.deps.risk, from.actor, room, this.deps.clock.now());
    if (shared.round?.state !== "open")
      throw new TttError("no_open_round", 409, "there is no open round to nudge about");
    const voted = new Set(shared.round.voters);
    const nudged = new Set<string>();
    for (const c of room.connections) {
      if (c.spectator || voted.has(c.actor.name) || c === from || !can(c.actor, "vote:cast"))
        continue;
      c.send({ type: "nudge", from: from.actor.name });
      nudged.add(c.actor.name);
    }
    return [...nudged];
  }

  /**
   * The facilitator hands the room to a connected user who may facilitate; when the facilitator
   * has gone, such a user may take the room themselves (`to` = their own name).
   */
  private async handOver(room: Room, conn: Connection, to: string): Promise<void> {
    const current = room.stored.facilitator;
    const claiming = to === conn.actor.name && (current === null || !room.connected(current));
    if (current !== conn.actor.name && !claiming)
      this.requireFacilitator(room, conn, "hand the room over");
    const target = [...room.connections].find((c) => c.actor.name === to && !c.spectator);
    if (!target)
      throw new ValidationError(`to: '${to}' is not in the room as a participant`, [
        { path: "to", message: "not connected" },
      ]);
    if (!can(target.actor, "round:open"))
      throw new ForbiddenError(`'${to}' has role ${target.actor.role}, which cannot facilitate`);
    await room.run(() => this.store(room, { ...room.stored, facilitator: to }));
    await this.refresh(room);
  }

  private async room(assessmentId: string): Promise<Room> {
    let room = this.rooms.get(assessmentId);
    if (!room) {
      const stored = await this.deps.tx.read(({ meetings }) => meetings.get(assessmentId));
      room =
        this.rooms.get(assessmentId) ??
        new Room(
          assessmentId,
          stored ?? { facilitator: null, rowId: null, timerEndsAt: null },
          this.deps.clock.now().getTime(),
        );
      this.rooms.set(assessmentId, room);
    }
    return room;
  }

  private async store(room: Room, next: StoredRoom): Promise<void> {
    await this.deps.tx.write(({ meetings }) =>
      meetings.put(room.assessmentId, next, this.deps.clock.now().toISOString()),
    );
    room.stored = next;
  }

  /** After a reconnect (or a server restart), the caller's own vote in the open round. */
  private async loadMyVote(room: Room, conn: Connection): Promise<void> {
    if (room.stored.rowId === null || !conn.actor.ownCredential) return;
    const rounds = await this.deps.risk.voting
      .roundsOfRow(conn.actor, room.assessmentId, room.stored.rowId)
      .catch(() => []);
    const open = rounds.at(-1);
    if (open?.state === "open") {
      conn.myVote = open.myVote;
      conn.myVoteRound = open.id;
    }
  }

  /** Rebuilds the state once (bursts coalesce) and sends each connection its view. */
  private refresh(room: Room): Promise<void> {
    return room.scheduleRefresh(async () => {
      const reader = room.connections.values().next().value;
      if (reader === undefined) return;
      room.rev++;
      const shared = await buildShared(this.deps.risk, reader.actor, room, this.deps.clock.now());
      for (const c of room.connections) c.send({ type: "state", state: personalize(shared, c) });
    });
  }
}
