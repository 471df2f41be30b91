import { createHash } from "node:crypto";
import type { Handbook, PlaybookStep } from "../handbook/index.js";
import type { IncidentAction, IncidentToken } from "./incident.model.js";

/** A playbook step as the case shows it: done (when, by whom) or still to do. */
export interface IncidentPlaybookStep extends PlaybookStep {
  done: { at: string; actor: string } | null;
}

/** The response playbook of a workflow a linked token belongs to, with its steps' progress. */
export interface IncidentPlaybook {
  workflow: string;
  name: string;
  steps: IncidentPlaybookStep[];
}

/**
 * The action-log ref of a ticked step: `<workflow>#<n>:<first 8 hex of SHA-256 of its action>`.
 * The playbook is rebuilt from the assessment each time; naming the step by its words too means
 * a tick never lands on another step when a new release renumbers the playbook (such a tick
 * then shows on no step, and the action log still says what was done).
 */
export function playbookRef(workflow: string, step: Pick<PlaybookStep, "n" | "action">): string {
  const digest = createHash("sha256").update(step.action).digest("hex").slice(0, 8);
  return `${workflow}#${step.n}:${digest}`;
}

/** The distinct workflows of the linked tokens, in the order they were linked. */
export function linkedWorkflows(tokens: readonly IncidentToken[]): string[] {
  return [...new Set(tokens.flatMap((t) => (t.workflow === null ? [] : [t.workflow])))];
}

/**
 * The playbooks shown on an incident (pure): one per workflow of its linked tokens that the
 * handbook knows, each step marked done from the "playbook" lines of the action log.
 */
export function incidentPlaybooks(
  handbook: Handbook,
  tokens: readonly IncidentToken[],
  actions: readonly IncidentAction[],
): IncidentPlaybook[] {
  const ticks = new Map<string, { at: string; actor: string }>();
  for (const a of actions)
    if (a.kind === "playbook" && a.ref !== null && !ticks.has(a.ref))
      ticks.set(a.ref, { at: a.at, actor: a.actor });
  return linkedWorkflows(tokens).flatMap((id) => {
    const page = handbook.pages.find((p) => p.workflow.id === id);
    if (page === undefined) return [];
    return [
      {
        workflow: id,
        name: page.workflow.name,
        steps: page.playbook.map((s) => ({ ...s, done: ticks.get(playbookRef(id, s)) ?? null })),
      },
    ];
  });
}
