/**
 * Which assessment an inspected token is compared with, and its workflows and rows. Reads go
 * through the Assess services with the caller's own role, so nobody sees more than they may.
 */
import { can, type Actor } from "../accounts/index.js";
import type { AssessmentView, RiskServices, RowView } from "../risk/index.js";
import type { WorkflowDescriptor } from "../tokens/index.js";

export interface AssessmentRef {
  id: string;
  title: string;
  version: string;
  state: string;
}

export type WorkflowContext =
  | {
      ok: true;
      assessment: AssessmentRef;
      workflows: Array<WorkflowDescriptor & { description: string }>;
      rows: RowView[];
    }
  | { ok: false; note: string };

/** The latest released version of an assessment, else its latest version, else null. */
function preferredVersion(a: AssessmentView): { label: string; state: string; at: string } | null {
  const released = a.versions.filter((v) => v.state === "released");
  const v = released.at(-1) ?? a.versions.at(-1);
  return v === undefined ? null : { label: v.label, state: v.state, at: v.releasedAt ?? "" };
}

export async function workflowContext(
  risk: RiskServices,
  actor: Actor,
  wanted: { assessment?: string | undefined; version?: string | undefined },
): Promise<WorkflowContext> {
  if (!can(actor, "assessment:read")) {
    return { ok: false, note: `role '${actor.role}' cannot read assessments: no workflow guess` };
  }
  let a: AssessmentView | undefined;
  if (wanted.assessment !== undefined) {
    a = await risk.versions.get(actor, wanted.assessment);
  } else {
    const all = await risk.versions.list(actor);
    // The assessment released most recently is the group's current word on risks.
    a = [...all].sort((x, y) =>
      (preferredVersion(y)?.at ?? "").localeCompare(preferredVersion(x)?.at ?? ""),
    )[0];
  }
  if (a === undefined) return { ok: false, note: "no assessment exists yet: no workflow guess" };
  const label = wanted.version ?? preferredVersion(a)?.label;
  if (label === undefined) return { ok: false, note: `assessment '${a.id}' has no version` };
  const catalogue = await risk.catalogue.get(actor, a.id, label);
  const page = await risk.rows.list(actor, a.id, { version: label });
  const workflows = catalogue.workflows.filter((w) => !w.retired);
  return {
    ok: true,
    assessment: { id: a.id, title: a.title, version: label, state: page.version.state },
    workflows,
    rows: page.rows,
  };
}
