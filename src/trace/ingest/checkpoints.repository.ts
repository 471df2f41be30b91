import { createHash } from "node:crypto";
import { dirname } from "node:path";
import { ConflictError } from "../../core/errors.js";
import { isUniqueViolation, type Executor } from "../../store/index.js";
import type { Selectable } from "kysely";
import type { TraceFilesTable } from "../../store/tables/trace.tables.js";
import { FINGERPRINT_BYTES } from "./log-source.js";

/** Where an earlier ingest of a file stopped. */
export interface Checkpoint {
  fileId: number;
  path: string;
  fingerprint: string;
  fpLen: number;
  format: string;
  bytesDone: number;
  linesDone: number;
  parserState: unknown;
  /** The zone its offset-less times are read in (time-zone.ts); null: UTC. */
  timeZone: string | null;
  /** The site and host its events were given (`--site`, `--host`), for runs that give none. */
  site: string | null;
  host: string | null;
}

/** Another run is reading the same file now: this one stops rather than store its lines twice. */
export function concurrentRun(path: string): ConflictError {
  return new ConflictError(
    "ingest_conflict",
    `${path}: another ingest run is reading the same file right now; nothing of it was stored twice — run again once that run has finished`,
  );
}

export const sha256 = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");

/** Bytes of the short fingerprint that finds files first seen shorter than FINGERPRINT_BYTES. */
const HEAD_HASH_BYTES = 64;
const headHash = (head: Buffer): string => sha256(head.subarray(0, HEAD_HASH_BYTES));

const toCheckpoint = (r: Selectable<TraceFilesTable>): Checkpoint => ({
  fileId: r.id,
  path: r.path,
  fingerprint: r.fingerprint,
  fpLen: r.fp_len,
  format: r.format,
  bytesDone: Number(r.bytes_done),
  linesDone: Number(r.lines_done),
  parserState: r.parser_state === null ? null : (JSON.parse(r.parser_state) as unknown),
  timeZone: r.time_zone,
  site: r.site,
  host: r.host,
});

/**
 * Files seen before, by content. A file is known by the hash of its first 16 KiB
 * (FINGERPRINT_BYTES), so a rotated file (renamed, or compressed by logrotate) is recognised
 * under its new name and a copy is not ingested twice. A file that was shorter than that when
 * first seen is found by the hash of its first 64 bytes (or, below that, its path) and the hash
 * of the prefix it had then.
 */
export class CheckpointsRepository {
  constructor(private readonly db: Executor) {}

  /** Runs work with a repository over one transaction (or the caller's, if already in one). */
  async inTransaction<T>(work: (repo: CheckpointsRepository) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return work(this);
    return this.db.transaction().execute((trx) => work(new CheckpointsRepository(trx)));
  }

  async find(path: string, head: Buffer): Promise<Checkpoint | null> {
    const fpLen = Math.min(head.length, FINGERPRINT_BYTES);
    const fp = sha256(head.subarray(0, fpLen));
    const exact = await this.db
      .selectFrom("trace_files")
      .selectAll()
      .where("fp_len", "=", fpLen)
      .where("fingerprint", "=", fp)
      .orderBy("id")
      .executeTakeFirst();
    if (exact !== undefined) return toCheckpoint(exact);
    // First seen shorter: same first 64 bytes (any name: it may have been rotated)
    // or, for a file that had fewer than 64 bytes, the same name.
    const shorter = await this.db
      .selectFrom("trace_files")
      .selectAll()
      .where("fp_len", "<", fpLen)
      .where((eb) =>
        eb.or([
          eb("fp_head", "=", headHash(head)),
          eb.and([eb("path", "=", path), eb("fp_len", "<", HEAD_HASH_BYTES)]),
        ]),
      )
      .orderBy("id", "desc")
      .execute();
    for (const r of shorter) {
      if (sha256(head.subarray(0, r.fp_len)) === r.fingerprint) return toCheckpoint(r);
    }
    return null;
  }

  async create(input: {
    path: string;
    head: Buffer;
    format: string;
    site: string | null;
    host: string | null;
    timeZone: string | null;
    now: string;
  }): Promise<Checkpoint> {
    const fpLen = Math.min(input.head.length, FINGERPRINT_BYTES);
    const fingerprint = sha256(input.head.subarray(0, fpLen));
    const row = await this.db
      .insertInto("trace_files")
      .values({
        fingerprint,
        fp_len: fpLen,
        fp_head: headHash(input.head),
        path: input.path,
        format: input.format,
        site: input.site,
        host: input.host,
        bytes_done: 0,
        lines_done: 0,
        parser_state: null,
        time_zone: input.timeZone,
        first_seen_at: input.now,
        updated_at: input.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
      .catch((err: unknown) => {
        throw isUniqueViolation(err) ? concurrentRun(input.path) : err;
      });
    return {
      fileId: Number(row.id),
      path: input.path,
      fingerprint,
      fpLen,
      format: input.format,
      bytesDone: 0,
      linesDone: 0,
      parserState: null,
      timeZone: input.timeZone,
      site: input.site,
      host: input.host,
    };
  }

  /**
   * The site and host of the latest file of this format and directory that has a site: a file
   * that rotation or the next day starts, ingested by a run that names no site (a cron job's
   * plain `ttt ingest DIR`), takes them from its predecessors, as its zone.
   */
  async originOfSiblings(
    path: string,
    format: string,
  ): Promise<{ site: string; host: string | null } | null> {
    const rows = await this.db
      .selectFrom("trace_files")
      .select(["path", "site", "host"])
      .where("format", "=", format)
      .where("site", "is not", null)
      .orderBy("id", "desc")
      .limit(500)
      .execute();
    const dir = dirname(path);
    const row = rows.find((r) => dirname(r.path) === dir);
    return row?.site == null ? null : { site: row.site, host: row.host };
  }

  /**
   * The zone of the latest file of this format, site and directory that has one: a log that
   * rotation or the next day starts (a new AuditLog, the next billing file) is read in the zone
   * its predecessors were, without `--tz` again.
   */
  async zoneOfSiblings(path: string, site: string | null, format: string): Promise<string | null> {
    const rows = await this.db
      .selectFrom("trace_files")
      .select(["path", "time_zone"])
      .where("format", "=", format)
      .where((eb) => (site === null ? eb("site", "is", null) : eb("site", "=", site)))
      .where("time_zone", "is not", null)
      .orderBy("id", "desc")
      .limit(500)
      .execute();
    const dir = dirname(path);
    return rows.find((r) => dirname(r.path) === dir)?.time_zone ?? null;
  }

  /** A run named the file's site or host anew: lines read from now on carry the new one. */
  async setOrigin(fileId: number, site: string | null, host: string | null): Promise<void> {
    await this.db.updateTable("trace_files").set({ site, host }).where("id", "=", fileId).execute();
  }

  /** Lines a file gains from now on are read in this zone (given anew with `--tz`). */
  async setTimeZone(fileId: number, timeZone: string | null): Promise<void> {
    await this.db
      .updateTable("trace_files")
      .set({ time_zone: timeZone })
      .where("id", "=", fileId)
      .execute();
  }

  /**
   * Deletes what runs stored from file `fileId` — its events, the alerts they raised (read again,
   * the file raises them anew, with the site and format given now) and its bad-line records — so
   * it can be read again (`--reread`); its postings may then name deleted events, which readers
   * skip, as after retention. Returns how many events and alerts were deleted. A scan of the
   * event table (it has no index by file: one would slow every insert), so seconds on a large
   * store.
   */
  async forget(fileId: number): Promise<{ events: number; alerts: number }> {
    // From the alerts (few) to their events by id, not a second scan of the event table.
    const alerts = await this.db
      .deleteFrom("trace_alerts")
      .where("id", "in", (eb) =>
        eb
          .selectFrom("trace_alerts as a")
          .innerJoin("trace_events as e", "e.id", "a.event_id")
          .select("a.id")
          .where("e.file_id", "=", fileId),
      )
      .executeTakeFirst();
    const events = await this.db
      .deleteFrom("trace_events")
      .where("file_id", "=", fileId)
      .executeTakeFirst();
    await this.db.deleteFrom("trace_bad_lines").where("file_id", "=", fileId).execute();
    return { events: Number(events.numDeletedRows), alerts: Number(alerts.numDeletedRows) };
  }

  /** The file is read again from its start, as `format`. */
  async restart(fileId: number, format: string): Promise<void> {
    await this.db
      .updateTable("trace_files")
      .set({ bytes_done: 0, lines_done: 0, parser_state: null, format })
      .where("id", "=", fileId)
      .execute();
  }

  /** A file first seen short has grown: it is now known by its full-length fingerprint. */
  async refingerprint(fileId: number, head: Buffer): Promise<void> {
    const fpLen = Math.min(head.length, FINGERPRINT_BYTES);
    await this.db
      .updateTable("trace_files")
      .set({ fp_len: fpLen, fingerprint: sha256(head.subarray(0, fpLen)), fp_head: headHash(head) })
      .where("id", "=", fileId)
      .execute();
  }
}
