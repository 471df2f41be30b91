/**
 * The decision point: is this token (or claim set) banned? The library function behind
 * `POST /api/v1/decisions`, `ttt decide` and anything that embeds TTT in-process.
 *
 * A token is verified against the trusted issuers first, then its verified claims are matched;
 * a token that does not verify is denied with the verification's reason (it is not banned, but
 * no site should accept it either, and the answer says which). Claims are matched as given: the
 * caller has verified them (a site's own validator, the HTCondor plugin).
 */
import { decideClaims, type BanIndex, type Decision } from "../bans/index.js";
import type { Clock } from "../core/clock.js";
import type { CheckFailureCode, IssuerState, TokenChecker } from "./token-checker.js";

export type DecisionInput =
  | { token: string; site?: string | undefined }
  | { claims: Record<string, unknown>; site?: string | undefined };

export type Verification =
  | {
      ok: true;
      issuer: IssuerState;
      kid: string | null;
      alg: string;
      /** True when this token was verified before and remembered (until its exp), or verified
       * once for several requests that carried it at the same time. */
      cached: boolean;
    }
  | { ok: false; code: CheckFailureCode; reason: string; issuer: IssuerState | null };

export interface DecisionOutcome extends Decision {
  /** What the answer is about, for logs: never the token itself. */
  subject: { iss: string | null; sub: string | null; jti: string | null; fingerprint?: string };
  /** Present when a token was given: whether and how it verified. */
  verification?: Verification;
}

export interface DecisionPointDeps {
  index: () => Promise<BanIndex>;
  checker: TokenChecker;
  clock: Clock;
}

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

function subjectOf(claims: Readonly<Record<string, unknown>>) {
  return { iss: str(claims["iss"]), sub: str(claims["sub"]), jti: str(claims["jti"]) };
}

export class DecisionPoint {
  constructor(private readonly deps: DecisionPointDeps) {}

  async decide(input: DecisionInput): Promise<DecisionOutcome> {
    if ("claims" in input) {
      const index = await this.deps.index();
      const now = this.deps.clock.now().getTime();
      return {
        ...decideClaims(index, input.claims, now, input.site),
        subject: subjectOf(input.claims),
      };
    }
    if (typeof input.token !== "string") {
      // In-process callers get no schema in front: a wrong type is an answer, not a crash.
      return {
        decision: "deny",
        bans: [],
        reason: "the token is not a string",
        subject: { iss: null, sub: null, jti: null },
        verification: {
          ok: false,
          code: "malformed_jwt",
          reason: "the token is not a string",
          issuer: null,
        },
      };
    }
    const checked = await this.deps.checker.check(input.token);
    if (!checked.ok) {
      return {
        decision: "deny",
        bans: [],
        reason: `the token does not verify (${checked.code}): ${checked.reason}`,
        subject: { ...subjectOf(checked.claims ?? {}), fingerprint: checked.fingerprint },
        verification: {
          ok: false,
          code: checked.code,
          reason: checked.reason,
          issuer: checked.issuer,
        },
      };
    }
    const index = await this.deps.index();
    const now = this.deps.clock.now().getTime();
    return {
      ...decideClaims(index, checked.claims, now, input.site),
      subject: { ...subjectOf(checked.claims), fingerprint: checked.fingerprint },
      verification: {
        ok: true,
        issuer: checked.issuer,
        kid: checked.kid,
        alg: checked.alg,
        cached: checked.cached,
      },
    };
  }
}
