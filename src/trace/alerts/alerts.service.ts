import { authorize, type Actor } from "../../accounts/index.js";
import type { AuditRepository } from "../../audit/index.js";
import type { Clock } from "../../core/clock.js";
import { ConflictError, NotFoundError } from "../../core/errors.js";
import type { TxRunner } from "../../store/index.js";
import type { Ban } from "../../bans/index.js";
import { parseInput } from "../../core/validation.js";
import type { Alert } from "./alert.model.js";
import { AlertMatcher } from "./alert-matcher.js";
import type { AlertsRepository } from "./alerts.repository.js";
import { AlertAckBody, AlertsQuery } from "./alerts.schema.js";
import { watchSpec, type WatchSpec } from "./event-watch.js";

/** What one ingest run watches for and how it checks a flagged event. */
export interface AlertRun {
  spec: WatchSpec;
  matcher: AlertMatcher;
}

export interface AlertsDeps {
  repo: AlertsRepository;
  /** Acknowledgements: the alert's update and its audit entry in one transaction. */
  tx: TxRunner<{ alerts: AlertsRepository; audit: AuditRepository }>;
  clock: Clock;
  /** Every ban, lifted and expired ones included: an event is judged by the bans of its time. */
  bans: () => Promise<Ban[]>;
  /** Where new alerts are POSTed (TTT_ALERT_WEBHOOK_URL), if anywhere. */
  notify?: ((alerts: readonly Alert[]) => void) | undefined;
  /** Resolves once every alert handed to `notify` is delivered or given up. */
  delivered?: (() => Promise<void>) | undefined;
}

/**
 * Alerts (issue 8): ingest asks `prepare()` once per run for the bans to watch, writes the alerts
 * of each segment in the segment's transaction, then hands them to `raised()` (the webhook).
 * Responders read them with `list()` and acknowledge them one by one with `acknowledge()`.
 */
export class AlertsService {
  constructor(private readonly deps: AlertsDeps) {}

  async prepare(): Promise<AlertRun> {
    const bans = await this.deps.bans();
    return { spec: watchSpec(bans), matcher: new AlertMatcher(bans) };
  }

  raised(alerts: readonly Alert[]): void {
    if (alerts.length > 0) this.deps.notify?.(alerts);
  }

  /** Waits for the webhook to deliver what was raised (a CLI run before it exits). */
  async idle(): Promise<void> {
    await this.deps.delivered?.();
  }

  async list(actor: Actor, input: unknown): Promise<Alert[]> {
    authorize(actor, "trace:read");
    const q = parseInput(AlertsQuery, input, "alerts");
    return this.deps.repo.list({
      since: q.since,
      kind: q.kind,
      banId: q.ban,
      site: q.site,
      state: q.state,
      limit: q.limit,
    });
  }

  /**
   * Marks an open alert as looked at, with the responder's note, and audits it. Acknowledging
   * twice is refused with who did it first, so two responders never both think it was theirs.
   */
  async acknowledge(actor: Actor, id: string, input: unknown): Promise<Alert> {
    authorize(actor, "alert:ack", `alert:${id}`);
    const body = parseInput(AlertAckBody, input, "acknowledgement");
    const note = body.note === undefined || body.note === "" ? null : body.note;
    const at = this.deps.clock.now().toISOString();
    return this.deps.tx.write(async ({ alerts, audit }) => {
      const alert = await alerts.get(id);
      if (alert === undefined) throw new NotFoundError("alert", id);
      if (alert.ack !== null || !(await alerts.acknowledge(id, { at, by: actor.name, note }))) {
        // Lost a race (only possible without the write lock): read who won, to name them.
        const first = alert.ack ?? (await alerts.get(id))?.ack ?? null;
        const by = first === null ? "someone else" : `${first.by} at ${first.at}`;
        throw new ConflictError("alert_acknowledged", `alert ${id} was acknowledged by ${by}`);
      }
      await audit.append({
        at,
        actor: actor.name,
        action: "alert.acknowledge",
        target: `alert:${id}`,
        after: { note },
      });
      return { ...alert, ack: { at, by: actor.name, note } };
    });
  }
}
