/**
 * The public surface of the ban feed's core: ban changes as Security Event Tokens (event model,
 * subject identifiers, the wire form of a ban), the ES256 signing-key ring, signing and the
 * receiver-side verification. Delivery (push, poll, streams, outbox) and the agent build on this.
 */
export {
  BAN_CHANGED,
  BAN_CREATED,
  BAN_EVENT_TYPES,
  BAN_LIFTED,
  CAEP_SESSION_REVOKED,
  EVENTS_SUPPORTED,
  RISC_ACCOUNT_DISABLED,
  RISC_ACCOUNT_ENABLED,
  TTT_EVENT_PREFIX,
  changeTypeOf,
  type BanChangeType,
} from "./event-types.js";
export {
  SubjectIdSchema,
  TTT_GROUP_FORMAT,
  sameSubject,
  subjectOf,
  type SubjectId,
} from "./subject-ids.js";
export { WireBanSchema, banToWire, wireToBan, type WireBan } from "./ban-wire.js";
export {
  buildBanSet,
  buildBanSets,
  type BanChange,
  type BanEventBody,
  type SetClaims,
  type SetContext,
} from "./set-events.js";
export { banFromEvent, type BanEventResult } from "./ban-from-event.js";
export {
  DEFAULT_KEY_RETENTION_MS,
  SIGNING_ALG,
  SigningKeyRing,
  type KeyRingOptions,
  type SigningKey,
} from "./signing-keys.js";
export { SET_TYP, signSet, type SetSigner } from "./set-sign.js";
export {
  RFC8935_ERRORS,
  SET_FAILURES,
  type Rfc8935Error,
  type SetFailureCode,
} from "./set-errors.js";
export {
  createSetVerifier,
  type ReceivedSetClaims,
  type SetVerifier,
  type SetVerifierOptions,
  type SetVerifyFailure,
  type SetVerifyResult,
  type SetVerifySuccess,
} from "./set-verify.js";
export { SetVerifierConfigError, SigningKeyError } from "./feed.errors.js";
