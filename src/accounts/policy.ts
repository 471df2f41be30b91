import { ForbiddenError } from "../core/errors.js";
import type { Actor, Role } from "./roles.js";

/**
 * Every action the API knows, and the roles allowed to take it. One table, so a reviewer
 * can read the whole permission model in one place.
 */
const POLICY = {
  "user:manage": ["admin"],
  "api-token:manage-any": ["admin"],
  "audit:read": ["admin"],
  "methodology:read": ["admin", "facilitator", "assessor", "viewer"],
  "methodology:manage": ["admin", "facilitator"],
  "assessment:read": ["admin", "facilitator", "assessor", "responder", "viewer"],
  "assessment:create": ["admin", "facilitator"],
  "assessment:import": ["admin", "facilitator"],
  "version:manage": ["admin", "facilitator"],
  "catalogue:edit": ["admin", "facilitator"],
  "round:open": ["admin", "facilitator"],
  "round:reveal": ["admin", "facilitator"],
  "row:settle": ["admin", "facilitator"],
  "vote:cast": ["admin", "facilitator", "assessor"],
  "ban:read": ["admin", "responder", "site"],
  "ban:manage": ["admin", "responder"],
  "feed:keys": ["admin"],
  // Trusted issuers: who may add, change, remove and refresh them; sites read them (their
  // services verify tokens with these keys). Viewers do not: like bans, this is Respond's side.
  "issuer:read": ["admin", "responder", "site"],
  "issuer:manage": ["admin", "responder"],
  "decision:ask": ["admin", "responder", "site"],
  "token:inspect": ["admin", "responder", "site"],
  // SSF streams of the ban feed: a site manages and polls its own streams; an admin any.
  "stream:manage": ["admin", "site"],
  "stream:manage-any": ["admin"],
  // The delivery overview of every stream (read only): responders make the bans and watch that
  // every site received them; they cannot create, change or poll streams.
  "stream:read-any": ["admin", "responder"],
  // Trace: responders ingest logs and read events; a site uploads its own logs.
  "trace:ingest": ["admin", "responder", "site"],
  "trace:read": ["admin", "responder"],
  // Reading a file again from its start (--reread): its stored events are deleted first.
  "trace:reread": ["admin", "responder"],
  // Acknowledging an alert (it has been looked at): the responders who read them.
  "alert:ack": ["admin", "responder"],
  // Incidents: the response case file, for responders (TLP-marked content: not for sites).
  "incident:read": ["admin", "responder"],
  "incident:manage": ["admin", "responder"],
  // The workflow handbook: documentation for everyone signed in (risk rows still follow
  // assessment:read).
  "handbook:read": ["admin", "facilitator", "assessor", "responder", "site", "viewer"],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof POLICY;

/** True when the actor's role may take the action. */
export function can(actor: Actor, action: Action): boolean {
  return (POLICY[action] as readonly Role[]).includes(actor.role);
}

/**
 * The check every service makes before touching data. `resource` only names the target in
 * the message; ownership rules live with the service that knows the resource.
 */
export function authorize(actor: Actor, action: Action, resource?: string): void {
  if (!can(actor, action)) {
    const on = resource === undefined ? "" : ` on ${resource}`;
    throw new ForbiddenError(`role '${actor.role}' may not ${action}${on}`);
  }
}
