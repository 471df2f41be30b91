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

/** What a group or issuer ban reaches; the count needs the event store of issue 7. */
export interface BanCoverage {
  coveredIdentities: number | null;
  coverageNote: string;
}

/** The answer to a create: the ban, and for broad kinds how many identities it covers. */
export type CreatedBanView = BanView & Partial<BanCoverage>;
