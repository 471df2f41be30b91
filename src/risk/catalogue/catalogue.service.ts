import { authorize, type Actor } from "../../accounts/index.js";
import { NotFoundError, ValidationError } from "../../core/errors.js";
import type { Loose } from "../../core/types.js";
import type {
  Effort,
  Mitigation,
  MitigationKind,
  MitigationStatus,
  Threat,
  Workflow,
} from "../model.js";
import type { RiskDeps } from "../risk.context.js";
import {
  requireAssessment,
  requireDraft,
  requireMethodology,
  resolveVersion,
  target,
} from "../risk.context.js";
import type { RiskRepos } from "../risk.repos.js";
import type { Catalogue } from "./catalogue.repository.js";
import { mitigationViews, type MitigationView } from "./mitigation-views.js";

export type ThreatInput = Pick<Threat, "id" | "title"> & Loose<Omit<Threat, "id" | "title">>;
export type WorkflowInput = Pick<Workflow, "id" | "name"> & Loose<Omit<Workflow, "id" | "name">>;

export interface MitigationInput {
  id?: string | undefined;
  title: string;
  description?: string | undefined;
  kind: MitigationKind;
  status?: MitigationStatus | undefined;
  owner?: string | null | undefined;
  dueDate?: string | null | undefined;
  effort?: Effort | undefined;
  rows?: string[] | undefined;
}

/** Threats, workflows and mitigations of the current draft; reading any version. */
export class CatalogueService {
  constructor(private readonly deps: RiskDeps) {}

  async get(
    actor: Actor,
    assessmentId: string,
    version?: string,
  ): Promise<Catalogue & { version: string }> {
    authorize(actor, "assessment:read", `assessment:${assessmentId}`);
    return this.deps.tx.read(async (repos) => {
      const a = await requireAssessment(repos, assessmentId);
      const v = await resolveVersion(repos, a, version);
      return { version: v.label, ...(await repos.catalogue.load(v.id)) };
    });
  }

  /** The mitigation tracker of a version: each with its rows' levels, low-hanging fruit first. */
  async mitigations(
    actor: Actor,
    assessmentId: string,
    version?: string,
  ): Promise<MitigationView[]> {
    authorize(actor, "assessment:read", `assessment:${assessmentId}`);
    return this.deps.tx.read(async (repos) => {
      const a = await requireAssessment(repos, assessmentId);
      const v = await resolveVersion(repos, a, version);
      const m = await requireMethodology(repos, a.methodologyId);
      const { mitigations } = await repos.catalogue.load(v.id);
      return mitigationViews(m, mitigations, await repos.voting.currentSettlements(v.id));
    });
  }

  /** The minutes/notes of a row in the draft (the meeting room writes them as the group talks). */
  async setRowNotes(
    actor: Actor,
    assessmentId: string,
    rowId: string,
    notes: string,
  ): Promise<void> {
    await this.edit(actor, assessmentId, async (repos, v, audit) => {
      const row = await repos.catalogue.getRow(v.id, rowId);
      if (!row) throw new NotFoundError(`row of version ${v.label}`, rowId);
      if (row.notes === notes) return;
      await repos.catalogue.putRow(v.id, { ...row, notes });
      await audit("row.notes", `row:${rowId}`, { notes: row.notes }, { notes });
    });
  }

  /** Creates or updates a threat (by its stable id) in the draft. */
  async putThreat(actor: Actor, assessmentId: string, input: ThreatInput): Promise<Threat> {
    return this.edit(actor, assessmentId, async (repos, v, audit) => {
      const before = await repos.catalogue.getThreat(v.id, input.id);
      const cat = before ? undefined : await repos.catalogue.load(v.id);
      const threat: Threat = {
        id: input.id,
        title: input.title,
        description: input.description ?? before?.description ?? "",
        vulnerability: input.vulnerability ?? before?.vulnerability ?? "",
        assets: input.assets ?? before?.assets ?? [],
        currentMitigations: input.currentMitigations ?? before?.currentMitigations ?? "",
        plannedMitigations: input.plannedMitigations ?? before?.plannedMitigations ?? "",
        perWorkflow: input.perWorkflow ?? before?.perWorkflow ?? false,
        placeholder: input.placeholder ?? before?.placeholder ?? false,
        retired: input.retired ?? before?.retired ?? false,
        notes: input.notes ?? before?.notes ?? "",
        position: input.position ?? before?.position ?? (cat?.threats.length ?? 0) * 10 + 10,
      };
      await repos.catalogue.putThreat(v.id, threat);
      await audit(
        before ? "threat.update" : "threat.create",
        `threat:${threat.id}`,
        before,
        threat,
      );
      return threat;
    });
  }

  async putWorkflow(actor: Actor, assessmentId: string, input: WorkflowInput): Promise<Workflow> {
    return this.edit(actor, assessmentId, async (repos, v, audit) => {
      const before = await repos.catalogue.getWorkflow(v.id, input.id);
      const cat = before ? undefined : await repos.catalogue.load(v.id);
      const wf: Workflow = {
        id: input.id,
        name: input.name,
        description: input.description ?? before?.description ?? "",
        lifetime: input.lifetime ?? before?.lifetime ?? "",
        scopeBreadth: input.scopeBreadth ?? before?.scopeBreadth ?? "",
        refreshExchange: input.refreshExchange ?? before?.refreshExchange ?? "",
        holder: input.holder ?? before?.holder ?? "",
        retired: input.retired ?? before?.retired ?? false,
        position: input.position ?? before?.position ?? (cat?.workflows.length ?? 0) * 10 + 10,
      };
      await repos.catalogue.putWorkflow(v.id, wf);
      await audit(before ? "workflow.update" : "workflow.create", `workflow:${wf.id}`, before, wf);
      return wf;
    });
  }

  /** Creates (id M-n when not given) or updates a mitigation; linked rows must exist. */
  async putMitigation(
    actor: Actor,
    assessmentId: string,
    input: MitigationInput,
  ): Promise<Mitigation> {
    return this.edit(actor, assessmentId, async (repos, v, audit) => {
      const cat = await repos.catalogue.load(v.id);
      const before =
        input.id === undefined ? undefined : cat.mitigations.find((m) => m.id === input.id);
      const rows = input.rows ?? before?.rows ?? [];
      const unknown = rows.filter((r) => !cat.rows.some((x) => x.id === r));
      if (unknown.length)
        throw new ValidationError(
          `rows: unknown row(s) ${unknown.join(", ")} in version ${v.label}`,
          unknown.map((r) => ({ path: "rows", message: `unknown row '${r}'` })),
        );
      const next =
        Math.max(0, ...cat.mitigations.map((m) => Number(/^M-(\d+)$/.exec(m.id)?.[1] ?? 0))) + 1;
      const m: Mitigation = {
        id: input.id ?? `M-${next}`,
        title: input.title,
        description: input.description ?? before?.description ?? "",
        kind: input.kind,
        status: input.status ?? before?.status ?? (input.kind === "current" ? "done" : "proposed"),
        owner: input.owner === undefined ? (before?.owner ?? null) : input.owner,
        dueDate: input.dueDate === undefined ? (before?.dueDate ?? null) : input.dueDate,
        effort: input.effort ?? before?.effort ?? "medium",
        rows,
      };
      await repos.catalogue.putMitigation(v.id, m);
      await audit(
        before ? "mitigation.update" : "mitigation.create",
        `mitigation:${m.id}`,
        before,
        m,
      );
      return m;
    });
  }

  async deleteMitigation(actor: Actor, assessmentId: string, id: string): Promise<void> {
    await this.edit(actor, assessmentId, async (repos, v, audit) => {
      const before = await repos.catalogue.getMitigation(v.id, id);
      if (!before) throw new NotFoundError(`mitigation of version ${v.label}`, id);
      await repos.catalogue.deleteMitigation(v.id, id);
      await audit("mitigation.delete", `mitigation:${id}`, before, undefined);
    });
  }

  /** One draft-only edit in one transaction, with its audit entry. */
  private edit<T>(
    actor: Actor,
    assessmentId: string,
    work: (
      repos: RiskRepos,
      v: { id: string; label: string },
      audit: (action: string, what: string, before: unknown, after: unknown) => Promise<void>,
    ) => Promise<T>,
  ): Promise<T> {
    authorize(actor, "catalogue:edit", `assessment:${assessmentId}`);
    return this.deps.tx.write(async (repos) => {
      const a = await requireAssessment(repos, assessmentId);
      const v = await resolveVersion(repos, a);
      requireDraft(v);
      return work(repos, v, async (action, what, before, after) => {
        await repos.audit.append({
          at: this.deps.clock.now().toISOString(),
          actor: actor.name,
          action,
          target: target(a, v, what),
          before,
          after,
        });
      });
    });
  }
}
