import type { Actor } from "../accounts/index.js";
import type { AuditRepository } from "../audit/index.js";
import type { BansRepository } from "../bans/index.js";
import type { Clock } from "../core/clock.js";
import { NotFoundError } from "../core/errors.js";
import type { TxRunner } from "../store/index.js";
import type { AlertsRepository, EventsRepository } from "../trace/index.js";
import type { Incident, IncidentAction } from "./incident.model.js";
import type { IncidentsRepository } from "./incidents.repository.js";

export interface IncidentRepos {
  incidents: IncidentsRepository;
  audit: AuditRepository;
  bans: BansRepository;
  alerts: AlertsRepository;
  events: EventsRepository;
}

/** What a change does to the incident and the action-log line it writes. */
export interface Applied {
  incident: Incident;
  kind: IncidentAction["kind"];
  text: string;
  ref: string | null;
}

/** A change: from the incident as stored (and the repositories, to check more) to what it does. */
export type ApplyChange = (
  i: Incident,
  now: string,
  r: IncidentRepos,
) => Applied | Promise<Applied>;

/**
 * Every change of an incident: one (serialised) write transaction that reads the incident,
 * applies the change — which may refuse by throwing, having checked inside the transaction —
 * and writes the incident, its action-log line and the audit entry together.
 */
export async function changeIncident(
  deps: { tx: TxRunner<IncidentRepos>; clock: Clock },
  actor: Actor,
  id: string,
  action: string,
  apply: ApplyChange,
  also?: (r: IncidentRepos) => Promise<void>,
): Promise<void> {
  await deps.tx.write(async (r) => {
    await also?.(r);
    const before = await r.incidents.get(id);
    if (before === undefined) throw new NotFoundError("incident", id);
    const now = deps.clock.now().toISOString();
    const out = await apply(before, now, r);
    const after = { ...out.incident, updatedAt: now };
    await r.incidents.update(after);
    await r.incidents.appendAction(id, {
      at: now,
      actor: actor.name,
      kind: out.kind,
      text: out.text,
      ref: out.ref,
    });
    await r.audit.append({
      at: now,
      actor: actor.name,
      action,
      target: `incident:${id}`,
      before,
      after,
    });
  });
}
