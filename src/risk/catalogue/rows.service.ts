import { authorize, type Actor } from "../../accounts/index.js";
import { ConflictError, NotFoundError, ValidationError } from "../../core/errors.js";
import type { RiskRow, Version } from "../model.js";
import { buildRowViews, type RowView, type RowsPage } from "./row-views.js";
import type { RiskDeps } from "../risk.context.js";
import {
  requireAssessment,
  requireDraft,
  requireRow,
  resolveVersion,
  target,
} from "../risk.context.js";
import type { RiskRepos } from "../risk.repos.js";

export interface AddRowInput {
  id?: string | undefined;
  threat: string;
  workflow?: string | undefined;
  variant?: string | undefined;
  notes?: string | undefined;
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

/** The conventional id: TR-1 for a generic row, 4a for threat 4 × workflow a, 4e-power for a variant. */
export function defaultRowId(
  threat: string,
  workflow: string | undefined,
  variant: string | undefined,
): string {
  const num = /^TR-(\d+)$/i.exec(threat)?.[1];
  const base = workflow === undefined ? threat : `${num ?? threat}${workflow}`;
  return variant === undefined ? base : `${base}-${slug(variant)}`;
}

/** Rows of a version: add, split, merge, retire; list with settled scores. */
export class RowsService {
  constructor(private readonly deps: RiskDeps) {}

  async list(
    actor: Actor,
    assessmentId: string,
    opts: { version?: string | undefined; includeRetired?: boolean | undefined } = {},
  ): Promise<RowsPage> {
    authorize(actor, "assessment:read", `assessment:${assessmentId}`);
    return this.deps.tx.read(async (repos) => {
      const a = await requireAssessment(repos, assessmentId);
      const v = await resolveVersion(repos, a, opts.version);
      const views = await buildRowViews(repos, a.methodologyId, v);
      return {
        assessment: a.id,
        version: { label: v.label, state: v.state },
        methodology: a.methodologyId,
        rows: opts.includeRetired ? views : views.filter((r) => r.status === "active"),
      };
    });
  }

  async get(actor: Actor, assessmentId: string, rowId: string, version?: string): Promise<RowView> {
    const page = await this.list(actor, assessmentId, { version, includeRetired: true });
    const row = page.rows.find((r) => r.id === rowId);
    if (!row) throw new NotFoundError(`row of version ${page.version.label}`, rowId);
    return row;
  }

  async add(actor: Actor, assessmentId: string, input: AddRowInput): Promise<RowView> {
    authorize(actor, "catalogue:edit", `assessment:${assessmentId}`);
    const id = await this.deps.tx.write(async (repos) => {
      const { a, v } = await this.draft(repos, assessmentId);
      const threat = await repos.catalogue.getThreat(v.id, input.threat);
      if (!threat)
        throw new ValidationError(`threat: '${input.threat}' is not in version ${v.label}`, [
          { path: "threat", message: `unknown threat '${input.threat}'` },
        ]);
      if (
        input.workflow !== undefined &&
        !(await repos.catalogue.getWorkflow(v.id, input.workflow))
      ) {
        throw new ValidationError(`workflow: '${input.workflow}' is not in version ${v.label}`, [
          { path: "workflow", message: `unknown workflow '${input.workflow}'` },
        ]);
      }
      const row: RiskRow = {
        id: input.id ?? defaultRowId(threat.id, input.workflow, input.variant),
        threatId: threat.id,
        workflowId: input.workflow ?? null,
        variant: input.variant ?? null,
        notes: input.notes ?? "",
        status: "active",
        lineage: null,
        successors: [],
        retiredReason: null,
        position: (await repos.catalogue.maxRowPosition(v.id)) + 10,
      };
      await this.insertNew(repos, v, row);
      await repos.audit.append({
        at: this.now(),
        actor: actor.name,
        action: "row.add",
        target: target(a, v, `row:${row.id}`),
        after: row,
      });
      return row.id;
    });
    return this.get(actor, assessmentId, id);
  }

  /** Replaces one row by several (4e → 4e-ordinary, 4e-power); the parent is retired, not deleted. */
  async split(
    actor: Actor,
    assessmentId: string,
    rowId: string,
    input: {
      into: { id?: string | undefined; variant: string; notes?: string | undefined }[];
      reason: string;
    },
  ): Promise<RowView[]> {
    authorize(actor, "catalogue:edit", `assessment:${assessmentId}`);
    if (input.into.length < 2)
      throw new ValidationError("into: a split needs at least two new rows", [
        { path: "into", message: "at least two rows" },
      ]);
    const ids = await this.deps.tx.write(async (repos) => {
      const { a, v } = await this.draft(repos, assessmentId);
      const parent = await this.activeRow(repos, v, rowId);
      await this.noOpenRound(repos, v, [rowId]);
      const children: RiskRow[] = input.into.map((c, i) => ({
        id: c.id ?? `${parent.id}-${slug(c.variant)}`,
        threatId: parent.threatId,
        workflowId: parent.workflowId,
        variant: c.variant,
        notes: c.notes ?? parent.notes,
        status: "active",
        lineage: { kind: "split", from: parent.id, reason: input.reason },
        successors: [],
        retiredReason: null,
        position: parent.position + (i + 1) / (input.into.length + 1),
      }));
      const ids = children.map((c) => c.id);
      const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
      if (repeated.length > 0) {
        throw new ValidationError(
          `into: the new rows would share the id ${repeated[0] ?? ""}; give different variants or ids`,
          [{ path: "into", message: `duplicate row id ${repeated[0] ?? ""}` }],
        );
      }
      for (const c of children) await this.insertNew(repos, v, c);
      const retired: RiskRow = {
        ...parent,
        status: "retired",
        successors: children.map((c) => c.id),
        retiredReason: `split: ${input.reason}`,
      };
      await repos.catalogue.putRow(v.id, retired);
      await repos.audit.append({
        at: this.now(),
        actor: actor.name,
        action: "row.split",
        target: target(a, v, `row:${rowId}`),
        before: parent,
        after: { parent: retired, into: children },
      });
      return children.map((c) => c.id);
    });
    return Promise.all(ids.map((id) => this.get(actor, assessmentId, id)));
  }

  /** Replaces several rows by one (TR-4 + TR-5 → TR-4-5); the sources are retired and point to it. */
  async merge(
    actor: Actor,
    assessmentId: string,
    input: {
      rows: string[];
      into: {
        id: string;
        threat?: string | undefined;
        workflow?: string | undefined;
        variant?: string | undefined;
        notes?: string | undefined;
      };
      reason: string;
    },
  ): Promise<RowView> {
    authorize(actor, "catalogue:edit", `assessment:${assessmentId}`);
    if (new Set(input.rows).size < 2)
      throw new ValidationError("rows: a merge needs at least two different rows", [
        { path: "rows", message: "at least two different rows" },
      ]);
    await this.deps.tx.write(async (repos) => {
      const { a, v } = await this.draft(repos, assessmentId);
      const sources: RiskRow[] = [];
      for (const id of input.rows) sources.push(await this.activeRow(repos, v, id));
      await this.noOpenRound(repos, v, input.rows);
      const first = sources[0] as RiskRow;
      const workflows = new Set(sources.map((s) => s.workflowId));
      const threatId = input.into.threat ?? first.threatId;
      if (!(await repos.catalogue.getThreat(v.id, threatId)))
        throw new ValidationError(`into.threat: unknown threat '${threatId}'`, [
          { path: "into.threat", message: `unknown threat '${threatId}'` },
        ]);
      const merged: RiskRow = {
        id: input.into.id,
        threatId,
        workflowId: input.into.workflow ?? (workflows.size === 1 ? first.workflowId : null),
        variant: input.into.variant ?? null,
        notes:
          input.into.notes ??
          sources
            .map((s) => s.notes)
            .filter(Boolean)
            .join("\n"),
        status: "active",
        lineage: { kind: "merge", from: sources.map((s) => s.id), reason: input.reason },
        successors: [],
        retiredReason: null,
        position: Math.min(...sources.map((s) => s.position)),
      };
      await this.insertNew(repos, v, merged);
      for (const s of sources)
        await repos.catalogue.putRow(v.id, {
          ...s,
          status: "retired",
          successors: [merged.id],
          retiredReason: `merged into ${merged.id}: ${input.reason}`,
        });
      await repos.audit.append({
        at: this.now(),
        actor: actor.name,
        action: "row.merge",
        target: target(a, v, `row:${merged.id}`),
        before: sources,
        after: merged,
      });
    });
    return this.get(actor, assessmentId, input.into.id);
  }

  /** Takes a row out of the assessment without renumbering anything. */
  async retire(
    actor: Actor,
    assessmentId: string,
    rowId: string,
    reason: string,
  ): Promise<RowView> {
    authorize(actor, "catalogue:edit", `assessment:${assessmentId}`);
    await this.deps.tx.write(async (repos) => {
      const { a, v } = await this.draft(repos, assessmentId);
      const row = await this.activeRow(repos, v, rowId);
      await this.noOpenRound(repos, v, [rowId]);
      const retired: RiskRow = { ...row, status: "retired", retiredReason: reason };
      await repos.catalogue.putRow(v.id, retired);
      await repos.audit.append({
        at: this.now(),
        actor: actor.name,
        action: "row.retire",
        target: target(a, v, `row:${rowId}`),
        before: row,
        after: retired,
      });
    });
    return this.get(actor, assessmentId, rowId);
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  private async draft(repos: RiskRepos, assessmentId: string) {
    const a = await requireAssessment(repos, assessmentId);
    const v = await resolveVersion(repos, a);
    requireDraft(v);
    return { a, v };
  }

  private async activeRow(repos: RiskRepos, v: Version, rowId: string): Promise<RiskRow> {
    const row = await requireRow(repos, v, rowId);
    if (row.status !== "active")
      throw new ConflictError(
        "row_retired",
        `row ${rowId} is already retired (${row.retiredReason ?? "no reason"})`,
      );
    return row;
  }

  private async insertNew(repos: RiskRepos, v: Version, row: RiskRow): Promise<void> {
    if (!/^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/.test(row.id)) {
      throw new ValidationError(`id: '${row.id}' is not a valid row id`, [
        { path: "id", message: "letters, digits, . _ + - (at most 64)" },
      ]);
    }
    if (await repos.catalogue.getRow(v.id, row.id))
      throw new ConflictError(
        "row_exists",
        `row ${row.id} already exists in version ${v.label} (ids are never reused)`,
      );
    await repos.catalogue.putRow(v.id, row);
  }

  private async noOpenRound(repos: RiskRepos, v: Version, rowIds: string[]): Promise<void> {
    for (const id of rowIds) {
      const open = (await repos.voting.roundsOfRow(v.id, id)).find((r) => r.state === "open");
      if (open)
        throw new ConflictError(
          "round_open",
          `row ${id} has an open round (${open.number}); reveal it first`,
        );
    }
  }
}
