import type { DayParts } from "./time-format.js";

/**
 * Where each log goes. Every component rotates daily: one file per UTC day, named the way the
 * middleware (or its logrotate) names it, so the output looks like a copy of real log folders:
 *
 *   DIR/ground-truth.json                              (with --compromise)
 *   DIR/iam/iam-audit.log.YYYY-MM-DD                   IAM audit log (Spring prefix + JSON)
 *   DIR/iam/iam.log.YYYY-MM-DD                         IAM main log (INFO, token exchanges)
 *   DIR/<site>/fts/fts3server.log.YYYY-MM-DD           FTS server, REST and token daemon
 *   DIR/<site>/condor-ce/AuditLog.YYYY-MM-DD           HTCondor-CE schedd AuditLog
 *   DIR/<site>/arc/jobs.log.YYYY-MM-DD                 ARC-CE jobs log
 *   DIR/<site>/dcache/webdavDomain.access.YYYY-MM-DD   dCache WebDAV door access log
 *   DIR/<site>/dcache/xrootdDomain.access.YYYY-MM-DD   dCache xrootd door access log
 *   DIR/<site>/dcache/billing-YYYY.MM.DD               dCache billing (daily, as dCache names it)
 *   DIR/<site>/storm/storm-webdav-server-access.log.YYYY-MM-DD
 *   DIR/<site>/xrootd/xrootd.log.YYYY-MM-DD            XRootD log (XrdSciTokens lines)
 *   DIR/<site>/xrootd/xrootd-mon.log.YYYY-MM-DD        XRootD monitoring token records
 *   DIR/<site>/eos/YYYYMMDD.eosreport                  EOS report records
 *
 * With --gzip every day but the last is written as `<name>.gz` (rotated files are compressed,
 * the current one is not). A file exists only for days on which it has at least one line.
 */
export interface FileSpec {
  /** Folder relative to the output directory, e.g. `site-01/dcache`. */
  dir: string;
  name(day: DayParts): string;
}

/** The files of a run, by small integer id (cheap to index per line). */
export class FileRegistry {
  private readonly specs: FileSpec[] = [];

  add(dir: string, name: (day: DayParts) => string): number {
    this.specs.push({ dir, name });
    return this.specs.length - 1;
  }

  get size(): number {
    return this.specs.length;
  }

  spec(id: number): FileSpec {
    const s = this.specs[id];
    if (s === undefined) throw new Error(`unknown file id ${id}`);
    return s;
  }

  /** Relative path of a file on a day, `.gz` added when that day is compressed. */
  relPath(id: number, day: DayParts, gzip: boolean): string {
    const s = this.spec(id);
    return `${s.dir}/${s.name(day)}${gzip ? ".gz" : ""}`;
  }
}

/** The daily file names, one place for all of them. */
export const NAMES = {
  iamAudit: (d: DayParts) => `iam-audit.log.${d.iso}`,
  iamMain: (d: DayParts) => `iam.log.${d.iso}`,
  fts: (d: DayParts) => `fts3server.log.${d.iso}`,
  condor: (d: DayParts) => `AuditLog.${d.iso}`,
  arc: (d: DayParts) => `jobs.log.${d.iso}`,
  dcacheWebdav: (d: DayParts) => `webdavDomain.access.${d.iso}`,
  dcacheXrootd: (d: DayParts) => `xrootdDomain.access.${d.iso}`,
  billing: (d: DayParts) => `billing-${d.dots}`,
  storm: (d: DayParts) => `storm-webdav-server-access.log.${d.iso}`,
  xrootdLog: (d: DayParts) => `xrootd.log.${d.iso}`,
  xrootdMon: (d: DayParts) => `xrootd-mon.log.${d.iso}`,
  eos: (d: DayParts) => `${d.compact}.eosreport`,
} as const;
