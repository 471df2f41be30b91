/**
 * Writes a checked import plan through the repositories of the caller's one write transaction,
 * with the same audit entries the catalogue and settle services write for the same changes, so
 * an imported row's history reads like one entered by hand. Imported scores are settlements
 * with rule "facilitator" and a reason naming the file: nobody voted on them here.
 */
import type { IdSource } from "../../core/ids.js";
import { riskLevel } from "../methodology/grid.js";
import type { MethodologyDefinition } from "../methodology/methodology.schema.js";
import type { Assessment, Settlement, Version } from "../model.js";
import { presentScore } from "../presenters.js";
import { target } from "../risk.context.js";
import type { RiskRepos } from "../risk.repos.js";
import type { ImportPlan } from "./import-plan.js";
import type { ImportOutcome } from "./import.types.js";

export interface ApplyOptions {
  actor: string;
  at: string;
  /** The settlement reason of imported scores, e.g. "imported from risks.xlsx". */
  reason: string;
  ids: IdSource;
}

/** The rule imported scores are recorded under (the group settled them elsewhere). */
export const IMPORT_RULE = "facilitator";

/** Workflows first, then threats, then rows and their scores: each refers to the ones before. */
export async function applyPlan(
  repos: RiskRepos,
  a: Assessment,
  v: Version,
  m: MethodologyDefinition,
  plan: ImportPlan,
  opts: ApplyOptions,
): Promise<{ scores: number }> {
  const audit = (action: string, what: string, before: unknown, after: unknown) =>
    repos.audit.append({
      at: opts.at,
      actor: opts.actor,
      action,
      target: target(a, v, what),
      ...(before === undefined ? {} : { before }),
      after,
    });
  for (const { workflow, before } of plan.workflows) {
    await repos.catalogue.putWorkflow(v.id, workflow);
    await audit(
      before ? "workflow.update" : "workflow.create",
      `workflow:${workflow.id}`,
      before,
      workflow,
    );
  }
  for (const { threat, before } of plan.threats) {
    await repos.catalogue.putThreat(v.id, threat);
    await audit(before ? "threat.update" : "threat.create", `threat:${threat.id}`, before, threat);
  }
  let scores = 0;
  for (const { row, score } of plan.rows) {
    await repos.catalogue.putRow(v.id, row);
    await audit("row.add", `row:${row.id}`, undefined, row);
    if (score === null) continue;
    const s: Settlement = {
      id: opts.ids.id("stl"),
      rowId: row.id,
      rule: IMPORT_RULE,
      likelihood: score.likelihood,
      impact: score.impact,
      level: riskLevel(m, score.likelihood, score.impact).level.id,
      roundId: null,
      raw: { likelihood: score.likelihood, impact: score.impact },
      rounding: "none",
      stats: null,
      reason: opts.reason,
      settledBy: opts.actor,
      settledAt: opts.at,
      carriedFrom: null,
    };
    await repos.voting.insertSettlement(v.id, s);
    await audit("row.settle", `row:${row.id}`, undefined, presentScore(s, m));
    scores++;
  }
  return { scores };
}

/** The rows as they will be stored: what a dry run shows. */
export function planPreview(plan: ImportPlan): ImportOutcome["preview"] {
  return plan.rows.map(({ row, score }) => ({
    id: row.id,
    threat: row.threatId,
    workflow: row.workflowId,
    likelihood: score?.likelihood ?? null,
    impact: score?.impact ?? null,
  }));
}

/** The latest version's active rows with their current scores (for imports planned elsewhere). */
export async function storedPreview(
  repos: RiskRepos,
  assessmentId: string,
): Promise<{ version: string | undefined; preview: ImportOutcome["preview"] }> {
  const v = (await repos.assessments.listVersions(assessmentId)).at(-1);
  if (v === undefined) return { version: undefined, preview: [] };
  const { rows } = await repos.catalogue.load(v.id);
  const scores = new Map((await repos.voting.currentSettlements(v.id)).map((s) => [s.rowId, s]));
  return {
    version: v.label,
    preview: rows
      .filter((r) => r.status === "active")
      .map((r) => ({
        id: r.id,
        threat: r.threatId,
        workflow: r.workflowId,
        likelihood: scores.get(r.id)?.likelihood ?? null,
        impact: scores.get(r.id)?.impact ?? null,
      })),
  };
}
