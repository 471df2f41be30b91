import type { IncidentToken } from "../api/incidents.js";

/** Quotes a value for a POSIX shell when it needs it (spaces, quotes, $ …). */
function shellWord(v: string): string {
  return /^[A-Za-z0-9._:/@%+=,-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}

/**
 * A playbook command with the slots the case can fill — <iss>, <sub>, <jti>, <client_id>,
 * <exp>, <incident> (exp in epoch seconds, as --token-exp takes it) — replaced by the linked token's values (quoted for the shell); slots it cannot
 * fill stay as they are for the responder to complete.
 */
export function fillCommand(
  command: string,
  token: IncidentToken | undefined,
  incident: string,
): string {
  const values: Record<string, string | null> = {
    incident,
    iss: token?.iss ?? null,
    sub: token?.sub ?? null,
    jti: token?.jti ?? null,
    client_id: token?.clientId ?? null,
    exp: token?.exp === null || token?.exp === undefined ? null : String(token.exp),
  };
  return command.replace(/<(incident|iss|sub|jti|exp|client_id)>/g, (slot, name: string) => {
    const v = values[name];
    return v === null || v === undefined ? slot : shellWord(v);
  });
}

/** A step's command filled in for each linked token of its workflow (each distinct once). */
export function commandsFor(
  command: string | null,
  tokens: readonly IncidentToken[],
  incident: string,
): string[] {
  if (command === null) return [];
  if (tokens.length === 0) return [fillCommand(command, undefined, incident)];
  return [...new Set(tokens.map((t) => fillCommand(command, t, incident)))];
}
