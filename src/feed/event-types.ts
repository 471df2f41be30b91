/**
 * Event-type URIs of the ban feed. One place, because a URI on the wire is a contract with every
 * site agent: renaming one is a new version (`…:v2`), never an edit.
 *
 * The TTT types carry a whole ban and are what a receiver rebuilds its list from. The RISC and
 * CAEP types are sent beside them (same `txn`) for generic Shared Signals receivers that know
 * nothing of TTT; a TTT agent ignores them. Standard URIs are those of the OpenID RISC 1.0 and
 * CAEP 1.0 specifications.
 */

/** Prefix of the TTT event types. A URN, so it does not pretend to be a fetchable document. */
export const TTT_EVENT_PREFIX = "urn:ttt:secevent:";

export const BAN_CREATED = `${TTT_EVENT_PREFIX}ban-created:v1`;
export const BAN_CHANGED = `${TTT_EVENT_PREFIX}ban-changed:v1`;
export const BAN_LIFTED = `${TTT_EVENT_PREFIX}ban-lifted:v1`;

/** The three kinds of ban change, and the event type each becomes. */
export const BAN_EVENT_TYPES = {
  created: BAN_CREATED,
  changed: BAN_CHANGED,
  lifted: BAN_LIFTED,
} as const;
export type BanChangeType = keyof typeof BAN_EVENT_TYPES;

const RISC = "https://schemas.openid.net/secevent/risc/event-type/";
const CAEP = "https://schemas.openid.net/secevent/caep/event-type/";

/** RISC: the account named by sub_id was disabled (`reason: "hijacking"` for a stolen identity). */
export const RISC_ACCOUNT_DISABLED = `${RISC}account-disabled`;
/** RISC: the account named by sub_id was enabled again (an identity ban lifted). */
export const RISC_ACCOUNT_ENABLED = `${RISC}account-enabled`;
/** CAEP: the session(s) named by sub_id were revoked (a token, or an identity's earlier tokens). */
export const CAEP_SESSION_REVOKED = `${CAEP}session-revoked`;

/** Every event type the transmitter can emit, for `events_supported` in a stream's config. */
export const EVENTS_SUPPORTED: readonly string[] = [
  BAN_CREATED,
  BAN_CHANGED,
  BAN_LIFTED,
  RISC_ACCOUNT_DISABLED,
  RISC_ACCOUNT_ENABLED,
  CAEP_SESSION_REVOKED,
];

/** The change type of a TTT event-type URI, or null for any other URI. */
export function changeTypeOf(uri: string): BanChangeType | null {
  if (uri === BAN_CREATED) return "created";
  if (uri === BAN_CHANGED) return "changed";
  if (uri === BAN_LIFTED) return "lifted";
  return null;
}
