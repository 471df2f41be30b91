import { z } from "zod";

/**
 * The meeting-room WebSocket protocol, shared by the server and the web app: every message in
 * either direction is validated against these schemas. The server is the only source of truth;
 * after any change every client receives the whole room state again (it is small), so a client
 * that reconnects simply gets `state` and carries on.
 *
 * Endpoint: GET /api/v1/meetings/{assessment}/ws (session cookie or `Authorization: Bearer`),
 * `?spectator=true` to watch without voting.
 *
 * An `ack` means the action is stored (a vote is in the database); the `state` showing it to
 * everyone follows, since refreshes are batched. A refused connection gets one `error` without
 * an id and is closed with code 1008.
 */

const Id = z.string().min(1).max(100);
const RowId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/, "a row id");
const Score = z.number().int("must be a whole number").min(0).max(100);
/** Optional client-chosen id, echoed in the `ack` or `error` answering the message. */
const Mid = z.string().min(1).max(64).optional();

export const ClientMessage = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("ping"), id: Mid }),
  z.strictObject({ type: z.literal("select-row"), id: Mid, row: RowId }),
  z.strictObject({ type: z.literal("open-round"), id: Mid, row: RowId }),
  z.strictObject({
    type: z.literal("vote"),
    id: Mid,
    round: Id,
    likelihood: Score,
    impact: Score,
    confidence: z.enum(["low", "medium", "high"]).optional(),
    note: z.string().max(2000).optional(),
  }),
  z.strictObject({ type: z.literal("reveal"), id: Mid, round: Id }),
  z.strictObject({
    type: z.literal("settle"),
    id: Mid,
    row: RowId,
    rule: z
      .enum(["median", "mean", "upper-median", "highest-mode", "max", "facilitator"])
      .optional(),
    likelihood: Score.optional(),
    impact: Score.optional(),
    reason: z.string().max(2000).optional(),
  }),
  z.strictObject({ type: z.literal("notes"), id: Mid, row: RowId, text: z.string().max(20_000) }),
  z.strictObject({
    type: z.literal("timer"),
    id: Mid,
    seconds: z.number().int().min(10).max(3600).nullable(),
  }),
  z.strictObject({ type: z.literal("nudge"), id: Mid }),
  z.strictObject({ type: z.literal("hand-over"), id: Mid, to: z.string().min(1).max(64) }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

const AxisStats = z.object({
  n: z.number(),
  votes: z.array(z.number()),
  min: z.number(),
  max: z.number(),
  modes: z.array(z.number()),
  median: z.number(),
  mean: z.number(),
  q1: z.number(),
  q3: z.number(),
  iqr: z.number(),
  range: z.number(),
  withinOneOfMedian: z.number(),
  consensus: z.enum(["unanimous", "near", "split"]),
  delphiConsensus: z.boolean(),
});

const VoteView = z.object({
  voter: z.string(),
  likelihood: z.number(),
  impact: z.number(),
  confidence: z.enum(["low", "medium", "high"]).nullable(),
  note: z.string().nullable(),
  castAt: z.string(),
  updatedAt: z.string(),
});

export const RoomRound = z.object({
  id: z.string(),
  row: z.string(),
  number: z.number(),
  state: z.enum(["open", "revealed"]),
  voters: z.array(z.string()),
  /** Only after reveal. */
  votes: z.array(VoteView).nullable(),
  stats: z.object({ likelihood: AxisStats, impact: AxisStats }).nullable(),
});

export const RoomScore = z.object({
  likelihood: z.number(),
  impact: z.number(),
  level: z.string(),
  levelLabel: z.string(),
  color: z.string(),
  rule: z.string(),
  reason: z.string().nullable(),
});

export const RoomState = z.object({
  assessment: z.string(),
  title: z.string(),
  version: z.object({ label: z.string(), state: z.string() }),
  defaultRule: z.string(),
  /** Increases with every change (also across server restarts); a client ignores an older state. */
  rev: z.number(),
  /** The server's clock when the state was sent, so a countdown works whatever the browser's clock says. */
  serverNow: z.string(),
  facilitator: z.string().nullable(),
  me: z.object({
    name: z.string(),
    role: z.string(),
    spectator: z.boolean(),
    canVote: z.boolean(),
    isFacilitator: z.boolean(),
  }),
  participants: z.array(
    z.object({
      name: z.string(),
      role: z.string(),
      spectator: z.boolean(),
      connected: z.boolean(),
    }),
  ),
  rows: z.array(z.object({ id: z.string(), title: z.string(), score: RoomScore.nullable() })),
  row: z.string().nullable(),
  notes: z.string(),
  round: RoomRound.nullable(),
  /** Your own vote in the open round (shown only to you, over your own credential). */
  myVote: VoteView.nullable(),
  score: RoomScore.nullable(),
  timer: z.object({ endsAt: z.string() }).nullable(),
  scales: z.object({
    likelihood: z.array(
      z.object({ value: z.number(), label: z.string(), description: z.string() }),
    ),
    impact: z.array(z.object({ value: z.number(), label: z.string(), description: z.string() })),
  }),
});
export type RoomState = z.infer<typeof RoomState>;

export const ServerMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("state"), state: RoomState }),
  z.object({ type: z.literal("ack"), id: z.string().optional(), result: z.unknown().optional() }),
  z.object({
    type: z.literal("error"),
    id: z.string().optional(),
    code: z.string(),
    message: z.string(),
  }),
  z.object({ type: z.literal("nudge"), from: z.string() }),
  z.object({ type: z.literal("pong"), id: z.string().optional() }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;
