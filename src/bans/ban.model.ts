/**
 * Bans: what a responder can deny, narrowest first. Pure types and time rules, no I/O.
 *
 * Every key is compared byte for byte with the token's claims (iss too: `https://iam.example/`
 * and `https://iam.example` are different issuers, exactly as they are in a JWT).
 */

/**
 * The ban kinds, narrowest first. The order is the order in which decisions list their bans
 * and the order a responder should consider them in: ban the one stolen token before the
 * identity, the identity before its client, and the whole issuer (the VO) only as a last resort.
 */
export const BAN_KINDS = [
  "token", // iss + jti
  "identity", // iss + sub
  "identity-before", // iss + sub + iat ≤ T
  "client", // iss + client_id
  "group", // iss + group
  "issuer", // iss
] as const;
export type BanKind = (typeof BAN_KINDS)[number];

/** Kinds that cover many identities at once: creating one needs `confirmBroad: true`. */
export const BROAD_KINDS: readonly BanKind[] = ["group", "issuer"];

/** Position of a kind in BAN_KINDS (0 = narrowest), for sorting. */
export function kindRank(kind: BanKind): number {
  return BAN_KINDS.indexOf(kind);
}

/** The fields that say what a ban denies, one shape per kind. */
export type BanKey =
  | { kind: "token"; jti: string }
  | { kind: "identity"; sub: string }
  | {
      kind: "identity-before";
      sub: string;
      /** ISO time T: tokens of `sub` with iat ≤ T are denied (those issued before the cutoff). */
      issuedBefore: string;
    }
  | { kind: "client"; clientId: string }
  | { kind: "group"; group: string }
  | { kind: "issuer" };

/** Sites a ban applies to: every site, or only the named ones. */
export type BanSites = "all" | readonly string[];

export const BAN_STATES = ["active", "lifted"] as const;
/** The stored state: a ban is created active and can only be lifted (never deleted). */
export type BanState = (typeof BAN_STATES)[number];

/** The state a ban has at a given moment, taking its time window into account. */
export type EffectiveBanState = "active" | "lifted" | "expired" | "pending";

/** The fields every ban has, whatever its kind. */
export interface BanCommon {
  id: string;
  /** Issuer URL exactly as it appears in the tokens' `iss` claim. */
  iss: string;
  /** Why, in one line: shown in decisions, events and the generated ban files. */
  reason: string;
  /** Incident reference (e.g. a ticket id), if the ban belongs to one. */
  incident: string | null;
  /** Name of the user who created the ban. */
  author: string;
  createdAt: string;
  /** The ban denies from this moment (inclusive). */
  startsAt: string;
  /** The ban stops denying at this moment (exclusive); null = until lifted. */
  expiresAt: string | null;
  sites: BanSites;
  state: BanState;
  liftedAt: string | null;
  liftedBy: string | null;
  liftReason: string | null;
}

export type Ban = BanCommon & BanKey;

/** A ban of one kind, e.g. `BanOf<"token">` has `jti`. */
export type BanOf<K extends BanKind> = BanCommon & Extract<BanKey, { kind: K }>;

/**
 * The ban's state at `now` (epoch ms or Date). A lifted ban stays lifted whatever `now` is,
 * so an instance whose clock lags behind the one that lifted it can't resurrect it. Otherwise
 * the window is half-open, [startsAt, expiresAt): active from the first millisecond of startsAt,
 * expired from the first millisecond of expiresAt, so a ban and its successor can abut exactly.
 */
export function effectiveState(
  ban: Pick<Ban, "state" | "startsAt" | "expiresAt">,
  now: number | Date,
): EffectiveBanState {
  if (ban.state === "lifted") return "lifted";
  const t = typeof now === "number" ? now : now.getTime();
  if (t < Date.parse(ban.startsAt)) return "pending";
  if (ban.expiresAt !== null && t >= Date.parse(ban.expiresAt)) return "expired";
  return "active";
}

/** The key of a ban as one short phrase: "jti X", "sub S, tokens issued at or before T" … */
export function describeKey(key: BanKey): string {
  switch (key.kind) {
    case "token":
      return `jti ${key.jti}`;
    case "identity":
      return `sub ${key.sub}`;
    case "identity-before":
      return `sub ${key.sub}, tokens issued at or before ${key.issuedBefore}`;
    case "client":
      return `client ${key.clientId}`;
    case "group":
      return `group ${key.group}`;
    case "issuer":
      return "every token";
  }
}

/** How long a token ban outlives the token it denies, when the token's exp is known. */
export const TOKEN_BAN_GRACE_MS = 60 * 60 * 1000;

/** Largest epoch-seconds value a JavaScript Date can hold (±8.64e15 ms). */
const MAX_DATE_SECONDS = 8.64e12;

/**
 * The default expiry of a token ban: one hour after the token's own `exp` (epoch seconds),
 * or null (no expiry) when exp is unknown or not a usable number. A stolen access token stays
 * valid at offline validators until exp, so the ban must live at least that long; the extra
 * hour covers clock skew and validators' leeway, after which the ban is only clutter.
 */
export function defaultTokenBanExpiry(tokenExp: unknown): string | null {
  if (typeof tokenExp !== "number" || !Number.isFinite(tokenExp)) return null;
  if (tokenExp < 0 || tokenExp > MAX_DATE_SECONDS) return null;
  const ms = Math.floor(tokenExp * 1000) + TOKEN_BAN_GRACE_MS;
  return ms > MAX_DATE_SECONDS * 1000 ? null : new Date(ms).toISOString();
}

/**
 * Longest issuer URL and longest key (jti, sub, client id, group) a ban may have. Claims
 * longer than these can never match a ban, so claim extraction drops them unread — bounding
 * the work a hostile claim set can cause without ever hiding a ban.
 */
export const MAX_ISS_LENGTH = 2048;
export const MAX_KEY_LENGTH = 1024;
