import { authorize, type Actor } from "../../accounts/index.js";
import { ConflictError, ValidationError, type FieldIssue } from "../../core/errors.js";
import { riskLevel } from "../methodology/grid.js";
import type { Settlement } from "../model.js";
import {
  presentScore,
  presentSettlement,
  type ScoreView,
  type SettlementView,
} from "../presenters.js";
import type { RiskDeps } from "../risk.context.js";
import {
  requireAssessment,
  requireDraft,
  requireMethodology,
  requireRow,
  resolveVersion,
  target,
} from "../risk.context.js";
import { isComputedRule, settleAxis, type SettlementRule } from "../scoring/settlement.js";
import { checkOnScales } from "./voting.service.js";

export interface SettleInput {
  rule?: SettlementRule | undefined;
  likelihood?: number | undefined;
  impact?: number | undefined;
  reason?: string | undefined;
}

function fail(issues: FieldIssue[]): never {
  throw new ValidationError(issues.map((i) => `${i.path}: ${i.message}`).join("; "), issues);
}

/**
 * Settling a row: a computed rule over the latest revealed round, or the facilitator's explicit
 * scores with a reason. A rule other than the assessment's own also needs a written reason.
 * The stored settlement keeps the rule, the raw figures, the rounding and the round's statistics,
 * so every number can be re-derived or questioned later.
 */
export class SettleService {
  constructor(private readonly deps: RiskDeps) {}

  /** Every settlement of a row in a version, oldest first, with rule, raw figures and statistics. */
  async history(
    actor: Actor,
    assessmentId: string,
    rowId: string,
    label?: string,
  ): Promise<SettlementView[]> {
    authorize(actor, "assessment:read", `assessment:${assessmentId}`);
    return this.deps.tx.read(async (repos) => {
      const a = await requireAssessment(repos, assessmentId);
      const v = await resolveVersion(repos, a, label);
      await requireRow(repos, v, rowId);
      const m = await requireMethodology(repos, a.methodologyId);
      const all = await repos.voting.settlementHistory(v.id, rowId);
      return all.map((s, i) => presentSettlement(s, m, i === all.length - 1));
    });
  }

  async settle(
    actor: Actor,
    assessmentId: string,
    rowId: string,
    input: SettleInput,
  ): Promise<ScoreView> {
    authorize(actor, "row:settle", `assessment:${assessmentId}`);
    return this.deps.tx.write(async (repos) => {
      const a = await requireAssessment(repos, assessmentId);
      const v = await resolveVersion(repos, a);
      requireDraft(v);
      const row = await requireRow(repos, v, rowId);
      if (row.status !== "active")
        throw new ConflictError("row_retired", `row ${rowId} is retired; settle an active row`);
      const m = await requireMethodology(repos, a.methodologyId);
      const rule = input.rule ?? (a.defaultRule as SettlementRule);
      const reason = input.reason?.trim() ? input.reason.trim() : null;
      const overrideIssue: FieldIssue[] =
        rule !== a.defaultRule && reason === null
          ? [
              {
                path: "reason",
                message: `required when the rule (${rule}) differs from the assessment's rule (${a.defaultRule})`,
              },
            ]
          : [];
      const rounds = await repos.voting.roundsOfRow(v.id, rowId);
      const open = rounds.find((r) => r.state === "open");
      if (open)
        throw new ConflictError(
          "round_open",
          `round ${open.number} on row ${rowId} is still open; reveal it before settling`,
        );
      const latest = rounds.filter((r) => r.state === "revealed").at(-1);

      let settlement: Omit<Settlement, "level" | "id" | "settledAt">;
      if (isComputedRule(rule)) {
        const extra: FieldIssue[] = [...overrideIssue];
        if (input.likelihood !== undefined)
          extra.push({
            path: "likelihood",
            message: `only with rule 'facilitator' (the ${rule} rule computes it)`,
          });
        if (input.impact !== undefined)
          extra.push({
            path: "impact",
            message: `only with rule 'facilitator' (the ${rule} rule computes it)`,
          });
        if (extra.length) fail(extra);
        if (!latest?.stats)
          throw new ConflictError(
            "no_revealed_round",
            `row ${rowId} has no revealed round to settle from; open and reveal a round, or settle with rule 'facilitator'`,
          );
        const l = settleAxis(rule, latest.stats.likelihood);
        const i = settleAxis(rule, latest.stats.impact);
        settlement = {
          rowId,
          rule,
          likelihood: l.value,
          impact: i.value,
          roundId: latest.id,
          raw: { likelihood: l.raw, impact: i.raw },
          rounding: l.rounding === "none" && i.rounding === "none" ? "none" : "half-up",
          stats: latest.stats,
          reason,
          settledBy: actor.name,
          carriedFrom: null,
        };
      } else {
        const missing: FieldIssue[] = [];
        if (input.likelihood === undefined)
          missing.push({ path: "likelihood", message: "required with rule 'facilitator'" });
        if (input.impact === undefined)
          missing.push({ path: "impact", message: "required with rule 'facilitator'" });
        if (reason === null)
          missing.push({
            path: "reason",
            message: "required with rule 'facilitator' (why the group's votes were overridden)",
          });
        if (missing.length || input.likelihood === undefined || input.impact === undefined)
          fail(missing);
        checkOnScales(m, { likelihood: input.likelihood, impact: input.impact });
        settlement = {
          rowId,
          rule,
          likelihood: input.likelihood,
          impact: input.impact,
          roundId: latest?.id ?? null,
          raw: { likelihood: input.likelihood, impact: input.impact },
          rounding: "none",
          stats: latest?.stats ?? null,
          reason,
          settledBy: actor.name,
          carriedFrom: null,
        };
      }
      const level = riskLevel(m, settlement.likelihood, settlement.impact).level;
      const full: Settlement = {
        ...settlement,
        id: this.deps.ids.id("stl"),
        level: level.id,
        settledAt: this.deps.clock.now().toISOString(),
      };
      const before = (await repos.voting.currentSettlements(v.id)).find((s) => s.rowId === rowId);
      await repos.voting.insertSettlement(v.id, full);
      const view = presentScore(full, m);
      await repos.audit.append({
        at: full.settledAt,
        actor: actor.name,
        action: "row.settle",
        target: target(a, v, `row:${rowId}`),
        ...(before ? { before: presentScore(before, m) } : {}),
        after: view,
      });
      return view;
    });
  }
}
