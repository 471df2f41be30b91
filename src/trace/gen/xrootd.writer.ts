import { csv } from "./tokens.js";
import { isoUtc, xrootdTime } from "./time-format.js";

/**
 * XRootD lines. The server log's XrdSciTokens line on a new token (`yymmdd HH:MM:SS <pid>
 * XrdSciTokens: New valid token mapped_username=<u>, subject=<sub>, issuer=<iss>,
 * groups=/vo,/vo/prod`, UTC) and the monitoring stream's token record, one per line with the
 * collector's receive time in front (`<ISO time> &Uc=<dictid>&s=<sub>&n=<user>&o=<iss>&r=<role>&g=<groups>`).
 * No jti anywhere.
 */
/** The XrdSciTokens line logged when a new token is accepted and mapped. */
export function xrdTokenLine(
  ms: number,
  pid: number,
  f: { user: string; sub: string; iss: string; groups: string[] },
): string {
  return `${xrootdTime(ms)} ${pid} XrdSciTokens: New valid token mapped_username=${f.user}, subject=${f.sub}, issuer=${f.iss}, groups=${csv(f.groups)}`;
}

/** The monitoring stream's token record, with the collector's receive time in front. */
export function xrdMonLine(
  ms: number,
  f: { dictid: number; sub: string; user: string; iss: string; role: string; groups: string[] },
): string {
  return `${isoUtc(ms)} &Uc=${f.dictid}&s=${f.sub}&n=${f.user}&o=${f.iss}&r=${f.role}&g=${csv(f.groups)}`;
}
