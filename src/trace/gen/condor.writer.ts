import type { Endpoint } from "./scenario.js";
import { condorTime } from "./time-format.js";

/**
 * HTCondor-CE schedd AuditLog lines: `MM/DD/YY HH:MM:SS (cid:N) <message>` (UTC). The lines of
 * one connection share a cid; a token submission is the group payload → command → auth → submit.
 * The peer is an HTCondor sinful string, `<ip:port>` with the angle brackets (IPv6 in [ ]).
 *
 * Routed jobs: the job router's submission of the routed copy is written as one line on its own
 * connection id,
 *   `MM/DD/YY HH:MM:SS (cid:N) Job <new>.0 routed from RoutedFromJobId=<old>.0`
 * which is the form the trace links on (the routed job has lost the Auth* attributes).
 */
export function condorLine(ms: number, cid: number, msg: string): string {
  return `${condorTime(ms)} (cid:${cid}) ${msg}`;
}

/** An HTCondor "sinful" peer address: `<ip:port>`, IPv6 in brackets. */
export function sinful(ep: Endpoint, port: number): string {
  return ep.v6 ? `<[${ep.ip}]:${port}>` : `<${ep.ip}:${port}>`;
}

/** The AuditLog messages the generator writes (after the `(cid:N) ` prefix). */
export const condorMsg = {
  payload: (json: string) => `Examining SciToken with payload ${json}.`,
  command: (cmd: string, peer: string) => `Command=${cmd}, peer=${peer}`,
  scitokensAuth: (iss: string, sub: string, user: string, domain: string) =>
    `AuthMethod=SCITOKENS, AuthId=${iss},${sub}, CondorId=${user}@${domain}`,
  otherAuth: (method: string, id: string, user: string, domain: string) =>
    `AuthMethod=${method}, AuthId=${id}, CondorId=${user}@${domain}`,
  authFailed: (methods: string) => `Authentication Failed, MethodsTried=${methods}`,
  submit: (cluster: number, proc: number) => `Submitting new job ${cluster}.${proc}`,
  routed: (cluster: number, from: number) =>
    `Job ${cluster}.0 routed from RoutedFromJobId=${from}.0`,
} as const;
