/**
 * The agent's own store: the site's ban list, the jtis it has applied, and a little state
 * (stream id, file fingerprints), in one SQLite file in the state directory.
 *
 * Durability is the point: `synchronous = FULL` in WAL mode makes every committed batch
 * survive a crash or power loss, and the poll loop acknowledges a SET only after the batch that
 * applied it committed. A redelivered SET is then recognised by its jti (and, failing that,
 * by the per-ban `sequence`: an older change never overwrites a newer one), so a crash between
 * commit and acknowledgement neither loses nor duplicates anything.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import type { Ban } from "../bans/index.js";

/** One verified SET's effect: its jti, and the ban change it carries (if any). */
export interface AppliedSet {
  jti: string;
  ban: Ban | null;
  sequence: number | null;
}

export interface BatchOutcome {
  /** Bans whose stored state changed. */
  changed: number;
  /** Ban changes older than what the store holds (ignored). */
  stale: number;
}

const SCHEMA = `
create table if not exists bans (
  id text primary key,
  sequence integer,
  ban text not null,
  updated_at integer not null
);
create table if not exists seen_jtis (jti text primary key, seen_at integer not null);
create index if not exists seen_jtis_seen_at on seen_jtis (seen_at);
create table if not exists meta (key text primary key, value text not null);
`;

export class AgentStore {
  private readonly db: BetterSqlite3.Database;

  /** Opens (creating) `<stateDir>/agent.sqlite`; the directory is made 0700. */
  constructor(stateDir: string) {
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    this.db = new BetterSqlite3(join(stateDir, "agent.sqlite"));
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = FULL");
    this.db.pragma("busy_timeout = 5000");
    this.db.exec(SCHEMA);
  }

  isSeen(jti: string): boolean {
    return this.db.prepare("select 1 from seen_jtis where jti = ?").get(jti) !== undefined;
  }

  /**
   * Applies verified SETs in one transaction: each jti is recorded, and each ban replaces the
   * stored one unless the stored one has a higher sequence. Idempotent per jti and per ban.
   */
  applyBatch(sets: readonly AppliedSet[], nowMs: number): BatchOutcome {
    const out: BatchOutcome = { changed: 0, stale: 0 };
    const seen = this.db.prepare("insert or ignore into seen_jtis (jti, seen_at) values (?, ?)");
    const current = this.db.prepare<[string], { sequence: number | null; ban: string }>(
      "select sequence, ban from bans where id = ?",
    );
    const upsert = this.db.prepare(
      `insert into bans (id, sequence, ban, updated_at) values (?, ?, ?, ?)
       on conflict (id) do update set sequence = excluded.sequence, ban = excluded.ban,
       updated_at = excluded.updated_at`,
    );
    this.db.transaction(() => {
      for (const s of sets) {
        if (seen.run(s.jti, nowMs).changes === 0 || s.ban === null) continue;
        const row = current.get(s.ban.id);
        if (row !== undefined && row.sequence !== null && s.sequence !== null) {
          if (s.sequence < row.sequence) {
            out.stale++;
            continue;
          }
        }
        const text = JSON.stringify(s.ban);
        if (row?.ban === text) continue;
        upsert.run(s.ban.id, s.sequence, text, nowMs);
        out.changed++;
      }
    })();
    return out;
  }

  /** Every stored ban, lifted ones included (renderers leave those out). */
  bans(): Ban[] {
    return this.db
      .prepare<[], { ban: string }>("select ban from bans order by id")
      .all()
      .map((r) => JSON.parse(r.ban) as Ban);
  }

  /** Forgets jtis recorded before `beforeMs` (older SETs fail the iat window anyway). */
  pruneSeen(beforeMs: number): number {
    return this.db.prepare("delete from seen_jtis where seen_at < ?").run(beforeMs).changes;
  }

  getMeta(key: string): string | undefined {
    return this.db
      .prepare<[string], { value: string }>("select value from meta where key = ?")
      .get(key)?.value;
  }

  setMeta(key: string, value: string): void {
    this.db
      .prepare(
        "insert into meta (key, value) values (?, ?) on conflict (key) do update set value = excluded.value",
      )
      .run(key, value);
  }

  close(): void {
    this.db.close();
  }
}
