import {
  INITIAL_SNAPSHOT,
  NudgeResult,
  type MeetingError,
  type MeetingSnapshot,
} from "./meeting-snapshot.js";
import {
  ClientMessage,
  ServerMessage,
  type Outgoing,
  type RoomState,
  type VoteMessage,
} from "./protocol.js";

export type {
  ConnectionStatus,
  MeetingError,
  MeetingSnapshot,
  VoteStatus,
} from "./meeting-snapshot.js";

const PING_EVERY_MS = 20_000;
const SILENCE_LIMIT_MS = 50_000;
const MAX_BACKOFF_MS = 15_000;

/** The pending vote: resent once after a reconnect if the round is still open. */
interface PendingVote {
  msg: VoteMessage;
  sends: number;
}

/**
 * One meeting room's WebSocket: validates every message with the shared zod schemas, keeps the
 * newest room state, reconnects with exponential backoff, and makes sure a vote is either
 * acknowledged (stored by the server) or reported as lost. Framework-free; `useMeeting` binds
 * it to React.
 */
export class MeetingConnection {
  private snap: MeetingSnapshot = INITIAL_SNAPSHOT;
  private readonly listeners = new Set<() => void>();
  private ws: WebSocket | null = null;
  private live = false;
  private running = false;
  private attempt = 0;
  private everLive = false;
  private lastHeard = 0;
  private refusal: string | null = null;
  private seq = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private readonly inFlight = new Map<string, ClientMessage["type"]>();
  private pendingVote: PendingVote | null = null;

  constructor(private readonly url: string) {}

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  getSnapshot = (): MeetingSnapshot => this.snap;

  start(): void {
    if (this.running) return;
    this.running = true;
    this.connect();
    this.pingTimer = setInterval(() => this.keepAlive(), PING_EVERY_MS / 2);
    window.addEventListener("online", this.retryNow);
  }

  stop(): void {
    this.running = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.retryTimer = this.pingTimer = null;
    window.removeEventListener("online", this.retryNow);
    this.drop();
  }

  /** Sends a message with a fresh id; returns the id, or null (with a visible error) when offline. */
  send = (msg: Outgoing): string | null => {
    const id = `m${Date.now().toString(36)}-${++this.seq}`;
    const full = ClientMessage.safeParse({ ...msg, id });
    if (!full.success) {
      this.addError("invalid", full.error.issues.map((i) => i.message).join("; "), msg.type);
      return null;
    }
    if (!this.transmit(full.data)) {
      this.addError("offline", "Not connected — wait until the room is live again.", msg.type);
      return null;
    }
    return id;
  };

  /** Casts or changes the vote; queued while offline and sent (once) when the room is back. */
  vote = (v: Omit<VoteMessage, "type" | "id">): void => {
    const id = `v${Date.now().toString(36)}-${++this.seq}`;
    const parsed = ClientMessage.safeParse({ type: "vote", id, ...v });
    if (!parsed.success || parsed.data.type !== "vote") {
      const message = parsed.success ? "not a vote" : parsed.error.issues[0]?.message;
      this.set({ vote: { kind: "failed", message: message ?? "invalid vote" } });
      return;
    }
    if (this.pendingVote) this.inFlight.delete(this.pendingVote.msg.id ?? "");
    this.pendingVote = { msg: parsed.data, sends: 0 };
    const sent = this.transmit(parsed.data);
    if (sent) this.pendingVote.sends = 1;
    this.set({ vote: { kind: "sending", queued: !sent } });
  };

  dismissError = (key: number): void =>
    this.set({ errors: this.snap.errors.filter((e) => e.key !== key) });

  dismissNudge = (): void => this.set({ nudge: null });

  dismissInfo = (): void => this.set({ info: null });

  /** Skips the backoff wait (a button, or the browser coming back online). */
  retryNow = (): void => {
    if (!this.running || this.ws) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.connect();
  };

  private set(patch: Partial<MeetingSnapshot>): void {
    this.snap = { ...this.snap, ...patch };
    for (const fn of this.listeners) fn();
  }

  private addError(code: string, message: string, about: ClientMessage["type"] | null): void {
    const e: MeetingError = { key: ++this.seq, code, message, about };
    this.set({ errors: [...this.snap.errors.slice(-4), e] });
  }

  private transmit(msg: ClientMessage): boolean {
    if (!this.live || !this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(msg));
    if (msg.id && msg.type !== "ping") {
      this.inFlight.set(msg.id, msg.type);
      this.set({ busy: [...this.inFlight.values()] });
    }
    return true;
  }

  private connect(): void {
    this.set({ status: this.everLive ? "reconnecting" : "connecting", retryAt: null });
    const ws = new WebSocket(this.url);
    this.ws = ws;
    this.live = false;
    this.lastHeard = Date.now();
    ws.onmessage = (ev) => {
      if (this.ws === ws) this.receive(ev.data);
    };
    this.refusal = null;
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      // Turned away while joining (policy violation): retrying blindly would not help.
      if (ev.code === 1008 && !this.live) this.refused(this.refusal ?? ev.reason);
      else this.lost();
    };
  }

  /** Forgets the socket without waiting for a closing handshake that may never come. */
  private drop(): void {
    const ws = this.ws;
    this.ws = null;
    this.live = false;
    if (ws) {
      ws.onmessage = ws.onclose = null;
      try {
        ws.close();
      } catch {
        // already closed
      }
    }
  }

  private lost(): void {
    this.drop();
    this.inFlight.clear();
    if (!this.running) return;
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.attempt) * (0.75 + Math.random() / 4);
    this.attempt++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
    this.set({ status: "reconnecting", retryAt: Date.now() + delay, busy: [] });
  }

  private refused(reason: string): void {
    this.drop();
    this.inFlight.clear();
    this.set({ status: "refused", retryAt: null, busy: [] });
    if (reason) this.addError("refused", reason, null);
  }

  private keepAlive(): void {
    if (!this.ws) return;
    if (Date.now() - this.lastHeard > SILENCE_LIMIT_MS) this.lost();
    else if (this.live && Date.now() - this.lastHeard > PING_EVERY_MS) {
      this.transmit({ type: "ping" });
    }
  }

  private receive(data: unknown): void {
    this.lastHeard = Date.now();
    let json: unknown;
    try {
      json = JSON.parse(typeof data === "string" ? data : "");
    } catch {
      json = undefined;
    }
    const parsed = ServerMessage.safeParse(json);
    if (!parsed.success) {
      console.warn("meeting: ignored an invalid server message", parsed.error.issues);
      this.addError("invalid_message", "The server sent a message this page cannot read.", null);
      return;
    }
    const msg = parsed.data;
    switch (msg.type) {
      case "state":
        return this.onState(msg.state);
      case "ack":
        return this.answered(msg.id, null, msg.result);
      case "error":
        if (!this.live && msg.id === undefined) {
          this.refusal = msg.message; // the reason for the close that follows
          return;
        }
        return this.answered(msg.id, msg, undefined);
      case "nudge":
        return this.set({ nudge: { from: msg.from, at: Date.now() } });
      case "pong":
        return;
    }
  }

  private onState(state: RoomState): void {
    const first = !this.live;
    // A new connection starts over (the server may have restarted); otherwise newest wins.
    if (!first && this.snap.state && state.rev < this.snap.state.rev) return;
    const roundChanged = this.snap.state?.round?.id !== state.round?.id;
    this.set({ state, status: "live", retryAt: null });
    if (roundChanged && !this.pendingVote && this.snap.vote.kind !== "idle") {
      this.set({ vote: { kind: "idle" } });
    }
    if (!first) return;
    this.live = true;
    this.everLive = true;
    this.attempt = 0;
    this.resendVote(state);
  }

  /** After (re)connecting: the vote that was not acknowledged goes out once more, if it still can. */
  private resendVote(state: RoomState): void {
    const p = this.pendingVote;
    if (!p) return;
    const round = state.round;
    const mine = state.myVote;
    if (!round || round.id !== p.msg.round || round.state !== "open") {
      this.pendingVote = null;
      this.set({
        vote: { kind: "failed", message: "The round closed before your vote was saved." },
      });
    } else if (mine && mine.likelihood === p.msg.likelihood && mine.impact === p.msg.impact) {
      this.pendingVote = null; // stored before the drop; only the ack was lost
      this.set({ vote: { kind: "saved" } });
    } else if (p.sends >= 2) {
      this.pendingVote = null;
      this.set({
        vote: { kind: "failed", message: "Your vote was not saved — please send it again." },
      });
    } else {
      p.sends++;
      this.transmit(p.msg);
      this.set({ vote: { kind: "sending", queued: false } });
    }
  }

  private answered(
    id: string | undefined,
    err: { code: string; message: string } | null,
    result: unknown,
  ): void {
    const about = id === undefined ? null : (this.inFlight.get(id) ?? null);
    if (id !== undefined && this.inFlight.delete(id))
      this.set({ busy: [...this.inFlight.values()] });
    const isVote = id !== undefined && this.pendingVote?.msg.id === id;
    if (isVote) this.pendingVote = null;
    if (err === null) {
      if (isVote) this.set({ vote: { kind: "saved" } });
      if (about) this.set({ errors: this.snap.errors.filter((e) => e.about !== about) });
      const nudged = about === "nudge" ? NudgeResult.safeParse(result) : null;
      if (nudged?.success) {
        const who = nudged.data.nudged;
        this.set({ info: who.length ? `Nudged ${who.join(", ")}.` : "Nobody needed a nudge." });
      }
      return;
    }
    if (isVote) this.set({ vote: { kind: "failed", message: err.message } });
    else this.addError(err.code, err.message, about);
  }
}
