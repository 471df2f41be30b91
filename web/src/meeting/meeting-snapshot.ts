import { z } from "zod";
import type { ClientMessage, RoomState } from "./protocol.js";

/** `refused`: the server turned us away (not logged in, no access, no such assessment). */
export type ConnectionStatus = "connecting" | "live" | "reconnecting" | "refused";
export type VoteStatus =
  | { kind: "idle" }
  | { kind: "sending"; queued: boolean }
  | { kind: "saved" }
  | { kind: "failed"; message: string };
export interface MeetingError {
  key: number;
  code: string;
  message: string;
  /** The type of the message this error answers, when the server named its id. */
  about: ClientMessage["type"] | null;
}

/** Everything the room renders; replaced (never mutated) on every change. */
export interface MeetingSnapshot {
  status: ConnectionStatus;
  state: RoomState | null;
  vote: VoteStatus;
  errors: readonly MeetingError[];
  nudge: { from: string; at: number } | null;
  /** Types of messages sent and not yet answered (for "settling…" and the like). */
  busy: readonly ClientMessage["type"][];
  /** When the next connection attempt starts (while reconnecting). */
  retryAt: number | null;
  /** A passing piece of feedback, e.g. who was nudged. */
  info: string | null;
}

/** The `result` of a nudge's ack (the protocol leaves ack results untyped). */
export const NudgeResult = z.object({ nudged: z.array(z.string()) });

/** The snapshot before the first connection. */
export const INITIAL_SNAPSHOT: MeetingSnapshot = {
  status: "connecting",
  state: null,
  vote: { kind: "idle" },
  errors: [],
  nudge: null,
  busy: [],
  retryAt: null,
  info: null,
};
