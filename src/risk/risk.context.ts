import type { Clock } from "../core/clock.js";
import { ConflictError, NotFoundError } from "../core/errors.js";
import type { IdSource } from "../core/ids.js";
import type { TxRunner } from "../store/index.js";
import type { MethodologyDefinition } from "./methodology/methodology.schema.js";
import type { Assessment, RiskRow, Version } from "./model.js";
import type { RiskRepos } from "./risk.repos.js";

/** What every Assess service is given. */
export interface RiskDeps {
  tx: TxRunner<RiskRepos>;
  clock: Clock;
  ids: IdSource;
}

/** The assessment or a 404 naming it. */
export async function requireAssessment(repos: RiskRepos, id: string): Promise<Assessment> {
  const a = await repos.assessments.getAssessment(id);
  if (!a) throw new NotFoundError("assessment", id);
  return a;
}

/** The labelled version, or the latest one (the most recently created) when no label is given. */
export async function resolveVersion(
  repos: RiskRepos,
  a: Assessment,
  label?: string,
): Promise<Version> {
  if (label !== undefined) {
    const v = await repos.assessments.getVersionByLabel(a.id, label);
    if (!v) throw new NotFoundError(`version of assessment '${a.id}'`, label);
    return v;
  }
  const latest = (await repos.assessments.listVersions(a.id)).at(-1);
  if (!latest) throw new NotFoundError(`version of assessment '${a.id}'`, "(latest)");
  return latest;
}

/** Frozen and released versions are immutable: say so, and say what to do instead. */
export function requireDraft(v: Version): void {
  if (v.state !== "draft") {
    const when = v.state === "frozen" ? v.frozenAt : v.releasedAt;
    throw new ConflictError(
      "version_immutable",
      `version ${v.label} is ${v.state} (since ${when ?? "?"}) and cannot change; create a new version from it to continue`,
    );
  }
}

export async function requireMethodology(
  repos: RiskRepos,
  id: string,
): Promise<MethodologyDefinition> {
  const m = await repos.assessments.getMethodology(id);
  if (!m) throw new NotFoundError("methodology", id);
  return m.definition;
}

export async function requireRow(repos: RiskRepos, v: Version, rowId: string): Promise<RiskRow> {
  const row = await repos.catalogue.getRow(v.id, rowId);
  if (!row) throw new NotFoundError(`row of version ${v.label}`, rowId);
  return row;
}

/** The stable audit target of a thing inside an assessment version. */
export function target(a: Assessment, v: Version, what?: string): string {
  return `assessment:${a.id}/${v.label}${what === undefined ? "" : `/${what}`}`;
}
