import { ValidationError } from "../core/errors.js";
import type { Ban, BanKind, BanSites } from "./ban.model.js";
import { NIL } from "./ban-slots.js";

export { SLASH, groupCovers } from "../core/group-paths.js";

/**
 * The index's vocabulary: how it reads a stored ban's key and times, how group paths nest,
 * and the shapes it keeps per issuer.
 */

/** How many "/" a group path has: its depth, and how many parent paths a match must try. */
export function slashes(s: string): number {
  let n = 0;
  for (let i = s.indexOf("/"); i !== -1; i = s.indexOf("/", i + 1)) n++;
  return n;
}

/**
 * The bit of a group key's depth in IssuerBucket.groupDepths: the number of "/" of a path
 * ("/atlas" 1, "/atlas/prod" 2), 0 for a name that is not a path; depths of 31 and more share
 * bit 31. Bits are only ever added while a bucket lives (a removed ban leaves its bit, which
 * costs a look-up, never a miss).
 */
export function depthBit(depth: number): number {
  return 1 << Math.min(depth, 31);
}

/** The hash key of a ban: its jti, sub, client id or group. */
export function keyOf(ban: Exclude<Ban, { kind: "issuer" }>): string {
  switch (ban.kind) {
    case "token":
      return ban.jti;
    case "identity":
    case "identity-before":
      return ban.sub;
    case "client":
      return ban.clientId;
    case "group":
      return ban.group;
  }
}

/** The error for a stored ban the index refuses (it comes from a damaged row or a bug). */
export function invalid(field: string, message: string): ValidationError {
  return new ValidationError(`ban not indexed: ${field}: ${message}`, [{ path: field, message }]);
}

/** Epoch ms of a stored ISO time; a ban from a damaged row is refused, not matched wrongly. */
export function parseTime(iso: unknown, field: string): number {
  const ms = typeof iso === "string" ? Date.parse(iso) : NaN;
  if (Number.isNaN(ms)) throw invalid(field, "must be an ISO 8601 time");
  return ms;
}

/** A ban as the index knows it: what a decision needs; the full record is one look-up away. */
export interface BanMatch {
  id: string;
  kind: BanKind;
  iss: string;
  /** The jti, sub, client id or group; null for an issuer ban. */
  key: string | null;
  /** identity-before: the cutoff T, epoch ms (tokens with iat ≤ T match); otherwise null. */
  issuedBefore: number | null;
  reason: string;
  startsAt: number;
  /** Epoch ms, exclusive; null = never. */
  expiresAt: number | null;
  sites: BanSites;
}

/**
 * Everything banned under one issuer. Its keyed bans live in the index's KeyTable under the
 * bucket's index; the bucket counts the distinct keys per class, so a match skips a class the
 * issuer has none of without hashing anything.
 */
export interface IssuerBucket {
  readonly iss: string;
  /** Position in `buckets`, stored per slot instead of the bucket itself. */
  readonly index: number;
  /** Distinct keys held per key class (see classOf). */
  readonly keys: number[];
  issuerHead: number;
  /**
   * Which depths group ban keys here have (see depthBit): a token's group, or a parent path of
   * it, is looked up only at a depth some group ban has, so the common case — group bans deeper
   * or shallower than the token's groups — costs no hashing.
   */
  groupDepths: number;
}

/** Kind codes stored in a slot: positions in BAN_KINDS. */
export const K_TOKEN = 0;
export const K_IDENTITY = 1;
export const K_BEFORE = 2;
export const K_CLIENT = 3;
export const K_GROUP = 4;
export const K_ISSUER = 5;
export const EMPTY: readonly BanMatch[] = Object.freeze([]);

/**
 * The key class of a kind code (not for issuer bans): the kind itself, except that identity and
 * identity-before bans share the subject's class, so one look-up finds both.
 */
export function classOf(kind: number): number {
  return kind === K_BEFORE ? K_IDENTITY : kind;
}

/** An empty bucket for a newly seen issuer. */
export function newBucket(iss: string, index: number): IssuerBucket {
  return { iss, index, keys: [0, 0, 0, 0, 0], issuerHead: NIL, groupDepths: 0 };
}
