import type { Actor } from "../../accounts/index.js";
import type { ServerMessage } from "./meeting.protocol.js";
import type { StoredRoom } from "./meeting.repository.js";

type VoteView = NonNullable<Extract<ServerMessage, { type: "state" }>["state"]["myVote"]>;

/** One browser (or client) in a room. */
export interface Connection {
  readonly id: number;
  readonly actor: Actor;
  readonly spectator: boolean;
  send(message: ServerMessage): void;
  /** The caller's own vote in `myVoteRound`, kept here so it is never broadcast to others. */
  myVote: VoteView | null;
  myVoteRound: string | null;
}

/**
 * A live meeting on one assessment: its connections, the little state that is not in rounds and
 * votes (facilitator, row on the table, timer), and a work queue so that messages and refreshes
 * are handled one at a time, in order, and every state carries a higher `rev`.
 */
export class Room {
  readonly connections = new Set<Connection>();
  /** Everyone who joined while this server ran, so people who dropped still show (as away). */
  readonly seen = new Map<string, { role: string; spectator: boolean }>();
  private tail: Promise<unknown> = Promise.resolve();
  private refreshQueued = false;

  /**
   * `rev` starts from the clock's time in ms, so states from a restarted server still compare
   * higher than the ones a reconnecting browser already has.
   */
  constructor(
    readonly assessmentId: string,
    public stored: StoredRoom,
    public rev: number,
  ) {}

  /** Runs `task` after everything queued before it; errors stay with the caller. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.tail.then(task, task);
    this.tail = next.catch(() => undefined);
    return next;
  }

  /**
   * Queues one refresh; bursts of changes (many votes at once) coalesce into a refresh that sees
   * all of them, so a room of fifty does not rebuild its state fifty times.
   */
  scheduleRefresh(refresh: () => Promise<void>): Promise<void> {
    if (this.refreshQueued) return this.tail.then(() => undefined);
    this.refreshQueued = true;
    return this.run(async () => {
      this.refreshQueued = false;
      await refresh();
    });
  }

  connected(name: string): boolean {
    for (const c of this.connections) if (c.actor.name === name) return true;
    return false;
  }
}
