import { authorize, type Actor } from "../../accounts/index.js";
import { ConflictError, NotFoundError } from "../../core/errors.js";
import type { Assessment, Version } from "../model.js";
import type { RiskDeps } from "../risk.context.js";
import { requireAssessment, resolveVersion, target } from "../risk.context.js";
import type { RiskRepos } from "../risk.repos.js";
import type { SettlementRule } from "../scoring/settlement.js";
import { diffVersions, type VersionDiff, type VersionSnapshot } from "./diff.js";

export interface AssessmentView extends Assessment {
  versions: VersionView[];
  latest: { label: string; state: string } | null;
}

/** A version as the API shows it: labels, never internal ids. */
export interface VersionView {
  label: string;
  state: Version["state"];
  parent: string | null;
  notes: string;
  createdAt: string;
  createdBy: string;
  frozenAt: string | null;
  releasedAt: string | null;
}

export function presentVersion(v: Version, parentLabel: string | null): VersionView {
  return {
    label: v.label,
    state: v.state,
    parent: parentLabel,
    notes: v.notes,
    createdAt: v.createdAt,
    createdBy: v.createdBy,
    frozenAt: v.frozenAt,
    releasedAt: v.releasedAt,
  };
}

export interface CreateAssessmentInput {
  id: string;
  title: string;
  description?: string | undefined;
  methodology: string;
  defaultRule: SettlementRule;
  firstVersion?: string | undefined;
  illustrative?: boolean | undefined;
}

/** Assessments and their versions: draft → frozen → released, each new one from a parent. */
export class VersionsService {
  constructor(private readonly deps: RiskDeps) {}

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  async list(actor: Actor): Promise<AssessmentView[]> {
    authorize(actor, "assessment:read");
    return this.deps.tx.read(async (repos) => {
      const all = await repos.assessments.listAssessments();
      return Promise.all(all.map((a) => this.view(repos, a)));
    });
  }

  async get(actor: Actor, id: string): Promise<AssessmentView> {
    authorize(actor, "assessment:read", `assessment:${id}`);
    return this.deps.tx.read(async (repos) => this.view(repos, await requireAssessment(repos, id)));
  }

  private async view(repos: RiskRepos, a: Assessment): Promise<AssessmentView> {
    const versions = await repos.assessments.listVersions(a.id);
    const latest = versions.at(-1);
    return {
      ...a,
      versions: versions.map((v) =>
        presentVersion(
          v,
          v.parentId === null ? null : (versions.find((p) => p.id === v.parentId)?.label ?? null),
        ),
      ),
      latest: latest ? { label: latest.label, state: latest.state } : null,
    };
  }

  async create(actor: Actor, input: CreateAssessmentInput): Promise<AssessmentView> {
    authorize(actor, "assessment:create");
    return this.deps.tx.write(async (repos) => {
      if (await repos.assessments.getAssessment(input.id))
        throw new ConflictError("assessment_exists", `assessment '${input.id}' already exists`);
      if (!(await repos.assessments.getMethodology(input.methodology)))
        throw new NotFoundError("methodology", input.methodology);
      const a: Assessment = {
        id: input.id,
        title: input.title,
        description: input.description ?? "",
        methodologyId: input.methodology,
        defaultRule: input.defaultRule,
        illustrative: input.illustrative ?? false,
        createdAt: this.now(),
        createdBy: actor.name,
      };
      await repos.assessments.insertAssessment(a);
      const v = this.newVersion(actor, a, 1, input.firstVersion ?? "v0.1", null, "");
      await repos.assessments.insertVersion(v);
      await repos.audit.append({
        at: a.createdAt,
        actor: actor.name,
        action: "assessment.create",
        target: `assessment:${a.id}`,
        after: { ...a, firstVersion: v.label },
      });
      return this.view(repos, a);
    });
  }

  private newVersion(
    actor: Actor,
    a: Assessment,
    seq: number,
    label: string,
    parent: Version | null,
    notes: string,
  ): Version {
    return {
      id: this.deps.ids.id("ver"),
      assessmentId: a.id,
      label,
      seq,
      state: "draft",
      parentId: parent?.id ?? null,
      notes,
      createdAt: this.now(),
      createdBy: actor.name,
      frozenAt: null,
      releasedAt: null,
    };
  }

  /** A new draft that starts as a copy of its parent's catalogue and current scores. */
  async createVersion(
    actor: Actor,
    assessmentId: string,
    input: { label: string; from?: string | undefined; notes?: string | undefined },
  ): Promise<VersionView> {
    authorize(actor, "version:manage", `assessment:${assessmentId}`);
    return this.deps.tx.write(async (repos) => {
      const a = await requireAssessment(repos, assessmentId);
      if (await repos.assessments.getVersionByLabel(a.id, input.label)) {
        throw new ConflictError(
          "version_exists",
          `assessment '${a.id}' already has a version ${input.label}`,
        );
      }
      const draft = (await repos.assessments.listVersions(a.id)).find((x) => x.state === "draft");
      if (draft) {
        throw new ConflictError(
          "draft_exists",
          `version ${draft.label} is still a draft; freeze it (or keep working in it) before starting another version`,
        );
      }
      const parent = await resolveVersion(repos, a, input.from);
      const seq = ((await repos.assessments.listVersions(a.id)).at(-1)?.seq ?? 0) + 1;
      const v = this.newVersion(actor, a, seq, input.label, parent, input.notes ?? "");
      await repos.assessments.insertVersion(v);
      await repos.catalogue.insertAll(v.id, await repos.catalogue.load(parent.id));
      for (const s of await repos.voting.currentSettlements(parent.id)) {
        await repos.voting.insertSettlement(v.id, {
          ...s,
          id: this.deps.ids.id("stl"),
          carriedFrom: s.carriedFrom ?? parent.label,
        });
      }
      await repos.audit.append({
        at: v.createdAt,
        actor: actor.name,
        action: "version.create",
        target: target(a, v),
        after: { label: v.label, parent: parent.label },
      });
      return presentVersion(v, parent.label);
    });
  }

  async freeze(actor: Actor, assessmentId: string, label: string): Promise<VersionView> {
    return this.transition(actor, assessmentId, label, "draft", "frozen");
  }

  async release(actor: Actor, assessmentId: string, label: string): Promise<VersionView> {
    return this.transition(actor, assessmentId, label, "frozen", "released");
  }

  private async transition(
    actor: Actor,
    assessmentId: string,
    label: string,
    from: "draft" | "frozen",
    to: "frozen" | "released",
  ): Promise<VersionView> {
    authorize(actor, "version:manage", `assessment:${assessmentId}`);
    return this.deps.tx.write(async (repos) => {
      const a = await requireAssessment(repos, assessmentId);
      const v = await resolveVersion(repos, a, label);
      if (v.state !== from) {
        const verb = to === "frozen" ? "freeze" : "release";
        const hint = to === "released" && v.state === "draft" ? "; freeze it first" : "";
        throw new ConflictError(
          "invalid_transition",
          `cannot ${verb} version ${v.label}: it is ${v.state}${hint}`,
        );
      }
      const open = (await repos.voting.roundsOfVersion(v.id)).filter((r) => r.state === "open");
      if (open.length > 0) {
        const rows = open.map((r) => `${r.rowId} (round ${r.number})`).join(", ");
        throw new ConflictError(
          "open_rounds",
          `version ${v.label} has open rounds on ${rows}; reveal them first`,
        );
      }
      const at = this.now();
      await repos.assessments.updateVersionState(v.id, to, at);
      await repos.audit.append({
        at,
        actor: actor.name,
        action: `version.${to === "frozen" ? "freeze" : "release"}`,
        target: target(a, v),
        before: { state: v.state },
        after: { state: to },
      });
      const parent =
        v.parentId === null ? undefined : await repos.assessments.getVersionById(v.parentId);
      return presentVersion(
        { ...v, state: to, ...(to === "frozen" ? { frozenAt: at } : { releasedAt: at }) },
        parent?.label ?? null,
      );
    });
  }

  async diff(
    actor: Actor,
    assessmentId: string,
    fromLabel: string,
    toLabel: string,
  ): Promise<VersionDiff> {
    authorize(actor, "assessment:read", `assessment:${assessmentId}`);
    return this.deps.tx.read(async (repos) => {
      const a = await requireAssessment(repos, assessmentId);
      const snapshot = async (label: string): Promise<VersionSnapshot> => {
        const v = await resolveVersion(repos, a, label);
        return {
          label: v.label,
          catalogue: await repos.catalogue.load(v.id),
          settlements: await repos.voting.currentSettlements(v.id),
        };
      };
      return diffVersions(await snapshot(fromLabel), await snapshot(toLabel));
    });
  }
}
