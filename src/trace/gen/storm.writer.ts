import { isoUtc } from "./time-format.js";

/**
 * StoRM WebDAV access log: `<client-ip> <local-port> "<remote-user>" <UTC ISO time>
 * "<request-id>" "<METHOD> <path> HTTP/1.1" <status> <bytes> <duration-ms>`. The remote user is
 * `<sub>@<iss>` for a token, `anonymous` without credentials, a DN for X.509 — never a jti.
 */
export interface StormRequest {
  ip: string;
  port: number;
  user: string;
  requestId: string;
  method: string;
  path: string;
  status: number;
  bytes: number;
  durationMs: number;
}

/** One StoRM WebDAV access-log line (written at completion). */
export function stormLine(ms: number, r: StormRequest): string {
  return `${r.ip} ${r.port} "${r.user}" ${isoUtc(ms)} "${r.requestId}" "${r.method} ${r.path} HTTP/1.1" ${r.status} ${r.bytes} ${r.durationMs}`;
}

/** X.509 robots still reading public data next to the token users. */
export const STORM_DNS = [
  "/DC=org/DC=example/OU=Robots/CN=Data Replication Robot",
  "/DC=org/DC=example/OU=Services/CN=monitor.example.org",
] as const;
