import { describeKey, effectiveState, type Ban } from "../bans/index.js";
import type { Alert } from "../trace/index.js";
import {
  procedureClock,
  type ClockEntry,
  type Incident,
  type IncidentAction,
  type SavedTrace,
} from "./incident.model.js";
import type { IncidentPlaybook } from "./incident-playbook.js";
import type { IncidentRepos } from "./incident-change.js";

/** Most alerts an incident view lists (the count says how many there are). */
const VIEW_ALERTS = 100;

/** A ban linked to the incident (created with `--incident <id>`), as the case file shows it. */
export interface LinkedBan {
  id: string;
  kind: Ban["kind"];
  iss: string;
  denies: string;
  state: string;
  reason: string;
  createdAt: string;
  liftedAt: string | null;
}

/** An incident with its procedure clock, its action log and its linked bans. */
export interface IncidentView extends Incident {
  clock: ClockEntry[];
  /** The clock's steps past due and not done. */
  overdue: string[];
  actions: IncidentAction[];
  bans: LinkedBan[];
  /** Traces saved into the incident (their results: GET …/traces/:traceId). */
  traces: SavedTrace[];
  /** Alerts raised by the linked bans: how many, and the newest 100. */
  alertCount: number;
  alerts: Alert[];
  /** The response playbooks of the linked tokens' workflows, with their steps' progress. */
  playbooks: IncidentPlaybook[];
}

/**
 * The case as it is shown (everything but the playbooks, which need the handbook): the clock at
 * `nowMs`, the action log merged with the linked bans' creation and lifting, the saved traces
 * and the alerts the linked bans raised.
 */
export async function incidentView(
  r: IncidentRepos,
  i: Incident,
  allBans: readonly Ban[],
  nowMs: number,
): Promise<Omit<IncidentView, "playbooks">> {
  const own = await r.incidents.actions(i.id);
  const traces = await r.incidents.traces(i.id);
  const bans = allBans.filter((b) => b.incident === i.id);
  const banIds = bans.map((b) => b.id);
  const alertCount = await r.alerts.countForBans(banIds);
  const alerts = alertCount === 0 ? [] : await r.alerts.latestForBans(banIds, VIEW_ALERTS);
  const fromBans: IncidentAction[] = bans.flatMap((b) => [
    {
      at: b.createdAt,
      actor: b.author,
      kind: "ban" as const,
      text: `banned ${b.kind}: ${describeKey(b)} — ${b.reason}`,
      ref: b.id,
    },
    ...(b.liftedAt === null
      ? []
      : [
          {
            at: b.liftedAt,
            actor: b.liftedBy ?? "?",
            kind: "lift" as const,
            text: `lifted ${b.id}: ${b.liftReason ?? ""}`,
            ref: b.id,
          },
        ]),
  ]);
  const clock = procedureClock(i, nowMs);
  return {
    ...i,
    clock,
    overdue: clock.filter((c) => c.overdue).map((c) => c.step),
    actions: [...own, ...fromBans].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)),
    bans: bans.map((b) => ({
      id: b.id,
      kind: b.kind,
      iss: b.iss,
      denies: describeKey(b),
      state: effectiveState(b, nowMs),
      reason: b.reason,
      createdAt: b.createdAt,
      liftedAt: b.liftedAt,
    })),
    traces,
    alertCount,
    alerts,
  };
}
