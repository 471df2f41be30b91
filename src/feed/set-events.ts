/**
 * From a ban change to the claims of Security Event Tokens (RFC 8417, profiled by SSF 1.0).
 *
 * Each change becomes one SET with a TTT event carrying the whole ban (so a site rebuilds its
 * list exactly, whatever it missed before), plus — where a standard event fits — one SET per
 * RISC/CAEP event for generic receivers. SSF 1.0 §4.2 says `events` SHOULD hold only one event,
 * hence separate SETs, tied together by one `txn`. No SET has `sub` or `exp` (SSF 1.0 forbids
 * both); the subject is the top-level `sub_id` (SSF 1.0 §3.1: new event types MUST use it).
 * Pure: time and randomness come in through the context.
 */
import { randomUUID } from "node:crypto";
import type { Ban } from "../bans/index.js";
import {
  BAN_EVENT_TYPES,
  CAEP_SESSION_REVOKED,
  RISC_ACCOUNT_DISABLED,
  RISC_ACCOUNT_ENABLED,
  type BanChangeType,
} from "./event-types.js";
import { subjectOf, type SubjectId } from "./subject-ids.js";
import { banToWire, type WireBan } from "./ban-wire.js";

/** A ban as it was created, changed (e.g. expiry or sites) or lifted: always the whole ban. */
export interface BanChange {
  type: BanChangeType;
  ban: Ban;
}

/** The claims of one SET as this project emits and accepts them. */
export interface SetClaims {
  iss: string;
  /** Seconds since the epoch. */
  iat: number;
  jti: string;
  aud: string | string[];
  txn?: string;
  sub_id: SubjectId;
  events: Record<string, Record<string, unknown>>;
}

/** The body of a TTT ban event. */
export interface BanEventBody {
  ban: WireBan;
  /** Position of the change in the transmitter's outbox, when known: newer wins per ban id. */
  sequence?: number;
}

export interface SetContext {
  /** The transmitter's issuer identifier (SSF `issuer`): the SET's `iss`. */
  issuer: string;
  /** The receiver(s) of the stream. */
  audience: string | readonly string[];
  now: Date;
  /** One id per underlying change, shared by all its SETs; a fresh UUID when absent. */
  txn?: string;
  sequence?: number;
  /** New SET ids; random UUIDs unless a test injects its own. */
  newJti?: () => string;
}

/**
 * The SETs of one ban change, the TTT event first. Only the first is needed to rebuild a list;
 * the others say the same in RISC/CAEP words for receivers that do not speak TTT.
 */
export function buildBanSets(change: BanChange, ctx: SetContext): SetClaims[] {
  const txn = ctx.txn ?? randomUUID();
  const base = { ...ctx, txn };
  const body: BanEventBody = { ban: banToWire(change.ban) };
  if (ctx.sequence !== undefined) body.sequence = ctx.sequence;
  const sets = [claims(base, change.ban, BAN_EVENT_TYPES[change.type], { ...body })];
  for (const [uri, event] of standardEvents(change)) {
    sets.push(claims(base, change.ban, uri, event));
  }
  return sets;
}

/** Only the TTT SET of a change (the one a TTT agent needs). */
export function buildBanSet(change: BanChange, ctx: SetContext): SetClaims {
  return buildBanSets(change, ctx)[0] as SetClaims;
}

function claims(
  ctx: SetContext & { txn: string },
  ban: Ban,
  uri: string,
  event: Record<string, unknown>,
): SetClaims {
  const iat = Math.floor(ctx.now.getTime() / 1000);
  if (!Number.isFinite(iat)) throw new TypeError("buildBanSets: now is not a valid date");
  return {
    iss: ctx.issuer,
    iat,
    jti: (ctx.newJti ?? randomUUID)(),
    aud: typeof ctx.audience === "string" ? ctx.audience : [...ctx.audience],
    txn: ctx.txn,
    sub_id: subjectOf(ban),
    events: { [uri]: event },
  };
}

/**
 * RISC/CAEP events where one says the same thing as the change:
 * - identity created → RISC account-disabled, reason "hijacking" (a ban is a response to theft);
 * - identity lifted → RISC account-enabled;
 * - token or identity-before created → CAEP session-revoked (that token; the tokens issued
 *   before the cutoff), with the time the ban starts.
 * Client, group and issuer bans, and "changed", have no standard counterpart. RISC
 * credential-compromise is not used: its `credential_type` has no value for a bearer token.
 */
function standardEvents(change: BanChange): [string, Record<string, unknown>][] {
  const { ban } = change;
  const reasonAdmin = { en: ban.reason };
  if (change.type === "created") {
    switch (ban.kind) {
      case "identity":
        return [[RISC_ACCOUNT_DISABLED, { reason: "hijacking" }]];
      case "token":
      case "identity-before":
        return [
          [
            CAEP_SESSION_REVOKED,
            {
              event_timestamp: Math.floor(Date.parse(ban.startsAt) / 1000),
              initiating_entity: "admin",
              reason_admin: reasonAdmin,
            },
          ],
        ];
      case "client":
      case "group":
      case "issuer":
        return [];
    }
  }
  if (change.type === "lifted" && ban.kind === "identity") return [[RISC_ACCOUNT_ENABLED, {}]];
  return [];
}
