import { describeKey, effectiveState, type Ban, type EffectiveBanState } from "./ban.model.js";
import { unenforceableAt } from "./export/enforceability.js";
import type { Middleware } from "./export/formats.js";

/**
 * A ban as the API shows it: the stored fields (never the raw row), the state at the server's
 * current time, and one phrase saying what it denies.
 */
export type BanView = Ban & {
  /** The state now, with the time window applied: active, pending, expired or lifted. */
  effectiveState: EffectiveBanState;
  /** What the ban denies, e.g. "jti 1234" or "group /atlas". */
  denies: string;
  /** Middleware whose ban files cannot enforce this kind at all (see docs/ban-files.md). */
  unenforceable_at: Middleware[];
};

export function presentBan(ban: Ban, now: Date): BanView {
  return {
    ...ban,
    effectiveState: effectiveState(ban, now),
    denies: describeKey(ban),
    unenforceable_at: unenforceableAt(ban.kind),
  };
}

/** One change of a ban, from the audit log: who did what, when, and why. */
export interface BanHistoryEntry {
  at: string;
  actor: string;
  /** The audit action: ban.create, ban.lift. */
  action: string;
  /** The reason given with it (the ban's reason on create, the lift reason on lift). */
  reason: string | null;
}

/** One ban with its history, oldest change first: what `GET /api/v1/bans/{id}` returns. */
export type BanDetailView = BanView & { history: BanHistoryEntry[] };

/** A history entry from an audit entry's action, actor, time and the ban as it was after. */
export function presentBanChange(e: {
  at: string;
  actor: string;
  action: string;
  after: string | null;
}): BanHistoryEntry {
  const after = e.after === null ? null : (JSON.parse(e.after) as Partial<Ban>);
  const reason = e.action === "ban.lift" ? after?.liftReason : after?.reason;
  return { at: e.at, actor: e.actor, action: e.action, reason: reason ?? null };
}

/** What a group or issuer ban reaches: distinct subjects seen in ingested logs. */
export interface BanCoverage {
  coveredIdentities: number | null;
  coverageNote: string;
}

/**
 * The answer to a create: the ban, for broad kinds how many identities it covers, and likely
 * mistakes when there are any (ban-warnings.ts).
 */
export type CreatedBanView = BanView & Partial<BanCoverage> & { warnings?: string[] };
