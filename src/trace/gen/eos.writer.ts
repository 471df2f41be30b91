import { csv } from "./tokens.js";
/**
 * EOS report records (one per file close, no timestamp prefix: the times are ots/cts in epoch
 * seconds with otms/ctms milliseconds). With tokens, sec.vorg = issuer, sec.grps = groups,
 * sec.name = the mapped user; no jti.
 */
export interface EosRecord {
  log: string;
  path: string;
  ruid: number;
  rgid: number;
  /** `<user>.<pid>:<fd>@<host>` */
  td: string;
  host: string;
  fid: number;
  openMs: number;
  closeMs: number;
  rb: number;
  wb: number;
  name: string;
  secHost: string;
  vorg: string;
  groups: string[];
}

/** One EOS report record in the documented key order. */
export function eosLine(r: EosRecord): string {
  return (
    `log=${r.log}&path=${r.path}&ruid=${r.ruid}&rgid=${r.rgid}&td=${r.td}&host=${r.host}&fid=${r.fid}` +
    `&ots=${Math.floor(r.openMs / 1000)}&otms=${r.openMs % 1000}&cts=${Math.floor(r.closeMs / 1000)}&ctms=${r.closeMs % 1000}` +
    `&rb=${r.rb}&wb=${r.wb}&sec.prot=scitokens&sec.name=${r.name}&sec.host=${r.secHost}` +
    `&sec.vorg=${r.vorg}&sec.grps=${csv(r.groups)}&sec.role=&sec.info=&sec.app=`
  );
}
