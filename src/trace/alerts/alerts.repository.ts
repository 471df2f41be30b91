import type { BulkTx, Executor } from "../../store/index.js";
import type { Alert, AlertKind, AlertState } from "./alert.model.js";
import type { TraceAlertsTable } from "../../store/tables/trace.tables.js";

export interface AlertFilter {
  /** Raised at or after this ISO time. */
  since?: string | undefined;
  kind?: AlertKind | undefined;
  banId?: string | undefined;
  site?: string | undefined;
  state?: AlertState | undefined;
  limit: number;
}

const COLUMNS = [
  "id",
  "kind",
  "ban_id",
  "matched",
  "event_id",
  "event_time_ms",
  "site",
  "component",
  "action",
  "iss",
  "sub",
  "jti",
  "client_ip",
  "object",
  "source_file",
  "source_line",
  "run_id",
  "created_at",
  "client_id",
] as const;

const INSERT = `insert into trace_alerts (${COLUMNS.join(", ")}) values (${COLUMNS.map(() => "?").join(", ")}) on conflict (id) do nothing`;

/**
 * Writes alerts inside an ingest segment's transaction (the events and their alerts commit
 * together, so a crash never leaves stored events whose alerts were lost). An alert raised twice
 * has the same id and is kept once.
 */
export async function insertAlerts(
  tx: BulkTx,
  alerts: readonly Alert[],
  runId: number,
): Promise<void> {
  for (const a of alerts)
    await tx.run(INSERT, [
      a.id,
      a.kind,
      a.banId,
      a.matched,
      a.eventId,
      a.eventTimeMs,
      a.site,
      a.component,
      a.action,
      a.iss,
      a.sub,
      a.jti,
      a.clientIp,
      a.object,
      a.source.file,
      a.source.line,
      runId,
      a.createdAt,
      a.clientId,
    ]);
}

/** Stored alerts, newest first. */
export class AlertsRepository {
  constructor(private readonly db: Executor) {}

  async list(f: AlertFilter): Promise<Alert[]> {
    let q = this.db.selectFrom("trace_alerts").selectAll();
    if (f.since !== undefined) q = q.where("created_at", ">=", f.since);
    if (f.kind !== undefined) q = q.where("kind", "=", f.kind);
    if (f.banId !== undefined) q = q.where("ban_id", "=", f.banId);
    if (f.site !== undefined) q = q.where("site", "=", f.site);
    if (f.state === "open") q = q.where("acked_at", "is", null);
    if (f.state === "acknowledged") q = q.where("acked_at", "is not", null);
    const rows = await q
      .orderBy("created_at", "desc")
      .orderBy("event_time_ms", "desc")
      .orderBy("id")
      .limit(f.limit)
      .execute();
    return rows.map(toAlert);
  }

  async get(id: string): Promise<Alert | undefined> {
    const row = await this.db
      .selectFrom("trace_alerts")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return row === undefined ? undefined : toAlert(row);
  }

  /** Marks an open alert acknowledged; false if it was acknowledged already (or is gone). */
  async acknowledge(id: string, ack: { at: string; by: string; note: string | null }) {
    const r = await this.db
      .updateTable("trace_alerts")
      .set({ acked_at: ack.at, acked_by: ack.by, ack_note: ack.note })
      .where("id", "=", id)
      .where("acked_at", "is", null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** How many alerts the bans raised (an incident's linked bans). */
  async countForBans(banIds: readonly string[]): Promise<number> {
    if (banIds.length === 0) return 0;
    const r = await this.db
      .selectFrom("trace_alerts")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("ban_id", "in", banIds)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** The newest alerts the bans raised, newest event first. */
  async latestForBans(banIds: readonly string[], limit: number): Promise<Alert[]> {
    if (banIds.length === 0) return [];
    const all = await Promise.all(banIds.map((banId) => this.list({ banId, limit })));
    return all
      .flat()
      .sort((a, b) => b.eventTimeMs - a.eventTimeMs || (a.id < b.id ? -1 : 1))
      .slice(0, limit);
  }
}

function toAlert(r: TraceAlertsTable): Alert {
  return {
    id: r.id,
    kind: r.kind as AlertKind,
    banId: r.ban_id,
    matched: r.matched,
    eventId: Number(r.event_id),
    eventTimeMs: Number(r.event_time_ms),
    site: r.site,
    component: r.component,
    action: r.action,
    iss: r.iss,
    sub: r.sub,
    jti: r.jti,
    clientId: r.client_id,
    clientIp: r.client_ip,
    object: r.object,
    source: { file: r.source_file, line: Number(r.source_line) },
    createdAt: r.created_at,
    ack: r.acked_at === null ? null : { at: r.acked_at, by: r.acked_by ?? "", note: r.ack_note },
  };
}
