import type { Executor } from "../store/index.js";
import type { IncidentsTable } from "../store/tables/incidents.tables.js";
import { parseJson, toJson } from "../store/index.js";
import type {
  SavedTrace,
  ActionKind,
  Identity,
  Incident,
  IncidentAction,
  IncidentToken,
  IncidentState,
  Severity,
  Tlp,
} from "./incident.model.js";

/** A stored incident: the table's row as Kysely reads it. */
type Row = IncidentsTable;

function toIncident(r: Row): Incident {
  return {
    id: r.id,
    title: r.title,
    tlp: r.tlp as Tlp,
    severity: r.severity as Severity,
    state: r.state as IncidentState,
    summary: r.summary,
    affectedSites: parseJson<string[]>(r.affected_sites) ?? [],
    affectedIdentities: parseJson<Identity[]>(r.affected_identities) ?? [],
    tokens: parseJson<IncidentToken[]>(r.tokens) ?? [],
    lessonsLearned: r.lessons_learned,
    discoveredAt: r.discovered_at,
    reportedAt: r.reported_at,
    containedAt: r.contained_at,
    resolvedAt: r.resolved_at,
    closureReportAt: r.closure_report_at,
    closedAt: r.closed_at,
    createdAt: r.created_at,
    createdBy: r.created_by,
    updatedAt: r.updated_at,
  };
}

function toRow(i: Incident): Row {
  return {
    id: i.id,
    title: i.title,
    tlp: i.tlp,
    severity: i.severity,
    state: i.state,
    summary: i.summary,
    affected_sites: toJson(i.affectedSites),
    affected_identities: toJson(i.affectedIdentities),
    tokens: toJson(i.tokens),
    lessons_learned: i.lessonsLearned,
    discovered_at: i.discoveredAt,
    reported_at: i.reportedAt,
    contained_at: i.containedAt,
    resolved_at: i.resolvedAt,
    closure_report_at: i.closureReportAt,
    closed_at: i.closedAt,
    created_at: i.createdAt,
    created_by: i.createdBy,
    updated_at: i.updatedAt,
  };
}

/** Incidents and their append-only action log. */
export class IncidentsRepository {
  constructor(private readonly db: Executor) {}

  async insert(i: Incident): Promise<void> {
    await this.db.insertInto("incidents").values(toRow(i)).execute();
  }

  /** Writes the incident's fields back (state and procedure times change; the id never does). */
  async update(i: Incident): Promise<void> {
    const row: Partial<Row> = toRow(i);
    delete row.id;
    await this.db.updateTable("incidents").set(row).where("id", "=", i.id).execute();
  }

  async get(id: string): Promise<Incident | undefined> {
    const r = await this.db
      .selectFrom("incidents")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return r && toIncident(r);
  }

  /** Newest discovered first. */
  async list(state?: IncidentState): Promise<Incident[]> {
    let q = this.db.selectFrom("incidents").selectAll();
    if (state !== undefined) q = q.where("state", "=", state);
    const rows = await q.orderBy("discovered_at", "desc").orderBy("id").execute();
    return rows.map(toIncident);
  }

  async appendAction(incidentId: string, a: IncidentAction): Promise<void> {
    await this.db
      .insertInto("incident_actions")
      .values({
        incident_id: incidentId,
        at: a.at,
        actor: a.actor,
        kind: a.kind,
        text: a.text,
        ref: a.ref,
      })
      .execute();
  }

  /** In the order they were written. */
  async actions(incidentId: string): Promise<IncidentAction[]> {
    const rows = await this.db
      .selectFrom("incident_actions")
      .select(["at", "actor", "kind", "text", "ref"])
      .where("incident_id", "=", incidentId)
      .orderBy("seq")
      .execute();
    return rows.map((r) => ({ ...r, kind: r.kind as ActionKind }));
  }

  async saveTrace(incidentId: string, t: SavedTrace, result: unknown): Promise<void> {
    await this.db
      .insertInto("incident_traces")
      .values({
        id: t.id,
        incident_id: incidentId,
        created_at: t.createdAt,
        actor: t.actor,
        query: toJson(t.query),
        summary: toJson(t.summary),
        result: toJson(result),
      })
      .execute();
  }

  /** The saved traces of an incident, oldest first, without their results. */
  async traces(incidentId: string): Promise<SavedTrace[]> {
    const rows = await this.db
      .selectFrom("incident_traces")
      .select(["id", "created_at", "actor", "query", "summary"])
      .where("incident_id", "=", incidentId)
      .orderBy("created_at")
      .orderBy("id")
      .execute();
    return rows.map((r) => ({
      id: r.id,
      createdAt: r.created_at,
      actor: r.actor,
      query: parseJson<Record<string, unknown>>(r.query),
      summary: parseJson<Record<string, unknown>>(r.summary),
    }));
  }

  /** A saved trace's whole result as stored, or undefined. */
  async traceResult(incidentId: string, traceId: string): Promise<unknown> {
    const r = await this.db
      .selectFrom("incident_traces")
      .select("result")
      .where("incident_id", "=", incidentId)
      .where("id", "=", traceId)
      .executeTakeFirst();
    return r === undefined ? undefined : parseJson<unknown>(r.result);
  }
}
