/**
 * Token inspection (Respond): everything a responder needs to know about a token in one
 * answer — header and claims, whether and how it verifies, what the WLCG profile says about it,
 * which workflow of the assessment it most likely belongs to (with that workflow's risk rows),
 * which active bans match it, and the narrowest ban to make if it is stolen.
 *
 * The token lives only in this call: it is never stored, never logged, never echoed back. The
 * answer and the logs refer to it by iss, sub, jti and its fingerprint.
 */
import { authorize, type Actor } from "../accounts/index.js";
import { decideClaims, type BanIndex, type Decision } from "../bans/index.js";
import type { Clock } from "../core/clock.js";
import { TttError } from "../core/errors.js";
import { parseInput } from "../core/validation.js";
import type { TokenChecker, Verification } from "../decisions/index.js";
import type { RiskServices, RowView } from "../risk/index.js";
import {
  guessWorkflow,
  lintWlcgToken,
  type JwtClaims,
  type JwtHeader,
  type LintReport,
  type WorkflowGuess,
} from "../tokens/index.js";
import { InspectBody } from "./inspect.schema.js";
import { workflowContext, type AssessmentRef } from "./workflow-context.js";

export interface InspectedRow {
  id: string;
  threat: { id: string; title: string };
  variant: string | null;
  score: RowView["score"];
}

export interface BanSuggestion {
  kind: "token";
  iss: string;
  jti: string;
  /** The token's exp: the ban then expires one hour after it by default. */
  tokenExp: number | null;
}

export interface InspectReport {
  fingerprint: string;
  header: JwtHeader;
  claims: JwtClaims;
  verification: Verification;
  lint: LintReport;
  workflow: {
    assessment: AssessmentRef | null;
    guess: WorkflowGuess | null;
    rows: InspectedRow[];
    note: string | null;
  };
  /** Active bans matching the token's claims now (matched even if it does not verify). */
  bans: Decision;
  /** The narrowest ban for this token, pre-filled; null without iss and jti. */
  suggestedBan: BanSuggestion | null;
}

export interface InspectDeps {
  checker: TokenChecker;
  index: () => Promise<BanIndex>;
  risk: RiskServices;
  clock: Clock;
}

export class InspectService {
  constructor(private readonly deps: InspectDeps) {}

  async inspect(actor: Actor, input: unknown): Promise<InspectReport> {
    authorize(actor, "token:inspect");
    const body = parseInput(InspectBody, input, "invalid inspect request", "body");
    const checked = await this.deps.checker.check(body.token);
    if (checked.header === null || checked.claims === null) {
      // Not even decodable: bad input, said precisely (the reason never quotes the token).
      throw new TttError("malformed_jwt", 400, `token: ${checked.ok ? "" : checked.reason}`);
    }
    const { header, claims } = checked;
    const verification: Verification = checked.ok
      ? {
          ok: true,
          issuer: checked.issuer,
          kid: checked.kid,
          alg: checked.alg,
          cached: checked.cached,
        }
      : { ok: false, code: checked.code, reason: checked.reason, issuer: checked.issuer };
    const index = await this.deps.index();
    const bans = decideClaims(index, claims, this.deps.clock.now().getTime());
    const iss = claims["iss"];
    const jti = claims["jti"];
    const exp = claims["exp"];
    return {
      fingerprint: checked.fingerprint,
      header,
      claims,
      verification,
      lint: lintWlcgToken({ header, claims }),
      workflow: await this.workflow(actor, claims, body),
      bans,
      suggestedBan:
        typeof iss === "string" && typeof jti === "string"
          ? { kind: "token", iss, jti, tokenExp: typeof exp === "number" ? exp : null }
          : null,
    };
  }

  private async workflow(
    actor: Actor,
    claims: JwtClaims,
    wanted: { assessment?: string | undefined; version?: string | undefined },
  ): Promise<InspectReport["workflow"]> {
    const ctx = await workflowContext(this.deps.risk, actor, wanted);
    if (!ctx.ok) return { assessment: null, guess: null, rows: [], note: ctx.note };
    // every workflow ranked: a responder linking the token to an incident may pick another
    const guess = guessWorkflow(claims, ctx.workflows, { limit: ctx.workflows.length });
    const best = guess.best?.workflowId;
    const rows = ctx.rows
      .filter((r) => best !== undefined && r.workflow?.id === best)
      .map((r) => ({
        id: r.id,
        threat: { id: r.threat.id, title: r.threat.title },
        variant: r.variant,
        score: r.score,
      }));
    const note = best === undefined ? "no workflow of the assessment fits this token" : null;
    return { assessment: ctx.assessment, guess, rows, note };
  }
}
