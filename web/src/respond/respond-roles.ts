import type { Role } from "../api/types.js";

/** Mirrors src/accounts/policy.ts, only to hide what the server would refuse anyway. */
export function canManageBans(role: Role | undefined): boolean {
  return role === "admin" || role === "responder";
}

/** stream:read-any: the feed's delivery to every site. */
export function canReadStreams(role: Role | undefined): boolean {
  return role === "admin" || role === "responder";
}

/** incident:manage: who may link a token to an incident. */
export function canManageIncidents(role: Role | undefined): boolean {
  return role === "admin" || role === "responder";
}
