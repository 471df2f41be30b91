/** The meeting protocol shared with the server: one import path for every file of the room. */
export {
  ClientMessage,
  RoomState,
  RoomRound,
  RoomScore,
  ServerMessage,
} from "../../../src/risk/meeting/meeting.protocol.js";
import type { ClientMessage, RoomState } from "../../../src/risk/meeting/meeting.protocol.js";

/** A client message before the connection gives it an id. */
export type Outgoing = ClientMessage extends infer M
  ? M extends { id?: string | undefined }
    ? Omit<M, "id">
    : never
  : never;
export type VoteMessage = Extract<ClientMessage, { type: "vote" }>;
export type SettleMessage = Extract<ClientMessage, { type: "settle" }>;
export type Round = NonNullable<RoomState["round"]>;
export type Stats = NonNullable<Round["stats"]>;
export type AxisStats = Stats["likelihood"];
export type Scale = RoomState["scales"]["likelihood"];
export type Axis = "likelihood" | "impact";
