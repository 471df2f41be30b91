import type { Role } from "../api/types.js";

/**
 * The server's permission table (src/accounts/policy.ts), as far as the web app hides what a
 * role would only be refused: navigation links and action buttons. Kept by hand, like the API
 * types; the server checks every call anyway.
 */
const POLICY = {
  "assessment:import": ["admin", "facilitator"],
  "incident:read": ["admin", "responder"],
  "token:inspect": ["admin", "responder", "site"],
  "ban:read": ["admin", "responder", "site"],
  "ban:manage": ["admin", "responder"],
  "stream:read-any": ["admin", "responder"],
  // Alerts are read with trace:read too (src/trace/alerts/alerts.service.ts).
  "trace:read": ["admin", "responder"],
} as const satisfies Record<string, readonly Role[]>;

export type WebAction = keyof typeof POLICY;

/** True when the role may take the action (false while nobody is known to be logged in). */
export function may(role: Role | undefined, action: WebAction): boolean {
  return role !== undefined && (POLICY[action] as readonly Role[]).includes(role);
}
