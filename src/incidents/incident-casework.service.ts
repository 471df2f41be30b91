import { authorize, type Actor } from "../accounts/index.js";
import type { Clock } from "../core/clock.js";
import { ConflictError, NotFoundError } from "../core/errors.js";
import { parseInput } from "../core/validation.js";
import type { TxRunner } from "../store/index.js";
import { affectedChange, type IncidentToken } from "./incident.model.js";
import { changeIncident, type IncidentRepos } from "./incident-change.js";
import { playbookRef } from "./incident-playbook.js";
import { describeStarred } from "./incident-star.js";
import type { IncidentView } from "./incident-view.js";
import {
  AffectedBody,
  NoteBody,
  PlaybookTickBody,
  StarBody,
  TokenBody,
} from "./incident.schema.js";

/**
 * The case work on an open incident (issue 9): tokens linked from their claims, ingested events
 * starred with a note, playbook steps ticked, the affected sites and identities, the lessons
 * learned. Each is one change (incident-change.ts) with its action-log line and audit entry;
 * each answers the whole case file.
 */
export class IncidentCaseWork {
  constructor(
    private readonly deps: {
      tx: TxRunner<IncidentRepos>;
      clock: Clock;
      /** The case file as shown (IncidentsService.get). */
      view: (actor: Actor, id: string) => Promise<IncidentView>;
    },
  ) {}

  /**
   * Links a token to the case from its claims (iss, sub, jti, client, exp, workflow): its
   * identity joins the affected ones and its workflow's playbook shows on the incident. The same
   * token twice is a conflict.
   */
  async addToken(actor: Actor, id: string, input: unknown): Promise<IncidentView> {
    authorize(actor, "incident:manage");
    const b = parseInput(TokenBody, input, "token");
    const token: IncidentToken = {
      iss: b.iss,
      sub: b.sub ?? null,
      jti: b.jti ?? null,
      clientId: b.clientId ?? null,
      exp: b.exp ?? null,
      workflow: b.workflow ?? null,
      addedAt: this.deps.clock.now().toISOString(),
      addedBy: actor.name,
    };
    const same = (t: IncidentToken) =>
      t.iss === token.iss &&
      t.jti === token.jti &&
      t.sub === token.sub &&
      t.clientId === token.clientId;
    await changeIncident(this.deps, actor, id, "incident.token", (i) => {
      if (i.tokens.some(same))
        throw new ConflictError("incident_token_linked", `incident ${id} already has this token`);
      const sub = token.sub;
      const known =
        sub === null || i.affectedIdentities.some((x) => x.iss === token.iss && x.sub === sub);
      const names = [
        token.jti === null ? null : `jti ${token.jti}`,
        sub === null ? null : `sub ${sub}`,
        token.clientId === null ? null : `client ${token.clientId}`,
      ].filter((x): x is string => x !== null);
      const text = `linked token ${names.join(", ")} at ${token.iss}${token.workflow === null ? "" : ` (workflow ${token.workflow})`}`;
      return {
        incident: {
          ...i,
          tokens: [...i.tokens, token],
          affectedIdentities: known
            ? i.affectedIdentities
            : [...i.affectedIdentities, { iss: token.iss, sub }],
        },
        kind: "token",
        text,
        ref: token.jti,
      };
    });
    return this.deps.view(actor, id);
  }

  /** Stars an ingested event into the case, with an optional note (a line of the action log). */
  async star(actor: Actor, id: string, input: unknown): Promise<IncidentView> {
    authorize(actor, "incident:manage");
    authorize(actor, "trace:read");
    const b = parseInput(StarBody, input, "star");
    await changeIncident(this.deps, actor, id, "incident.star", async (i, _now, r) => {
      const [event] = await r.events.byIds([b.eventId]);
      if (event === undefined) throw new NotFoundError("event", String(b.eventId));
      return {
        incident: i,
        kind: "star",
        text: describeStarred(event, b.note),
        ref: `event:${event.id}`,
      };
    });
    return this.deps.view(actor, id);
  }

  /** Ticks a step of a linked workflow's playbook done (once). */
  async tickPlaybook(actor: Actor, id: string, input: unknown): Promise<IncidentView> {
    authorize(actor, "incident:manage");
    const b = parseInput(PlaybookTickBody, input, "playbook");
    const view = await this.deps.view(actor, id);
    const book = view.playbooks.find((p) => p.workflow === b.workflow);
    if (book === undefined)
      throw new NotFoundError("playbook of a linked workflow", `${id}/${b.workflow}`);
    const step = book.steps.find((s) => s.n === b.step);
    if (step === undefined) throw new NotFoundError("playbook step", `${b.workflow}#${b.step}`);
    const ref = playbookRef(b.workflow, step);
    await changeIncident(this.deps, actor, id, "incident.playbook", async (i, _now, r) => {
      // checked again inside the (serialised) write: two ticks at once log one line
      const done = (await r.incidents.actions(id)).find(
        (a) => a.kind === "playbook" && a.ref === ref,
      );
      if (done !== undefined)
        throw new ConflictError(
          "incident_step_done",
          `step ${step.n} of ${b.workflow} was done at ${done.at} by ${done.actor}`,
        );
      return {
        incident: i,
        kind: "playbook",
        text: `playbook ${book.name}, step ${step.n} done: ${step.action}`,
        ref,
      };
    });
    return this.deps.view(actor, id);
  }

  /** Sets the affected sites and identities (the change, if any, in the action log). */
  async setAffected(actor: Actor, id: string, input: unknown): Promise<IncidentView> {
    authorize(actor, "incident:manage");
    const b = parseInput(AffectedBody, input, "affected");
    const sites = [...new Set(b.affectedSites)];
    const byKey = new Map(b.affectedIdentities.map((x) => [`${x.iss}\u0000${x.sub}`, x]));
    const identities = [...byKey.values()];
    const now = await this.deps.tx.read((r) => r.incidents.get(id));
    if (now === undefined) throw new NotFoundError("incident", id);
    const next = { affectedSites: sites, affectedIdentities: identities };
    if (affectedChange(now, next) === null) return this.deps.view(actor, id);
    await changeIncident(this.deps, actor, id, "incident.affected", (i) => ({
      incident: { ...i, ...next },
      kind: "affected",
      text: affectedChange(i, next) ?? "affected unchanged",
      ref: null,
    }));
    return this.deps.view(actor, id);
  }

  /** Writes the lessons learned (each version in the action log; the report shows the last). */
  async setLessons(actor: Actor, id: string, input: unknown): Promise<IncidentView> {
    authorize(actor, "incident:manage");
    const { text } = parseInput(NoteBody, input, "lessons");
    await changeIncident(this.deps, actor, id, "incident.lessons", (i) => ({
      incident: { ...i, lessonsLearned: text },
      kind: "lessons",
      text: `lessons learned: ${text}`,
      ref: null,
    }));
    return this.deps.view(actor, id);
  }
}
