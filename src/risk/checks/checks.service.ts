import { authorize, type Actor } from "../../accounts/index.js";
import type { RiskDeps } from "../risk.context.js";
import { requireAssessment, resolveVersion } from "../risk.context.js";
import { qualityChecks, summarizeFindings, type CheckFinding } from "./quality-checks.js";

export interface CheckReport {
  assessment: string;
  version: string;
  state: string;
  findings: CheckFinding[];
  summary: { errors: number; warnings: number; infos: number };
}

/** Runs the quality checks over one version (the latest by default). */
export class ChecksService {
  constructor(private readonly deps: RiskDeps) {}

  async run(actor: Actor, assessmentId: string, version?: string): Promise<CheckReport> {
    authorize(actor, "assessment:read", `assessment:${assessmentId}`);
    return this.deps.tx.read(async (repos) => {
      const assessment = await requireAssessment(repos, assessmentId);
      const v = await resolveVersion(repos, assessment, version);
      const findings = qualityChecks({
        assessment,
        version: v,
        catalogue: await repos.catalogue.load(v.id),
        settlements: await repos.voting.currentSettlements(v.id),
        rounds: await repos.voting.roundsOfVersion(v.id),
        today: this.deps.clock.now().toISOString().slice(0, 10),
      });
      return {
        assessment: assessment.id,
        version: v.label,
        state: v.state,
        findings,
        summary: summarizeFindings(findings),
      };
    });
  }
}
