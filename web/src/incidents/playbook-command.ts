import type { IncidentToken } from "../api/incidents.js";

/** Quotes a value for a POSIX shell when it needs it (spaces, quotes, $ …). */
function shellWord(v: string): string {
  return /^[A-Za-z0-9._:/@%+=,-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}

/**
 * A playbook command with the slots the case can fill — <iss>, <sub>, <jti>, <exp>,
 * <incident> (exp in epoch seconds, as --token-exp takes it) — replaced by the linked token's values (quoted for the shell); slots it cannot
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
    exp: token?.exp === null || token?.exp === undefined ? null : String(token.exp),
  };
  return command.replace(/<(incident|iss|sub|jti|exp)>/g, (slot, name: string) => {
    const v = values[name];
    return v === null || v === undefined ? slot : shellWord(v);
  });
}
