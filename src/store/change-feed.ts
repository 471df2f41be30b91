/**
 * Tells other server instances on the same store that something changed, so in-memory state
 * (the ban index) follows writes made elsewhere within a second.
 *
 * PostgreSQL: `pg_notify` inside the writing transaction (PostgreSQL delivers it only on commit,
 * so a rolled-back write announces nothing) and one dedicated LISTEN connection per subscriber.
 * The channel carries the schema name (the given one, else the connection's current schema),
 * because tests and tenants share one database. A lost listen connection is re-established with
 * backoff, and the subscriber is asked to resync in full, since notifications sent meanwhile
 * are gone.
 *
 * SQLite: one server per file, so there is nobody to notify; but a CLI working on the same file
 * while a server runs is another connection, and `PRAGMA data_version` (which changes when
 * another connection commits) is polled to ask for a resync.
 */
import pg from "pg";
import { sql } from "kysely";
import type { Executor } from "./database.js";

export interface ChangeHandlers {
  /** One change, with the payload the writer gave (e.g. a ban id). */
  change(payload: string): void;
  /** Changes may have been missed: reload everything. */
  resync(): void;
}

export interface ChangeFeed {
  /** Announces a change from inside the writing transaction; delivered only if it commits. */
  notify(exec: Executor, topic: string, payload: string): Promise<void>;
  /** Listens to a topic until the returned stop function is called. */
  subscribe(topic: string, handlers: ChangeHandlers): Promise<() => Promise<void>>;
}

/** How often the listening connection proves it is alive, and how long it may take to. */
const HEARTBEAT_MS = 30_000;
const HEARTBEAT_TIMEOUT_MS = 10_000;

/** Longest payload pg_notify accepts is 8000 bytes; ours are ids. */
const MAX_PAYLOAD = 1000;

/**
 * The channel of a topic in a schema: letters, digits and "_" only (it is quoted in LISTEN and
 * passed as text to pg_notify, which must agree), within PostgreSQL's 63-byte identifiers.
 */
export function channel(schema: string, topic: string): string {
  return `ttt_${schema.slice(0, 40)}_${topic}`.replace(/[^A-Za-z0-9_]/g, "_");
}

export function postgresFeed(url: string, schema: string): ChangeFeed {
  return {
    async notify(exec, topic, payload) {
      if (payload.length > MAX_PAYLOAD) throw new Error("change payload too long");
      await sql`select pg_notify(${channel(schema, topic)}, ${payload})`.execute(exec);
    },
    async subscribe(topic, handlers) {
      const name = channel(schema, topic);
      let client: pg.Client | undefined;
      let stopped = false;
      let retry: NodeJS.Timeout | undefined;
      let delay = 100;
      let heartbeat: NodeJS.Timeout | undefined;
      const connect = async (): Promise<void> => {
        // keepAlive and a heartbeat: a connection a firewall dropped silently raises no event,
        // and without them this instance would enforce an old ban list for good.
        const c = new pg.Client({
          connectionString: url,
          keepAlive: true,
          application_name: `ttt-listen:${name}`.slice(0, 63),
        });
        c.on("notification", (msg) => {
          if (msg.channel === name && msg.payload !== undefined) handlers.change(msg.payload);
        });
        c.on("error", () => reconnect(c));
        c.on("end", () => reconnect(c));
        try {
          await c.connect();
          await c.query(`listen "${name}"`);
        } catch (err) {
          await c.end().catch(() => undefined);
          throw err;
        }
        client = c;
        delay = 100;
        if (heartbeat === undefined) {
          heartbeat = setInterval(() => {
            const current = client;
            if (current === undefined) return;
            const timeout = setTimeout(() => reconnect(current), HEARTBEAT_TIMEOUT_MS);
            current.query("select 1").then(
              () => clearTimeout(timeout),
              () => {
                clearTimeout(timeout);
                reconnect(current);
              },
            );
          }, HEARTBEAT_MS);
          heartbeat.unref();
        }
      };
      const reconnect = (dead: pg.Client): void => {
        if (stopped || client !== dead || retry !== undefined) return;
        client = undefined;
        void dead.end().catch(() => undefined);
        const attempt = (): void => {
          retry = undefined;
          if (stopped) return;
          connect().then(
            () => handlers.resync(),
            () => {
              delay = Math.min(delay * 2, 10_000);
              retry = setTimeout(attempt, delay);
            },
          );
        };
        retry = setTimeout(attempt, delay);
      };
      await connect();
      return async () => {
        stopped = true;
        if (retry !== undefined) clearTimeout(retry);
        if (heartbeat !== undefined) clearInterval(heartbeat);
        await client?.end().catch(() => undefined);
      };
    },
  };
}

export function sqliteFeed(exec: Executor, pollMs = 500): ChangeFeed {
  const version = async (): Promise<number> => {
    const r = await sql<{ data_version: number }>`pragma data_version`.execute(exec);
    return Number(r.rows[0]?.data_version ?? 0);
  };
  return {
    async notify() {
      // In-process state is updated by the writer itself; other processes poll data_version.
    },
    async subscribe(_topic, handlers) {
      let last = await version();
      let busy = false;
      const timer = setInterval(() => {
        if (busy) return;
        busy = true;
        version()
          .then((v) => {
            if (v !== last) {
              last = v;
              handlers.resync();
            }
          })
          .catch(() => undefined)
          .finally(() => (busy = false));
      }, pollMs);
      timer.unref();
      return () => {
        clearInterval(timer);
        return Promise.resolve();
      };
    },
  };
}
