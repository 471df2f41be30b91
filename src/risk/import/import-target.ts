/**
 * Where a spreadsheet import goes: the draft of an existing assessment, or a new assessment
 * created in the same transaction (with the same record and audit entry as `assessments create`).
 */
import type { Actor } from "../../accounts/index.js";
import { NotFoundError, ValidationError } from "../../core/errors.js";
import type { IdSource } from "../../core/ids.js";
import { DEFAULT_METHODOLOGY_ID } from "../methodology/builtins.js";
import { slugify } from "../methodology/ciso-import.js";
import type { MethodologyDefinition } from "../methodology/methodology.schema.js";
import type { Assessment, Version } from "../model.js";
import { requireDraft, requireMethodology, resolveVersion } from "../risk.context.js";
import type { RiskRepos } from "../risk.repos.js";

export const FIRST_VERSION = "v0.1";
export const DEFAULT_RULE = "highest-mode";

export interface TargetRequest {
  assessment?: string | undefined;
  title?: string | undefined;
  methodology?: string | undefined;
  fileName: string;
}

export type ImportTarget =
  | { kind: "existing"; a: Assessment; v: Version; methodology: MethodologyDefinition }
  | {
      kind: "new";
      a: Assessment;
      methodology: MethodologyDefinition;
      /** No methodology was named: the default one was taken. */
      defaulted: boolean;
    };

/** "Risk register 2026.xlsx" → "Risk register 2026". */
export function titleFromFileName(fileName: string): string {
  return fileName.replace(/\.[A-Za-z0-9]{1,5}$/, "").trim() || "Imported assessment";
}

async function freeId(repos: RiskRepos, title: string): Promise<string> {
  const base = (slugify(title).slice(0, 56).replace(/-+$/, "") || "imported").replace(/^-+/, "");
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    if (!(await repos.assessments.getAssessment(id))) return id;
  }
}

/** Resolves (never writes) the target; a new assessment is only described here. */
export async function resolveTarget(
  repos: RiskRepos,
  req: TargetRequest,
  actor: Actor,
  at: string,
): Promise<ImportTarget> {
  const existing =
    req.assessment === undefined
      ? undefined
      : await repos.assessments.getAssessment(req.assessment);
  if (existing) {
    if (req.methodology !== undefined && req.methodology !== existing.methodologyId)
      throw new ValidationError(
        `methodology: assessment '${existing.id}' uses '${existing.methodologyId}', not '${req.methodology}'`,
        [{ path: "methodology", message: `the assessment uses '${existing.methodologyId}'` }],
      );
    const v = await resolveVersion(repos, existing);
    requireDraft(v);
    return {
      kind: "existing",
      a: existing,
      v,
      methodology: await requireMethodology(repos, existing.methodologyId),
    };
  }
  const methodologyId = req.methodology ?? DEFAULT_METHODOLOGY_ID;
  const stored = await repos.assessments.getMethodology(methodologyId);
  if (!stored) throw new NotFoundError("methodology", methodologyId);
  const title = (req.title ?? titleFromFileName(req.fileName)).slice(0, 200);
  return {
    kind: "new",
    a: {
      id: req.assessment ?? (await freeId(repos, title)),
      title,
      description: `Imported from ${req.fileName}`,
      methodologyId,
      defaultRule: DEFAULT_RULE,
      illustrative: false,
      createdAt: at,
      createdBy: actor.name,
    },
    methodology: stored.definition,
    defaulted: req.methodology === undefined,
  };
}

/** Writes a new target's assessment and first draft; returns the version to fill. */
export async function createTarget(
  repos: RiskRepos,
  a: Assessment,
  actor: Actor,
  ids: IdSource,
): Promise<Version> {
  await repos.assessments.insertAssessment(a);
  const v: Version = {
    id: ids.id("ver"),
    assessmentId: a.id,
    label: FIRST_VERSION,
    seq: 1,
    state: "draft",
    parentId: null,
    notes: "",
    createdAt: a.createdAt,
    createdBy: actor.name,
    frozenAt: null,
    releasedAt: null,
  };
  await repos.assessments.insertVersion(v);
  await repos.audit.append({
    at: a.createdAt,
    actor: actor.name,
    action: "assessment.create",
    target: `assessment:${a.id}`,
    after: { ...a, firstVersion: v.label },
  });
  return v;
}
