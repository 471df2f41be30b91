import { authorize, type Actor } from "../../accounts/index.js";
import type { Ban } from "../../bans/index.js";
import { parseInput } from "../../core/validation.js";
import type { Alert } from "./alert.model.js";
import { AlertMatcher } from "./alert-matcher.js";
import type { AlertsRepository } from "./alerts.repository.js";
import { AlertsQuery } from "./alerts.schema.js";
import { watchSpec, type WatchSpec } from "./event-watch.js";

/** What one ingest run watches for and how it checks a flagged event. */
export interface AlertRun {
  spec: WatchSpec;
  matcher: AlertMatcher;
}

export interface AlertsDeps {
  repo: AlertsRepository;
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
 * Responders read them with `list()`.
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
      limit: q.limit,
    });
  }
}
