import { ftsTime } from "./time-format.js";

/**
 * FTS3 lines: `<LEVEL padded to 8><Www, dd Mon yyyy HH:MM:SS +zzzz>; <message>` in the FTS
 * host's local time. Token daemon messages follow middleware-logs.md word for word; token_id is
 * the FTS lineage key (sha1 of the submitted raw token), tokens appear only as first5...last5.
 */
export type FtsLevel = "INFO" | "WARNING" | "NOTICE";

/** An FTS line: level padded to 8, local time with offset, `; `, message. */
export function ftsLine(ms: number, offsetMin: number, level: FtsLevel, msg: string): string {
  return `${level.padEnd(8)}${ftsTime(ms, offsetMin)}; ${msg}`;
}

/** FTS messages; the token daemon ones word for word as middleware-logs.md gives them. */
export const ftsMsg = {
  login: (sub: string) => `${sub} logged in via oauth2`,
  exchangeStart: (id: string, exp: number, iss: string, frag: string) =>
    `Starting token-exchange: token_id=${id} expiration_time=${exp} issuer=${iss} access_token=${frag}`,
  exchangeObtained: (id: string, exp: number, frag: string, refreshFrag: string) =>
    `Obtained exchanged token: token_id=${id} expiration_time=${exp} access_token=${frag} refresh_token=${refreshFrag}`,
  exchangeStored: (id: string, exp: number, frag: string, refreshFrag: string) =>
    `Storing exchanged token: token_id=${id} expiration_time=${exp} access_token=${frag} refresh_token=${refreshFrag}`,
  refreshStart: (id: string, exp: number, iss: string, frag: string) =>
    `Starting token-refresh: token_id=${id} expiration_time=${exp} issuer=${iss} access_token=${frag}`,
  refreshObtained: (id: string, exp: number, frag: string) =>
    `Obtained refreshed access token: token_id=${id} expiration_time=${exp} access_token=${frag}`,
  refreshFailed: (id: string, error: string) =>
    `Failed to refresh access token: token_id=${id} response: '${error}'`,
  submitted: (job: string, files: number) => `Job ${job} submitted with ${files} file(s)`,
  transferStarted: (job: string, fileId: number, src: string, dst: string) =>
    `Transfer started: job_id=${job} file_id=${fileId} source=${src} destination=${dst}`,
  transferFinished: (job: string, fileId: number, bytes: number, seconds: number) =>
    `Transfer finished: job_id=${job} file_id=${fileId} state=FINISHED filesize=${bytes} duration=${seconds}`,
  jobFinished: (job: string) => `Job ${job} is FINISHED`,
  heartbeat: (host: string, hosts: number) =>
    `Heartbeat: ${host} alive, ${hosts} host(s) in the pool`,
  optimizer: (src: string, dst: string, active: number, mbps: number) =>
    `Optimizer: link ${src} -> ${dst} active=${active} throughput=${mbps.toFixed(1)}MB/s`,
  sanity: (stale: number) => `Sanity checks done: ${stale} stale transfer(s) cancelled`,
} as const;

/** Error bodies the token endpoint returns when a refresh fails for a while. */
export const REFRESH_ERRORS = [
  '{"error":"temporarily_unavailable","error_description":"Service Unavailable"}',
  '{"error":"server_error","error_description":"Connection reset by peer"}',
] as const;
