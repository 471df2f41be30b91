import { authorize, type Actor } from "../accounts/index.js";
import type { Clock } from "../core/clock.js";
import { ConflictError, NotFoundError } from "../core/errors.js";
import type { IdSource } from "../core/ids.js";
import { parseInput } from "../core/validation.js";
import type { Handbook } from "../handbook/index.js";
import type { TxRunner } from "../store/index.js";
import type { IngestSummary, TraceResult } from "../trace/index.js";
import { renderIncidentFile, type RenderedFile } from "./export/export-data.js";
import { canMove, type Incident, type IncidentState, type SavedTrace } from "./incident.model.js";
import {
  CreateIncidentBody,
  ExportBody,
  IncidentListQuery,
  MarkBody,
  NoteBody,
  StateBody,
} from "./incident.schema.js";
import { IncidentCaseWork } from "./incident-casework.service.js";
import { changeIncident, type IncidentRepos } from "./incident-change.js";
import { incidentPlaybooks, linkedWorkflows } from "./incident-playbook.js";
import { incidentView, type IncidentView } from "./incident-view.js";

export type { IncidentRepos } from "./incident-change.js";
export type { IncidentView, LinkedBan } from "./incident-view.js";

/** Runs a trace for the actor (trace/ TraceService.trace). */
export type RunTrace = (actor: Actor, input: unknown) => Promise<TraceResult>;

/**
 * The response case file (issue 9): create, list, show, notes, state moves and the EGI CSIRT
 * procedure steps. Every change is one transaction with its action-log line and its audit
 * entry. Bans belong to an incident by their `incident` field; their creation and lifting appear
 * in the action log from the bans themselves, so no ban can be missing from it.
 */
export class IncidentsService {
  constructor(
    private readonly deps: {
      tx: TxRunner<IncidentRepos>;
      clock: Clock;
      ids: IdSource;
      trace: RunTrace;
      /** The workflow handbook as the actor may read it (handbook/ HandbookService.get). */
      handbook: (actor: Actor) => Promise<Handbook>;
    },
  ) {
    this.casework = new IncidentCaseWork({
      tx: deps.tx,
      clock: deps.clock,
      view: (actor, id) => this.get(actor, id),
    });
  }

  /** Linking tokens, starring events, ticking playbook steps, affected lists, lessons. */
  readonly casework: IncidentCaseWork;

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  async create(actor: Actor, input: unknown): Promise<IncidentView> {
    authorize(actor, "incident:manage");
    const b = parseInput(CreateIncidentBody, input, "incident");
    const now = this.now();
    const incident: Incident = {
      id: this.deps.ids.id("inc"),
      title: b.title,
      tlp: b.tlp,
      severity: b.severity,
      state: "open",
      summary: b.summary ?? null,
      affectedSites: b.affectedSites,
      affectedIdentities: b.affectedIdentities,
      tokens: [],
      lessonsLearned: null,
      discoveredAt: b.discoveredAt ?? now,
      reportedAt: null,
      containedAt: null,
      resolvedAt: null,
      closureReportAt: null,
      closedAt: null,
      createdAt: now,
      createdBy: actor.name,
      updatedAt: now,
    };
    await this.deps.tx.write(async (r) => {
      await r.incidents.insert(incident);
      await r.incidents.appendAction(incident.id, {
        at: now,
        actor: actor.name,
        kind: "created",
        text: `opened "${incident.title}" (TLP:${incident.tlp}, ${incident.severity})`,
        ref: null,
      });
      await r.audit.append({
        at: now,
        actor: actor.name,
        action: "incident.create",
        target: `incident:${incident.id}`,
        after: incident,
      });
    });
    return this.get(actor, incident.id);
  }

  async list(actor: Actor, query: unknown = {}): Promise<IncidentView[]> {
    authorize(actor, "incident:read");
    const q = parseInput(IncidentListQuery, query, "incidents");
    const views = await this.deps.tx.read(async (r) => {
      const list = await r.incidents.list(q.state);
      const bans = await r.bans.list();
      return Promise.all(
        list.map((i) => incidentView(r, i, bans, this.deps.clock.now().getTime())),
      );
    });
    const chosen =
      q.overdue === undefined
        ? views
        : views.filter((v) => v.overdue.length > 0 === (q.overdue === "true"));
    return this.withPlaybooks(actor, chosen);
  }

  async get(actor: Actor, id: string): Promise<IncidentView> {
    authorize(actor, "incident:read");
    const view = await this.deps.tx.read(async (r) => {
      const i = await r.incidents.get(id);
      if (i === undefined) throw new NotFoundError("incident", id);
      return incidentView(r, i, await r.bans.list(), this.deps.clock.now().getTime());
    });
    return (await this.withPlaybooks(actor, [view]))[0]!;
  }

  /** Adds the playbooks of the linked workflows (the handbook is read once, only when needed). */
  private async withPlaybooks(
    actor: Actor,
    views: Omit<IncidentView, "playbooks">[],
  ): Promise<IncidentView[]> {
    const needed = views.some((v) => linkedWorkflows(v.tokens).length > 0);
    const handbook = needed ? await this.deps.handbook(actor) : null;
    return views.map((v) => ({
      ...v,
      playbooks: handbook === null ? [] : incidentPlaybooks(handbook, v.tokens, v.actions),
    }));
  }

  /** A manual note in the action log (append-only). */
  async note(actor: Actor, id: string, input: unknown): Promise<IncidentView> {
    authorize(actor, "incident:manage");
    const { text } = parseInput(NoteBody, input, "note");
    await changeIncident(this.deps, actor, id, "incident.note", (i) => ({
      incident: i,
      kind: "note",
      text,
      ref: null,
    }));
    return this.get(actor, id);
  }

  /** Moves the incident forward: contained, resolved, closed (each stamps its time). */
  async setState(actor: Actor, id: string, input: unknown): Promise<IncidentView> {
    authorize(actor, "incident:manage");
    const b = parseInput(StateBody, input, "state");
    await changeIncident(this.deps, actor, id, "incident.state", (i, now) => {
      if (!canMove(i.state, b.state))
        throw new ConflictError(
          "incident_state",
          `incident ${id} is ${i.state}: it cannot move to ${b.state}`,
        );
      const next: Incident = { ...i, state: b.state };
      const stamp: Record<Exclude<IncidentState, "open">, keyof Incident> = {
        contained: "containedAt",
        resolved: "resolvedAt",
        closed: "closedAt",
      };
      for (const s of ["contained", "resolved", "closed"] as const)
        if (canMove(i.state, s) && !canMove(b.state, s) && next[stamp[s]] === null)
          (next as unknown as Record<string, string>)[stamp[s]] = now;
      const text = `${i.state} → ${b.state}${b.note === undefined ? "" : `: ${b.note}`}`;
      return { incident: next, kind: "state", text, ref: b.state };
    });
    return this.get(actor, id);
  }

  /** Marks a reporting step of the procedure done: reported to the CSIRT, closure report sent. */
  async mark(actor: Actor, id: string, input: unknown): Promise<IncidentView> {
    authorize(actor, "incident:manage");
    const { step } = parseInput(MarkBody, input, "step");
    await changeIncident(this.deps, actor, id, "incident.mark", (i, now) => {
      if (step === "reported") {
        if (i.reportedAt !== null)
          throw new ConflictError(
            "incident_step_done",
            `incident ${id} was reported at ${i.reportedAt}`,
          );
        return {
          incident: { ...i, reportedAt: now },
          kind: "reported",
          text: "reported to the CSIRT",
          ref: null,
        };
      }
      if (i.resolvedAt === null)
        throw new ConflictError(
          "incident_not_resolved",
          `incident ${id} is not resolved: the closure report follows resolution`,
        );
      if (i.closureReportAt !== null)
        throw new ConflictError(
          "incident_step_done",
          `incident ${id}'s closure report was sent at ${i.closureReportAt}`,
        );
      return {
        incident: { ...i, closureReportAt: now },
        kind: "closure-report",
        text: "closure report sent",
        ref: null,
      };
    });
    return this.get(actor, id);
  }

  /**
   * Runs a trace and keeps it in the case file — query, summary and the whole result as it was
   * — with a line in the action log.
   */
  async saveTrace(
    actor: Actor,
    id: string,
    input: unknown,
  ): Promise<TraceResult & { savedAs: string }> {
    authorize(actor, "incident:manage");
    await this.get(actor, id);
    const result = await this.deps.trace(actor, input);
    const q = result.query;
    const saved: SavedTrace = {
      id: this.deps.ids.id("trc"),
      createdAt: this.now(),
      actor: actor.name,
      query: { ...q },
      summary: { ...result.summary, tokens: result.tokens.length, links: result.links.length },
    };
    const what = `${q.by} ${q.value}${q.withDerived ? " with derived tokens" : ""}`;
    const text = `traced ${what}: ${result.summary.events.proven} proven and ${result.summary.events.candidate} candidate events, ${result.tokens.length} tokens, ${result.summary.sites.length} sites`;
    await changeIncident(
      this.deps,
      actor,
      id,
      "incident.trace",
      (i) => ({ incident: i, kind: "trace", text, ref: saved.id }),
      (r) => r.incidents.saveTrace(id, saved, result),
    );
    return { ...result, savedAs: saved.id };
  }

  /** A saved trace's result as it was when saved. */
  async traceResult(actor: Actor, id: string, traceId: string): Promise<unknown> {
    authorize(actor, "incident:read");
    const r = await this.deps.tx.read((repos) => repos.incidents.traceResult(id, traceId));
    if (r === undefined) throw new NotFoundError("saved trace", `${id}/${traceId}`);
    return r;
  }

  /**
   * An export of the case file (report in Markdown or PDF, timeline, MISP event, e-mail text) from
   * the incident and its saved traces' results as they were; the export itself is logged in the
   * action log, with its size in bytes (a PDF body is a Buffer, the others are strings).
   */
  async export(actor: Actor, id: string, input: unknown): Promise<RenderedFile> {
    authorize(actor, "incident:read");
    const { format } = parseInput(ExportBody, input, "export");
    const view = await this.get(actor, id);
    const traces = await this.deps.tx.read(async (r) =>
      Promise.all(
        view.traces.map(async (saved) => ({
          saved,
          result: (await r.incidents.traceResult(id, saved.id)) as TraceResult,
        })),
      ),
    );
    const out = await renderIncidentFile(
      { incident: view, traces, generatedAt: this.now(), generatedBy: actor.name },
      format,
    );
    await changeIncident(this.deps, actor, id, "incident.export", (i) => ({
      incident: i,
      kind: "export",
      text: `exported ${format} (${out.fileName}, ${Buffer.byteLength(out.body)} bytes)`,
      ref: format,
    }));
    return out;
  }

  /** Records an ingest run done for the incident (`ttt ingest --incident`). */
  async recordIngest(actor: Actor, id: string, s: IngestSummary): Promise<void> {
    authorize(actor, "incident:manage");
    const text = `ingested ${s.files} files, ${s.lines} lines: ${s.events} events, ${s.bad} bad lines, ${s.alerts} alerts`;
    await changeIncident(this.deps, actor, id, "incident.ingest", (i) => ({
      incident: i,
      kind: "ingest",
      text,
      ref: `ingest-run:${s.runId}`,
    }));
  }
}
